"""The facility register on a real PostgreSQL: push and pull carry it, the summary in SQL equals the folder's,
roles decide what a change does, and the command line proves the account."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo import schema
from geo.database import accounts, transfer
from geo.database.facilities import book_as, read_register, summary_in_database
from geo.dataset.audit import read_audit
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.errors import NotAllowedError, StoreBusyError
from geo.facilities.book import folder_book
from geo.facilities.register import HEALTH_CARE_FILE
from geo.facilities.register import read_register as read_folder_register
from geo.facilities.summary import GROUPINGS, facility_summary
from tests.conftest import PROJECT, personal_token

PASSWORD = "a long enough passphrase"



@pytest.fixture()
def data_copy(data_copy):
    """The bundled data without its facility register (each test builds its own)."""
    from geo.facilities.register import FILES

    for name in FILES:
        (data_copy / name).unlink(missing_ok=True)
    return data_copy

def _folder_with_register(folder: Path) -> Path:
    """The bundled data with three hospitals, strikes on them and health-care figures."""
    book = folder_book(folder, "Ana")
    ids = [book.add({schema.NAME: name, schema.KIND: kind, schema.PLACE_ID: place}, "test") for name, kind, place in (
        ("Al-Quds hospital", "hospital", "sy-aleppo"), ("Yabroud hospital", "hospital", "sy-yabroud"),
        ("Saraqeb field hospital", "field_hospital", "sy-saraqeb"))]
    for incident, facility in (("ia-0016", ids[0]), ("ia-0017", ids[0]), ("ia-0004", ids[1]), ("ia-0007", ids[2]),
                               ("ia-0003", ids[1])):
        book.link(incident, facility, True, "named by the source")
    (folder / HEALTH_CARE_FILE).write_text("incident_id,health_workers_killed\nia-0016,3\nia-0004,1\n")
    return folder


def test_push_and_pull_carry_the_register_and_the_summaries_agree(team_database: str, data_copy: Path,
                                                                   tmp_path: Path) -> None:
    folder = _folder_with_register(data_copy)
    transfer.push(team_database, folder)
    pushed = read_register(team_database)
    assert len(pushed.facilities) == 3 and len(pushed.strikes) == 5 and len(pushed.health_care) == 2
    incidents = filter_incidents(load_incidents(folder), IncidentFilter())
    for grouping in GROUPINGS:
        in_folder = facility_summary(incidents, read_folder_register(folder), grouping)
        in_database = summary_in_database(team_database, IncidentFilter(), grouping)
        pd.testing.assert_frame_equal(in_database.reset_index(drop=True), in_folder.reset_index(drop=True),
                                      check_dtype=False)
    transfer.pull(team_database, tmp_path / "pulled")
    for name in ("facilities.csv", "facility_strikes.csv"):
        assert pd.read_csv(tmp_path / "pulled" / name, dtype=str).fillna("").equals(
            pd.read_csv(folder / name, dtype=str).fillna(""))


def test_an_editor_proposes_and_a_reviewer_publishes_on_the_team_database(team_database: str,
                                                                          data_copy: Path) -> None:
    transfer.push(team_database, data_copy)
    accounts.add_account(team_database, "root", schema.ROLE_ADMIN, PASSWORD, None)
    for name, role in (("ed", schema.ROLE_EDITOR), ("rev", schema.ROLE_REVIEWER), ("view", schema.ROLE_VIEWER)):
        accounts.add_account(team_database, name, role, PASSWORD, "root")
    added = book_as(team_database, "ed").add({schema.NAME: "Omar clinic", schema.KIND: "clinic",
                                              schema.PLACE_ID: "sy-aleppo"}, "seen in a report")
    book_as(team_database, "ed").link("ia-0016", added, True, "the report names it")
    register = read_register(team_database)
    assert register.facilities.iloc[0][schema.STATUS] == schema.STATUS_IN_REVIEW
    assert register.strikes.iloc[0][schema.LINK] == schema.LINK_PROPOSED
    with pytest.raises(NotAllowedError):
        book_as(team_database, "ed").review(added, schema.STATUS_PUBLISHED, "mine")
    with pytest.raises(NotAllowedError):
        book_as(team_database, "view").add({schema.NAME: "X clinic", schema.KIND: "clinic",
                                            schema.PLACE_ID: "sy-aleppo"}, "no")
    book_as(team_database, "rev").review(added, schema.STATUS_PUBLISHED, "checked")
    book_as(team_database, "rev").link("ia-0016", added, True, "checked")
    register = read_register(team_database)
    assert (register.facilities.iloc[0][schema.STATUS], register.strikes.iloc[0][schema.LINK]) == (
        schema.STATUS_PUBLISHED, schema.LINK_CONFIRMED)
    assert summary_in_database(team_database, IncidentFilter()).iloc[0]["facilities_attacked"] == 1
    from geo.facilities.register import entries_about
    changes = [(e["by"], e["action"]) for e in entries_about(book_as(team_database, "rev").entries(), added)]
    assert changes == [("ed", "facility add"), ("ed", "facility link"), ("rev", "facility publish"),
                       ("rev", "facility link")]


def test_a_change_made_from_a_stale_register_is_refused(team_database: str, data_copy: Path) -> None:
    transfer.push(team_database, data_copy)
    accounts.add_account(team_database, "root", schema.ROLE_ADMIN, PASSWORD, None)
    book = book_as(team_database, "root")
    stale = book.load()
    book.add({schema.NAME: "First clinic", schema.KIND: "clinic", schema.PLACE_ID: "sy-aleppo"}, "one")
    book.load = lambda: stale  # a second session that read the register before the first change
    with pytest.raises(StoreBusyError):
        book.add({schema.NAME: "Second clinic", schema.KIND: "clinic", schema.PLACE_ID: "sy-aleppo"}, "two")
    assert list(read_register(team_database).facilities[schema.NAME]) == ["First clinic"]


def test_the_command_line_proves_the_account_and_the_audit_names_it(team_database: str, data_copy: Path) -> None:
    transfer.push(team_database, data_copy)
    accounts.add_account(team_database, "root", schema.ROLE_ADMIN, PASSWORD, None)
    accounts.add_account(team_database, "rev", schema.ROLE_REVIEWER, PASSWORD, "root")
    command = [sys.executable, "-m", "geo", "--database", team_database, "facilities", "add", "--name",
               "Al-Quds hospital", "--kind", "hospital", "--place", "sy-aleppo", "--by", "rev", "--why", "report"]
    bare = {k: v for k, v in os.environ.items() if k != "ATLAS_TOKEN"}
    refused = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, env=bare, stdin=subprocess.DEVNULL)
    assert refused.returncode == 1 and "ATLAS_TOKEN" in refused.stderr
    proven = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True,
                            env={**bare, "ATLAS_TOKEN": personal_token(team_database, "rev")})
    assert proven.returncode == 0, proven.stderr
    summary = subprocess.run([sys.executable, "-m", "geo", "--database", team_database, "facilities", "summary",
                              "--format", "json"], cwd=PROJECT, capture_output=True, text=True, env=bare)
    assert json.loads(summary.stdout)[0]["attacks"] == 8
    public = subprocess.run([sys.executable, "-m", "geo", "--database", team_database, "facilities", "list",
                             "--public", "--format", "json"], cwd=PROJECT, capture_output=True, text=True, env=bare)
    assert [(f["facility_name"], f["town"]) for f in json.loads(public.stdout)] == [("Al-Quds hospital", "Aleppo")]
    listed = subprocess.run([sys.executable, "-m", "geo", "--database", team_database, "facilities", "changes"],
                            cwd=PROJECT, capture_output=True, text=True, env=bare)  # a read: no proof asked
    assert listed.returncode == 0 and "rev  facility add  fa-al-quds-hospital  report" in listed.stdout
    pulled = Path(data_copy.parent / "pulled")
    transfer.pull(team_database, pulled)
    entry = [e for e in read_audit(pulled) if e["action"] == "facility add"][-1]
    assert (entry["by"], entry["why"]) == ("rev", "report")


def test_a_reviewer_undoes_a_merge_an_editor_may_not_and_a_stale_version_is_refused(team_database: str,
                                                                                     data_copy: Path) -> None:
    from geo.facilities.changes import FacilityError

    folder = _folder_with_register(data_copy)
    transfer.push(team_database, folder)
    accounts.add_account(team_database, "root", schema.ROLE_ADMIN, PASSWORD, None)
    accounts.add_account(team_database, "ed", schema.ROLE_EDITOR, PASSWORD, "root")
    accounts.add_account(team_database, "rev", schema.ROLE_REVIEWER, PASSWORD, "root")
    quds, yabroud = "fa-al-quds-hospital", "fa-yabroud-hospital"
    start = read_register(team_database)
    reviewer = book_as(team_database, "rev")
    reviewer.merge(yabroud, quds, "the same hospital, we thought", expected=1)
    merge = reviewer.entries()[-1]
    assert merge["action"] == "facility merge" and merge["rows"]["strikes"]["added"]
    with pytest.raises(FacilityError, match="is at version 2, not 1"):
        reviewer.correct(quds, {schema.OPERATOR: "a charity"}, "from a stale page", expected=1)
    with pytest.raises(NotAllowedError):
        book_as(team_database, "ed").undo(merge["change"], "not mine to undo")
    reviewer.undo(merge["change"], "two hospitals after all")
    back = read_register(team_database)
    assert sorted(back.strikes[schema.FACILITY_ID]) == sorted(start.strikes[schema.FACILITY_ID])
    assert back.facilities.set_index(schema.ID).loc[yabroud, schema.MERGED_INTO] == ""
    assert reviewer.entries()[-1]["undoes"] == merge["change"]
