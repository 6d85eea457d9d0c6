"""Fixtures for the inspector's browser tests: Debian's chromium driven by Playwright (from PyPI).

``playwright install`` downloads a browser build of its own, which CI cannot do; the tests drive the
system's ``chromium`` instead (``apt-get install chromium``; ``.ci/run`` installs it when it is missing).
Without it they are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from b24local.testing import PortalClient

CHROMIUM = os.environ.get("B24LOCAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PORTAL_DEFAULTS = {"plan": "commercial", "state": "active", "require_https": False, "limits": "off", "timezone": "UTC"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module. Not for the session: Playwright's sync API keeps an asyncio loop
    running while it is started, and clients that look for a running loop (fast_bitrix24) would then
    answer with a task instead of a result in the tests that follow in the same worker."""
    if not os.path.isfile(CHROMIUM):
        pytest.skip(f"the inspector's browser tests need chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (in the [test] extra)")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def p(portal: PortalClient) -> Iterator[PortalClient]:
    """The session portal, reset; its settings and fault rules are put back afterwards."""
    yield portal
    portal.admin("DELETE", "faults")
    portal.admin("PUT", "portal", json=PORTAL_DEFAULTS)


@pytest.fixture
def page(browser: Any, p: PortalClient) -> Iterator[Any]:
    """A fresh browser tab (JavaScript on) whose relative URLs lead to the portal's server."""
    context = browser.new_context(base_url=p.base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def page_without_js(browser: Any, p: PortalClient) -> Iterator[Any]:
    context = browser.new_context(base_url=p.base_url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
