"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium they are skipped, saying so (`apt-get install chromium`); CI sets
LONGKHANH_STRICT_TESTS=1, which turns that skip into a failure.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail
from tests.helpers import load_demo

# Playwright's sync API runs an event loop in this thread; Django must still allow the ORM here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every part of the page in a landmark, each landmark told apart (axe's best practices).
LANDMARKS = ["region", "landmark-unique", "landmark-one-main", "landmark-no-duplicate-banner"]


def axe_report(page):
    """What axe finds on `page` against WCAG 2.1 AA and the landmark rules, as its report, or ""
    when it finds nothing. One run: a rule enabled in `rules` runs beside the tags' rules."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "rules": {rule: {"enabled": True} for rule in LANDMARKS},
        },
    )
    return results.generate_report() if results.violations_count else ""


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} not found: browser tests skipped (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings):
    """The live server with the demo content loaded, as the site's address (absolute URLs come
    from SITE_URL); returns its base URL."""
    settings.SITE_URL = live_server.url
    load_demo()
    return live_server.url


@pytest.fixture
def new_page(chromium):
    """Opens pages in fresh browser contexts (viewport, JavaScript on or off); closes them after."""
    contexts = []

    def open_page(viewport=DESKTOP, javascript=True, **options):
        context = chromium.new_context(
            viewport=viewport, java_script_enabled=javascript, locale="vi-VN", **options
        )
        contexts.append(context)
        context.set_default_timeout(10_000)  # fail fast instead of hanging
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        # A console error names its address: Playwright reports no response for some requests
        # (the browser's own /favicon.ico), so that address is the only trace of which one failed.
        page.on(
            "console",
            lambda m: (
                page.errors.append(f"{m.text} ({m.location.get('url', '')})")
                if m.type == "error"
                else None
            ),
        )
        # Which address answered an error, for the message when a test finds one.
        page.on(
            "response",
            lambda r: (
                page.errors.append(f"{r.status} {r.request.method} {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
