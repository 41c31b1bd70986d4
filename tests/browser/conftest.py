"""Browser tests in real headless Chromium (Debian's ``chromium``), driven by
Playwright against pytest-django's live server.

``.ci/run`` installs Chromium; where it is missing, these tests are skipped
with the reason, never silently passed.
"""

import contextlib
import os
import re
import shutil
import time

import pytest

from .german import screenshot

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

#: Every host but the live server's.
OUTSIDE = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path():
    for candidate in [os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES]:
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, not per session: while Playwright's sync
    API is open, its event loop counts as running in this thread, and any later
    test in the same worker that runs a loop of its own (the push transports)
    would fail with "cannot be called from a running event loop"."""
    path = chromium_path()
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the browser tests")
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(
        locale="de-DE", viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(20_000)
    pending = set()
    context.on("request", lambda request: pending.add(request))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    # Tests never touch the network: map tiles and any other outside host are
    # refused (the admin works without them).
    context.route(OUTSIDE, lambda route: route.abort())
    page = context.new_page()
    yield page
    # The last screen of every browser test, for CI's artefacts.
    if page.url.startswith("http"):
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[1])
        screenshot(page, f"{request.module.__name__.rsplit('.', 1)[-1]}--{name}")
    # On SQLite the live server shares the test's in-memory database: a
    # request still running when the test's data is flushed locks its tables
    # ("database table is locked"). Let every request finish, stop the
    # admin's timers (autosave, editing-session pings) by leaving the page,
    # and let what leaving sent finish too.
    settle(page, pending)
    # The admin releases its editing session with a beacon as the page
    # unloads. Playwright does not report that request, so settling cannot
    # wait for it, and it could still be running while the data is flushed.
    # No test here is about editing sessions: leave without the beacon.
    gone = pytest.importorskip("playwright.sync_api").Error
    with contextlib.suppress(gone):  # a page that is gone sends no beacon
        page.evaluate("Navigator.prototype.sendBeacon = () => true")
    page.goto("about:blank")
    settle(page, pending)
    context.close()


def settle(page, pending, timeout=10.0):
    """Wait until the browser has no request in flight (at most ``timeout``)."""
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        page.wait_for_timeout(50)


@pytest.fixture
def login(page, live_server):
    def login_as(username, password="password"):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    return login_as
