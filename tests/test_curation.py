"""Record-level curation: every operation, its refusals (nothing written), its undo; history, restore, fold."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import schema
from geo.dataset import curate, history, merging
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter, filter_mask
from geo.dataset.records import current_records, fold
from geo.dataset.stored import csv_bytes
from geo.errors import AtlasError, RecordRefusedError, StaleRecordError
from geo.files.journal import folder_lock
from tests.conftest import snapshot

SOURCE = "dispatch-2013-qusayr"
NEW = {schema.DATE_START: "2019-05-01", schema.DATE_END: "2019-05-01", schema.DATE_PRECISION: "day",
       schema.TYPE: "airstrike", schema.PLACE_ID: "sy-gov-idlib", schema.GEO_PRECISION: "governorate",
       schema.CONFIDENCE: "weak", schema.SOURCE_IDS: SOURCE, schema.DESCRIPTION: "A strike entered by hand."}


def files(data: Path) -> dict[str, bytes]:
    """The data directory's files (the lock file aside: taking the lock is not a change)."""
    return {name: content for name, content in snapshot(data).items() if name != ".atlas.lock"}


def state_bytes(data: Path) -> tuple[bytes, bytes]:
    """The records now, as bytes: the incidents, and the curation state without versions (they only grow)."""
    records = current_records(data)
    frame = load_incidents(data)
    curation = frame[[c for c in schema.CURATION_COLUMNS if c != schema.VERSION]]
    return csv_bytes(records.incidents), csv_bytes(curation)


def test_an_edit_is_logged_with_who_what_why_and_undone(data_copy: Path) -> None:
    before = state_bytes(data_copy)
    revision = curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: "14"}, "a second count", "Ana", 1)
    assert revision["by"] == "Ana" and revision["why"] == "a second count" and revision["at"]
    assert revision["changes"]["ia-0003"]["before"] == {schema.KILLED: ""}
    assert revision["changes"]["ia-0003"]["after"] == {schema.KILLED: "14"}
    frame = load_incidents(data_copy).set_index(schema.ID)
    assert frame.at["ia-0003", schema.KILLED] == 14 and frame.at["ia-0003", schema.VERSION] == "2"
    history.undo_revision(data_copy, revision["rev"], "typo", "Ana")
    assert state_bytes(data_copy) == before


@pytest.mark.parametrize(("fields", "says"), [
    ({schema.DATE_END: "2000-01-01"}, "must not be before"), ({schema.PLACE_ID: "sy-nowhere"}, "places.geojson"),
    ({schema.KILLED: "-3"}, "whole number"), ({schema.TYPE: "picnic"}, "type"),
    ({schema.ID: "ia-9999"}, "not a field"), ({schema.KILLED: ""}, "nothing to change")])
def test_an_edit_that_breaks_the_contract_is_refused_and_nothing_changes(data_copy: Path, fields: dict,
                                                                        says: str) -> None:
    before = files(data_copy)
    with pytest.raises(RecordRefusedError, match=says):
        curate.edit_incident(data_copy, "ia-0003", fields, "why", "Ana")
    assert files(data_copy) == before


def test_a_stale_edit_is_refused_naming_the_newer_change(data_copy: Path) -> None:
    curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: "14"}, "first session's count", "Ana", 1)
    before = files(data_copy)
    with pytest.raises(StaleRecordError, match="version 1; now 2, edit by Ana .*first session's count"):
        curate.edit_incident(data_copy, "ia-0003", {schema.INJURED: "3"}, "second session", "Bo", 1)
    assert files(data_copy) == before


def test_retracted_and_merged_records_cannot_be_edited_and_a_merge_needs_another_record(data_copy: Path) -> None:
    with pytest.raises(RecordRefusedError, match="needs its reason"):
        curate.retract(data_copy, "ia-0005", "  ")
    curate.retract(data_copy, "ia-0005", "the source withdrew it", "Ana")
    merging.merge(data_copy, "ia-0001", ["ia-0002"], "one offensive", "Ana")
    for record_id, says in (("ia-0005", "retracted"), ("ia-0002", "merged into ia-0001")):
        with pytest.raises(RecordRefusedError, match=says):
            curate.edit_incident(data_copy, record_id, {schema.KILLED: "1"}, "why")
    with pytest.raises(RecordRefusedError, match="itself"):
        merging.merge(data_copy, "ia-0001", ["ia-0001"], "why")
    with pytest.raises(RecordRefusedError, match="not one of"):
        curate.set_status(data_copy, "ia-0001", "archived", "why")


def test_a_record_added_by_hand_is_a_draft_off_the_default_map_and_its_id_is_never_reused(data_copy: Path) -> None:
    added = curate.add_incident(data_copy, NEW, "seen in a report", "Ana")
    [record_id] = added["changes"]
    assert record_id == "ia-0028"
    frame = load_incidents(data_copy)
    assert record_id not in set(frame.loc[filter_mask(frame, IncidentFilter()), schema.ID])
    assert record_id in set(frame.loc[filter_mask(frame, IncidentFilter(statuses=schema.REVIEW_STATUSES)), schema.ID])
    history.undo_revision(data_copy, added["rev"], "", "Ana")
    assert record_id not in set(load_incidents(data_copy)[schema.ID])
    assert list(curate.add_incident(data_copy, NEW, "again", "Ana")["changes"]) == ["ia-0029"]


def test_corroboration_keeps_every_source_and_its_own_figures(data_copy: Path) -> None:
    curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: "12"}, "adopted", "Ana")
    curate.corroborate(data_copy, "ia-0003", SOURCE, {schema.KILLED: "9"}, "", "Ana")
    record = load_incidents(data_copy).set_index(schema.ID).loc["ia-0003"]
    assert merging.figure_text("12", record[schema.CLAIMS], schema.KILLED) == "12, other sources 9"
    with pytest.raises(RecordRefusedError, match="sources.csv"):
        curate.corroborate(data_copy, "ia-0003", "no-such-source", {}, "", "Ana")


