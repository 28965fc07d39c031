"""Candidate incidents: shaped with the incidents.csv field names, and one per event after merging."""

from __future__ import annotations

from collections.abc import Iterator

from geo import schema
from geo.reader.counts import count_details
from geo.reader.dates import DateMention
from geo.reader.facilities import facility_struck
from geo.reader.mention import PlaceMention
from geo.reader.rules import perpetrator_in, type_order

MAX_PARTS, MAX_TEXTS = 50, 3
INCIDENT_COUNTS = (schema.KILLED, schema.INJURED, schema.DISPLACED)


def precision_of(place) -> str:
    """The geographic precision a place allows: its kind's, or its containing area's when unresolved."""
    if not place.resolved:
        return place.geo_precision
    return schema.PRECISION_OF_KIND.get(place.kind, "settlement")


MEANS_OF_ATTACK = {"airstrike": "air strike", "shelling": "shelling", "barrel_bomb": "barrel bomb",
                   "cluster_munitions": "cluster munitions", "incendiary_weapons": "incendiary weapons",
                   "chemical_attack": "chemical weapons"}  # a type that says how, when another says what was hit


def shape_candidate(evidence: tuple[int, int], text: str, when: DateMention | None, where: PlaceMention | None,
                    kind: tuple[list[str], str], counts_text: str | None = None) -> dict:
    """One candidate incident with the incidents.csv field names, its evidence and what needs review."""
    passage = text[evidence[0]:evidence[1]]
    types, weapon = kind
    weapon = weapon or next((MEANS_OF_ATTACK[t] for t in types[1:] if t in MEANS_OF_ATTACK), "")
    counts = count_details(passage if counts_text is None else counts_text)
    review = [name for name, value in (("date", when), ("place", where), (schema.TYPE, types)) if not value]
    if where and not where.place.resolved:
        review.append("place")
    if when and when.ambiguous:
        review.append("date")
    candidate = {
        schema.DATE_START: when.date_start.isoformat() if when else "",
        schema.DATE_END: when.date_end.isoformat() if when else "",
        schema.DATE_PRECISION: when.precision if when else "",
        schema.DATE_TEXT: when.text if when else "",
        schema.TYPE: types[0] if types else "", "types": list(types), schema.WEAPON: weapon,
        schema.PLACE_ID: where.place.id if where and where.place.resolved else "",
        schema.PLACE_TEXT: where.text if where else "",
        schema.PLACE_NAME: where.place.name if where else "",
        schema.GEO_PRECISION: precision_of(where.place) if where else "",
        schema.FACILITY: facility_struck(text, *evidence),
        schema.PERPETRATOR: perpetrator_in(passage),
        **{measure: counts.get(measure, "") for measure in INCIDENT_COUNTS},
        schema.CONFIDENCE: "weak",
        "evidence": {"start": evidence[0], "end": evidence[1], "text": passage.strip()},
        "needs_review": list(dict.fromkeys(review)),
    }
    candidate.update({key: value for key, value in counts.items() if key.endswith(("_range", "_variants"))})
    return candidate


def _place_key(candidate: dict) -> str:
    """What identifies a candidate's place: the place's name, else the text as written."""
    return candidate[schema.PLACE_NAME] or candidate[schema.PLACE_TEXT]


def _merged(kept: dict, other: dict, text: str) -> dict:
    """Two tellings of one event as one candidate: types united, the first figures kept, others as variants."""
    types = list(dict.fromkeys(kept["types"] + other["types"]))
    merged = {**kept, "types": types, schema.TYPE: _most_specific(types)}
    for measure in INCIDENT_COUNTS:
        if merged[measure] == "" and other[measure] != "":
            merged[measure] = other[measure]
        elif other[measure] not in ("", merged[measure]):
            variants = merged.get(f"{measure}_variants", [])
            merged[f"{measure}_variants"] = list(dict.fromkeys(variants + [other[measure]]))
    for name in (schema.PERPETRATOR, schema.FACILITY, schema.WEAPON):
        merged[name] = merged[name] or other[name]
    merged["evidence"] = _joined_evidence(kept["evidence"], other["evidence"])
    merged["needs_review"] = [item for item in merged["needs_review"] if item != schema.TYPE or not types]
    return merged


def _joined_evidence(kept: dict, other: dict) -> dict:
    """The first telling's span and text, every telling's span in 'parts' (the first MAX_PARTS), a count."""
    parts = kept.get("parts") or [[kept["start"], kept["end"]]]
    tellings = kept.get("tellings", 1) + 1
    if len(parts) < MAX_PARTS:
        parts = parts + [[other["start"], other["end"]]]
    shown = kept["text"] if tellings > MAX_TEXTS else kept["text"] + " … " + other["text"]
    return {**kept, "parts": parts, "tellings": tellings, "text": shown}


def _most_specific(types: list[str]) -> str:
    """The type the vocabulary lists first (its order runs from the most specific)."""
    return min(types, key=lambda name: type_order().get(name, 99), default="")


class Tellings:
    """The candidates read so far, each later telling of the same place and dates folded into the first as it comes
    (a long text that repeats one event holds one candidate, not thousands, while it is read)."""

    def __init__(self, text: str) -> None:
        self.text, self.items, self.position = text, [], {}

    def __iadd__(self, candidates: list[dict]) -> Tellings:
        for candidate in candidates:
            key = (_place_key(candidate), candidate[schema.DATE_START], candidate[schema.DATE_END])
            if candidate[schema.DATE_START] and key in self.position:
                self.items[self.position[key]] = _merged(self.items[self.position[key]], candidate, self.text)
            else:
                self.position.setdefault(key, len(self.items))
                self.items.append(candidate)
        return self

    def __getitem__(self, index: int) -> dict:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __reversed__(self) -> Iterator[dict]:
        return reversed(self.items)

    def merged(self) -> list[dict]:
        """One candidate per event, a telling with no date (a headline) folded into the first dated one at its
        place."""
        return _undated_folded(self.items, self.text)


def merge_candidates(candidates: list[dict], text: str) -> list[dict]:
    """One candidate per event: later tellings of the same place and dates fold into the first, and a telling
    with no date (a headline) into the first dated one at its place."""
    tellings = Tellings(text)
    tellings += candidates
    return tellings.merged()


def _undated_folded(candidates: list[dict], text: str) -> list[dict]:
    """An undated candidate folds into the first dated one at the same place (the same event, told undated)."""
    dated = {}
    for index, candidate in enumerate(candidates):
        if candidate[schema.DATE_START]:
            dated.setdefault(_place_key(candidate), index)
    kept = list(candidates)
    for candidate in candidates:
        target = dated.get(_place_key(candidate))
        if not candidate[schema.DATE_START] and target is not None:
            kept[target] = _merged(kept[target], candidate, text)
    return [c for c in kept if c[schema.DATE_START] or dated.get(_place_key(c)) is None]
