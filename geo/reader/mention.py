"""A place named in a text, as the reader found it."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from geo import schema
from geo.gazetteer.lookup import Place


class PlaceMention(NamedTuple):
    """A place named in a text: where, as written, which place, and whether it locates an incident (a named tuple:
    immutable, and made four times faster than a frozen dataclass, as a column of mentions makes one per look)."""

    start: int
    end: int
    text: str
    place: Place
    confidence: float
    role: str
    alternatives: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """Plain-data form for JSON output."""
        return {"start": self.start, "end": self.end, "text": self.text, schema.PLACE_ID: self.place.id,
                schema.NAME: self.place.name, schema.CONFIDENCE: self.confidence, "role": self.role,
                "in_syria": self.place.in_syria, "resolved": self.place.resolved}


def best_place(mentions: list[PlaceMention], near: int = 0) -> PlaceMention | None:
    """The most specific Syrian location among the mentions, the nearest to `near` on a tie."""
    syrian = [m for m in mentions if m.place.in_syria and m.place.kind != "country"]
    usable = [m for m in syrian if m.role == "location"] or [m for m in syrian if m.role == "area"] \
        or [m for m in syrian if m.role == "container"]
    return min(usable, key=lambda m: (schema.SPECIFICITY.get(m.place.kind, 1), abs(m.start - near)), default=None)


class Mentions(Sequence):
    """Place mentions in text order, kept as columns (a start, an end and the index of what was found, 12 bytes a
    mention): a PlaceMention object costs about 160 bytes, and a hostile text names a place millions of times."""

    def __init__(self, mentions: Iterable[PlaceMention] = ()) -> None:
        self.starts, self.ends, self._found = array("i"), array("i"), array("i")
        self._kinds: list[tuple] = []  # (text, place, confidence, role, alternatives), each once
        self._index: dict[tuple, int] = {}
        for mention in mentions:
            self.append(mention)

    def append(self, mention: PlaceMention) -> None:
        """Add a mention after the last one."""
        kind = (mention.text, mention.place, mention.confidence, mention.role, mention.alternatives)
        key = (mention.text, id(mention.place), mention.confidence, mention.role, mention.alternatives)
        if key not in self._index:
            self._index[key] = len(self._kinds)
            self._kinds.append(kind)
        self.starts.append(mention.start)
        self.ends.append(mention.end)
        self._found.append(self._index[key])

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def kinds(self) -> list[tuple]:
        """Each distinct (text, place, confidence, role, alternatives) found, once: a step that could change no
        mention of any of them need not look at the mentions one by one."""
        return list(self._kinds)

    def counts(self) -> list[int]:
        """How many mentions each of `kinds` has."""
        tally = Counter(self._found)
        return [tally[at] for at in range(len(self._kinds))]

    def __getitem__(self, at):
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        return PlaceMention(self.starts[at], self.ends[at], *self._kinds[self._found[at]])

    def __iter__(self) -> Iterator[PlaceMention]:
        kinds = self._kinds
        for start, end, found in zip(self.starts, self.ends, self._found, strict=True):
            yield PlaceMention(start, end, *kinds[found])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(
            mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None

    def __getstate__(self) -> tuple:
        return self.starts, self.ends, self._found, self._kinds

    def __setstate__(self, state: tuple) -> None:
        self.starts, self.ends, self._found, self._kinds = state
        self._index = {(text, id(place), confidence, role, alternatives): at
                       for at, (text, place, confidence, role, alternatives) in enumerate(self._kinds)}
