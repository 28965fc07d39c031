"""Exports in a real browser: the HTML map works with the network off; the app's buttons download files."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, expect

from geo.dataset.query import IncidentFilter
from geo.exports.formats import export_view, load_atlas_data
from geo.exports.tables import Snapshot
from tests.browser.conftest import click_when_settled
from tests.browser.test_map_browser import drawn

DATA = Path(__file__).resolve().parents[2] / "data"


def test_exported_html_draws_the_same_incidents_offline(browser: Browser, tmp_path: Path) -> None:
    data = load_atlas_data(DATA)
    chosen = IncidentFilter(layers=("Incidents", "Attacks on health care"))
    result = export_view(data, Snapshot(chosen), "html")
    page_file = tmp_path / "map.html"
    page_file.write_bytes(result.content)
    context = browser.new_context(offline=True)
    outside: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_selector("[data-atlas-drawn]", state="attached", timeout=20_000)
    drawn = int(page.get_attribute("[data-atlas-drawn]", "data-atlas-drawn"))
    shown = int(re.search(r"(\d+) incidents shown", result.caption).group(1))
    assert drawn == shown and drawn > 0 and outside == []
    assert "incidents shown" in page.inner_text("#atlas-caption")
    context.close()


def test_app_download_buttons_give_files(browser: Browser, app_url: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page.goto(app_url)
    assert drawn(page) > 0
    page.get_by_text("Export this view").click()
    expect(page.get_by_role("button", name="Download PNG")).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=60_000) as png_download:
        click_when_settled(page, page.get_by_role("button", name="Download PNG"))
    png = png_download.value.path().read_bytes()
    assert Image.open(io.BytesIO(png)).size == (1200, 800)
    with page.expect_download(timeout=30_000) as csv_download:
        click_when_settled(page, page.get_by_role("button", name="Download CSV"))
    assert csv_download.value.path().read_text(encoding="utf-8").startswith("id,date_start,date_end")
    page.close()


def test_a_very_large_export_counts_by_cells_and_opens_records_where_few_are_in_view(browser: Browser,
                                                                                   tmp_path: Path) -> None:
    from bench.synthetic import write_synthetic_data_dir
    from geo.mapview.builder import BULK_FROM

    data = load_atlas_data(write_synthetic_data_dir(tmp_path / "data", 2 * BULK_FROM))
    result = export_view(data, Snapshot(IncidentFilter()), "html")
    csv_bytes = len(export_view(data, Snapshot(IncidentFilter()), "csv").content)
    assert len(result.content) <= csv_bytes  # lighter than the data's own CSV
    page_file = tmp_path / "map.html"
    page_file.write_bytes(result.content)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(page_file.as_uri())
    page.wait_for_selector("[data-atlas-drawn]", state="attached", timeout=30_000)
    cells = page.evaluate("() => Array.from(document.querySelectorAll('.ia-cell span')).map(e => "
                          "parseInt(e.textContent.replace(/,/g, ''), 10))")
    in_view = int(page.inner_text(".ia-in-view").split()[0].replace(",", ""))
    assert len(cells) > 5 and sum(cells) <= in_view  # counts, not a symbol per record
    page.evaluate("() => window.atlasMap.map.setView([36.2, 37.16], 15)")
    page.wait_for_function("() => document.querySelectorAll('.ia-cell').length === 0", timeout=10_000)
    symbol = page.locator(".leaflet-marker-pane .leaflet-marker-icon, path.leaflet-interactive").first
    symbol.wait_for(timeout=10_000)
    page.close()
