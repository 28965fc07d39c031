"""A person drags across months on the Timeline and the map opens on that date window."""

from __future__ import annotations

from playwright.sync_api import Browser, expect


def test_dragging_months_on_the_timeline_sets_the_maps_window(browser: Browser, app_url: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{app_url}/timeline")
    canvas = page.locator("[data-testid='stVegaLiteChart']").first
    expect(canvas).to_be_visible(timeout=30_000)
    box = canvas.bounding_box()
    page.wait_for_timeout(1500)
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.3, steps=8)
    page.mouse.up()
    button = page.get_by_role("button", name="on the map")
    expect(button).to_be_visible(timeout=20_000)
    label = button.inner_text()
    button.click()
    expect(page.get_by_role("heading", name="Incident Atlas")).to_be_visible(timeout=20_000)
    assert "from=" in page.url and "to=" in page.url, (label, page.url)
    page.close()
