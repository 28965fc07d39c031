"""A researcher places a village the gazetteer lacks by clicking the Places page's map."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from playwright.sync_api import Browser, Frame, Page, expect

from geo import config
from tests.browser.conftest import click_when_settled, running_app

PROJECT = Path(__file__).resolve().parents[2]


def placing_frame(page: Page) -> Frame:
    """The streamlit-folium iframe of the placing map, once it has drawn."""
    for _ in range(400):
        for frame in page.frames:
            if "streamlit_folium" in frame.url and frame.query_selector("#map_div[data-placing-drawn]"):
                return frame
        page.wait_for_timeout(100)
    raise AssertionError("the placing map never drew")


def test_clicking_the_map_places_an_unresolved_village(browser: Browser, tmp_path: Path) -> None:
    data, docs = tmp_path / "data", tmp_path / "docs"
    shutil.copytree(PROJECT / "data", data)
    docs.mkdir()
    (docs / "000_0c2407671149cd18.txt").write_text(
        "On 2 May 2019 shelling hit the village of Kafr Zorbatiya, west of Aleppo.", encoding="utf-8")
    with running_app({"ATLAS_DATA_DIR": str(data), "ATLAS_DOCS_DIR": str(docs)}) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1400})
        page.goto(f"{url}/places")
        frame = placing_frame(page)
        assert int(frame.locator("#map_div").get_attribute("data-placing-drawn")) > 0
        box = frame.locator("#map_div").bounding_box()
        frame.locator("#map_div").click(position={"x": box["width"] * 0.45, "y": box["height"] * 0.4})
        expect(page.get_by_text("Chosen point for Kafr Zorbatiya")).to_be_visible(timeout=20_000)
        page.screenshot(path=str(tmp_path / "placing.png"), full_page=True)
        add = page.get_by_role("button", name="Add Kafr Zorbatiya to the gazetteer")
        page.locator("[data-testid='stForm']", has=add).get_by_label("Who (your name, kept in the audit log)").fill(
            "Lina")
        click_when_settled(page, add)
        expect(page.get_by_text("is now in this data directory's gazetteer")).to_be_visible(timeout=20_000)
        added = json.loads((data / config.GAZETTEER_ADDITIONS_FILE).read_text(encoding="utf-8"))["features"]
        [place] = [f for f in added if f["properties"]["name"] == "Kafr Zorbatiya"]
        lon, lat = place["geometry"]["coordinates"]
        assert 35.5 < lon < 42.5 and 32.2 < lat < 37.4 and place["properties"]["added_by"] == "Lina"
        page.close()
