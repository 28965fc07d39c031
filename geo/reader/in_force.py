"""What is in force while a document is read: the date, place and type a unit without its own takes from the
headings, the title and the text before it."""

from __future__ import annotations

from dataclasses import dataclass

from geo.reader.counts import find_counts
from geo.reader.dates import DateMention
from geo.reader.header_tables import RowCounts
from geo.reader.mention import PlaceMention, best_place
from geo.reader.rules import incident_types_of, unnamed_kind
from geo.reader.segments import Unit
from geo.reader.spans import SpanIndex

TITLE_WORDS = 15
PENDING_REACH = 600  # how far after an unplaced event a clause with dead and a place may still be telling it


@dataclass
class InForce:
    """The date and the place a unit without its own takes from the text before it."""

    when: DateMention | None = None
    where: PlaceMention | None = None
    dateline_place: PlaceMention | None = None
    kind: tuple[list[str], str] = ([], "")
    pending: tuple[list[str], str, int] | None = None
    column_counts: RowCounts | None = None  # the figures of a headed table's count columns, row by row


def stands_alone(passage: str, text_around: tuple[str, str]) -> bool:
    """A short line between blank lines, with no closing stop and no count of dead: a heading ('Clinics hit across
    the south in May', '4. The central bakery, Kafr Batikh')."""
    before, after = text_around
    return (not before.strip(" \t") or before.rstrip(" \t").endswith("\n\n")) \
        and (not after.strip(" \t") or after.lstrip(" \t").startswith("\n\n")) \
        and len(passage.split()) <= TITLE_WORDS and not passage.rstrip().endswith((".", "!", "?", ";", ":", ",")) \
        and not find_counts(passage)


def heading(passage: str, own_start: int, here: list[PlaceMention], own_dates: list[DateMention],
             state: InForce, text_around: tuple[str, str] = ("", "")) -> bool:
    """A heading ('ZABADANI', 'QALB LAWZEH, JUNE 2015') puts its place and date in force, or clears the place."""
    starts_with_place = bool(here) and not passage[:here[0].start - own_start].strip(" *-•\n\t")
    lead = starts_with_place and len(passage.split()) <= 10 and own_dates and not incident_types_of(passage)[0] \
        and not unnamed_kind(passage)
    if not (passage.strip().isupper() or lead or stands_alone(passage, text_around)) or len(passage) > 120:
        return False
    state.kind = incident_types_of(passage) if incident_types_of(passage)[0] else state.kind
    state.where = best_place(here)
    state.when = own_dates[0] if own_dates else state.when
    return True


def borrowed_kind(unit: Unit, state: InForce) -> tuple[list[str], str]:
    """The type of a clause that counts dead but names no type: the event told just before it without a place
    ('Monday's raid on a school ...' then 'nine died when the school in X was hit'), else the heading's
    ('EXECUTIONS REPORTED IN THE SPRING' over 'residents said 17 men had been killed')."""
    if state.pending and unit.start - state.pending[2] <= PENDING_REACH:
        return state.pending[0], state.pending[1]
    return state.kind


def title_kind(text: str) -> tuple[list[str], str]:
    """The incident type a short title names ('Mass killings, first quarter'): in force for killings below it that
    name no type of their own."""
    title = text.lstrip()[:200].split("\n", 1)[0].strip()
    if len(title.split()) > TITLE_WORDS or title.endswith("."):
        return [], ""
    return incident_types_of(title)


def title_place(text: str, places: SpanIndex) -> PlaceMention | None:
    """The place a document's first line names ('What happened at the Ariha bakery'): its subject, the last
    resort for an event whose own text and the text before it name no place."""
    first_line = text.lstrip()[:200].split("\n", 1)[0]
    offset = len(text) - len(text.lstrip())
    return best_place(places.within(offset, offset + len(first_line)))
