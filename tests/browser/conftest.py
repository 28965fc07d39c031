"""Real-browser fixtures: `streamlit run` on a free local port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench.harness import CHROMIUM, CHROMIUM_FLAGS, start_streamlit, wait_until_healthy


@contextmanager
def running_app(env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` with these settings, stopped when the block ends; yields its URL."""
    process, url = start_streamlit(env)
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def click_when_settled(page: Page, target: Locator, quiet_ms: int = 500, limit_ms: int = 20_000) -> None:
    """Click `target` as a person would: once the app's run has ended and the element has stopped moving. Tables
    and maps above a button finish drawing after it shows, moving it by hundreds of pixels; a click sent before
    that lands beside it and is lost."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=limit_ms)
    target.scroll_into_view_if_needed()
    last, still, waited = None, 0, 0
    while still < quiet_ms and waited < limit_ms:
        box = target.bounding_box()
        still = still + 100 if box is not None and box == last else 0
        last, waited = box, waited + 100
        page.wait_for_timeout(100)
    target.click()


def fill_when_settled(page: Page, target: Locator, value: str, limit_ms: int = 30_000) -> None:
    """Type into a field once the app's reruns have ended: while the page reruns (a plan worked out in a worker
    reruns it until done) the old field can stand beside the new one for a moment."""
    for _ in range(limit_ms // 250):
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                               timeout=limit_ms)
        if target.count() == 1:
            try:
                target.fill(value, timeout=2_000)
                return
            except PlaywrightError:  # a rerun began between the count and the typing: look again
                pass
        page.wait_for_timeout(250)
    raise AssertionError(f"{target} never settled to one field")


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """A running app on the bundled data."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (installed by .ci/run), driven headless."""
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium chromium-driver"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture()
def app_on_copy(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A running app on a writable copy of the bundled data."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", data)
    with running_app({"ATLAS_DATA_DIR": str(data)}) as url:
        yield url, data
