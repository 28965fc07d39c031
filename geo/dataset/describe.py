"""One-line descriptions of records for people: a source as cited, a place with its precision."""

from __future__ import annotations

from collections.abc import Mapping

from geo import schema


def source_line(source: Mapping) -> str:
    """'Title — Publisher, date [id]' (publisher and date said when missing)."""
    return (f"{source[schema.TITLE] or 'untitled'} — {source[schema.PUBLISHER] or 'publisher not given'}, "
            f"{source[schema.PUBLISHED] or 'date not given'} [{source[schema.ID]}]")


def place_line(place: Mapping) -> str:
    """'Name — kind, governorate, precision: ...'."""
    return (f"{place[schema.NAME]} — {place[schema.KIND]}, {place[schema.ADMIN1] or 'no governorate'}, "
            f"precision: {place[schema.GEO_PRECISION]}")
