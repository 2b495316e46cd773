"""Real-browser tests: Playwright driving the machine's Chromium against a live server.

Chromium comes from the system (Debian: ``apt-get install chromium``); Playwright never downloads
a browser here. Without Chromium these tests skip with one line saying how to enable them.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    # pytest calls this hook with every collected item of the session, not only this folder's:
    # mark (and skip) only the tests that live here, or `-m "not browser"` deselects everything.
    ours = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Chromium not found: install it (apt-get install -y chromium) to run browser tests")
    for item in ours:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    # Transactional tests empty the tables after each test; the reference data the pages need is
    # put back before the next one starts (conftest.py, _reference_data_present).
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    _counted(live_server)
    yield page
    context.close()
    _requests_finished(live_server)


class _InFlight:
    """The live server's application, counting the requests it is answering: a test ends (and its
    database is put back) only once the last request its browser sent has been answered. The server
    answers in threads of its own on the test's own connection (SQLite in memory); a request still
    being answered there while the database is copied back breaks the copy and leaves that test's rows
    for the next test."""

    def __init__(self, app):
        self.app = app
        self.busy = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.busy += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.done()
            raise
        return _Answer(result, self.done)

    def done(self):
        with self.changed:
            self.busy -= 1
            self.changed.notify_all()

    def wait(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.busy == 0, timeout)


class _Answer:
    """A response's body as the server sends it, which says when it is sent (the server closes it)."""

    def __init__(self, result, done):
        self.result, self.done = result, done

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.done()


def _counted(live_server) -> _InFlight:
    server = live_server.thread.httpd
    app = server.get_app()
    if not isinstance(app, _InFlight):
        app = _InFlight(app)
        server.set_app(app)
    return app


def _requests_finished(live_server) -> None:
    if not _counted(live_server).wait(timeout=30):
        raise RuntimeError("the live server was still answering a request 30 s after the test ended")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, a full-page screenshot of every page it has open (in ``ARTIFACTS``),
    taken before its contexts close: the tests take none while they pass."""
    report = yield
    browser = item.funcargs.get("browser") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and browser is not None:
        from tests.browser.pages import ARTIFACTS

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shots = [page for context in browser.contexts for page in context.pages]
        for number, page in enumerate(shots, start=1):
            path = ARTIFACTS / f"{item.name}-{number}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # noqa: BLE001 - a page that cannot be shot must not hide the failure
                report.sections.append(("screenshot", f"{path}: {error}"))
            else:
                report.sections.append(("screenshot", str(path)))
    return report
