"""Template payloads imported through the app are drawn literally: preview, map, HTML and PNG exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import click_when_settled
from tests.browser.test_map_browser import map_frame
from tests.test_template_injection import canary_payload

CALC = "Calc {{7*7}} pid {{ cycler.__init__.__globals__.os.getpid() }} end"
HASHTAG = "{#AleppoIsBurning}"
LOOP = "{% for x in range(3) %}loop{% endfor %}"


def _upload(tmp_path: Path, canary: str) -> Path:
    """One incendiary-weapons row with a payload in every free-text field."""
    path = tmp_path / "payloads.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["date", "place", "type", "description", "perpetrator", "facility", "weapon"])
        writer.writerow(["2019-05-02", "Saraqib", "incendiary_weapons", f"{CALC} {HASHTAG} {{% raw %}}",
                         LOOP, canary_payload(canary), "{{"])
    return path


def _popup_text(page: Page) -> str:
    """Open the first incident's popup on the map iframe and return its text."""
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").first.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible(timeout=10_000)
    return popup.inner_text()


def _download(page: Page, button: str) -> bytes:
    """The file one click on a download button gives, clicked once the page has settled."""
    with page.expect_download(timeout=45_000) as download:
        click_when_settled(page, page.get_by_role("button", name=button))
    return download.value.path().read_bytes()


def _assert_literal(text: str) -> None:
    """Every payload is shown as typed; none was evaluated."""
    assert CALC in text and HASHTAG in text and LOOP in text and "Calc 49" not in text
    assert "looploop" not in text


def test_template_payloads_are_drawn_literally_everywhere(browser: Browser, app_on_copy: tuple[str, Path],
                                                          tmp_path: Path) -> None:
    url, _ = app_on_copy
    canary = Path("/tmp") / f"atlas_canary_{tmp_path.name[-8:]}"
    page = browser.new_page(viewport={"width": 1400, "height": 1300}, accept_downloads=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{url}/import")
        page.locator("input[type=file]").first.set_input_files(str(_upload(tmp_path, canary.name)))
        expect(page.get_by_role("button", name="Save 1 incident")).to_be_visible(timeout=30_000)
        _assert_literal(_popup_text(page))
        assert not canary.exists()
        click_when_settled(page, page.get_by_role("button", name="Save 1 incident"))
        expect(page.get_by_text("Saved 1 incident ")).to_be_visible(timeout=30_000)

        page.goto(f"{url}/?type=incendiary_weapons")
        _assert_literal(_popup_text(page))
        page.get_by_text("Export this view").click()
        exported = tmp_path / "export.html"
        exported.write_bytes(_download(page, "Download HTML map"))
        assert Image.open(io.BytesIO(_download(page, "Download PNG"))).size == (1200, 800)

        offline = browser.new_context(offline=True).new_page()
        offline.goto(exported.as_uri())
        offline.wait_for_selector("[data-atlas-drawn]", state="attached", timeout=20_000)
        offline.locator("path.leaflet-interactive").first.click()
        _assert_literal(offline.locator(".leaflet-popup-content").inner_text())
        offline.context.close()
        assert dialogs == [] and not canary.exists()
    finally:
        page.close()
        if canary.exists():
            canary.rmdir()
