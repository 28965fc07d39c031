"""Place and source corrections behave alike on the data folder and the team database (parametrised), and a place
moved redraws the records that use it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from geo import schema
from geo.database import accounts
from geo.database.connection import engine_for
from geo.database.records import PostgisStore
from geo.database.reference_edits import Target, edit_reference, reference_state, undo_reference
from geo.dataset.load import load_incidents
from geo.errors import DataValidationError, NotAllowedError, RecordRefusedError
from tests.test_storage_backends import PASSWORD, team_store

PLACE, SOURCE = "sy-al-qusayr", "dispatch-2013-qusayr"


@pytest.fixture(params=["directory", "postgis"])
def target(request, data_copy: Path) -> Target:
    """The data folder, or a team database holding it, acting as the editor Omar."""
    if request.param == "directory":
        return data_copy
    url = request.getfixturevalue("team_database")
    team_store(url, data_copy)
    return PostgisStore(url, "Omar")


def drawn_at(target: Target, place_id: str) -> set[tuple[float, float]]:
    """Where the map draws the records at a place (x, y to 5 decimals), as each backend derives it."""
    if isinstance(target, Path):
        frame = load_incidents(target)
        rows = zip(frame.loc[frame[schema.PLACE_ID] == place_id, schema.X],
                   frame.loc[frame[schema.PLACE_ID] == place_id, schema.Y], strict=True)
    else:
        with engine_for(target.url).connect() as connection:
            rows = connection.execute(sa.text("SELECT x, y FROM incident_map WHERE place_id = :place"),
                                      {"place": place_id}).all()
    return {(round(x, 5), round(y, 5)) for x, y in rows}


def test_a_source_correction_is_numbered_kept_and_undone_alike(target: Target) -> None:
    entry = edit_reference(target, "source", SOURCE, {schema.AUTHOR: "A field researcher"}, "named", "Omar")
    values, done = reference_state(target, "source", SOURCE)
    assert (entry["edit"], values[schema.AUTHOR], [e["edit"] for e in done]) == (1, "A field researcher", [1])
    undone = undo_reference(target, 1, "", "Omar")
    assert undone["edit"] == 2 and undone["undoes"] == 1
    assert reference_state(target, "source", SOURCE)[0][schema.AUTHOR] == ""


def test_a_place_moved_redraws_its_records_and_a_bad_kind_is_refused_alike(target: Target) -> None:
    assert drawn_at(target, PLACE) == {(36.58029, 34.5078)}
    edit_reference(target, "place", PLACE, {schema.LAT: "34.52", schema.LON: "36.57"}, "a better fix", "Omar")
    assert drawn_at(target, PLACE) == {(36.57, 34.52)}
    before = reference_state(target, "place", PLACE)
    with pytest.raises(DataValidationError, match="use one of"):
        edit_reference(target, "place", PLACE, {schema.KIND: "palace"}, "typo", "Omar")
    with pytest.raises(RecordRefusedError, match="not a field"):
        edit_reference(target, "place", PLACE, {schema.ID: "sy-elsewhere"}, "typo", "Omar")
    assert reference_state(target, "place", PLACE) == before


def test_a_viewer_cannot_correct_a_place_in_the_team_database(team_database: str, data_copy: Path) -> None:
    team_store(team_database, data_copy)
    accounts.add_account(team_database, "Vera", schema.ROLE_VIEWER, PASSWORD, "Ana")
    with pytest.raises(NotAllowedError, match="viewer"):
        edit_reference(PostgisStore(team_database, "Vera"), "place", PLACE, {schema.NAME: "Qusayr"}, "w", None)
    assert reference_state(PostgisStore(team_database), "place", PLACE)[1] == []
