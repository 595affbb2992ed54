"""Browser journeys: the app served on a free localhost port, driven by the system Chromium."""

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Browser journeys run last: they are the slowest and need everything else to hold."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


class RequestsInFlight:
    """The live server's app, counting the requests it is still answering: a page closed at the
    end of a test may have left some (what sign-in keeps for offline work), and the next test
    must not write while they hold SQLite's lock."""

    def __init__(self, app) -> None:
        self.app = app
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.count += 1
        try:
            return list(self.app(environ, start_response))
        finally:
            with self.lock:
                self.count -= 1

    def wait_until_idle(self, seconds: float = 10) -> None:
        """Return once no request is being answered (or after `seconds`)."""
        deadline = time.monotonic() + seconds
        while self.count and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture(scope="session")
def served(app) -> RequestsInFlight:
    return RequestsInFlight(app)


@pytest.fixture(scope="session")
def live_server(served) -> Iterator[str]:
    """The test app served by a real HTTP server in a thread."""
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """The system Chromium (never a downloaded one), headless, no background networking."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs it with apt")
        pytest.skip("no system Chromium here (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server, served, request):
    """`open_page(width, height, javascript=True)`: a fresh browser page; on failure, a
    screenshot and the HTML go to test-artifacts/."""
    pages = []

    def open_(width: int = 1280, height: int = 900, javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            base_url=live_server,
            java_script_enabled=javascript,
            locale="fr-FR",
        )
        page = context.new_page()
        pages.append(page)
        return page

    yield open_
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, page in enumerate(pages):
            stem = ARTIFACTS / f"{request.node.name}-{number}"
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
    for page in pages:
        page.context.close()
    served.wait_until_idle()
