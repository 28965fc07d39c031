"""`validate` and `build` on the team database: the folder's own checks on the team's data, and the places rebuilt
from documents in one transaction, by a reviewer, with the records at changed places drawn again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from geo import schema
from geo.cli.main import main
from geo.database import accounts
from geo.database.connection import engine_for
from geo.database.maintenance import rebuild_places_to, validate_database
from geo.database.overview import audit_entries
from geo.database.records import PostgisStore
from geo.errors import DataValidationError, NotAllowedError
from tests.conftest import personal_token
from tests.test_storage_backends import PASSWORD, team_store


def _with_note(data: Path, tmp_path: Path) -> Path:
    """A documents folder whose one note (registered as a source) names Saraqib."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("Strikes hit Saraqib.", encoding="utf-8")
    sources = data / "sources.csv"
    sources.write_text(sources.read_text() + "note-1,A note,,,2019,,other,,note.txt\n")
    return docs


def _place(url: str, place_id: str) -> dict:
    """A place's properties as the team database holds them."""
    with engine_for(url).connect() as connection:
        return connection.execute(sa.text("SELECT properties FROM places WHERE id = :id"), {"id": place_id}).scalar()


def test_validate_answers_from_the_folders_checks_and_finds_a_hand_made_fault(
        team_database: str, data_copy: Path, capsys: pytest.CaptureFixture) -> None:
    team_store(team_database, data_copy)
    assert validate_database(team_database) == []
    with engine_for(team_database).begin() as connection:  # someone edits the table by hand, past the library
        connection.execute(sa.text("UPDATE incidents SET type = 'drone' WHERE id = 'ia-0003'"))
    assert main(["--database", team_database, "validate"]) == 1
    [line] = capsys.readouterr().out.strip().splitlines()
    assert "type='drone'" in line and "ia-0003" in line


def test_build_rebuilds_the_teams_places_as_a_reviewer(team_database: str, data_copy: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _with_note(data_copy, tmp_path)
    team_store(team_database, data_copy)
    database = ["--database", team_database]
    monkeypatch.setenv("ATLAS_TOKEN", personal_token(team_database, "Omar"))
    assert main([*database, "build", "--docs", str(docs), "--by", "Omar"]) == 1
    assert "Omar is an editor and may not" in capsys.readouterr().err
    accounts.add_account(team_database, "Rima", schema.ROLE_REVIEWER, PASSWORD, "Ana")
    monkeypatch.setenv("ATLAS_TOKEN", personal_token(team_database, "Rima"))
    assert main([*database, "build", "--docs", str(docs), "--by", "Rima"]) == 0
    assert _place(team_database, "sy-saraqeb")[schema.MENTIONS] == ["dispatch-2013-qusayr", "note-1"]
    entry = audit_entries(team_database)[-1]
    assert (entry["action"], entry["by"]) == ("build", "Rima")
    assert main([*database, "validate"]) == 0


def test_a_build_that_leaves_a_records_place_out_changes_nothing(team_database: str, data_copy: Path) -> None:
    team_store(team_database, data_copy)
    before = json.dumps(_place(team_database, "sy-al-qusayr"), sort_keys=True)

    def without(current: dict, incidents: object) -> dict:
        return {**current, "features": [f for f in current["features"] if f["properties"][schema.ID] != "sy-al-qusayr"]}

    with pytest.raises(DataValidationError, match="sy-al-qusayr is named by records"):
        rebuild_places_to(PostgisStore(team_database, "Ana"), without, "test", None)
    assert json.dumps(_place(team_database, "sy-al-qusayr"), sort_keys=True) == before
    with pytest.raises(NotAllowedError):
        rebuild_places_to(PostgisStore(team_database, "Omar"), lambda current, incidents: current, "test", None)
