"""The map draws what it is given, however awkward, and counts it honestly: 10,000 records at one point, a place
whose name is 300 characters long and a place named only in Arabic (issue: a map a person can read)."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bench.harness import ARTIFACTS
from geo import schema
from tests.browser.conftest import running_app
from tests.browser.test_map_browser import map_frame

PROJECT = Path(__file__).resolve().parents[2]
AT_ONE_POINT = 10_000


def _place(place_id: str, name: str, lon: float, lat: float) -> dict:
    """A town of our own making, at a point in Idlib governorate."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {schema.ID: place_id, schema.NAME: name, schema.NAME_AR: "", schema.ALT_NAMES: [],
                           schema.KIND: "town", schema.ADMIN1: "Idlib", schema.COUNTRY_CODE: "SY",
                           schema.GAZETTEER_ID: "", schema.GEO_PRECISION: "settlement", schema.MENTIONS: []}}


@pytest.fixture(scope="module")
def awkward(tmp_path_factory) -> Iterator[tuple[str, int]]:
    """The app on the bundled data with the awkward records added; its URL and how many records it holds."""
    data = tmp_path_factory.mktemp("awkward") / "data"
    shutil.copytree(PROJECT / "data", data)
    places = json.loads((data / "places.geojson").read_text(encoding="utf-8"))
    places["features"] += [_place("sy-long", "Kafr " + "a" * 295, 36.5, 35.7),
                           _place("sy-arabic", "كفر الشمالي", 36.6, 35.5)]
    (data / "places.geojson").write_text(json.dumps(places, ensure_ascii=False), encoding="utf-8")
    with (data / "incidents.csv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    model = next(row for row in rows if row[schema.ID] == "ia-0007")
    added = [{**model, schema.ID: f"aw-{n}", schema.DATE_START: "2012-01-01", schema.DATE_END: "2012-01-01",
              schema.DATE_PRECISION: "day"} for n in range(AT_ONE_POINT)]
    added += [{**model, schema.ID: f"aw-{place}", schema.PLACE_ID: place, schema.PLACE_TEXT: ""}
              for place in ("sy-long", "sy-arabic")]
    with (data / "incidents.csv").open("w", encoding="utf-8", newline="") as table:
        writer = csv.DictWriter(table, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows + added)
    with running_app({"ATLAS_DATA_DIR": str(data)}) as url:
        yield url, len(rows) + len(added)


def test_ten_thousand_records_at_one_point_and_odd_names_are_drawn_and_counted(browser: Browser,
                                                                              awkward: tuple[str, int]) -> None:
    url, held = awkward
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/?lat=35.8&lon=36.7&z=9")
    frame = map_frame(page)
    assert page.get_by_test_id("stException").count() == 0
    in_view = int(frame.inner_text(".ia-in-view").split()[0].replace(",", ""))
    assert AT_ONE_POINT + 2 <= in_view <= held
    counts = frame.evaluate("() => Array.from(document.querySelectorAll('.marker-cluster span, .ia-cell span'))"
                            ".map(e => e.textContent)")
    assert "10k" in counts  # one symbol counts the records at one point ('10k'); none is lost
    page.screenshot(path=str(ARTIFACTS / "awkward-map.png"))
    page.close()
