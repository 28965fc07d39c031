"""The team database checked and its places rebuilt, as `validate` and `build` do for a data directory.

`validate` writes the database out as a data directory in a scratch folder (one snapshot) and checks it with the
folder's own checks, so the answer is the same whatever holds the data. `build` replaces the places by what the
documents and the records name, in one transaction, checked as places.geojson is; the records at a place that
moved or changed kind are drawn again in the same transaction. Rebuilding every place is a reviewer's decision.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from geo import config, schema
from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.database.map_queries import table_frame
from geo.database.records import PostgisStore, bump, write_audit
from geo.database.transfer import insert_places, places_collection, pull
from geo.dataset.audit import new_entry
from geo.dataset.places import place_problems
from geo.dataset.roles import REVIEW, require
from geo.dataset.store import rebuild_places
from geo.dataset.validate import validate_data_dir
from geo.errors import DataValidationError
from geo.files.tables import read_table
from geo.schema import Problem

Target = Path | PostgisStore
Build = Callable[[dict, pd.DataFrame], dict]
PLACE_REFERENCES = (schema.PLACE_ID, schema.ORIGIN_PLACE_ID, schema.DESTINATION_PLACE_ID)


def validate_database(url: str) -> list[Problem]:
    """The contract's problems with the team's data (none when it keeps it), read from one snapshot; each names
    the file `db pull` would write it to."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        pull(url, folder)
        ids = read_table(folder / config.INCIDENTS_FILE, (schema.ID,))[schema.ID].tolist()
        return [_by_record(problem, ids) for problem in validate_data_dir(folder)]


def _by_record(problem: Problem, ids: list[str]) -> Problem:
    """A problem on a line of the pulled incidents.csv, located by its record's id (a database has no lines)."""
    line = problem.where.removeprefix("line ")
    if problem.file != config.INCIDENTS_FILE or not line.isdigit() or not 2 <= int(line) < len(ids) + 2:
        return problem
    return dataclasses.replace(problem, where=f"record {ids[int(line) - 2]}")


def _checked(collection: dict, incidents: pd.DataFrame, sources: set[str]) -> None:
    """Refuse (DataValidationError) places that break the contract or leave a record's place out."""
    problems = place_problems(collection, sources, config.PLACES_FILE)
    kept = {f["properties"][schema.ID] for f in collection["features"]}
    named = set().union(*(set(incidents[column]) for column in PLACE_REFERENCES)) - {""}
    problems += [f"{config.PLACES_FILE}: {place_id} is named by records but would be left out"
                 for place_id in sorted(named - kept)]
    if problems:
        raise DataValidationError(problems)


def _drawn_as(collection: dict) -> dict[str, tuple]:
    """Each place's shape, kind and governorate (what its records are drawn from), by id."""
    return {f["properties"][schema.ID]: (f["geometry"], f["properties"].get(schema.KIND),
                                         f["properties"].get(schema.ADMIN1)) for f in collection["features"]}


def _changed_places(before: dict, after: dict) -> list[str]:
    """The ids of places added, taken out, or whose shape, kind or governorate changed."""
    old, new = _drawn_as(before), _drawn_as(after)
    return sorted(place_id for place_id in old.keys() | new.keys() if old.get(place_id) != new.get(place_id))


def _rebuild_in_database(store: PostgisStore, build: Build, why: str) -> dict:
    """Replace the team's places by build(current places, records), as a reviewer, in one transaction."""
    with translated(store.url), require_current(store.url).begin() as connection:
        account = acting_account(connection, store.acting)
        require(account, REVIEW)
        connection.execute(sa.text("SELECT version FROM dataset_state FOR UPDATE"))
        connection.execute(sa.text("LOCK TABLE places IN EXCLUSIVE MODE"))
        current = places_collection(connection)
        incidents = table_frame(connection, "incidents", schema.INCIDENT_COLUMNS)
        collection = build(current, incidents)
        _checked(collection, incidents, set(connection.execute(sa.text("SELECT id FROM sources")).scalars()))
        connection.execute(sa.text("DELETE FROM places"))
        insert_places(connection, collection)
        connection.execute(sa.text("UPDATE incidents SET place_id = place_id WHERE place_id = ANY(:changed) OR "
                                   "destination_place_id = ANY(:changed)"),
                           {"changed": _changed_places(current, collection)})
        entry = new_entry("build", "", why, account.name, places=len(collection["features"]))
        write_audit(connection, entry)
        bump(connection, revision=False)
    return entry


def rebuild_places_to(target: Target, build: Build, why: str, who: str | None) -> dict:
    """Replace the places of a data folder or of the team database by build(current places, records)."""
    if isinstance(target, Path):
        return rebuild_places(target, build, why, who)
    return _rebuild_in_database(target, build, why)
