"""The team's own gazetteer additions in the team database: kept as the data directory keeps them (their file, among
the stored files, so `db pull` gives the folder's `gazetteer_additions.geojson`), grown in one transaction with its
audit entry, by an editor.

`add_places_to` and `add_one_place_to` take either target (a data folder or a PostgisStore), so a page or a command
calls one function whatever the backend.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import config
from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.database.records import PostgisStore, bump, keep_files, write_audit
from geo.dataset.gazetteer_additions import EMPTY, add_places, addition, extended_additions
from geo.dataset.roles import EDIT, require
from geo.gazetteer.lookup import Gazetteer, load_gazetteer
from geo.gazetteer.sources import BY_HAND, GazetteerRead

Target = Path | PostgisStore


def _additions(connection: Connection, lock: bool = False) -> bytes | None:
    """The additions file as the database keeps it (None when the team has added none)."""
    content = connection.execute(sa.text("SELECT content FROM stored_files WHERE path = :path"
                                         + (" FOR UPDATE" if lock else "")),
                                 {"path": config.GAZETTEER_ADDITIONS_FILE}).scalar()
    return bytes(content) if content is not None else None


@functools.lru_cache(maxsize=4)
def _gazetteer_with(additions: bytes | None) -> Gazetteer:
    """The gazetteer with these additions, built once per content (the loader's own cache keys on a file's path,
    which a scratch folder changes on every call)."""
    with tempfile.TemporaryDirectory() as folder:
        if additions is not None:
            (Path(folder) / config.GAZETTEER_ADDITIONS_FILE).write_bytes(additions)
        return load_gazetteer(data_dir=folder)


def team_gazetteer(connection: Connection) -> Gazetteer:
    """The reference gazetteer plus the team's own additions."""
    return _gazetteer_with(_additions(connection))


def database_gazetteer(url: str) -> Gazetteer:
    """The gazetteer the team database's imports, documents and places use."""
    with translated(url), require_current(url).connect() as connection:
        return team_gazetteer(connection)


def _add_to_database(store: PostgisStore, read: GazetteerRead, file_name: str, why: str) -> tuple[dict, list]:
    """Grow the team's additions file by a read's new places, as the store's account, in one transaction."""
    with translated(store.url), require_current(store.url).begin() as connection:
        account = acting_account(connection, store.acting)
        require(account, EDIT)
        connection.execute(sa.text("SELECT version FROM dataset_state FOR UPDATE"))  # one addition at a time
        now = _additions(connection, lock=True)
        current = json.loads(now.decode("utf-8")) if now is not None else dict(EMPTY)
        content, entry, skipped = extended_additions(current, read, _gazetteer_with(now), file_name, why,
                                                     account.name)
        keep_files(connection, {config.GAZETTEER_ADDITIONS_FILE: content})
        write_audit(connection, entry)
        bump(connection, revision=False)
    return entry, skipped


def add_places_to(target: Target, read: GazetteerRead, file_name: str, why: str,
                  who: str | None) -> tuple[dict, list[tuple[str, str]]]:
    """Add a read's new places to a data folder's or the team's gazetteer; the audit entry and the places skipped."""
    if isinstance(target, Path):
        return add_places(target, read, load_gazetteer(data_dir=str(target)), file_name, why, who)
    return _add_to_database(target, read, file_name, why)


def add_one_place_to(target: Target, name: str, where: tuple[float, float], origin: str = BY_HAND, why: str = "",
                     who: str | None = None, **details) -> str:
    """Add one place (latitude, longitude) with its kind, governorate, Arabic name; return its id."""
    entry, _ = add_places_to(target, addition(name, where, origin, **details), origin, why, who)
    return entry["added_places"][0]
