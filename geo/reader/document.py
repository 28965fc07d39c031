"""The document reader: a text becomes place mentions, candidate incidents and reported totals.

Events are read from the structure of the text: table rows, bullets, sentences and clauses, with the date
and the place in force carried from one unit to the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from geo import config, schema
from geo.errors import InputFileError
from geo.files.text import prepared_text
from geo.gazetteer.lookup import Gazetteer
from geo.reader.candidates import Tellings, shape_candidate
from geo.reader.counts import find_counts
from geo.reader.dates import DateMention, find_dates
from geo.reader.header_tables import column_counts
from geo.reader.in_force import InForce, borrowed_kind, heading, title_kind, title_place
from geo.reader.mention import PlaceMention, best_place
from geo.reader.mentions import find_place_mentions
from geo.reader.rows import row_candidate
from geo.reader.rules import first_signal, has_total_marker, incident_types_of, is_not_an_event, unnamed_kind
from geo.reader.segments import Unit, segment, split_sentences
from geo.reader.spans import SpanIndex

_DAY_MONTH_YEAR = r"(?:\d{1,2} [A-Z][a-z]{2,8}\.?,? \d{4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})"
DATELINE = re.compile(r"^(?P<place>[A-Z][\w .'’-]{2,40}?)(?:,\s*[A-Za-z .]+)?,\s*(?P<date>" + _DAY_MONTH_YEAR
                      + r")\s*(?:[-–—:(]|$)", re.MULTILINE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
HEAD_LINES = 6  # a document with no 'Published:' line or dateline is dated by a full date in its first lines
PUBLISHED = re.compile(r"^\s*(?:Published|Posted|Date(?: of (?:issue|publication))?|Updated|Dated|Issued|Released"
                       r"|Export date)\s*[:\-–]?\s*(?P<date>[^|\n]+)$",
                       re.MULTILINE | re.IGNORECASE)
PERIOD = re.compile(r"^\s*(?:Period|Coverage|Covering|Reporting period)\s*:\s*.+$", re.MULTILINE | re.IGNORECASE)
DATE_FROM_TEXT, DATE_GIVEN, DATE_TODAY = "the document's own dateline", "the date given", "today (none found)"
GENERAL_KINDS = ("country", "governorate", "region")
HEAD_CHARACTERS = 2000  # where a document's own date (a 'Published:' line or a dateline) is looked for
ARABIC_SHARE = 0.5
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]+")
LASTING = {"siege", "displacement"}
ONGOING = re.compile(r"\b(?:remains?|still|continues?|is) (?:under siege|besieged|encircled|cut off)\b", re.IGNORECASE)
SIEGE_ENDS = re.compile(r"\b(?:siege|encirclement|blockade)\b.{0,40}\b(?:ended|lasted until|was lifted|was broken"
                        r"|came to an end)"
                        r"|\b(?:broke|lifted|ended) the siege\b", re.IGNORECASE)
ANAPHORIC_ATTACK = re.compile(r"\b(?:a similar|another|the same kind of|a second|a further|a new) (?:attack|strike|raid"
                              r"|assault|bombardment)\b", re.IGNORECASE)
__all__ = ["Reading", "evidence_spans", "find_document_date", "read_document", "split_sentences"]


@dataclass
class Reading:
    """What the reader found in one document."""

    document_date: date
    date_source: str
    text: str = ""
    mentions: list[PlaceMention] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _header_match(text: str) -> re.Match | None:
    """The 'Published:' line or the dateline near the top that dates the document."""
    head = text[:HEAD_CHARACTERS]
    for pattern in (PUBLISHED, DATELINE):
        for found in pattern.finditer(head):
            dates = find_dates(found.group("date"), date.today())
            if dates and dates[0].precision == "day" and dates[0].explicit_year:
                return found
    return None


def find_document_date(text: str) -> date | None:
    """The document's own date: a 'Published:' line or a dateline near the top, else the first full date (with its
    year) in the first lines ('Recorded 14 March 2020', 'Weekly update, 1-7 April 2018': its last day)."""
    found = _header_match(text)
    if found:
        return find_dates(found.group("date"), date.today())[0].date_start
    head = "\n".join(text.lstrip()[:HEAD_CHARACTERS].split("\n")[:HEAD_LINES])
    written = [d for d in find_dates(head, date.today()) if d.precision in ("day", "range") and YEAR.search(d.text)]
    return written[0].date_end if written else None


REPORTED_ON = re.compile(r"\b(?:said|says|told (?:us|reporters|\w+)|reported|announced|stated|added|wrote|confirmed)"
                         r"\s+(?:on\s+|late on\s+|early on\s+)?$", re.IGNORECASE)
OTHER_EVENT = re.compile(r"\b(?:after|before|since|following|than|like)\s+(?:the|that|this|an?)\s+(?:[\w'’-]+\s+){0,3}?"
                         r"(?:strikes?|attacks?|raids?|massacres?|bombings?|shelling|offensive)\b", re.IGNORECASE)
EACH_DAY = re.compile(r"\b(?:(?:on )?each of the (?:\w+ )?days|on both days|each day|every day)\b", re.IGNORECASE)
MAX_DAYS_APART = 6
RETROSPECTIVE = re.compile(r"\b(?:already|previously|earlier)\b", re.IGNORECASE)  # an aside about the past
SINCE = re.compile(r"\bsince\b", re.IGNORECASE)


def _event_dates(text: str, unit: Unit, dates: list[DateMention], types: list[str]) -> list[DateMention]:
    """The dates that can date an event: not when something was said, nor the point a comparison runs from."""
    since = SINCE.search(text, unit.start, unit.end)
    lasting = {"siege", "displacement"} & set(types)
    return [d for d in dates if not REPORTED_ON.search(text[max(unit.start, d.start - 40):d.start])
            and (lasting or not since or d.start < since.start())]


def _nearest_date(dates: list[DateMention], near: int) -> DateMention | None:
    """The date written nearest the word that signals the event."""
    return min(dates, key=lambda d: (min(abs(d.start - near), abs(d.end - near)), d.start), default=None)


def _total(text: str, span: tuple[int, int], dates: list[DateMention]) -> dict:
    """Shape one reported total."""
    passage = text[span[0]:span[1]]
    measure, value = next(iter(find_counts(passage).items()))
    widest = max(dates, key=lambda d: (d.date_end - d.date_start).days) if dates else None
    return {schema.MEASURE: measure, schema.VALUE: value,
            schema.DATE_START: widest.date_start.isoformat() if widest else "",
            schema.DATE_END: widest.date_end.isoformat() if widest else "",
            "evidence": {"start": span[0], "end": span[1], "text": passage.strip()}}


def _is_total(passage: str, dates: list[DateMention], place: PlaceMention | None) -> bool:
    """A cumulative figure: marked as one, or over a long span, and not at one specific place."""
    if not find_counts(passage):
        return False
    long_span = any((d.date_end - d.date_start).days > 400 for d in dates)
    general = place is None or place.place.kind in GENERAL_KINDS
    if incident_types_of(passage)[0] and any(d.precision == "day" for d in dates) and not long_span:
        return False
    return (has_total_marker(passage) and (general or long_span)) or (long_span and general)


def _event_when(passage: str, own_dates: list[DateMention], types: list[str], trigger: int,
                document_date: date) -> DateMention | None:
    """The event's date: the one nearest its signal; a siege or displacement spans every date the clause gives."""
    if not (set(types) & LASTING) or not own_dates:
        return _nearest_date(own_dates, trigger) if types else (own_dates[0] if own_dates else None)
    first, last = own_dates[0], own_dates[-1]
    end = document_date if ONGOING.search(passage) else max(d.date_end for d in own_dates)
    if first is last and end == first.date_end:
        return first
    return DateMention(first.start, last.end, first.text + " … " + last.text, first.date_start,
                       max(end, first.date_end), "range", first.explicit_year, first.ambiguous)


