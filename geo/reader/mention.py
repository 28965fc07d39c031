"""A place named in a text, as the reader found it."""

from __future__ import annotations

from dataclasses import dataclass

from geo import schema
from geo.gazetteer.lookup import Place


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a text: where, as written, which place, and whether it locates an incident."""

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
