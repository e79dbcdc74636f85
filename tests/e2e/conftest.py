"""Browser tests: pytest + Playwright driving Debian's Chromium against a live server.

Nothing downloads a browser: set CHROMIUM (default /usr/bin/chromium). Screenshots of
each step go to test-artifacts/e2e/<test name>/.
"""

import os
import re
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
