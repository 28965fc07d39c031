"""Column mappings the team saves for reuse, kept as a data directory keeps them (`mappings/NAME.json`, among the
stored files, so `db push` brings a folder's and `db pull` gives them back). Saving one is an editor's."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa

from geo.database.accounts import acting_account
from geo.database.connection import require_current, translated
from geo.database.records import bump, keep_files
from geo.dataset.roles import EDIT, require
from geo.files.safe_names import safe_name
from geo.imports.mapping import MAPPINGS_DIR, Mapping, readable_mappings


def team_mappings(url: str) -> dict[str, Mapping]:
    """The team's saved mappings by name (a file that is not a mapping is left out, not fatal)."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text("SELECT path, content FROM stored_files WHERE path LIKE :folder"),
                                  {"folder": f"{MAPPINGS_DIR}/%.json"}).all()
    return readable_mappings({path: bytes(content) for path, content in rows})


def save_team_mapping(url: str, acting: str | None, mapping: Mapping, name: str) -> str:
    """Save (or replace) a mapping under a safe form of `name`, as an editor; the name it was saved under."""
    stem = safe_name(name)
    content = (replace(mapping, name=stem).to_json() + "\n").encode("utf-8")
    with translated(url), require_current(url).begin() as connection:
        require(acting_account(connection, acting), EDIT)
        keep_files(connection, {f"{MAPPINGS_DIR}/{stem}.json": content})
        bump(connection, revision=False)
    return stem
