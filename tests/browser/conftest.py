"""Real-browser fixtures: `streamlit run` on a free local port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

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
