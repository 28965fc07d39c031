"""A team member signs in to the team's app in a real browser, sees who is signed in, and the map from PostGIS."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from bench.harness import ARTIFACTS
from geo import schema
from geo.database.mappings import team_mappings
from geo.database.overview import audit_entries
from geo.database.records import PostgisStore
from geo.dataset import curate
from tests.browser.conftest import click_when_settled, fill_when_settled, running_app
from tests.browser.test_map_browser import map_frame
from tests.test_storage_backends import PASSWORD, team_store


def test_a_team_member_signs_in_and_sees_the_map_from_the_database(browser: Browser, team_database: str,
                                                                   data_copy: Path) -> None:
    team_store(team_database, data_copy)
    with running_app({"ATLAS_DATABASE_URL": team_database, "ATLAS_DATA_DIR": str(data_copy / "not-used")}) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(url)
        page.get_by_role("textbox", name="Name").fill("Omar")
        page.get_by_role("textbox", name="Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("wrong name or password")).to_be_visible(timeout=30_000)
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Signed in as Omar (editor)")).to_be_visible(timeout=30_000)
        expect(map_frame(page).locator("#map_div")).to_have_attribute("data-atlas-drawn", "24", timeout=60_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "team-signed-in.png"), full_page=True)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        page.close()


def sign_in_at(page: Page, address: str, name: str) -> None:
    """Open an address of the team's app and sign in there as the named account (password PASSWORD)."""
    page.goto(address)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible(timeout=30_000)


def test_an_editor_corrects_a_record_on_the_team_incidents_page(browser: Browser, team_database: str,
                                                                data_copy: Path) -> None:
    team_store(team_database, data_copy)
    curate.set_status(PostgisStore(team_database, "Ana"), "ia-0003", schema.STATUS_IN_REVIEW, "to check", None)
    with running_app({"ATLAS_DATABASE_URL": team_database, "ATLAS_DATA_DIR": str(data_copy / "not-used")}) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1600})
        sign_in_at(page, f"{url}/incidents?incident=ia-0003", "Omar")
        page.get_by_text("Correct this record").click()
        page.get_by_label("Killed", exact=True).fill("14")
        page.get_by_label("Why (kept with the revision)").first.fill("the clinic's own count")
        click_when_settled(page, page.get_by_role("button", name="Save the correction"))
        expect(page.get_by_text("ia-0003 corrected")).to_be_visible(timeout=30_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "team-corrected.png"), full_page=True)
        page.close()
    revision = PostgisStore(team_database).revisions("ia-0003")[-1]
    assert (revision["by"], revision["changes"]["ia-0003"]["after"]) == ("Omar", {schema.KILLED: "14"})


def test_an_editor_imports_a_dataset_on_the_team_import_page(browser: Browser, team_database: str, data_copy: Path,
                                                             tmp_path: Path) -> None:
    team_store(team_database, data_copy)
    upload = tmp_path / "other_organisation.csv"
    upload.write_text("date,place,type,description\n2019-05-02,Saraqib,airstrike,one strike\n"
                      "2019-05-03,Atlantis,airstrike,a place nobody knows\n", encoding="utf-8")
    with running_app({"ATLAS_DATABASE_URL": team_database, "ATLAS_DATA_DIR": str(data_copy / "not-used")}) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        sign_in_at(page, f"{url}/import", "Omar")
        page.locator("input[type=file]").first.set_input_files(str(upload))
        save = page.get_by_role("button", name="Save 1 incident")
        expect(save).to_be_visible(timeout=30_000)
        expect(page.get_by_role("heading", name="Rejected rows")).to_be_visible()
        page.get_by_text("Column mapping (guessed from the columns").click()
        page.get_by_label("Save this mapping as").fill("other organisation")
        click_when_settled(page, page.get_by_role("button", name="Save mapping"))
        expect(page.get_by_text("Saved as other-organisation")).to_be_visible(timeout=30_000)
        fill_when_settled(page, page.get_by_label("Why (kept in the audit log)"), "their May list")
        click_when_settled(page, save)
        expect(page.get_by_text("Saved 1 incident ")).to_be_visible(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "team-imported.png"), full_page=True)
        page.close()
    [entry] = [e for e in audit_entries(team_database) if e["action"] == "import"]
    assert (entry["by"], entry["why"], len(entry["incident_ids"])) == ("Omar", "their May list", 1)
    saved = team_mappings(team_database)["other-organisation"]  # kept for the next file from them
    assert (saved.name, saved.columns["place"]) == ("other-organisation", "place")


def test_a_reload_or_a_new_tab_keeps_the_sign_in_until_sign_out(browser: Browser, team_database: str,
                                                                data_copy: Path) -> None:
    team_store(team_database, data_copy)
    with running_app({"ATLAS_DATABASE_URL": team_database, "ATLAS_DATA_DIR": str(data_copy / "not-used")}) as url:
        context = browser.new_context()
        page = context.new_page()
        sign_in_at(page, url, "Omar")
        for _ in range(100):  # a hidden component sets it once the signed-in page has drawn
            cookie = next((c for c in context.cookies() if c["name"] == "atlas_sign_in"), None)
            if cookie:
                break
            page.wait_for_timeout(100)
        assert cookie and cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 40
        page.reload()
        expect(page.get_by_text("Signed in as Omar (editor)")).to_be_visible(timeout=30_000)
        tab = context.new_page()
        tab.goto(f"{url}/incidents?incident=ia-0003")
        expect(tab.get_by_text("Signed in as Omar (editor)")).to_be_visible(timeout=30_000)
        tab.close()
        click_when_settled(page, page.get_by_role("button", name="Sign out"))
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        page.reload()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        elsewhere = browser.new_context()
        elsewhere.add_cookies([{**cookie, "sameSite": "Strict"}])  # the old cookie, replayed: revoked
        replayed = elsewhere.new_page()
        replayed.goto(url)
        expect(replayed.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        context.close()
        elsewhere.close()
