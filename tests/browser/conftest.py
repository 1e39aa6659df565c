"""Browser tests: Envoy served by pytest-django's live server and driven in real Chromium.

Playwright for Python drives Debian's Chromium (``/usr/bin/chromium``, given as
``executable_path``): Playwright's own browser download is never used (no ``playwright
install``). bin/test installs the chromium package before it runs the tests.

Screenshots go to ``test-artifacts/screenshots/`` at the repository root (git-ignored),
one PNG a step, replaced on each run, and downloads kept by a test to ``test-artifacts/``;
their paths are listed at the end of the pytest run.
"""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
# Long enough for a PDF export (the print page's preview and the download each make one).
TIMEOUT_MS = 30_000
# How long expect(…) waits for what an htmx request changes in the page (5 s by default).
EXPECT_TIMEOUT_MS = 15_000

# The window a test's page has: a desktop one, or a phone's (a test marked
# ``@pytest.mark.phone``): 390 × 844 CSS pixels, as an iPhone 12–14, drawn at three device
# pixels a CSS pixel, with touch and the phone's layout viewport (the page's <meta
# name="viewport"> is obeyed).
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}

# Chromium's own console message for a CSP violation ("Refused to load …", "Applying inline
# style violates …") names neither the element nor the directive's sample: this listener,
# added by Playwright before any of the page's scripts (it is not subject to the page's CSP),
# logs them. It only listens: it changes nothing in the page.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = event.target && event.target.outerHTML
    ? event.target.outerHTML.slice(0, 200) : String(event.target);
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI}`
    + ` at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`
    + ` sample ${JSON.stringify(event.sample)} on ${where}`);
});
"""


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time (a thread per connection still, so
    the browser's kept-alive connections do not wait on each other). On SQLite the tests'
    in-memory database is one connection that Django shares with the server's threads: a
    page and its thumbnails answered at once used it together ("bad parameter or other API
    misuse")."""

    lock = threading.Lock()

    def get_app(self):
        app = super().get_app()

        def one_at_a_time(environ, start_response):
            with self.lock:
                return app(environ, start_response)

        return one_at_a_time


LiveServerThread.server_class = OneRequestAtATime

# The screenshots and files kept in this run, listed by pytest_terminal_summary below.
_taken: list[Path] = []
_cleared = False


@dataclass
class Browser:
    """One Chromium page, what went wrong in it, and its screenshots."""

    page: object  # playwright.sync_api.Page
    problems: list[str] = field(default_factory=list)

    def screenshot(self, name: str, locator=None, *, full_page: bool = True) -> Path:
        """A full-page PNG (or just ``locator``, or just the viewport) as
        ``test-artifacts/screenshots/NAME.png``.

        ``caret="initial"``: by default Playwright hides the text caret by setting, then
        resetting, ``caret-color`` in the style of every input, which leaves ``style=""`` on
        them; htmx then copies that attribute to the inputs it swaps in (its
        ``attributesToSettle`` includes ``style``), and the CSP refuses it. A screenshot
        must not change the page it shows."""
        path = SCREENSHOTS / f"{name}.png"
        options = {"path": path, "animations": "disabled", "caret": "initial"}
        if locator is not None:
            locator.screenshot(**options)
        else:
            # From the top, as a reader first sees the page: scrolled down, a sticky side
            # column would be drawn where the scroll left it.
            self.page.evaluate("window.scrollTo(0, 0)")
            self.page.screenshot(full_page=full_page, **options)
        return _listed(path)

    def keep(self, download, name: str) -> Path:
        """Save a download as ``test-artifacts/NAME``."""
        path = ARTIFACTS / name
        download.save_as(path)
        return _listed(path)


def _listed(path: Path) -> Path:
    if path not in _taken:
        _taken.append(path)
    return path


def _clear_old_screenshots() -> None:
    """Once a run: the folder shows this run's steps only, none left from an earlier one."""
    global _cleared
    if not _cleared:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob("*.png"):
            old.unlink()
        _cleared = True


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "phone: the test's Chromium page is a phone's (390 × 844)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so that a fixture can tell it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def chromium_page(request, live_server, transactional_db, monkeypatch) -> Iterator[Browser]:
    """A Chromium page at the live server, watched for CSP violations, script errors,
    console errors and server errors (in ``problems``; the test asserts there are none).

    Playwright's sync API runs an asyncio event loop in this (the main) thread, and Django
    refuses database access from a thread with a running loop (SynchronousOnlyOperation).
    The live server answers from threads of its own, which have no loop; only the test's own
    queries (what it reads back to check) run here, and they are plain synchronous code that
    merely shares the thread with Playwright's idle loop. So the check is switched off with
    DJANGO_ALLOW_ASYNC_UNSAFE, for this test only: monkeypatch restores the environment
    afterwards. (Those queries run on a connection of their own, see the end of this
    fixture: they see what the live server committed, which transactional_db allows.)
    Driving Playwright from a second thread would work too, but every step of the test
    would then have to be handed to that thread.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install chromium` (bin/test does so); "
            "Playwright's own browser download is not used.",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    _clear_old_screenshots()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = chromium.new_context(
            base_url=live_server.url,
            **(PHONE if request.node.get_closest_marker("phone") else DESKTOP),
            locale="zh-TW",
            timezone_id="Asia/Taipei",
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        watched = Browser(page)

        def on_console(message) -> None:
            text = message.text
            where = message.location
            if where.get("url"):
                text += f" ({where['url']}:{where.get('lineNumber')}:{where.get('columnNumber')})"
            if (
                text.startswith(("CSP violation", "Refused to"))
                or "Content Security Policy" in text
            ):
                watched.problems.append(f"CSP violation on {page.url}: {text}")
            elif message.type == "error":
                watched.problems.append(f"console error on {page.url}: {text}")

        def on_page_error(error) -> None:
            watched.problems.append(f"JavaScript error on {page.url}: {error}")

        def on_response(response) -> None:
            if response.status >= 500:
                watched.problems.append(f"HTTP {response.status} for {response.url}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("response", on_response)
        try:
            yield watched
        finally:
            call = getattr(request.node, "report_call", None)
            if call is not None and call.failed:
                try:
                    watched.screenshot("failure")
                except Exception as error:  # the page may be gone: say so, hide nothing
                    print(f"no failure screenshot: {error}")
            context.close()
            chromium.close()
            # While Playwright's loop runs, Django keeps this thread's database connections
            # apart from its usual ones (asgiref's Local gives a thread with a running loop
            # a storage of its own). Those the test opened meanwhile are closed here, with
            # the loop still running: left open, PostgreSQL would refuse to drop the test
            # database ("being accessed by other users").
            connections.close_all()


def pytest_terminal_summary(terminalreporter) -> None:
    if _taken:
        terminalreporter.section("browser test artefacts")
        for path in _taken:
            terminalreporter.write_line(str(path))
