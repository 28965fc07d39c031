"""A local PMTiles basemap, served by the app itself and drawn in the browser with nothing fetched elsewhere."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import Browser

from geo import config
from tests.browser.conftest import running_app
from tests.browser.test_map_browser import LOCAL_HOSTS, map_frame
from tests.browser.test_real_data_browser import SEA, THE_MAP
from tests.pmtiles_archive import write_archive


@pytest.fixture(scope="module")
def app_with_vector_basemap() -> Iterator[str]:
    """The app with a tiny archive in static/ set as its basemap (the file is removed afterwards)."""
    archive = write_archive(config.STATIC_DIR / f"test-basemap-{os.getpid()}.pmtiles")
    try:
        with running_app({config.VECTOR_BASEMAP_ENV: archive.name}) as url:
            yield url
    finally:
        archive.unlink()


def _pixel(frame, picture: Image.Image, lat: float, lon: float) -> tuple[int, int, int]:
    """The colour the map draws at a latitude/longitude."""
    point = frame.evaluate(f"() => {THE_MAP}.latLngToContainerPoint([{lat}, {lon}])")
    return picture.getpixel((int(point["x"]), int(point["y"])))


def test_the_archive_is_read_by_ranges_from_the_app_and_drawn(browser: Browser, app_with_vector_basemap: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    archive_requests, hosts = [], set()
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    context.on("response", lambda response: archive_requests.append(
        (response.status, response.request.headers.get("range"))) if ".pmtiles" in response.url else None)
    page = context.new_page()
    page.goto(app_with_vector_basemap)
    frame = map_frame(page)
    frame.wait_for_selector(".leaflet-tile-pane canvas", state="attached", timeout=20_000)
    page.wait_for_timeout(2500)
    picture = Image.open(io.BytesIO(frame.locator("#map_div").screenshot())).convert("RGB")
    sea, land = _pixel(frame, picture, 34.6, 34.9), _pixel(frame, picture, 37.6, 38.3)
    assert max(abs(a - b) for a, b in zip(sea, land, strict=True)) > 20, f"land {land} and sea {sea} look alike"
    assert max(abs(a - b) for a, b in zip(sea, SEA, strict=True)) > 12, "the built-in sea shows, not the archive"
    assert archive_requests and all(status == 206 and span for status, span in archive_requests), archive_requests
    assert frame.locator(".ia-label-country").count() == 0, "the built-in names are drawn over the archive's"
    assert hosts - {""} <= LOCAL_HOSTS, f"requests went to {hosts - LOCAL_HOSTS}"
    context.close()
