"""Table-like logs: one candidate per row ('Date: ... | Location: Governorate : Place | What | Killed: ...')."""

from __future__ import annotations

from geo import schema
from geo.reader.candidates import shape_candidate
from geo.reader.dates import DateMention
from geo.reader.mention import PlaceMention, best_place
from geo.reader.rules import incident_types_of, is_not_an_event, unnamed_kind
from geo.reader.segments import Unit

COUNT_FIELDS = schema.COUNT_COLUMNS


def _field(text: str, unit: Unit, name: str) -> str:
    """The text of one field of the row ('' when the row has none)."""
    span = unit.fields.get(name)
    return text[span[0]:span[1]] if span else ""


def _row_place(text: str, unit: Unit, places) -> PlaceMention | None:
    """The most specific Syrian place of the Location field, written as the row writes it after 'Governorate :'."""
    span = unit.fields.get("location")
    if not span:
        return None
    place = best_place(places.within(*span))
    if place is None:
        return None
    value = text[span[0]:span[1]]
    written = value.split(":", 1)[1].strip() if ":" in value else value.strip()
    return PlaceMention(place.start, place.end, written, place.place, place.confidence, place.role)


def _row_date(unit: Unit, dates) -> DateMention | None:
    """The date of the Date field: one day, or the range it writes."""
    span = unit.fields.get("date")
    found = dates.within(*span) if span else []
    return found[0] if found else None


def row_candidate(text: str, unit: Unit, dates, places) -> tuple[dict | None, DateMention | None]:
    """The candidate a row records (None for CONTEXT rows and rows without a Syrian place), and its date."""
    when = _row_date(unit, dates)
    what, note = _field(text, unit, "what"), _field(text, unit, "note")
    if is_not_an_event(text[unit.start:unit.end].split("|")[0] + "|" + what):
        return None, when
    where = _row_place(text, unit, places)
    types, weapon = incident_types_of(what)
    if not types:
        types, weapon = incident_types_of(note)
    if where is None or not (types or unnamed_kind(what)):
        return None, when
    counts = " ; ".join(f"{name}: {_field(text, unit, name)}" for name in COUNT_FIELDS if name in unit.fields)
    return shape_candidate((unit.start, unit.end), text, when, where, (types, weapon), counts + " ; " + note), when
