"""A map a person can read, measured in Chromium: place names above every data symbol, no two area fills on one
pixel, a legend that folds and never takes more than a tenth of the map, and a map as tall as the window allows."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from bench.harness import ARTIFACTS
from tests.browser.test_map_browser import map_frame

FILLED_AREAS = """() => Array.from(document.querySelectorAll('path.ia-area'))
  .filter(p => parseFloat(p.getAttribute('fill-opacity') || '0') > 0)
  .map(p => { const b = p.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })"""


BOXES = """sel => Array.from(document.querySelectorAll(sel)).map(e => e.getBoundingClientRect())
  .filter(b => b.width > 0 && b.height > 0).map(b => [b.left, b.top, b.right, b.bottom])"""


def _meet(a: list[float], b: list[float]) -> bool:
    """Whether two boxes share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _overlapping(boxes: list[list[float]]) -> int:
    """How many pairs of boxes share some area."""
    return sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_names_lie_above_the_symbols_and_the_legend_folds_on_a_narrow_screen(browser: Browser, app_url: str) -> None:
    wide = browser.new_page(viewport={"width": 1400, "height": 900})
    wide.goto(app_url)
    frame = map_frame(wide)
    panes = frame.evaluate("() => [getComputedStyle(document.querySelector('.leaflet-atlasLabels-pane')).zIndex,"
                           " getComputedStyle(document.querySelector('.leaflet-marker-pane')).zIndex]")
    assert int(panes[0]) > int(panes[1]), panes
    legend = frame.evaluate("() => { const l = document.querySelector('.ia-legend').getBoundingClientRect();"
                            " const m = document.querySelector('#map_div').getBoundingClientRect();"
                            " return [l.width * l.height, m.width * m.height,"
                            " document.querySelector('.ia-legend details').open]; }")
    assert legend[2] is True and legend[0] <= 0.10 * legend[1], legend
    height = wide.evaluate("() => document.querySelector(\"iframe[title='streamlit_folium.st_folium']\")"
                           ".getBoundingClientRect().height")
    assert height >= 0.70 * 900
    assert _overlapping(frame.evaluate(FILLED_AREAS)) == 0
    frame.wait_for_selector("#map_div[data-symbols-moved]", state="attached")
    names = frame.evaluate(BOXES, ".ia-label-city, .ia-label-town, .ia-label-country")
    symbols = frame.evaluate(BOXES, ".leaflet-marker-pane .leaflet-marker-icon")
    assert names and symbols
    assert [n for n in names if any(_meet(n, s) for s in symbols)] == []  # no symbol on a name
    wide.screenshot(path=str(ARTIFACTS / "readable-map-wide.png"))
    wide.close()
    narrow = browser.new_page(viewport={"width": 1000, "height": 800})
    narrow.goto(app_url)
    folded = map_frame(narrow).evaluate("() => document.querySelector('.ia-legend details').open")
    assert folded is False
    narrow.close()


def test_an_exported_map_has_its_legend_beside_it_not_on_it(browser: Browser, tmp_path) -> None:
    from geo import config
    from geo.dataset.query import IncidentFilter
    from geo.exports.formats import export_folder_view
    from geo.exports.tables import Snapshot

    html = export_folder_view(str(config.DEFAULT_DATA_DIR), Snapshot(IncidentFilter()), "html")
    path = tmp_path / "view.html"
    path.write_bytes(html)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_selector(".ia-legend-beside")
    boxes = page.evaluate("() => ['.ia-legend-beside', '.folium-map'].map(s => document.querySelector(s))"
                          ".map(e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom];"
                          " })")
    assert _overlapping(boxes) == 0 and boxes[0][0] >= boxes[1][2] - 1, boxes
    assert "Colours:" in page.inner_text(".ia-legend-beside")
    page.close()


def test_a_click_on_a_cluster_lists_its_records_and_a_line_opens_one(browser: Browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(app_url)
    frame = map_frame(page)
    cluster = frame.locator(".marker-cluster").first
    count = int(cluster.locator("span").first.inner_text())
    cluster.click()
    listing = frame.locator(".ia-cluster-list")
    listing.wait_for(timeout=10_000)
    assert f"{count} incidents here" in listing.inner_text()
    lines = listing.locator(".ia-cluster-line")
    assert lines.count() == count and lines.first.locator("code").inner_text().startswith("ia-")
    lines.first.click()
    record = frame.locator(".ia-popup", has_text="When:")
    record.wait_for(timeout=10_000)
    shown = record.locator("code").first.inner_text()
    link = record.locator("a.ia-open")
    assert link.get_attribute("href").endswith(f"/incidents?incident={shown}")
    with page.context.expect_page() as opened:
        link.click()
    expect(opened.value.get_by_text(shown).first).to_be_visible(timeout=30_000)  # the Incidents page opens on it
    opened.value.close()
    page.close()


def test_on_a_phone_the_legend_is_folded_and_the_map_fills_most_of_the_window(browser: Browser,
                                                                            app_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(app_url)
    frame = map_frame(page)
    assert frame.evaluate("() => document.querySelector('.ia-legend details').open") is False
    assert page.locator("[data-testid='stSidebar'][data-collapsed='true']").count() == 1  # the filters fold away
    height = page.evaluate("() => document.querySelector(\"iframe[title='streamlit_folium.st_folium']\")"
                           ".getBoundingClientRect().height")
    assert height >= 0.70 * 844 - 1
    page.screenshot(path=str(ARTIFACTS / "readable-map-phone.png"))
    page.close()