def _follow_up(passage: str, unit: Unit, found: list[dict], here: list[PlaceMention]) -> list[str] | None:
    """A clause that adds to the event before it: 'a similar attack' takes its types; a toll fills its counts."""
    previous = found[-1] if found else None
    if previous is None:
        return None
    if ANAPHORIC_ATTACK.search(passage):
        return list(previous["types"])
    counts = find_counts(passage)
    if counts and not best_place(here) and previous["evidence"]["end"] >= unit.start - 400:
        for measure, value in counts.items():
            if measure in schema.COUNT_COLUMNS and previous.get(measure) == "":
                previous[measure] = value
    return None


def _ends_siege(passage: str, types: list[str], where: PlaceMention, when, found: Tellings) -> bool:
    """'The siege ended on 5 September': the siege already read at that place now has its end."""
    if types != ["siege"] or not when or not SIEGE_ENDS.search(passage):
        return False
    for candidate in reversed(found):
        if "siege" in candidate["types"] and candidate[schema.PLACE_NAME] == where.place.name:
            candidate[schema.DATE_END] = max(candidate[schema.DATE_END], when.date_end.isoformat())
            candidate[schema.DATE_PRECISION] = "range"
            return True
    return False


def _each_day(passage: str, when: DateMention | None) -> list[DateMention | None]:
    """'strikes on each of the two days' over a few days' range: one event a day; else the one date."""
    if not when or when.precision != "range" or not EACH_DAY.search(passage) \
            or (when.date_end - when.date_start).days > MAX_DAYS_APART:
        return [when]
    days = range((when.date_end - when.date_start).days + 1)
    return [replace(when, date_start=when.date_start + timedelta(days=n), date_end=when.date_start + timedelta(days=n),
                    precision="day") for n in days]


