"""What the team app's pages read besides the map: a search within the sidebar's filter, one record in full with
the records merged into it, the sources, places, reported totals and kept document texts. Each reads only what it
shows."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from geo import schema
from geo.database.connection import require_current, translated
from geo.database.map_queries import filter_where, records, source_rows, table_frame
from geo.database.mapview import typed_records
from geo.dataset.history import GONE_COLUMNS
from geo.dataset.query import IncidentFilter
from geo.dataset.store import DOCUMENTS_DIR
from geo.files.text import document_from_bytes

MAX_SEARCH_WORDS = 8
SEARCHED = (schema.DESCRIPTION, schema.PLACE_TEXT, schema.PERPETRATOR, schema.WEAPON, schema.FACILITY)


def like_pattern(text: str) -> str:
    """A LIKE pattern that finds the text anywhere, its own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _word_found(at: int) -> str:
    """SQL that holds when word number `at` is in a record's words, its type or any spelling of its place (the
    place's name, its Arabic name or an alternate name)."""
    word = f":word{at}"
    columns = " OR ".join(f"i.{column} ILIKE {word}" for column in (*SEARCHED, schema.TYPE))
    spellings = (f"EXISTS (SELECT 1 FROM places p WHERE p.id = i.place_id AND (p.name ILIKE {word} "
                 f"OR p.properties->>'{schema.NAME_AR}' ILIKE {word} "
                 f"OR (json_typeof(p.properties->'{schema.ALT_NAMES}') = 'array' AND EXISTS (SELECT 1 FROM "
                 f"json_array_elements_text(p.properties->'{schema.ALT_NAMES}') AS spelt(name) "
                 f"WHERE spelt.name ILIKE {word}))))")
    return f"({columns} OR {spellings})"


def search_records(url: str, chosen: IncidentFilter, text: str, limit: int) -> tuple[pd.DataFrame, bool]:
    """The first `limit` records the filter keeps whose id is the text, or that hold every word of it in their words,
    type or any spelling of their place, and whether there are more (one pass, stopping at the limit: the words have
    no index, so a rare word reads every record once)."""
    where = filter_where(chosen)
    words = text.split()[:MAX_SEARCH_WORDS]
    if words:
        every = " AND ".join(_word_found(at) for at in range(len(words)))
        where = where.narrowed(f"EXISTS (SELECT 1 FROM incidents i WHERE i.id = incident_map.id AND "
                               f"(i.id = :exact OR ({every})))", exact=text.strip(),
                               **{f"word{at}": like_pattern(word) for at, word in enumerate(words)})
    with translated(url), require_current(url).connect() as connection:
        found = records(connection, where, limit + 1)
        shown = typed_records(connection, found.head(limit), source_rows(connection))[0]
    return shown, len(found) > limit


def record_in_full(url: str, record_id: str) -> tuple[pd.Series | None, list[str]]:
    """One record (typed, joined; a merged id gives the record it was merged into) and the ids merged into it."""
    with translated(url), require_current(url).connect() as connection:
        survivor = connection.execute(sa.text("SELECT COALESCE(NULLIF(merged_into, ''), id) FROM incidents "
                                              "WHERE id = :record"), {"record": record_id}).scalar()
        if survivor is None:
            return None, []
        where = filter_where(IncidentFilter(statuses=schema.REVIEW_STATUSES))
        found = records(connection, where.narrowed("id = :record", record=survivor))
        aliases = connection.execute(sa.text("SELECT id FROM incidents WHERE merged_into = :record ORDER BY id"),
                                     {"record": survivor}).scalars().all()
        frame = typed_records(connection, found, source_rows(connection))[0]
    return (frame.iloc[0] if len(frame) else None), list(aliases)


def sources_now(url: str) -> pd.DataFrame:
    """Every source in the order they came in."""
    with translated(url), require_current(url).connect() as connection:
        return source_rows(connection)


def stored_document(url: str, document: str) -> str | None:
    """The text of a registered document the database keeps (as a data folder's documents/ file), or None."""
    if not document or "/" in document:
        return None
    with translated(url), require_current(url).connect() as connection:
        content = connection.execute(sa.text("SELECT content FROM stored_files WHERE path = :path"),
                                     {"path": f"{DOCUMENTS_DIR}/{document}"}).scalar()
    return document_from_bytes(bytes(content), document).text if content is not None else None


LIST_PROPERTIES = (schema.ALT_NAMES, schema.MENTIONS)


def all_places(url: str) -> pd.DataFrame:
    """Every place's properties (as places.geojson holds them; lists stay lists), indexed by id, in the order
    they came in."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text("SELECT properties FROM places ORDER BY position")).scalars().all()
    frame = pd.DataFrame([{**{p: [] if p in LIST_PROPERTIES else "" for p in schema.PLACE_PROPERTIES},
                           **{k: v for k, v in found.items() if v is not None}} for found in rows],
                         columns=list(schema.PLACE_PROPERTIES))
    return frame.set_index(schema.ID, drop=False)


def totals_now(url: str) -> pd.DataFrame:
    """The reported totals (context, never map points) in the order they came in."""
    with translated(url), require_current(url).connect() as connection:
        return table_frame(connection, "totals", schema.TOTAL_COLUMNS)


def retracted_now(url: str) -> pd.DataFrame:
    """Every id no longer on the map (retracted or merged), as geo.dataset.history.retracted_list lists them."""
    with translated(url), require_current(url).connect() as connection:
        rows = connection.execute(sa.text(f"SELECT {', '.join(GONE_COLUMNS)} FROM incidents WHERE status = :gone "
                                          "OR merged_into <> '' ORDER BY position"),
                                  {"gone": schema.STATUS_RETRACTED}).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(GONE_COLUMNS), dtype=object)
