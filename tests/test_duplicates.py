"""The duplicate finder: the pairs it offers, the decisions it remembers, alike on the data folder and the team
database (parametrised), and the same pairs and scores from both on 3,000 synthetic incidents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import write_synthetic_data_dir
from geo import config, schema
from geo.cli.main import main
from geo.database import accounts, transfer
from geo.database.duplicates import Target, candidates_of, database_candidates, mark_distinct_to
from geo.database.records import PostgisStore
from geo.dataset.curate import add_incident, retract
from geo.dataset.duplicates import Window, decided_pairs, duplicate_candidates
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter
from geo.errors import AtlasError, NotAllowedError, RecordRefusedError
from tests.conftest import personal_token
from tests.test_storage_backends import PASSWORD, team_store

WINDOW = Window()
# Two tellings of one strike on Saraqib a day apart, a shelling of Saraqib the same day (another type, one family),
# a siege there (another family), and a strike on Saraqib's governorate seat, far off.
NEAR = {schema.DATE_START: "2019-05-02", schema.DATE_END: "2019-05-02", schema.DATE_PRECISION: "day",
        schema.TYPE: "airstrike", schema.PLACE_ID: "sy-saraqeb", schema.GEO_PRECISION: "settlement",
        schema.CONFIDENCE: "fair", schema.SOURCE_IDS: "dispatch-2013-qusayr", schema.KILLED: "4",
        schema.DESCRIPTION: "An airstrike hit the market."}
TELLINGS = [NEAR, {**NEAR, schema.DATE_START: "2019-05-03", schema.DATE_END: "2019-05-03",
                   schema.DESCRIPTION: "Warplanes struck the market."},
            {**NEAR, schema.TYPE: "shelling", schema.KILLED: "", schema.DESCRIPTION: "Shells fell."},
            {**NEAR, schema.TYPE: "siege", schema.DESCRIPTION: "The town was encircled."}]


@pytest.fixture(params=["directory", "postgis"])
def target(request, data_copy: Path) -> Target:
    """The data folder with the four tellings, or a team database holding it (Rima a reviewer acting)."""
    for fields in TELLINGS:
        add_incident(data_copy, fields, "test", "Lina", schema.STATUS_PUBLISHED)
    if request.param == "directory":
        return data_copy
    url = request.getfixturevalue("team_database")
    team_store(url, data_copy)
    accounts.add_account(url, "Rima", schema.ROLE_REVIEWER, PASSWORD, "Ana")
    return PostgisStore(url, "Rima")


def _pairs(target: Target, window: Window = WINDOW) -> list[tuple[str, str]]:
    """The offered pairs, best first."""
    pairs, _ = candidates_of(target, window)
    return list(zip(pairs["first"], pairs["second"], strict=True))


def test_one_event_told_twice_is_offered_with_its_distance_and_a_decision_is_remembered(target: Target) -> None:
    pairs, records = candidates_of(target, Window())
    found = pairs.set_index(["first", "second"])
    assert ("ia-0028", "ia-0029") in found.index and ("ia-0028", "ia-0030") in found.index
    assert ("ia-0028", "ia-0031") not in found.index  # a siege is another family
    assert found.loc[("ia-0028", "ia-0029"), "days_apart"] == 1 and found.loc[("ia-0028", "ia-0029"), "km_apart"] == 0
    assert set(records[schema.ID]) >= {"ia-0028", "ia-0029", "ia-0030"}
    decision = mark_distinct_to(target, "ia-0029", "ia-0028", "two strikes, says the hospital", "Rima")
    assert decision["pair"] == ["ia-0028", "ia-0029"]
    assert ("ia-0028", "ia-0029") not in _pairs(target) and ("ia-0028", "ia-0030") in _pairs(target)


def test_a_retracted_record_is_not_offered_and_a_wider_window_finds_more(target: Target) -> None:
    assert ("ia-0028", "ia-0029") not in _pairs(target, Window(days=0))
    assert ("ia-0028", "ia-0029") in _pairs(target, Window(days=1))
    retract(target, "ia-0029", "a copy", "Rima")
    assert not [p for p in _pairs(target) if "ia-0029" in p]


def test_a_filter_narrows_the_records_compared_and_too_many_are_refused_in_one_line(
        target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.dataset import duplicates

    strikes = IncidentFilter(date_from=date(2019, 5, 1), types=("airstrike",))
    pairs, records = candidates_of(target, WINDOW, strikes)
    offered = set(zip(pairs["first"], pairs["second"], strict=True))
    assert ("ia-0028", "ia-0029") in offered and ("ia-0028", "ia-0030") not in offered  # the shelling is left out
    assert set(records[schema.ID]) >= {"ia-0028", "ia-0029"} and "ia-0030" not in set(records[schema.ID])
    assert ("ia-0028", "ia-0030") in _pairs(target)
    monkeypatch.setattr(duplicates, "MOST_PAIRS", 1)
    with pytest.raises(AtlasError, match="candidate pairs, more than 1 at once: narrow"):
        candidates_of(target, WINDOW)
    monkeypatch.setattr(duplicates, "MOST_COMPARED", 3)
    with pytest.raises(AtlasError, match="records to compare for duplicates, more than 3 at once: narrow"):
        candidates_of(target, WINDOW)


def test_a_decision_on_an_unknown_record_or_on_one_record_alone_is_refused(target: Target) -> None:
    with pytest.raises(RecordRefusedError, match="no record 'ia-9999'.*nothing was remembered"):
        mark_distinct_to(target, "ia-0028", "ia-9999", "not the same", "Rima")
    with pytest.raises(RecordRefusedError, match="'ia-0028' is one record, not a pair"):
        mark_distinct_to(target, "ia-0028", "ia-0028", "not the same", "Rima")
    assert ("ia-0028", "ia-0029") in _pairs(target)


def test_a_refused_decision_leaves_the_folders_decisions_as_they_were(data_copy: Path) -> None:
    mark_distinct_to(data_copy, "ia-0001", "ia-0002", "two events", "Rima")
    before = (data_copy / config.DECISIONS_FILE).read_bytes()
    with pytest.raises(RecordRefusedError):
        mark_distinct_to(data_copy, "ia-0001", "ia-9999", "two events", "Rima")
    assert (data_copy / config.DECISIONS_FILE).read_bytes() == before
    assert decided_pairs(data_copy) == {("ia-0001", "ia-0002")}


def test_deciding_on_the_team_database_needs_a_reviewer_and_known_records(team_database: str,
                                                                          data_copy: Path) -> None:
    team_store(team_database, data_copy)
    with pytest.raises(NotAllowedError, match="editor"):
        mark_distinct_to(PostgisStore(team_database, "Omar"), "ia-0001", "ia-0002", "", None)
    with pytest.raises(RecordRefusedError, match="ia-9999"):
        mark_distinct_to(PostgisStore(team_database, "Ana"), "ia-0001", "ia-9999", "", None)


def test_the_decisions_come_back_as_the_folders_file_and_the_commands_read_the_database(
        team_database: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for fields in TELLINGS:
        add_incident(data_copy, fields, "test", "Lina", schema.STATUS_PUBLISHED)
    team_store(team_database, data_copy)
    database = ["--database", team_database]
    monkeypatch.setenv("ATLAS_TOKEN", personal_token(team_database, "Ana"))
    assert main([*database, "duplicates", "--distinct", "ia-0028", "ia-0029", "--by", "Ana", "--why", "two"]) == 0
    capsys.readouterr()
    assert main([*database, "duplicates"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("first,second,days_apart,km_apart,score") and "ia-0028,ia-0030" in out
    assert "ia-0028,ia-0029" not in out
    assert main([*database, "db", "pull", "--to", str(tmp_path / "pulled")]) == 0
    assert decided_pairs(tmp_path / "pulled") == {("ia-0028", "ia-0029")}
    assert main([*database, "incident", "retract", "ia-0030", "--by", "Ana", "--why", "a copy"]) == 0
    capsys.readouterr()
    assert main([*database, "incident", "retracted"]) == 0
    gone = capsys.readouterr().out.splitlines()
    assert gone[0] == "id,status,merged_into,status_at,status_by,status_why"
    assert gone[1].startswith("ia-0030,retracted,")
    assert gone[1].endswith(",Ana,a copy") and len(gone) == 2


def test_both_backends_offer_the_same_pairs_with_the_same_scores(team_database: str, tmp_path: Path) -> None:
    folder = write_synthetic_data_dir(tmp_path / "synthetic", 3000, radius_share=0.25)
    transfer.push(team_database, folder)
    for window in (Window(), Window(days=7, km=20.0)):
        files = duplicate_candidates(load_incidents(folder), window)
        database, _ = database_candidates(team_database, window)
        assert len(files) > 20
        pd.testing.assert_frame_equal(database.reset_index(drop=True), files.reset_index(drop=True),
                                      check_dtype=False)
