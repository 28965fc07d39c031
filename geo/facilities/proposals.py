"""Facilities named by incidents not yet linked: matched to the register and, when asked, applied as one change (a
sure match linked, a likely one and a new facility queued for review; nothing uncertain links on its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from geo import schema
from geo.facilities.changes import Change, new_id, with_row
from geo.facilities.matching import APPROXIMATE_KM, NEW, NONE, SURE, Match, distance_km, match_facility
from geo.facilities.register import Register
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.place import Place
from geo.reader.facilities import facility_mentions
from geo.schema import POINT_KINDS

CERTAINTY, REASON = "certainty", "reason"
PlaceFinder = Callable[[str], Place | None]
PROPOSAL_COLUMNS = (schema.INCIDENT_ID, schema.FACILITY, schema.PLACE_ID, CERTAINTY, schema.FACILITY_ID, schema.KIND,
                    REASON)


def _point(row: pd.Series) -> tuple[float, float] | None:
    """An incident's point (latitude, longitude) when it is drawn as one."""
    if row[schema.DRAW_AS] == schema.DRAW_POINT and pd.notna(row[schema.Y]):
        return float(row[schema.Y]), float(row[schema.X])
    return None


def _near(row: pd.Series) -> tuple[float, float] | None:
    """Where an incident is known to be, exactly or within a radius (None when only an area or nothing)."""
    return (float(row[schema.Y]), float(row[schema.X])) if pd.notna(row[schema.Y]) else None


def _named_after(name: str, near: tuple[float, float] | None, places: PlaceFinder | None) -> Place | None:
    """The settlement a facility is named after ('Haritan hospital': Haritan; 'Kafr Zita Maghara hospital': Kafr
    Zita), its name's first words, when it lies near the record."""
    words = name.split() if places is not None and near is not None else []
    for count in range(len(words), 0, -1):
        place = places(" ".join(words[:count]))
        if place is not None and place.kind in POINT_KINDS and \
                distance_km(near, (place.lat, place.lon)) <= APPROXIMATE_KM:
            return place
    return None


def _proposal(incident: pd.Series, match: Match, places: PlaceFinder | None) -> dict | None:
    """What to propose for one incident: the match, and where a new facility would stand; None for nothing."""
    point = _point(incident)
    name = facility_mentions(match.name)[0].name if match.name else ""
    town = None if point or match.certainty != NEW else _named_after(name, _near(incident), places)
    if match.certainty == NEW and point is None and town is None:
        return None  # an area or a radius holds no one facility unless its name says where it stands
    where = point or ((town.lat, town.lon) if town else None)
    label = match.name if name or not incident[schema.PLACE_NAME] else f"{match.name} in {incident[schema.PLACE_NAME]}"
    reason = match.reason + (f"; named after {town.name}, near the reported point" if town else "")
    return {schema.INCIDENT_ID: incident[schema.ID], schema.FACILITY: label,
            schema.PLACE_ID: incident[schema.PLACE_ID] if point else "", CERTAINTY: match.certainty,
            schema.FACILITY_ID: match.facility_id, schema.KIND: match.kind, REASON: reason,
            schema.LAT: f"{where[0]:.5f}" if where else "", schema.LON: f"{where[1]:.5f}" if where else ""}


def settlement_finder(gazetteer: Gazetteer) -> PlaceFinder:
    """Finds a Syrian place by a name as written or a known transliteration of it (never a fuzzy guess)."""
    def found(name: str) -> Place | None:
        match = gazetteer.lookup(name, fuzzy=False)
        return match.place if match and match.place.in_syria else None
    return found


def propose(register: Register, incidents: pd.DataFrame, places: PlaceFinder | None = None) -> pd.DataFrame:
    """Each of the incidents given (the published ones) that names a facility and has no link yet, with the match
    the register offers. A new facility is proposed only where it can stand: at an incident located at a
    settlement or finer, or at the settlement its name gives (`places` finds it) near a record known within a
    radius; an area holds no one facility."""
    linked = set(register.strikes[schema.INCIDENT_ID])
    rows = []
    for _, incident in incidents[(incidents[schema.FACILITY] != "") & ~incidents[schema.ID].isin(linked)].iterrows():
        point = _point(incident)
        match = match_facility(register.facilities, incident[schema.FACILITY], incident[schema.PLACE_ID],
                               point or _near(incident), exact=point is not None)
        proposal = _proposal(incident, match, places) if match.certainty != NONE else None
        if proposal:
            rows.append(proposal)
    return pd.DataFrame(rows, columns=[*PROPOSAL_COLUMNS, schema.LAT, schema.LON])


def _new_facility(register: Register, proposal: pd.Series) -> tuple[Register, str]:
    """The register with a facility proposed for review (in review until a reviewer publishes it), and its id."""
    facility_id = new_id(register, proposal[schema.FACILITY])
    row = {schema.ID: facility_id, schema.NAME: proposal[schema.FACILITY], schema.ALT_NAMES: "",
           schema.KIND: proposal[schema.KIND], schema.PLACE_ID: proposal[schema.PLACE_ID],
           schema.LAT: proposal[schema.LAT], schema.LON: proposal[schema.LON], schema.OPERATOR: "",
           schema.SOURCE_IDS: "", schema.STATUS: schema.STATUS_IN_REVIEW, schema.MERGED_INTO: "",
           schema.VERSION: "1"}
    return register._replace(facilities=with_row(register.facilities, row)), facility_id


def applying(before: Register, found: pd.DataFrame, reviews: bool, who: str | None) -> Change:
    """Link the sure matches (a reviewer's or a folder's; an editor's wait too) and queue the rest: proposed links,
    new facilities in review."""
    after, now, made = before, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), {}
    for _, proposal in found.iterrows():
        facility_id = proposal[schema.FACILITY_ID]
        same = (proposal[schema.FACILITY].casefold(), proposal[schema.KIND], proposal[schema.LAT],
                proposal[schema.LON], proposal[schema.PLACE_ID])
        if proposal[CERTAINTY] == NEW and same in made:  # one facility named twice in one run is made once
            facility_id = made[same]
        elif proposal[CERTAINTY] == NEW:
            after, facility_id = _new_facility(after, proposal)
            made[same] = facility_id
        link = schema.LINK_CONFIRMED if proposal[CERTAINTY] == SURE and reviews else schema.LINK_PROPOSED
        after = after._replace(strikes=with_row(after.strikes, {
            schema.INCIDENT_ID: proposal[schema.INCIDENT_ID], schema.FACILITY_ID: facility_id, schema.LINK: link,
            schema.STATUS_BY: (who or "").strip(), schema.STATUS_AT: now}))
    counts = {certainty: int(n) for certainty, n in found[CERTAINTY].value_counts().items()}
    return Change(after, "facility propose", {"counts": counts})
