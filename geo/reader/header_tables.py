"""Tables whose header names the columns ('| Date | Place | Killed | Injured |', or the same with tabs): the figures
of each row's count columns, as text the count rules read ('killed: 4 ; injured: 2')."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from geo import schema

COUNT_HEADERS = {schema.KILLED: schema.KILLED, "dead": schema.KILLED, "deaths": schema.KILLED,
                 "fatalities": schema.KILLED, "civilians killed": schema.KILLED, schema.INJURED: schema.INJURED,
                 "wounded": schema.INJURED, "injuries": schema.INJURED, schema.DISPLACED: schema.DISPLACED}
RULE_LINE = re.compile(r"^[\s|:+-]*$")
MIN_CELLS = 3


def _cells(line: str) -> list[str]:
    """A row's cells, split on pipes or tabs (outer pipes dropped); [] for a line that is no row."""
    if "|" in line:
        return [cell.strip() for cell in line.strip().strip("|").split("|")]
    return [cell.strip() for cell in line.split("\t")] if "\t" in line else []


def _count_columns(cells: list[str]) -> dict[int, str]:
    """Column index -> measure, for a header row (no digits in it) that names a count."""
    if any(ch.isdigit() for cell in cells for ch in cell):
        return {}
    return {index: COUNT_HEADERS[cell.lower()] for index, cell in enumerate(cells) if cell.lower() in COUNT_HEADERS}


class RowCounts:
    """The figures of the table rows under a header that names count columns, found by position: the row a
    position lies in, by a binary search over the rows' spans (looking back for the line's start was quadratic in
    a long text without line breaks)."""

    def __init__(self, rows: list[tuple[int, int, str]]) -> None:
        self._starts = [start for start, _, _ in rows]
        self._rows = rows

    def __bool__(self) -> bool:
        return bool(self._rows)

    def at(self, position: int) -> str | None:
        """'killed: 4 ; injured: 2' for the row holding `position`, or None when it is in no such row."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0:
            return None
        _, end, figures = self._rows[index]
        return figures if position <= end else None


def column_counts(text: str) -> RowCounts:
    """The figures ('killed: 4 ; injured: 2') of every row under a header that names count columns."""
    found: list[tuple[int, int, str]] = []
    columns: dict[int, str] = {}
    width = 0
    for at, line in _lines(text):
        cells = _cells(line) if ("|" in line or "\t" in line) else []
        if len(cells) < MIN_CELLS:
            columns = {} if not RULE_LINE.match(line) or not line.strip() else columns
        elif _count_columns(cells):
            columns, width = _count_columns(cells), len(cells)
        elif columns and len(cells) == width and not RULE_LINE.match(line):
            found.append((at, at + len(line), " ; ".join(f"{measure}: {cells[index]}"
                                                          for index, measure in columns.items() if cells[index])))
    return RowCounts(found)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(start, line) of each line, one at a time (a long text is never split into a list)."""
    at = 0
    while at <= len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        yield at, text[at:end]
        at = end + 1
