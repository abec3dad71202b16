/* While an article form is open, ask the server every 5 minutes, so that the editor's session
   (renewed by every request, 8 hours) does not end while they write: a save after a long writing
   session must not land on the login page and lose the text. */
(function () {
  "use strict";
  var url = "/admin/jsi18n/";
  setInterval(function () {
    fetch(url, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
  }, 5 * 60 * 1000);
})();
