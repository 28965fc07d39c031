"""A researcher adds an incident by clicking the map, and sees it drawn on the Map page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from geo import schema
from geo.dataset.load import load_incidents
from tests.browser.conftest import click_when_settled
from tests.browser.test_map_browser import map_frame
from tests.browser.test_places_browser import placing_frame

WHO = "Who (your name, kept in the audit log)"


def _choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by typing part of it and pressing Enter (the list re-renders while
    it filters, so a click on an option can miss)."""
    box = page.locator("[data-testid='stSelectbox']", has=page.get_by_text(label, exact=True)).first
    box.click()
    page.keyboard.type(option)
    expect(page.get_by_role("option").filter(has_text=option).first).to_be_visible(timeout=10_000)
    page.keyboard.press("Enter")
    expect(page.get_by_role("option")).to_have_count(0, timeout=10_000)


def test_an_incident_added_by_clicking_the_map_is_drawn(browser: Browser, app_on_copy: tuple[str, Path],
                                                        tmp_path: Path) -> None:
    url, data = app_on_copy
    before = len(load_incidents(data))
    page = browser.new_page(viewport={"width": 1300, "height": 1600})
    page.goto(f"{url}/incidents")
    page.get_by_role("tab", name="Add an incident").click()
    frame = placing_frame(page)
    box = frame.locator("#map_div").bounding_box()
    frame.locator("#map_div").click(position={"x": box["width"] * 0.4, "y": box["height"] * 0.35})
    expect(page.get_by_text("Chosen point:")).to_be_visible(timeout=20_000)
    page.get_by_role("tab", name="Add an incident").click()
    page.get_by_label("Description (your own words, one or two sentences)").fill("A strike placed by hand.")
    _choose(page, "Source", "dispatch-2013-qusayr")
    _choose(page, "Review status", "published")
    page.get_by_label(WHO).last.fill("Lina")
    click_when_settled(page, page.get_by_role("button", name="Add the incident"))
    expect(page.get_by_text("Incident added")).to_be_visible(timeout=30_000)
    frame_now = load_incidents(data)
    [added] = frame_now.loc[~frame_now[schema.ID].isin(frame_now[schema.ID].iloc[:before]), schema.ID].tolist()
    record = frame_now.set_index(schema.ID).loc[added]
    assert record[schema.GEO_PRECISION] == "exact" and 35.5 < float(record[schema.LON]) < 42.5
    assert (record[schema.SOURCE_IDS], record[schema.STATUS]) == ("dispatch-2013-qusayr", schema.STATUS_PUBLISHED)
    page.screenshot(path=str(tmp_path / "added.png"), full_page=True)
    page.get_by_role("link", name="Map").click()
    drawn = map_frame(page)
    expect(drawn.locator("#map_div")).to_have_attribute("data-atlas-drawn", "25", timeout=30_000)
    page.close()
