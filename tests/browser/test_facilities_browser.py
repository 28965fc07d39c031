"""Facilities as a person meets them in Chromium: a hospital struck three times has one marked symbol on the map
(its strikes written on it) and a page listing the three strikes, reached from the symbol's popup."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bench.harness import ARTIFACTS
from geo.facilities.book import folder_book
from geo.facilities.register import read_register
from tests.browser.conftest import click_when_settled, running_app
from tests.browser.test_map_browser import map_frame

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def struck_three_times(tmp_path_factory) -> Iterator[str]:
    """The app on the bundled data, al-Quds hospital linked to two more strikes (three in all)."""
    data = tmp_path_factory.mktemp("facilities") / "data"
    shutil.copytree(PROJECT / "data", data)
    book = folder_book(data, "tester")
    for incident in ("ia-0017", "ia-0020"):
        book.link(incident, "fa-al-quds-hospital", True, "a browser test's fixture")
    with running_app({"ATLAS_DATA_DIR": str(data)}) as url:
        yield url


def test_a_facility_struck_three_times_is_one_marked_symbol_and_its_page_lists_three(browser: Browser,
                                                                                   struck_three_times: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{struck_three_times}/?lat=36.2&lon=37.16&z=11")
    frame = map_frame(page)
    marked = frame.locator(".ia-facility-repeat")
    expect(marked).to_have_count(1)
    assert marked.inner_text() == "3"
    page.screenshot(path=str(ARTIFACTS / "facility-on-map.png"))
    marked.click()
    popup = frame.locator(".ia-facility-popup")
    popup.wait_for(timeout=10_000)
    assert "al-Quds hospital" in popup.inner_text() and "3 strikes in the window" in popup.inner_text()
    link = popup.locator("a")
    assert link.get_attribute("href").endswith("/facilities?facility=fa-al-quds-hospital")
    with page.context.expect_page() as opened:
        link.click()
    history = opened.value
    expect(history.get_by_role("heading", name="al-Quds hospital")).to_be_visible(timeout=30_000)
    expect(history.get_by_test_id("stMetricValue").first).to_have_text("3")
    rows = history.get_by_test_id("stDataFrame").first
    expect(rows).to_be_visible()
    history.screenshot(path=str(ARTIFACTS / "facility-page.png"), full_page=True)
    history.close()
    page.close()


def test_a_person_records_a_hospitals_condition_from_its_page_and_sees_it_listed(
        browser: Browser, app_on_copy: tuple[str, Path]) -> None:
    url, data = app_on_copy
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{url}/facilities?facility=fa-al-quds-hospital")
    page.get_by_text("Change this facility").click()
    page.get_by_role("tab", name="Condition on a date").click()
    page.get_by_label("Who (your name, kept in the audit log)").fill("Rima")
    page.get_by_label("Date (YYYY-MM-DD)").fill("2016-05-01")
    page.get_by_label("Condition", exact=True).click()
    page.get_by_role("option", name="out of service").click()
    page.get_by_label("Source that reports it").click()
    page.get_by_role("option", name="blog-2020-russia-deconfliction").click()
    page.get_by_label("Note (your own words)").fill("closed after the strike")
    click_when_settled(page, page.get_by_role("button", name="Record the condition"))
    expect(page.get_by_text("Condition fc-1 recorded.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("closed after the strike")).to_be_attached(timeout=10_000)  # a cell of the canvas table
    conditions = read_register(data).conditions
    assert conditions[["facility_id", "date_start", "condition"]].values.tolist() == [
        ["fa-al-quds-hospital", "2016-05-01", "out_of_service"]]
    page.close()
