"""The same curation operations on both backends: the data directory and the team database (PostGIS).

Each test runs twice, once on a copy of data/ and once on a fresh database the copy was pushed into, so that the
two backends cannot drift: the same changes land, the same refusals are given, in one line, changing nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import schema
from geo.database import accounts, transfer
from geo.database.records import PostgisStore
from geo.dataset import curate, history, merging
from geo.dataset.storage import RecordStore, record_store
from geo.errors import RecordRefusedError, StaleRecordError

SOURCE = "dispatch-2013-qusayr"
NEW = {schema.DATE_START: "2019-05-01", schema.DATE_END: "2019-05-01", schema.DATE_PRECISION: "day",
       schema.TYPE: "airstrike", schema.PLACE_ID: "sy-gov-idlib", schema.GEO_PRECISION: "governorate",
       schema.CONFIDENCE: "weak", schema.SOURCE_IDS: SOURCE, schema.DESCRIPTION: "A strike entered by hand."}
PASSWORD = "a long enough password"


def team_store(url: str, data: Path) -> PostgisStore:
    """A team database holding the data folder, with an admin (Ana) and an editor (Omar)."""
    transfer.push(url, data)
    accounts.add_account(url, "Ana", schema.ROLE_ADMIN, PASSWORD, None)
    accounts.add_account(url, "Omar", schema.ROLE_EDITOR, PASSWORD, "Ana")
    return PostgisStore(url)


@pytest.fixture(params=["directory", "postgis"])
def store(request, data_copy: Path) -> RecordStore:
    """The store under test: the data folder's, or a team database's holding the same data."""
    if request.param == "directory":
        return record_store(data_copy)
    return team_store(request.getfixturevalue("team_database"), data_copy)


def record(store: RecordStore, record_id: str) -> dict | None:
    """One record as the store has it now."""
    return store.book().get(record_id)


def test_an_edit_lands_with_its_revision_and_is_undone(store: RecordStore) -> None:
    before = record(store, "ia-0003")
    revision = curate.edit_incident(store, "ia-0003", {schema.KILLED: "14"}, "a second count", "Ana", 1)
    assert revision["by"] == "Ana" and revision["changes"]["ia-0003"]["after"] == {schema.KILLED: "14"}
    after = record(store, "ia-0003")
    assert after[schema.KILLED] == "14" and after[schema.VERSION] == "2"
    assert [row["rev"] for row in history.record_history(store, "ia-0003")] == [revision["rev"]]
    history.undo_revision(store, revision["rev"], "typo", "Ana")
    undone = record(store, "ia-0003")
    assert {k: v for k, v in undone.items() if k != schema.VERSION} == \
        {k: v for k, v in before.items() if k != schema.VERSION} and undone[schema.VERSION] == "3"


@pytest.mark.parametrize(("fields", "says"), [
    ({schema.DATE_END: "2000-01-01"}, "must not be before"), ({schema.PLACE_ID: "sy-nowhere"}, "places.geojson"),
    ({schema.KILLED: "-3"}, "whole number"), ({schema.TYPE: "picnic"}, "type"),
    ({schema.ID: "ia-9999"}, "not a field"), ({schema.KILLED: ""}, "nothing to change"),
    ({schema.LAT: "41.0", schema.LON: "29.0"}, "Syria")])
def test_a_change_that_breaks_the_contract_is_refused_alike(store: RecordStore, fields: dict, says: str) -> None:
    before = record(store, "ia-0003")
    with pytest.raises(RecordRefusedError, match=says):
        curate.edit_incident(store, "ia-0003", fields, "why", "Ana")
    assert record(store, "ia-0003") == before and store.revisions() == []


def test_a_stale_edit_is_refused_naming_the_newer_change(store: RecordStore) -> None:
    curate.edit_incident(store, "ia-0003", {schema.KILLED: "14"}, "first count", "Ana", 1)
    with pytest.raises(StaleRecordError, match=r"version 1; now 2, edit by Ana .*first count"):
        curate.edit_incident(store, "ia-0003", {schema.KILLED: "9"}, "second count", "Ana", 1)
    assert record(store, "ia-0003")[schema.KILLED] == "14"


def test_review_corroborate_merge_and_retract(store: RecordStore) -> None:
    curate.set_status(store, "ia-0003", schema.STATUS_IN_REVIEW, "checking", "Ana")
    curate.corroborate(store, "ia-0003", "wire-2015-us-criticizes-russia", {schema.KILLED: "9"}, "second source", "Ana")
    merged = merging.merge(store, "ia-0003", ["ia-0004"], "one event", "Ana")
    assert merged["changes"]["ia-0004"]["after"] == {schema.MERGED_INTO: "ia-0003"}
    assert store.book().merged_into("ia-0003") == ["ia-0004"]
    with pytest.raises(RecordRefusedError, match="merged into ia-0003"):
        curate.edit_incident(store, "ia-0004", {schema.KILLED: "1"}, "why", "Ana")
    curate.retract(store, "ia-0003", "the source withdrew it", "Ana")
    now = record(store, "ia-0003")
    assert now[schema.STATUS] == schema.STATUS_RETRACTED and "wire-2015-us-criticizes-russia" in now[schema.SOURCE_IDS]
    assert len(store.revisions()) == 4


def test_an_added_record_gets_a_new_id_that_is_never_given_again(store: RecordStore) -> None:
    added = curate.add_incident(store, NEW, "entered by hand", "Ana")
    [first] = added["changes"]
    assert record(store, first)[schema.STATUS] == schema.STATUS_DRAFT
    history.undo_revision(store, added["rev"], "entered twice", "Ana")
    assert record(store, first) is None
    [second] = curate.add_incident(store, NEW, "entered again", "Ana")["changes"]
    assert second != first and int(second.split("-")[1]) > int(first.split("-")[1])


def test_restore_makes_a_record_as_it_was_after_a_revision(store: RecordStore) -> None:
    first = curate.edit_incident(store, "ia-0003", {schema.KILLED: "14"}, "count", "Ana")
    curate.edit_incident(store, "ia-0003", {schema.KILLED: "20", schema.INJURED: "3"}, "recount", "Ana")
    history.restore_revision(store, "ia-0003", first["rev"], "the recount was wrong", "Ana")
    now = record(store, "ia-0003")
    assert (now[schema.KILLED], now[schema.INJURED], now[schema.VERSION]) == ("14", "", "4")


def test_a_record_added_with_a_new_source_brings_it_and_a_refused_one_does_not(store: RecordStore) -> None:
    source = {schema.ID: "witness-2019", schema.TITLE: "A witness statement", schema.KIND: "other"}
    with pytest.raises(RecordRefusedError):
        curate.add_incident(store, {**NEW, schema.SOURCE_IDS: "witness-2019", schema.KILLED: "-1"}, "why", "Ana",
                            source=source)
    added = curate.add_incident(store, {**NEW, schema.SOURCE_IDS: "witness-2019"}, "why", "Ana", source=source)
    assert record(store, next(iter(added["changes"])))[schema.SOURCE_IDS] == "witness-2019"
