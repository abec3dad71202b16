/* Enhancements only: every page works without this file. */
(function () {
  "use strict";

  /* Text size: "Cỡ chữ: A- A A+", remembered in this browser (localStorage). */
  var SIZES = ["87.5%", "100%", "112.5%", "125%", "150%"];
  var KEY = "lk-text-size";

  function setupTextSize() {
    var control = document.querySelector("[data-text-size]");
    if (!control) return;
    var root = document.documentElement;
    var current = SIZES.indexOf(root.style.fontSize);
    if (current < 0) current = 1;
    function showState() {
      control.querySelectorAll("button").forEach(function (button) {
        var step = Number(button.dataset.step);
        button.setAttribute("aria-pressed", String(step === 0 && current === 1));
        button.disabled = (step < 0 && current === 0) || (step > 0 && current === SIZES.length - 1);
      });
    }
    function apply(index) {
      current = Math.max(0, Math.min(SIZES.length - 1, index));
      root.style.fontSize = SIZES[current];
      try { localStorage.setItem(KEY, SIZES[current]); } catch (e) { /* private mode */ }
      showState();
    }
    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-step]");
      if (!button) return;
      var step = Number(button.dataset.step);
      apply(step === 0 ? 1 : current + step);
    });
    // The size was applied before the first paint (the inline script in <head>): setting it
    // again here would make the browser restyle and lay out the whole page for nothing.
    showState();
    control.hidden = false;
  }

  /* Featured: the stage shows one featured article; previous/next buttons laid over its picture
     (and the arrow keys) show the others. It never moves by itself. The buttons take no room, so
     the page has the same shape with and without this script (see site.css). */
  function setupSlideshow(section) {
    var stage = section.querySelector(".featured__stage");
    var slides = Array.prototype.slice.call(section.querySelectorAll(".featured__slide"));
    if (!stage || slides.length < 2) return;
    var index = 0;
    var status = document.createElement("p");
    status.className = "featured__status";
    status.setAttribute("aria-live", "polite");
    var controls = document.createElement("div");
    controls.className = "featured__controls";
    function makeButton(label, text, step) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "featured__button";
      button.setAttribute("aria-label", label);
      button.textContent = text;
      button.addEventListener("click", function () { show(index + step); });
      return button;
    }
    controls.append(
      makeButton("Tin nổi bật trước", "‹", -1),
      status,
      makeButton("Tin nổi bật tiếp theo", "›", 1)
    );
    function showStatus() {
      status.textContent = "Tin " + (index + 1) + " / " + slides.length;
    }
    function show(target) {
      index = (target + slides.length) % slides.length;
      slides.forEach(function (slide, n) { slide.hidden = n !== index; });
      showStatus();
    }
    section.setAttribute("aria-roledescription", "trình chiếu");
    stage.append(controls);
    stage.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(index - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(index + 1); event.preventDefault(); }
    });
    showStatus(); // the HTML already shows the first article alone
  }

  /* "In bài viết": the browser's print dialog, which also saves as PDF. */
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  /* The phone's section menu, a <details>: Escape closes it and puts the focus back on its
     button, as on any menu button. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector(".section-menu__details[open]");
    if (!menu || !menu.contains(document.activeElement)) return; // Escape elsewhere: not ours
    if (getComputedStyle(menu.querySelector("summary")).display === "none") return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  setupTextSize();
  document.querySelectorAll(".featured").forEach(setupSlideshow);
})();
