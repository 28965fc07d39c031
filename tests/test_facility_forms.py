"""The Facilities page's forms: a facility added and corrected from the page and a change undone (a folder), a form
sent after someone else changed the facility refused as stale, and a team editor's reach limited by the role (an
editor's new facility waits in review; a published one is a reviewer's to correct)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import schema
from geo.facilities.book import folder_book
from geo.facilities.register import read_register
from tests.test_pages_both import Opener, atlas_opener
from ui.backend import BACKEND_KEY

PAGE = "app_pages/facilities.py"
QUDS = "fa-al-quds-hospital"


@pytest.fixture()
def on_folder(request, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Opener:
    """Opens the app on a copy of the bundled data folder."""
    return atlas_opener(request, "folder", data_copy, monkeypatch)


@pytest.fixture()
def as_editor(request, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Opener:
    """Opens the app on a team database holding the bundled data, signed in as its editor."""
    return atlas_opener(request, "team", data_copy, monkeypatch)


def _press(app: AppTest, label: str) -> AppTest:
    """Click the (form) button with this label and run the page."""
    return next(button for button in app.button if button.label == label).click().run()


def _typed(app: AppTest, values: dict[str, str]) -> AppTest:
    """Type into the text boxes of these keys (a box the page does not draw, such as a team's 'who', is left)."""
    drawn = {box.key for box in app.text_input}
    for key, value in values.items():
        if key in drawn:
            app.text_input(key=key).set_value(value)
    return app


def _correct_operator(app: AppTest, tag: str, operator: str) -> AppTest:
    """Send the correction form of the facility drawn with `tag` with a new operator."""
    return _press(_typed(app, {f"w_facility_{tag}_operator": operator, f"w_facility_{tag}_who": "Rima",
                               f"w_facility_correct_{tag}_why": "the report names who supports it"}),
                  "Save the correction")


def _facility(app: AppTest, facility_id: str) -> pd.Series:
    """One facility as the page's backend holds it now."""
    return app.session_state[BACKEND_KEY].facility_register().facilities.set_index(schema.ID).loc[facility_id]


def test_a_correction_from_the_page_is_undone_from_the_page(on_folder: Opener, data_copy: Path) -> None:
    app = _correct_operator(on_folder({"facility": QUDS}, PAGE), f"{QUDS}_0", "a medical charity")
    assert not app.exception and not app.error
    assert [s.value for s in app.success] == ["fa\\-al\\-quds\\-hospital corrected\\."]
    corrected = read_register(data_copy).facilities.set_index(schema.ID).loc[QUDS]
    assert (corrected[schema.OPERATOR], corrected[schema.VERSION]) == ("a medical charity", "2")
    app = _press(_typed(app, {"w_facility_undo_who": "Rima", "w_facility_undo_why": "not named for this one"}),
                 "Undo this change")
    assert not app.error and read_register(data_copy).facilities.set_index(schema.ID).loc[QUDS, schema.OPERATOR] == ""
    assert "undone" in set(app.dataframe[-1].value["In force"])


def test_a_form_sent_after_someone_else_changed_the_facility_is_refused(on_folder: Opener, data_copy: Path) -> None:
    app = on_folder({"facility": QUDS}, PAGE)
    folder_book(data_copy, "someone else").correct(QUDS, {schema.OPERATOR: "their charity"}, "meanwhile")
    app = _correct_operator(app, f"{QUDS}_0", "my charity")
    assert "is at version 2, not 1" in app.error[0].value
    assert read_register(data_copy).facilities.set_index(schema.ID).loc[QUDS, schema.OPERATOR] == "their charity"


def _add_clinic(app: AppTest) -> AppTest:
    """Send the page's add form for a clinic in Aleppo."""
    app.text_input(key="w_facility_add_name").set_value("Omar clinic")
    app.selectbox(key="w_facility_add_kind").set_value("clinic")
    app.selectbox(key="w_facility_add_place_id").set_value("sy-aleppo")
    return _press(_typed(app, {"w_facility_add_who": "Rima", "w_facility_add_why": "named in a report"}),
                  "Add the facility")


def test_a_facility_added_on_a_folder_is_published(on_folder: Opener) -> None:
    app = _add_clinic(on_folder(page=PAGE))
    assert not app.exception and not app.error
    assert tuple(_facility(app, "fa-omar-clinic")[[schema.NAME, schema.STATUS]]) == ("Omar clinic",
                                                                                     schema.STATUS_PUBLISHED)


def test_a_team_editor_adds_a_facility_for_review_corrects_it_but_not_a_published_one(as_editor: Opener) -> None:
    app = _add_clinic(as_editor(page=PAGE))
    assert not app.exception and not app.error
    assert _facility(app, "fa-omar-clinic")[schema.STATUS] == schema.STATUS_IN_REVIEW
    app = _correct_operator(as_editor({"facility": "fa-omar-clinic"}, PAGE), "fa-omar-clinic_0", "a charity")
    assert not app.error and _facility(app, "fa-omar-clinic")[schema.OPERATOR] == "a charity"
    app = _correct_operator(as_editor({"facility": QUDS}, PAGE), f"{QUDS}_0", "a medical charity")
    assert len(app.error) == 1 and _facility(app, QUDS)[schema.OPERATOR] == ""