def _read_clause(text: str, unit: Unit, indexes: tuple[SpanIndex, SpanIndex], state: InForce,
                 reading: Reading, found: Tellings) -> None:
    """Read one clause: update what is in force, and add a candidate or a total if it tells of one."""
    span, passage = (unit.start, unit.end), text[unit.start:unit.end]
    types, weapon = incident_types_of(OTHER_EVENT.sub(" ", passage))
    own_dates = _event_dates(text, unit, indexes[0].within(*span), types)
    here = indexes[1].within(*span)
    if heading(passage, unit.start, here, own_dates, state, (text[max(0, unit.start - 3):unit.start],
                                                              text[unit.end:unit.end + 3])):
        return
    trigger = unit.start + max(first_signal(passage), 0)
    place = best_place(here, trigger)
    if _is_total(passage, own_dates, place):
        reading.totals.append(_total(text, span, own_dates))
        state.when = _event_when(passage, own_dates, types, trigger, reading.document_date) or state.when
        return
    types = types or _follow_up(passage, unit, found, here) or []
    harmed = any(find_counts(passage).get(m) for m in (schema.KILLED, schema.INJURED))
    if not types and harmed:
        types, weapon = borrowed_kind(unit, state)
    when = _event_when(passage, own_dates, types, trigger, reading.document_date)
    when = when or state.when
    state.when = state.when if RETROSPECTIVE.search(passage) and state.when else when
    if unit.first_of_item:
        state.where = None
    where = place or state.where or (state.dateline_place if types else None)
    state.where = place if place and place.role != "container" else state.where
    if types and not where and not is_not_an_event(passage, harmed):
        state.pending = (types, weapon, unit.end)
    if not (types or unnamed_kind(passage)) or not where or is_not_an_event(passage, harmed):
        return
    state.pending = (types, weapon, unit.end) if types else None
    if not _ends_siege(passage, types, where, when, found):
        columns = state.column_counts.at(unit.start) if state.column_counts else None
        counts_text = f"{columns} ; {passage}" if columns else None
        found += [shape_candidate(span, text, day, where, (types, weapon), counts_text)
                  for day in _each_day(passage, when)]


