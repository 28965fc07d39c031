"""The curation forms under AppTest, and the `incident` and `duplicates` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import schema
from geo.cli.main import main
from geo.dataset import curate
from geo.dataset.load import load_incidents
from geo.dataset.revisions import read_revisions
from tests.test_app import APP
from tests.test_curation import NEW, files


def _incidents_page(data: Path, monkeypatch: pytest.MonkeyPatch, record_id: str | None = None) -> AppTest:
    """The Incidents page on a data copy (opened on one record when given)."""
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data))
    app = AppTest.from_file(APP, default_timeout=60)
    if record_id:
        app.query_params["incident"] = record_id
    app.run()
    return app.switch_page("app_pages/incidents.py").run()


def shown(elements) -> list[str]:
    """What the elements say, as a reader sees it (markdown escapes taken off)."""
    return [element.value.replace("\\", "") for element in elements]


def _button(app: AppTest, label: str):
    """The (form) button with this label."""
    return next(b for b in [*app.button, *app.get("form_submit_button")] if b.label == label)


def test_a_correction_is_saved_from_the_form_with_who_and_why(data_copy: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    app = _incidents_page(data_copy, monkeypatch, "ia-0003")
    assert not app.exception and any("ia-0003" in text for text in shown(app.subheader))
    app.text_input(key="w_edit_ia-0003_0_killed").input("14")
    app.text_input(key="w_edit_who").input("Ana")
    app.text_input(key="w_edit_why").input("the clinic's own count")
    _button(app, "Save the correction").click().run()
    assert not app.exception and any("ia-0003 corrected" in text for text in shown(app.success))
    [revision] = read_revisions(data_copy)
    assert (revision["by"], revision["why"], revision["changes"]["ia-0003"]["after"]) == (
        "Ana", "the clinic's own count", {schema.KILLED: "14"})


def test_a_form_sent_from_a_stale_read_is_refused_and_writes_nothing(data_copy: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = _incidents_page(data_copy, monkeypatch, "ia-0003")
    curate.edit_incident(data_copy, "ia-0003", {schema.INJURED: "2"}, "another session", "Bo")
    before = files(data_copy)
    app.text_input(key="w_edit_ia-0003_0_killed").input("14")
    _button(app, "Save the correction").click().run()
    assert any("changed since you read it" in text and "Bo" in text for text in shown(app.error))
    assert files(data_copy) == before


def test_a_retraction_without_a_reason_is_refused_in_one_line(data_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app = _incidents_page(data_copy, monkeypatch, "ia-0005")
    app.selectbox(key="w_status_ia-0005_0_new").set_value(schema.STATUS_RETRACTED)
    _button(app, "Set the status").click().run()
    assert any("needs its reason" in text for text in shown(app.error)) and read_revisions(data_copy) == []


def _add_at_idlib(app: AppTest, cite) -> None:
    """Fill the add form at the Idlib governorate, let `cite` choose the source, send it, see it added."""
    where = app.selectbox(key="w_add_place")
    where.set_value(next(o for o in where.options if o.endswith("[sy-gov-idlib]"))).run()
    app.text_area(key="w_add_desc").input(NEW[schema.DESCRIPTION])
    cite(app).run()
    _button(app, "Add the incident").click().run()
    assert not app.exception and any("Incident added" in text for text in shown(app.success))


def test_an_incident_is_added_at_a_known_place_as_a_draft(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_at_idlib(_incidents_page(data_copy, monkeypatch), lambda app: app.selectbox(key="w_add_source").set_value(
        "dispatch-2013-qusayr"))
    added = load_incidents(data_copy).set_index(schema.ID).loc["ia-0028"]
    assert (added[schema.PLACE_ID], added[schema.STATUS]) == ("sy-gov-idlib", schema.STATUS_DRAFT)


def test_an_alias_opens_the_record_it_was_merged_into(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["--data", str(data_copy), "incident", "merge", "ia-0001", "ia-0002", "--why", "one event"]) == 0
    app = _incidents_page(data_copy, monkeypatch, "ia-0002")
    assert any("merged into ia-0001" in text for text in shown(app.info))
    assert any(text.startswith("ia-0001") for text in shown(app.subheader))


def test_the_commands_change_records_and_refuse_in_one_line(data_copy: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    data = ["--data", str(data_copy)]
    assert main([*data, "incident", "edit", "ia-0003", "killed=14", "--why", "count", "--by", "Ana"]) == 0
    assert main([*data, "incident", "corroborate", "ia-0003", "--source", "dispatch-2013-qusayr", "--killed", "9",
                 "--why", "other figure"]) == 0
    capsys.readouterr()
    assert main([*data, "incident", "show", "ia-0003"]) == 0
    assert "killed: 14, other sources 9" in capsys.readouterr().out
    for refused in (["incident", "edit", "ia-0003", "killed=-3", "--why", "x"],
                    ["incident", "merge", "ia-0003", "ia-0003", "--why", "x"],
                    ["incident", "edit", "ia-0003", "injured=2", "--why", "x", "--expect-version", "1"],
                    ["incident", "retract", "ia-9999", "--why", "x"]):
        assert main([*data, *refused]) == 1
        assert capsys.readouterr().err.count("\n") == 1
    record = tmp_path / "new.json"
    record.write_text('{"date_start": "2019-05-01", "date_end": "2019-05-01", "date_precision": "day", '
                      '"type": "airstrike", "place_id": "sy-gov-idlib", "geo_precision": "governorate", '
                      '"confidence": "weak", "source_ids": "dispatch-2013-qusayr", "description": "By hand.", '
                      '"status": "published"}', encoding="utf-8")
    assert main([*data, "incident", "add", "--json", str(record), "--why", "from a report"]) == 0
    assert main([*data, "incident", "retract", "ia-0028", "--why", "the report was withdrawn"]) == 0
    capsys.readouterr()
    assert main([*data, "incident", "retracted"]) == 0
    assert "ia-0028,retracted" in capsys.readouterr().out
    assert main([*data, "incident", "history", "ia-0003"]) == 0
    assert "killed: '' -> '14'" in capsys.readouterr().out
    assert main([*data, "incident", "undo", "2", "--why", "wrong source"]) == 0
    assert main([*data, "duplicates", "--days", "3", "--km", "10"]) == 0
    assert capsys.readouterr().out.startswith("first,second,days_apart,km_apart,score")


def test_an_incident_citing_a_source_added_on_the_spot(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.dataset.load import load_sources

    _add_at_idlib(_incidents_page(data_copy, monkeypatch),
                  lambda app: app.text_input(key="w_add_source_title").input("Notes from a phone call"))
    assert "src-notes-from-a-phone-call" in set(load_sources(data_copy)[schema.ID])
    assert load_incidents(data_copy).set_index(schema.ID).at["ia-0028", schema.SOURCE_IDS] == \
        "src-notes-from-a-phone-call"
