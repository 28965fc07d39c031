"""Facilities named by incidents not yet linked: matched to the register and, when asked, applied as one change (a
sure match linked, a likely one and a new facility queued for review; nothing uncertain links on its own)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import schema
from geo.facilities.changes import Change, new_id, with_row
from geo.facilities.matching import LIKELY, NEW, SURE, match_facility
from geo.facilities.register import Register
from geo.reader.facilities import facility_mentions

CERTAINTY, REASON = "certainty", "reason"
PROPOSAL_COLUMNS = (schema.INCIDENT_ID, schema.FACILITY, schema.PLACE_ID, CERTAINTY, schema.FACILITY_ID, schema.KIND,
                    REASON)


def _point(row: pd.Series) -> tuple[float, float] | None:
    """An incident's point (latitude, longitude) when it is drawn as one."""
    if row[schema.DRAW_AS] == schema.DRAW_POINT and pd.notna(row[schema.Y]):
        return float(row[schema.Y]), float(row[schema.X])
    return None


def propose(register: Register, incidents: pd.DataFrame) -> pd.DataFrame:
    """Each of the incidents given (the published ones) that names a facility and has no link yet, with the match
    the register offers (a new facility only for an incident located at a settlement or finer: an area holds no one
    facility)."""
    linked = set(register.strikes[schema.INCIDENT_ID])
    rows = []
    for _, incident in incidents[(incidents[schema.FACILITY] != "") & ~incidents[schema.ID].isin(linked)].iterrows():
        match = match_facility(register.facilities, incident[schema.FACILITY], incident[schema.PLACE_ID],
                               _point(incident))
        located = _point(incident) is not None
        if match.certainty in (SURE, LIKELY) or (match.certainty == NEW and located):
            named = facility_mentions(match.name)[0].name or not incident[schema.PLACE_NAME]
            name = match.name if named else f"{match.name} in {incident[schema.PLACE_NAME]}"
            rows.append({schema.INCIDENT_ID: incident[schema.ID], schema.FACILITY: name,
                         schema.PLACE_ID: incident[schema.PLACE_ID], CERTAINTY: match.certainty,
                         schema.FACILITY_ID: match.facility_id, schema.KIND: match.kind, REASON: match.reason,
                         schema.LAT: "" if _point(incident) is None else f"{_point(incident)[0]:.5f}",
                         schema.LON: "" if _point(incident) is None else f"{_point(incident)[1]:.5f}"})
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
    after, now = before, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for _, proposal in found.iterrows():
        facility_id = proposal[schema.FACILITY_ID]
        if proposal[CERTAINTY] == NEW:
            after, facility_id = _new_facility(after, proposal)
        link = schema.LINK_CONFIRMED if proposal[CERTAINTY] == SURE and reviews else schema.LINK_PROPOSED
        after = after._replace(strikes=with_row(after.strikes, {
            schema.INCIDENT_ID: proposal[schema.INCIDENT_ID], schema.FACILITY_ID: facility_id, schema.LINK: link,
            schema.STATUS_BY: (who or "").strip(), schema.STATUS_AT: now}))
    counts = {certainty: int(n) for certainty, n in found[CERTAINTY].value_counts().items()}
    return Change(after, "facility propose", {"counts": counts})
