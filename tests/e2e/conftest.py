"""Browser tests: pytest + Playwright driving Debian's Chromium against a live server.

Nothing downloads a browser: set CHROMIUM (default /usr/bin/chromium). Screenshots of
each step go to test-artifacts/e2e/<test name>/.
"""

import os
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Browser tests keep the SQLite test database in a file, not in memory, so that the
    ASGI server's threads (``asgi_live_server``) open their own connections to it, as
    they would to PostgreSQL."""
    from django.db import connections

    for alias in connections:
        db = connections[alias].settings_dict
        if db["ENGINE"] == "django.db.backends.sqlite3":
            name = Path(settings.BASE_DIR) / "test-artifacts" / f"e2e-{alias}.sqlite3"
            name.parent.mkdir(parents=True, exist_ok=True)
            db.setdefault("TEST", {})["NAME"] = str(name)


class AsgiLiveServer:
    """Daphne serving ``cms.asgi.application`` (HTTP and WebSocket) in a thread of this
    process, against the test database: the production ASGI stack, so a browser test can
    watch a page update over a real WebSocket. Twisted's reactor runs once per process,
    so there is one server per test session."""

    def __init__(self):
        from daphne.server import Server  # installs the asyncio reactor first

        from cms.asgi import application

        self.ready = threading.Event()
        self.server = Server(
            application=application,
            endpoints=["tcp:port=0:interface=127.0.0.1"],
            signal_handlers=False,
            ready_callable=self.ready.set,
            verbosity=0,
        )
        self.thread = threading.Thread(target=self.server.run, name="daphne", daemon=True)

    def start(self) -> "AsgiLiveServer":
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("Daphne did not start")
        for _ in range(100):
            if self.server.listening_addresses:
                break
            threading.Event().wait(0.05)
        host, port = self.server.listening_addresses[0]
        self.url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        from twisted.internet import reactor

        reactor.callFromThread(self.server.stop)
        self.thread.join(5)


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, django_db_blocker):
    """Like ``live_server`` but through Daphne, so WebSockets work. Use with
    ``django_db(transaction=True, serialized_rollback=True)``: the server's threads see
    only committed data."""
    if connections_in_memory():
        pytest.fail("asgi_live_server needs a file or server database, not in-memory SQLite")
    with django_db_blocker.unblock():
        server = AsgiLiveServer().start()
    yield server
    server.stop()


def connections_in_memory() -> bool:
    from django.db import connections

    return any(
        connections[alias].vendor == "sqlite" and connections[alias].is_in_memory_db()
        for alias in connections
    )


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the session (its sync API allows only one at a time)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; run `make browser` (apt-get install chromium)"
        )
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Shots:
    def __init__(self, page, name: str):
        self.page = page
        self.folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context; records every request so tests can prove no page talks
    to another origin."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.shots = Shots(page, request.node.name)
    yield page
    context.close()


def foreign_requests(page, live_server) -> list[str]:
    return [
        url
        for url in page.requests
        if not url.startswith(live_server.url) and not url.startswith(("data:", "blob:"))
    ]