def read_document(text: str, gazetteer: Gazetteer, fallback_date: date | None = None,
                  given_date: date | None = None) -> Reading:
    """Read a document: its date, place mentions, candidate incidents and reported totals (every offset in them
    is into `reading.text`, the text as prepared for reading). The document's date is `given_date` when a person
    gave it, else its own dateline, else `fallback_date`, else today."""
    if len(text) > config.MAX_DOCUMENT_BYTES:
        raise InputFileError(f"the document has {len(text):,} characters, over the reader's limit of "
                             f"{config.MAX_DOCUMENT_BYTES:,}; split it")
    text = prepared_text(text)
    header = _header_match(text)
    own_date = None if given_date else find_document_date(text)
    document_date = given_date or own_date or fallback_date or date.today()
    source = DATE_FROM_TEXT if own_date else (DATE_GIVEN if given_date or fallback_date else DATE_TODAY)
    reading = Reading(document_date, source, text, find_place_mentions(text, gazetteer))
    excluded = header.span("date") if header else (0, 0)
    all_dates = [d for d in find_dates(text, document_date) if not (excluded[0] <= d.start < excluded[1])]
    dates, places = SpanIndex(all_dates), SpanIndex(reading.mentions)
    state = InForce(when=_period(text, dates))
    if header and header.re is DATELINE:
        state.dateline_place = best_place(places.within(*header.span("place")))
    state.dateline_place = state.dateline_place or title_place(text, places)
    state.kind = title_kind(text)
    state.column_counts = column_counts(text)
    found = Tellings(text)
    for unit in segment(text):
        if unit.kind == "row":
            candidate, when = row_candidate(text, unit, dates, places)
            state.when = when or state.when
            found += [candidate] if candidate else []
        else:
            _read_clause(text, unit, (dates, places), state, reading, found)
    reading.incidents = found.merged()
    reading.notes = _notes(text, reading, own_date is not None or fallback_date is not None)
    return reading


def _notes(text: str, reading: Reading, dated: bool) -> list[str]:
    """What the person should know about this reading: Arabic text, no dates, nothing found."""
    head = text[:200_000]
    letters = sum(ch.isalpha() for ch in head)
    arabic = sum(ch.isalpha() for run in ARABIC_SCRIPT.finditer(head) for ch in run.group())
    notes = []
    if letters and arabic / letters > ARABIC_SHARE:
        notes.append("the text is mostly in Arabic script: places are found in it, but incidents are read from "
                     "English text only")
    if not dated:
        notes.append("the document has no date of its own and none was given: relative dates are read against today")
    if not reading.incidents and any(m.place.in_syria for m in reading.mentions):
        notes.append("no incident was read, though Syrian places are named: the text may tell its events in a layout "
                     "the reader does not know; its place mentions are listed for you to read it yourself")
    if not any(c[schema.DATE_START] for c in reading.incidents) and reading.incidents:
        notes.append("no candidate has a date: the text gives none the reader could tie to an event")
    return notes


def _period(text: str, dates: SpanIndex) -> DateMention | None:
    """The period a report covers ('Coverage: 1-30 June 2018'), in force until a unit dates itself."""
    found = PERIOD.search(text[:2000])
    within = dates.within(*found.span()) if found else []
    return within[0] if within else None


def evidence_spans(reading: Reading) -> tuple[tuple[int, int], ...]:
    """(start, end) of every telling of each candidate incident in the text."""
    return tuple(tuple(part) for candidate in reading.incidents
                 for part in candidate["evidence"].get("parts") or [[candidate["evidence"]["start"],
                                                                      candidate["evidence"]["end"]]])
