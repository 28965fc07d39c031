"""Which registered facility an incident's facility text names: by name or alias, kind and distance, with how sure
the match is. Only a sure match links at once; a likely one waits for review; none proposes a new facility."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz

from geo import schema
from geo.gazetteer.merge import kilometres
from geo.gazetteer.names import fold_latin
from geo.reader.facilities import PLURAL, facility_mentions

SURE, LIKELY, NEW, NONE = "sure", "likely", "new", "none"
NAMES_ALIKE = 88          # a registered name and the text's, folded, this alike or more
SAME_SITE_KM = 2.0        # a registered facility this close to the incident stands at its place
NEAR_KM = 10.0            # further than this, a namesake is another facility
APPROXIMATE_KM = 30.0     # how far a record known only within a radius (25 km at most) may be from a facility


class Match(NamedTuple):
    """The facility an incident names and how sure the match is ('sure', 'likely', 'new' or 'none')."""

    facility_id: str
    certainty: str
    name: str
    kind: str
    reason: str


def _folded(name: str) -> str:
    """A facility name folded for comparison: accents, case, articles and kind words aside."""
    words = fold_latin(name).replace("-", " ").split()
    return " ".join(w for w in words if w not in ("al", "el", "the", "a", "an"))


def distance_km(first: tuple[float, float], second: tuple[float, float]) -> float:
    """Distance in kilometres between two (latitude, longitude) points."""
    return kilometres(first[0], first[1], second[0], second[1])


def _names(row: pd.Series) -> list[str]:
    """A registered facility's name and aliases, folded."""
    return [_folded(n) for n in [row[schema.NAME], *schema.split_list(row[schema.ALT_NAMES])] if n]


def _distance(row: pd.Series, place_id: str, point: tuple[float, float] | None) -> float | None:
    """How far a registered facility is from the incident (0 at the same place; None when unknown)."""
    if place_id and row[schema.PLACE_ID] == place_id:
        return 0.0
    if point and row[schema.LAT] and row[schema.LON]:
        return distance_km(point, (float(row[schema.LAT]), float(row[schema.LON])))
    return None


def match_facility(facilities: pd.DataFrame, text: str, place_id: str,
                   point: tuple[float, float] | None, exact: bool = True) -> Match:
    """The registered facility that `text` ('Al-Quds hospital', 'the field hospital') at a place or point names; a
    point that is not `exact` (a record known only within a radius) is looked around more widely and never gives a
    sure match."""
    mentions = facility_mentions(str(text or ""))
    if not mentions:
        return Match("", NONE, "", "", "the text names no facility")
    mention = mentions[0]
    if PLURAL.search(mention.what):
        return Match("", NONE, "", mention.kind, "the text names several facilities, not one")
    if not exact and not mention.name:
        return Match("", NONE, "", mention.kind, "an unnamed facility known only within a radius")
    live = facilities[(facilities[schema.STATUS] != schema.STATUS_RETRACTED) & (facilities[schema.MERGED_INTO] == "")]
    named = _folded(mention.label())
    best: tuple[float, str, str] | None = None
    for _, row in live[live[schema.KIND] == mention.kind].iterrows():
        distance = _distance(row, place_id, point)
        if distance is None or distance > (NEAR_KM if exact else APPROXIMATE_KM):
            continue
        alike = max((fuzz.ratio(named, n) for n in _names(row)), default=0) if mention.name else 0
        if mention.name and alike >= NAMES_ALIKE:
            certainty = SURE if distance <= SAME_SITE_KM and exact else LIKELY
            return Match(row[schema.ID], certainty, mention.label(), mention.kind,
                         f"name {alike:.0f}% alike, {distance:.1f} km away")
        score = (distance, row[schema.ID], f"the only {mention.what} registered {distance:.1f} km away")
        best = score if best is None or score < best else best
    if best is not None and not mention.name:
        return Match(best[1], LIKELY, mention.label(), mention.kind, best[2] + ", and the text gives no name")
    if best is not None:
        return Match("", NEW, mention.label(), mention.kind, f"a {mention.what} of another name is registered nearby")
    return Match("", NEW, mention.label(), mention.kind, "no registered facility of that kind nearby")
