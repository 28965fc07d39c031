"""Spans of text looked up quickly: items by span, words by their writing, and sets of spans."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Sequence


class SpanIndex:
    """Items with .start and .end (mentions, dates), found by span in logarithmic time."""

    def __init__(self, items: Sequence) -> None:
        ordered = hasattr(items, "starts")  # a column of mentions, already in text order, keeps its own starts
        self.items = items if ordered else sorted(items, key=lambda item: item.start)
        self.starts = items.starts if ordered else [item.start for item in self.items]

    def within(self, start: int, end: int) -> list:
        """Items whose span lies in [start, end), in text order."""
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [item for item in self.items[first:last] if item.end <= end]


class Occurrences:
    """Where each word of a text starts, so that every writing of a name is found without rescanning the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, array] = {}  # 4 bytes a word, not a Python int's 32
        for found in re.finditer(r"[^\W_]+", text):
            word = found.group(0).casefold()
            if word not in self.starts:
                self.starts[word] = array("i")
            self.starts[word].append(found.start())

    def of(self, name: str) -> list[tuple[int, int]]:
        """Every place the name is written, in any case, as whole words."""
        first = re.match(r"[^\W_]+", name)
        folded, size = name.casefold(), len(name)
        spans = []
        for start in self.starts.get(first.group(0).casefold(), []) if first else []:
            end = start + size
            after = self.text[end:end + 1]
            before = self.text[start - 1:start] if start else ""
            written = self.text[start:end]
            if written.casefold() == folded and not (after.isalnum() or after == "-") \
                    and not (before.isalnum() or before == "-") and not written.islower():
                spans.append((start, end))
        return spans


class SpanSet:
    """Non-overlapping spans, asked in logarithmic time whether they contain or overlap a span."""

    def __init__(self, spans: Iterable) -> None:
        """From items with .start and .end (kept as two arrays of integers, 8 bytes a span)."""
        ordered = sorted((item.start, item.end) for item in spans) if not hasattr(spans, "starts") else None
        self.starts = array("i", (start for start, _ in ordered)) if ordered is not None else spans.starts
        self.ends = array("i", (end for _, end in ordered)) if ordered is not None else spans.ends

    def _before(self, position: int) -> tuple[int, int] | None:
        """The last span starting at or before the position."""
        at = bisect.bisect_right(self.starts, position) - 1
        return (self.starts[at], self.ends[at]) if at >= 0 else None

    def contains(self, start: int, end: int) -> bool:
        """True when [start, end) lies within one span."""
        span = self._before(start)
        return bool(span and span[0] <= start and end <= span[1])

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares a character with a span."""
        span = self._before(end - 1)
        return bool(span and span[1] > start)
