"""The map read as a person reads it, with a real dataset imported: few symbols, names, land and sea apart."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import click_when_settled, running_app
from tests.browser.test_map_browser import in_view, map_frame
from tests.conftest import DATASETS

PROJECT = Path(__file__).resolve().parents[2]
HEALTH_FILE = DATASETS / "insecurity_insight_attacks_on_health_care_2016-2023_SYR.csv"
SEA = (0xDF, 0xE8, 0xEE)
THE_MAP = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getZoom)]"


@pytest.fixture(scope="module")
def app_with_health_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app on a copy of the bundled data with the Insecurity Insight file imported."""
    if not HEALTH_FILE.is_file():
        pytest.skip("the real datasets live in ../shared/datasets")
    data = tmp_path_factory.mktemp("real") / "data"
    shutil.copytree(PROJECT / "data", data)
    subprocess.run([sys.executable, "-m", "geo", "--data", str(data), "import", str(HEALTH_FILE)], check=True,
                   cwd=PROJECT, capture_output=True)
    with running_app({"ATLAS_DATA_DIR": str(data)}) as url:
        yield url, data


def test_the_country_view_draws_few_symbols_and_no_area_per_record(browser: Browser,
                                                                   app_with_health_data: tuple[str, Path]) -> None:
    url, _ = app_with_health_data
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(url)
    frame = map_frame(page)
    symbols = frame.locator(".leaflet-marker-pane .leaflet-marker-icon").count() \
        + frame.locator(".leaflet-overlay-pane path.leaflet-interactive").count()
    assert 0 < symbols <= 150
    assert frame.locator(".ia-zone").count() > 0
    per_record = frame.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))
        .filter(p => p.getAttribute('stroke-dasharray') === '1 6').length""")
    assert per_record == 0
    page.close()


def test_the_basemap_names_aleppo_and_lebanon_is_land(browser: Browser, app_with_health_data: tuple[str, Path]) -> None:
    url, _ = app_with_health_data
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(url)
    frame = map_frame(page)
    expect(frame.locator(".ia-label-city", has_text="Aleppo")).to_be_visible(timeout=10_000)
    expect(frame.locator(".ia-label-country", has_text="Lebanon")).to_be_visible()
    frame.evaluate(f"() => {THE_MAP}.setView([36.2, 37.16], 10)")
    page.wait_for_timeout(3000)
    frame = map_frame(page)
    expect(frame.locator(".ia-label-city", has_text="Aleppo")).to_be_visible()
    frame.evaluate(f"() => {THE_MAP}.setView([34.2, 35.95], 9)")
    page.wait_for_timeout(3000)
    frame = map_frame(page)
    point = frame.evaluate(f"() => {THE_MAP}.latLngToContainerPoint([34.1, 35.95])")
    picture = Image.open(io.BytesIO(frame.locator("#map_div").screenshot())).convert("RGB")
    colour = picture.getpixel((int(point["x"]), int(point["y"])))
    assert max(abs(a - b) for a, b in zip(colour, SEA, strict=True)) > 12, f"Lebanon drawn as sea: {colour}"
    page.close()


def test_after_an_import_the_map_in_the_same_tab_shows_the_new_total(browser: Browser,
                                                                     app_on_copy: tuple[str, Path],
                                                                     tmp_path: Path) -> None:
    from geo.dataset.load import load_incidents

    url, data = app_on_copy
    before = len(load_incidents(data))
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(url)
    expect(page.get_by_text(f"{before:,} incidents match the filters")).to_be_visible(timeout=30_000)
    upload = tmp_path / "two.csv"
    upload.write_text("date,place,type,description\n2019-05-02,Saraqib,airstrike,first strike\n"
                      "2019-05-03,Ariha,shelling,second strike\n", encoding="utf-8")
    page.get_by_role("link", name="Import").click()
    page.locator("input[type=file]").first.set_input_files(str(upload))
    save = page.get_by_role("button", name="Save 2 incidents")
    expect(save).to_be_visible(timeout=30_000)
    click_when_settled(page, save)
    expect(page.get_by_text("Saved 2 incidents")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="Map").click()
    expect(page.get_by_text(f"{before + 2:,} incidents match the filters")).to_be_visible(timeout=30_000)
    page.close()


def test_health_care_attacks_stay_visible_inside_clusters(browser: Browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(app_url)
    frame = map_frame(page)
    badge = frame.locator(".marker-cluster .ia-cluster-health").first
    expect(badge).to_be_visible(timeout=10_000)
    cluster = badge.locator("xpath=..")
    total, health = int(cluster.locator("span").first.inner_text()), int(badge.inner_text().lstrip("+"))
    assert 0 < health <= total
    drawn = int(frame.locator("#map_div").get_attribute("data-atlas-drawn"))
    assert drawn >= total
    page.close()


def _map_in_view(page) -> int:
    """The count the map itself shows in its corner (what it has drawn in view)."""
    frame = map_frame(page)
    count = frame.locator(".ia-in-view")
    expect(count).to_have_text(re.compile(r"^[\d,]+ incidents? in view$"), timeout=10_000)
    assert int(frame.locator("#map_div").get_attribute("data-atlas-in-view")) == int(
        re.sub(r"\D", "", count.inner_text()))
    return int(frame.locator("#map_div").get_attribute("data-atlas-in-view"))


@pytest.mark.parametrize(("centre", "zoom"), [((35.0, 38.5), 7), ((36.2, 37.16), 9), ((36.0, 36.6), 11)])
def test_the_map_and_the_in_view_table_count_the_same_incidents(browser: Browser,
                                                               app_with_health_data: tuple[str, Path],
                                                               centre: tuple[float, float], zoom: int) -> None:
    url, _ = app_with_health_data
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(url)
    map_frame(page).evaluate(f"() => {THE_MAP}.setView([{centre[0]}, {centre[1]}], {zoom})")
    for _ in range(60):
        page.wait_for_timeout(500)
        try:
            on_map, table = _map_in_view(page), in_view(page)
        except (AssertionError, PlaywrightError):
            continue
        if on_map == table and zoom == int(map_frame(page).evaluate(f"() => {THE_MAP}.getZoom()")):
            break
    assert on_map == table > 0, f"map {on_map} vs table {table} at zoom {zoom}"
    page.close()
