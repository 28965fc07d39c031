"""A text cut into the units events are read from: table rows, paragraphs and bullets, sentences, clauses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from geo.reader.rules import vocabulary_words

ABBREVIATIONS = "".join(rf"(?<!\b{word}\.)" for word in ("Dr", "Mr", "Mrs", "Ms", "St", "No", "Gen", "Col", "Lt",
                                                          "Prof", "vs", "e.g", "i.e", "U.S", "U.N", "approx"))
SENTENCE_END = re.compile(ABBREVIATIONS + r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-Z0-9\u0600-\u06ff])|\n\s*\n|\n(?=\S)")
BULLET = re.compile(r"^\s*(?:[*•·▪–-]|\d{1,3}[.)])\s+", re.MULTILINE)
ROW_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(?P<given>.*?)\s*$", re.DOTALL)
ROW_KEYS: dict = vocabulary_words("table_fields")
CLAUSE_BREAK = re.compile(r";\s+|,?\s+while\s+|,\s+whereas\s+|\s+and\s+(?=(?:on|by|late on|early on) "
                          r"(?:\d|the \w+ of|[A-Z][a-z]+day))")


@dataclass(frozen=True, slots=True)
class Unit:
    """A stretch of text read as one: a table row (with its fields) or a clause of a sentence."""

    start: int
    end: int
    paragraph: int
    kind: str
    fields: dict = field(default_factory=dict)
    first_of_item: bool = False


LONGEST_CLAUSE = 2000  # characters; the longest clause of the development documents has about 600


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over text[start:end], blank ones left out; 'Dr.' does not end one."""
    return _cut(text, SENTENCE_END, start, len(text) if end is None else end)


def _cut(text: str, boundary: re.Pattern, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of text[start:end] between the boundary's matches, blank ones left out."""
    return list(_pieces(text, boundary, start, end))


def _pieces(text: str, boundary: re.Pattern, start: int, end: int) -> Iterator[tuple[int, int]]:
    """_cut one span at a time (a paragraph of 100,000 lines never holds them all)."""
    at = start
    for found in boundary.finditer(text, start, end):
        if text[at:found.start()].strip():
            yield at, found.start()
        at = found.end()
    if text[at:end].strip():
        yield at, end


def _row_fields(text: str, start: int, end: int) -> dict | None:
    """The fields of a table line ('Date: ... | Location: ... | ...'), each as a span; None if not a row."""
    if text.count("|", start, end) < 2:
        return None
    fields, at = {}, start
    for cell in text[start:end].split("|"):
        cell_start, cell_end = at, at + len(cell)
        at = cell_end + 1
        found = ROW_FIELD.match(cell)
        key = ROW_KEYS.get(found.group("key").strip().lower()) if found else None
        if key and key not in fields:
            value_at = cell_start + found.start("given")
            fields[key] = (value_at, value_at + len(found.group("given")))
        elif cell.strip() and "what" not in fields:
            fields["what"] = (cell_start, cell_end)
    return fields if "date" in fields or "location" in fields else None


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Line spans, newline excluded, one at a time."""
    at = 0
    while (newline := text.find("\n", at)) >= 0:
        yield at, newline
        at = newline + 1
    yield at, len(text)


def _blocks(text: str) -> Iterator[tuple[int, int, dict | None]]:
    """Paragraphs, bullets and table rows (a row keeps the indented lines that follow it), one at a time."""
    block: list | None = None
    previous_blank = True
    for start, end in _lines(text):
        line = text[start:end]
        fields = _row_fields(text, start, end)
        continues_row = block is not None and block[2] is not None and line[:1].isspace() and line.strip()
        if fields is not None or (not continues_row and line.strip() and (
                previous_blank or block is None or BULLET.match(line) or line.isupper() or block[2] is not None)):
            if block is not None:
                yield tuple(block)
            block = [start, end, fields]
        elif continues_row:
            block[1], block[2] = end, {**block[2], "note": (start, end)}
        elif not line.strip():
            previous_blank = True
            continue
        else:
            block[1] = end
        previous_blank = False
    if block is not None:
        yield tuple(block)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence cut at semicolons, 'while', and ', and on <date>'."""
    return _cut(text, CLAUSE_BREAK, start, end)


def segment(text: str) -> Iterator[Unit]:
    """Every unit of the text in order, each with the number of its paragraph (made as they are read, so that a
    long document never holds them all at once)."""
    for paragraph, (start, end, fields) in enumerate(_blocks(text)):
        if fields is not None:
            yield Unit(start, end, paragraph, "row", fields)
            continue
        item = bool(BULLET.match(text, start))
        for sentence_start, sentence_end in _pieces(text, SENTENCE_END, start, end):
            for clause_start, clause_end in _pieces(text, CLAUSE_BREAK, sentence_start, sentence_end):
                for part_start, part_end in _bounded(text, clause_start, clause_end):
                    yield Unit(part_start, part_end, paragraph, "clause", first_of_item=item)
                    item = False


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A clause longer than any written sentence (a run of names with no stop) cut at spaces into parts of at most
    LONGEST_CLAUSE characters, so that the work a clause costs stays bounded."""
    while end - start > LONGEST_CLAUSE:
        space = text.rfind(" ", start + 1, start + LONGEST_CLAUSE)
        cut = space if space > start else start + LONGEST_CLAUSE
        yield start, cut
        start = cut
    yield start, end
