"""What a person does on the map, in a real browser: filters, a type, a pan; no third-party request."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from playwright.sync_api import Browser, Frame, Page, expect
from playwright.sync_api import Error as PlaywrightError

from bench.harness import ARTIFACTS

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def map_frame(page: Page) -> Frame:
    """The streamlit-folium iframe once its map has drawn its incidents."""
    for _ in range(400):
        for frame in page.frames:
            try:
                if "streamlit_folium" in frame.url and frame.query_selector("#map_div[data-atlas-drawn]"):
                    return frame
            except PlaywrightError:  # an iframe replaced while we looked
                continue
        page.wait_for_timeout(100)
    raise AssertionError("the map never drew its incidents")


def drawn(page: Page) -> int:
    """How many incidents the map has drawn."""
    return int(map_frame(page).get_attribute("#map_div", "data-atlas-drawn"))


def in_view(page: Page) -> int:
    """The number in the 'In view: N incidents' heading."""
    heading = page.get_by_text(re.compile(r"^In view: \d+ incidents$"))
    expect(heading).to_be_visible(timeout=20_000)
    return int(re.search(r"\d+", heading.inner_text()).group(0))


def wait_for_change(page: Page, read, before: int, limit_ms: int = 20_000) -> int:
    """Poll a reading until it differs from before."""
    for _ in range(limit_ms // 200):
        try:
            now = read(page)
        except Exception:  # the iframe is being replaced
            now = before
        if now != before:
            return now
        page.wait_for_timeout(200)
    raise AssertionError(f"nothing changed (still {before})")


def test_filters_and_panning_change_the_map_and_the_in_view_table(browser: Browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(app_url)
    first_drawn, first_in_view = drawn(page), in_view(page)
    assert first_drawn == 24 and first_in_view > 0

    thumb = page.get_by_role("slider").first
    box = thumb.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 150, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    after_slider = wait_for_change(page, drawn, first_drawn)
    assert 0 < after_slider < first_drawn
    quick_range = page.locator("[data-testid='stSelectbox']", has=page.get_by_text("Quick range"))
    expect(quick_range.locator("input")).to_have_value("Custom")  # it kept saying "All dates" after a drag
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_after_slider.png"))

    type_box = page.locator("[data-testid='stMultiSelect']", has=page.get_by_text("Type", exact=True))
    type_box.locator("input").click()
    type_box.locator("input").fill("Displace")
    page.get_by_role("option", name="Displacement", exact=True).click()
    page.keyboard.press("Escape")
    after_type = wait_for_change(page, drawn, after_slider)
    assert after_type < after_slider

    before_pan = in_view(page)
    frame = map_frame(page)
    area = frame.frame_element().bounding_box()
    page.mouse.move(area["x"] + area["width"] * 0.5, area["y"] + area["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.02, area["y"] + area["height"] * 0.1, steps=12)
    page.mouse.up()
    after_pan = wait_for_change(page, in_view, before_pan)
    assert after_pan < before_pan
    assert "lat=" in page.url and "type=displacement" in page.url

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_after_pan.png"))
    outside = sorted({urlparse(u).hostname for u in requests if urlparse(u).hostname not in LOCAL_HOSTS
                      and urlparse(u).scheme in ("http", "https", "ws", "wss")})
    assert outside == [], f"requests left the machine: {outside}"
    context.close()


def test_density_view_shades_governorates_above_the_basemap(browser: Browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{app_url}/?density=1")
    frame = map_frame(page)
    shaded = frame.locator(".leaflet-atlasDensity-pane path[fill='#b30000']")
    expect(shaded.first).to_be_attached(timeout=10_000)
    assert shaded.count() == 14
    page.close()


def test_an_area_shape_tells_its_count_when_pointed_at_and_lists_its_incidents_on_click(browser: Browser,
                                                                                      app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(app_url)
    frame = map_frame(page)
    expect(frame.locator("#map_div")).to_have_attribute("data-atlas-drawn", "24", timeout=60_000)
    shapes = frame.locator("path.ia-area")
    assert shapes.count() > 0
    tooltip, said = frame.locator(".leaflet-tooltip"), ""
    for number in range(shapes.count()):  # as a person does: point inside an area, away from the pins on it
        box = shapes.nth(number).bounding_box()
        for across, down in ((0.5, 0.5), (0.3, 0.4), (0.7, 0.6), (0.4, 0.75), (0.6, 0.25)):
            page.mouse.move(box["x"] + box["width"] * across, box["y"] + box["height"] * down)
            page.wait_for_timeout(150)
            said = tooltip.first.inner_text() if tooltip.count() else ""
            if re.search(r"\d+ incidents?\b", said):
                break
        if re.search(r"\d+ incidents?\b", said):
            break
    assert re.search(r"\d+ incidents?\b", said), said
    page.mouse.click(box["x"] + box["width"] * across, box["y"] + box["height"] * down)
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible(timeout=10_000)
    assert popup.inner_text().strip()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map_area_tooltip.png"))
    page.close()
