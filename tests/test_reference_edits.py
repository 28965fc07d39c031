"""Corrections to places and sources: checked, logged with before and after, undoable; and their forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import schema
from geo.cli.main import main
from geo.dataset.audit import read_audit
from geo.dataset.load import load_places, load_sources
from geo.dataset.reference_edits import edit_place, edit_source, undo_reference_edit
from geo.errors import AtlasError, RecordRefusedError
from tests.test_app import APP
from tests.test_curation import files

SOURCE = "dispatch-2013-qusayr"


def test_a_source_correction_keeps_before_and_after_and_is_undone(data_copy: Path) -> None:
    before = files(data_copy)
    entry = edit_source(data_copy, SOURCE, {schema.PUBLISHER: "A field researcher"}, "named in the archive", "Ana")
    assert (entry["before"], entry["after"]) == ({schema.PUBLISHER: ""}, {schema.PUBLISHER: "A field researcher"})
    assert load_sources(data_copy).set_index(schema.ID).at[SOURCE, schema.PUBLISHER] == "A field researcher"
    undo_reference_edit(data_copy, entry["edit"], "", "Ana")
    assert files(data_copy)["sources.csv"] == before["sources.csv"]


def test_a_place_correction_moves_a_point_and_renames_it(data_copy: Path) -> None:
    edit_place(data_copy, "sy-al-qusayr", {schema.NAME: "Al-Qusayr", schema.LAT: "34.5096"}, "spelling", "Ana")
    place = load_places(data_copy).loc["sy-al-qusayr"]
    assert place[schema.NAME] == "Al-Qusayr" and round(place.geometry.y, 4) == 34.5096


@pytest.mark.parametrize(("kind", "fields", "says"), [
    ("source", {schema.URL: "javascript:alert(1)"}, "http"), ("source", {schema.KIND: "rumour"}, "kind"),
    ("source", {schema.ID: "other"}, "not a field"), ("place", {schema.KIND: "planet"}, "kind"),
    ("place", {schema.LAT: "north"}, "decimal degrees"), ("place", {schema.NAME: "al-Qusayr"}, "nothing to change")])
def test_a_bad_correction_is_refused_and_nothing_changes(data_copy: Path, kind: str, fields: dict, says: str) -> None:
    before = files(data_copy)
    edit = edit_source if kind == "source" else edit_place
    with pytest.raises(AtlasError, match=says):
        edit(data_copy, SOURCE if kind == "source" else "sy-al-qusayr", fields, "why", "Ana")
    assert files(data_copy) == before


def test_an_undo_after_a_later_correction_is_refused(data_copy: Path) -> None:
    first = edit_source(data_copy, SOURCE, {schema.PUBLISHER: "A"}, "", "Ana")
    edit_source(data_copy, SOURCE, {schema.PUBLISHER: "B"}, "", "Bo")
    with pytest.raises(RecordRefusedError, match="corrected again"):
        undo_reference_edit(data_copy, first["edit"])


def test_the_commands_and_the_sources_form_correct_a_source(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = ["--data", str(data_copy)]
    assert main([*data, "source", "edit", SOURCE, "author=Unnamed researcher", "--why", "from the archive"]) == 0
    assert main([*data, "correction", "undo", "1"]) == 0
    assert main([*data, "place", "edit", "sy-nowhere", "name=X", "--why", "x"]) == 1
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.switch_page("app_pages/sources.py").run()
    tag = f"source_{SOURCE}_2"
    app.text_input(key=f"w_{tag}_{schema.PUBLISHER}").input("A field researcher")
    app.text_input(key="w_correct_source_why").input("named in the archive")
    next(b for b in app.get("form_submit_button") if b.label == "Save the source correction").click().run()
    assert not app.exception and any("corrected" in s.value for s in app.success)
    assert read_audit(data_copy)[-1]["after"] == {schema.PUBLISHER: "A field researcher"}
