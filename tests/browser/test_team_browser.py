"""A team member signs in to the team's app in a real browser, sees who is signed in, and the map from PostGIS."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from bench.harness import ARTIFACTS
from geo import schema
from geo.database.records import PostgisStore
from tests.browser.conftest import running_app
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
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "team-signed-in.png"), full_page=True)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        page.close()


def test_an_editor_corrects_a_record_on_the_team_incidents_page(browser: Browser, team_database: str,
                                                                data_copy: Path) -> None:
    team_store(team_database, data_copy)
    with running_app({"ATLAS_DATABASE_URL": team_database, "ATLAS_DATA_DIR": str(data_copy / "not-used")}) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1600})
        page.goto(f"{url}/incidents?incident=ia-0003")
        page.get_by_role("textbox", name="Name").fill("Omar")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Signed in as Omar (editor)")).to_be_visible(timeout=30_000)
        page.get_by_text("Correct this record").click()
        page.get_by_label("Killed", exact=True).fill("14")
        page.get_by_label("Why (kept with the revision)").first.fill("the clinic's own count")
        page.get_by_role("button", name="Save the correction").click()
        expect(page.get_by_text("ia-0003 corrected")).to_be_visible(timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "team-corrected.png"), full_page=True)
        page.close()
    [revision] = PostgisStore(team_database).revisions("ia-0003")
    assert (revision["by"], revision["changes"]["ia-0003"]["after"]) == ("Omar", {schema.KILLED: "14"})