def test_a_merge_keeps_sources_and_claims_and_the_old_id_resolves(data_copy: Path) -> None:
    curate.edit_incident(data_copy, "ia-0002", {schema.KILLED: "7"}, "", "Ana")
    merged = merging.merge(data_copy, "ia-0001", ["ia-0002"], "the same offensive", "Ana")
    frame = load_incidents(data_copy)
    survivor = frame.set_index(schema.ID).loc["ia-0001"]
    assert merging.resolve_id(frame, "ia-0002") == "ia-0001"
    assert "7" in merging.figure_text("200", survivor[schema.CLAIMS], schema.KILLED)
    assert "ia-0002" not in set(frame.loc[filter_mask(frame, IncidentFilter()), schema.ID])
    history.undo_revision(data_copy, merged["rev"], "", "Ana")
    assert merging.resolve_id(load_incidents(data_copy), "ia-0002") == "ia-0002"


def test_history_lists_every_revision_and_an_earlier_one_is_restored_as_a_new_one(data_copy: Path) -> None:
    first = curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: "14"}, "count", "Ana")
    curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: "15", schema.INJURED: "2"}, "recount", "Bo")
    with pytest.raises(RecordRefusedError, match="changed again by revision 2"):
        history.undo_revision(data_copy, first["rev"], "", "Ana")
    restored = history.restore_revision(data_copy, "ia-0003", first["rev"], "the recount was wrong", "Ana")
    rows = history.record_history(data_copy, "ia-0003")
    assert [r["action"] for r in rows] == ["edit", "edit", "restore"] and rows[1]["by"] == "Bo"
    assert ("killed", "14", "15") in rows[1]["fields"]
    assert restored["changes"]["ia-0003"]["after"] == {schema.KILLED: "14", schema.INJURED: ""}


def test_folding_rewrites_the_files_once_and_changes_nothing_read(data_copy: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_FOLD_EVERY", "3")
    stored = (data_copy / "incidents.csv").read_bytes()
    for killed in ("1", "2"):
        curate.edit_incident(data_copy, "ia-0003", {schema.KILLED: killed}, "", "Ana")
    assert (data_copy / "incidents.csv").read_bytes() == stored
    now = state_bytes(data_copy)
    curate.retract(data_copy, "ia-0005", "false", "Ana")
    assert (data_copy / "incidents.csv").read_bytes() != stored and (data_copy / "curation.csv").is_file()
    with folder_lock(data_copy):
        fold(data_copy)
    assert state_bytes(data_copy)[0] == now[0]
    assert load_incidents(data_copy).set_index(schema.ID).at["ia-0005", schema.STATUS] == schema.STATUS_RETRACTED


def test_an_import_whose_records_were_curated_is_not_undone_whole(data_copy: Path) -> None:
    from geo.dataset.store import undo_batch
    from geo.imports.plan import commit_import, plan_import

    raw = b"date,place,type,description\n2019-05-02,Saraqib,airstrike,one strike\n"
    entry = commit_import(data_copy, plan_import(data_copy, raw, "one.csv"))
    [record_id] = entry["incident_ids"]
    curate.set_status(data_copy, record_id, schema.STATUS_IN_REVIEW, "checking it", "Ana")
    before = files(data_copy)
    with pytest.raises(AtlasError, match="curated since"):
        undo_batch(data_copy, entry["batch"], "", "Ana")
    assert files(data_copy) == before


def test_a_new_source_joins_with_its_record_and_not_when_the_record_is_refused(data_copy: Path) -> None:
    from geo.dataset.load import load_sources

    source = {schema.ID: "src-field-notes", schema.TITLE: "Field notes", schema.KIND: "other"}
    cited = {**NEW, schema.SOURCE_IDS: source[schema.ID]}
    before = files(data_copy)
    with pytest.raises(RecordRefusedError, match="must not be before"):
        curate.add_incident(data_copy, {**cited, schema.DATE_END: "2000-01-01"}, "", "Ana", source=source)
    assert files(data_copy) == before
    curate.add_incident(data_copy, cited, "from field notes", "Ana", source=source)
    assert source[schema.ID] in set(load_sources(data_copy)[schema.ID])
    assert load_incidents(data_copy).set_index(schema.ID).at["ia-0028", schema.SOURCE_IDS] == source[schema.ID]


def test_records_not_published_are_drawn_when_asked_for_and_exported_on_request(data_copy: Path,
                                                                             tmp_path: Path) -> None:
    from geo.cli.main import main
    from geo.dataset.load import load_places, load_sources
    from geo.mapview.viewport import view_payload, viewport_around

    curate.add_incident(data_copy, {**NEW, schema.PLACE_ID: "sy-al-qusayr", schema.GEO_PRECISION: "settlement"},
                        "", "Ana")
    frame, view = load_incidents(data_copy), viewport_around((34.85, 38.4), 7)
    for statuses, drawn in (((schema.STATUS_PUBLISHED,), False), (schema.REVIEW_STATUSES, True)):
        payload = view_payload(frame, IncidentFilter(statuses=statuses), view, load_places(data_copy),
                               load_sources(data_copy))
        assert ("ia-0028" in payload["ids"]) is drawn
    out = tmp_path / "drafts.csv"
    assert main(["--data", str(data_copy), "export", "--format", "csv", "-o", str(out), "--status", "draft"]) == 0
    assert "ia-0028" in out.read_text(encoding="utf-8") and "ia-0001" not in out.read_text(encoding="utf-8")
