"""The document reader: a text becomes place mentions, candidate incidents and reported totals."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from geo import config, schema
from geo.errors import InputFileError
from geo.gazetteer.lookup import Gazetteer
from geo.reader.dates import DateMention, find_dates
from geo.reader.mentions import PlaceMention, find_place_mentions
from geo.reader.rules import TOTAL_MARKERS, facility_in, find_counts, incident_type_of, perpetrator_in

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-Z0-9])|\n\s*\n|\n(?=[A-Z])")
DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,}(?:,\s*[A-Za-z .]+)?,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})",
                      re.MULTILINE)
PUBLISHED = re.compile(r"^\s*(?:Published|Posted|Date|Updated|Dated)\s*[:\-–]?\s*(?P<date>.+)$",
                       re.MULTILINE | re.IGNORECASE)
DATE_FROM_TEXT, DATE_GIVEN, DATE_TODAY = "the document's own dateline", "the date given", "today (none found)"
INCIDENT_COUNTS = (schema.KILLED, schema.INJURED, schema.DISPLACED)


@dataclass
class Reading:
    """What the reader found in one document."""

    document_date: date
    date_source: str
    mentions: list[PlaceMention] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)


def find_document_date(text: str) -> date | None:
    """The document's own date, from a 'Published:' line or a dateline near the top."""
    head = text[:2000]
    for pattern in (PUBLISHED, DATELINE):
        for found in pattern.finditer(head):
            dates = find_dates(found.group("date"), date.today())
            if dates and dates[0].precision == "day" and dates[0].explicit_year:
                return dates[0].date_start
    return None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over the text, blank ones left out."""
    spans, start = [], 0
    for boundary in SENTENCE_END.finditer(text):
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


class SpanIndex:
    """Items with .start and .end (mentions, dates), found by span in logarithmic time."""

    def __init__(self, items: list) -> None:
        self.items = sorted(items, key=lambda item: item.start)
        self.starts = [item.start for item in self.items]

    def within(self, start: int, end: int) -> list:
        """Items whose span lies in [start, end), in text order."""
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [item for item in self.items[first:last] if item.end <= end]


def _best_place(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The most specific Syrian location mentioned (a town beats a governorate beats Syria)."""
    usable = [m for m in mentions if m.role == "location" and m.place.in_syria]
    return min(usable, key=lambda m: (schema.SPECIFICITY.get(m.place.kind, 9), m.start), default=None)


def _is_total(sentence: str, dates: list[DateMention], place: PlaceMention | None) -> bool:
    """A reported total: a cumulative figure over a long span, not one event at one place."""
    long_span = any((d.date_end - d.date_start).days > 400 for d in dates)
    marked = bool(TOTAL_MARKERS.search(sentence))
    general_place = place is None or place.place.kind in ("country", "governorate")
    return (marked or long_span) and general_place and bool(find_counts(sentence))


def _candidate(text: str, span: tuple[int, int], when: DateMention | None,
               where: PlaceMention | None, kind: tuple[str, str]) -> dict:
    """Shape one candidate incident with the incidents.csv field names plus evidence."""
    sentence = text[span[0]:span[1]]
    counts = find_counts(sentence)
    incident_type, weapon = kind
    return {
        schema.DATE_START: when.date_start.isoformat() if when else "",
        schema.DATE_END: when.date_end.isoformat() if when else "",
        schema.DATE_PRECISION: when.precision if when else "",
        schema.DATE_TEXT: when.text if when else "",
        schema.TYPE: incident_type, schema.WEAPON: weapon,
        schema.PLACE_ID: where.place.id if where else "",
        schema.PLACE_TEXT: where.text if where else "",
        schema.GEO_PRECISION: schema.PRECISION_OF_KIND.get(where.place.kind, "settlement") if where else "",
        schema.FACILITY: facility_in(sentence) if incident_type.startswith("attack_on") else "",
        schema.PERPETRATOR: perpetrator_in(sentence),
        **{measure: counts.get(measure, "") for measure in INCIDENT_COUNTS},
        schema.CONFIDENCE: "weak",
        "evidence": {"start": span[0], "end": span[1], "text": sentence.strip()},
        "needs_review": [name for name, value in (("date", when), ("place", where)) if not value],
    }


def _total(text: str, span: tuple[int, int], dates: list[DateMention]) -> dict:
    """Shape one reported total."""
    sentence = text[span[0]:span[1]]
    counts = find_counts(sentence)
    measure, value = next(iter(counts.items()))
    widest = max(dates, key=lambda d: (d.date_end - d.date_start).days) if dates else None
    return {schema.MEASURE: measure, schema.VALUE: value,
            schema.DATE_START: widest.date_start.isoformat() if widest else "",
            schema.DATE_END: widest.date_end.isoformat() if widest else "",
            "evidence": {"start": span[0], "end": span[1], "text": sentence.strip()}}


def read_document(text: str, gazetteer: Gazetteer, fallback_date: date | None = None) -> Reading:
    """Read a document: its date, place mentions, candidate incidents and reported totals."""
    if len(text) > config.MAX_DOCUMENT_BYTES:
        raise InputFileError(f"the document has {len(text):,} characters, over the reader's limit of "
                             f"{config.MAX_DOCUMENT_BYTES:,}; split it")
    own_date = find_document_date(text)
    document_date = own_date or fallback_date or date.today()
    source = DATE_FROM_TEXT if own_date else (DATE_GIVEN if fallback_date else DATE_TODAY)
    reading = Reading(document_date, source, find_place_mentions(text, gazetteer))
    dates, mentions = SpanIndex(find_dates(text, document_date)), SpanIndex(reading.mentions)
    previous_place: PlaceMention | None = None
    for span in split_sentences(text):
        sentence, here = text[span[0]:span[1]], mentions.within(*span)
        place = _best_place(here)
        kind = incident_type_of(sentence)
        sentence_dates = dates.within(*span)
        specific = place if place and place.place.kind != "country" else None
        if _is_total(sentence, sentence_dates, place):
            reading.totals.append(_total(text, span, sentence_dates))
        elif kind and (specific or (sentence_dates and place)):
            where = place or previous_place
            when = sentence_dates[0] if sentence_dates else None
            reading.incidents.append(_candidate(text, span, when, where, kind))
        previous_place = place or previous_place
    return reading


def evidence_spans(reading: Reading) -> tuple[tuple[int, int], ...]:
    """(start, end) of each candidate incident's evidence in the text."""
    return tuple((candidate["evidence"]["start"], candidate["evidence"]["end"]) for candidate in reading.incidents)
