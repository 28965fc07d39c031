"""Script payloads imported through the Import page are shown literally and never run."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from geo.files.tables import read_table
from tests.browser.conftest import click_when_settled
from tests.browser.test_map_browser import map_frame

PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)">'
SCRIPT = "<script>window.__xss=2;alert(2)</script>"


def test_imported_script_payloads_do_not_run(browser: Browser, app_on_copy: tuple[str, Path], tmp_path: Path) -> None:
    url, data = app_on_copy
    upload = tmp_path / "payloads.csv"
    upload.write_text("date,place,type,description,perpetrator\n"
                      f'2019-05-02,Saraqib,incendiary_weapons,"{PAYLOAD.replace(chr(34), chr(34) * 2)} {SCRIPT}",'
                      f'"{SCRIPT}"\n', encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/import")
    page.locator("input[type=file]").first.set_input_files(str(upload))
    save = page.get_by_role("button", name="Save 1 incident")
    expect(save).to_be_visible(timeout=30_000)
    click_when_settled(page, save)
    expect(page.get_by_text("Saved 1 incident ")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stToast")).to_contain_text("1 incident imported")  # seen wherever the page scrolled
    assert PAYLOAD in set(read_table(data / "incidents.csv")["description"].str.slice(0, len(PAYLOAD)))

    page.goto(f"{url}/?type=incendiary_weapons")
    frame = map_frame(page)
    frame.locator("path.leaflet-interactive").first.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible(timeout=10_000)
    assert PAYLOAD in popup.inner_text() and SCRIPT in popup.inner_text()
    assert frame.evaluate("() => window.__xss === undefined") and page.evaluate("() => window.__xss === undefined")
    assert dialogs == []
    page.close()


def test_the_presets_are_offered_as_choices_with_what_each_maps(browser: Browser, app_url: str) -> None:
    acled = Path(__file__).resolve().parents[1] / "data" / "import" / "acled_sample.csv"
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(f"{app_url}/import")
    page.locator("input[type=file]").first.set_input_files(str(acled))
    mapping = page.get_by_text("Column mapping (the acled preset, matched by the columns")
    expect(mapping).to_be_visible(timeout=30_000)
    mapping.click()
    expect(page.get_by_text("acled: ID from its column 'event_id_cnty'")).to_be_visible(timeout=10_000)
    page.get_by_label("Start from").click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible(timeout=10_000)
    assert {"preset: insecurity_insight", "preset: syrian_archive"} <= set(options.all_inner_texts())
    page.get_by_role("option", name="preset: insecurity_insight").click()
    expect(page.get_by_text("insecurity_insight: ID from its column 'SiND Event ID'")).to_be_visible(timeout=10_000)
    page.close()


def test_the_import_page_records_a_datasets_health_care_figures_with_its_incidents(
        browser: Browser, app_on_copy: tuple[str, Path], tmp_path: Path) -> None:
    from geo.facilities.register import read_register
    from tests.test_facilities_import import ONE_EVENT_EACH

    url, data = app_on_copy
    upload = tmp_path / "events.csv"
    upload.write_text(ONE_EVENT_EACH, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(f"{url}/import")
    page.locator("input[type=file]").first.set_input_files(str(upload))
    expect(page.get_by_text("2 events to import carry health-care figures")).to_be_visible(timeout=30_000)
    click_when_settled(page, page.get_by_role("button", name="Save 3 incidents"))
    expect(page.get_by_text("Health-care figures recorded for 2 incidents.")).to_be_visible(timeout=30_000)
    figures = read_register(data).health_care.set_index("incident_id")
    assert figures.loc["ii-T1", "health_workers_killed"] == "3" and len(figures) == 2
    page.close()
