"""The facilities a map shows for the filter in force: each published facility at its point (its own, else its
place's), with the strikes on it among the incidents kept, whether it was struck more than once, and its condition
at the end of the date window."""

from __future__ import annotations

import pandas as pd

from geo import schema
from geo.facilities.register import Register

STRIKES_IN_VIEW, CONDITION_AT_END = "strikes_in_view", "condition_at_end"
NOT_REPORTED = ""


def facility_points(register: Register, kept: pd.DataFrame, place_points: pd.DataFrame,
                    window_end: str | None) -> pd.DataFrame:
    """Published facilities with a point: id, name, kind, lat, lon, strikes among `kept` (ids and first days of the
    incidents the filter keeps) and the last condition reported on or before `window_end` ('' when none)."""
    facilities = register.facilities
    live = facilities[(facilities[schema.STATUS] == schema.STATUS_PUBLISHED) & (facilities[schema.MERGED_INTO] == "")]
    own = pd.to_numeric(live[schema.LAT], errors="coerce").notna()
    placed = live.merge(place_points, how="left", left_on=schema.PLACE_ID, right_index=True, suffixes=("", "_place"))
    lat = pd.to_numeric(placed[schema.LAT], errors="coerce").where(own.to_numpy(), placed[f"{schema.LAT}_place"])
    lon = pd.to_numeric(placed[schema.LON], errors="coerce").where(own.to_numpy(), placed[f"{schema.LON}_place"])
    links = register.strikes[(register.strikes[schema.LINK] == schema.LINK_CONFIRMED)
                             & register.strikes[schema.INCIDENT_ID].isin(kept[schema.ID])]
    counts = links.groupby(schema.FACILITY_ID)[schema.INCIDENT_ID].nunique()
    conditions = register.conditions
    if window_end:
        conditions = conditions[conditions[schema.DATE_START] <= window_end]
    last = conditions.sort_values(schema.DATE_START).groupby(schema.FACILITY_ID)[schema.CONDITION].last()
    points = pd.DataFrame({schema.ID: placed[schema.ID].to_numpy(), schema.NAME: placed[schema.NAME].to_numpy(),
                           schema.KIND: placed[schema.KIND].to_numpy(), schema.LAT: lat.to_numpy(),
                           schema.LON: lon.to_numpy()})
    points[STRIKES_IN_VIEW] = points[schema.ID].map(counts).fillna(0).astype(int)
    points[CONDITION_AT_END] = [last.get(facility, NOT_REPORTED) for facility in points[schema.ID]]
    return points.dropna(subset=[schema.LAT, schema.LON]).reset_index(drop=True)
