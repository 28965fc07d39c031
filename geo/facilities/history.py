"""One facility's history as a page or a command shows it: its strikes in date order with their sources, the days
between them, its conditions over time and the health workers killed there."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo import schema
from geo.facilities.register import Register

DAYS_SINCE_LAST = "days_since_last_strike"
STRIKE_COLUMNS_SHOWN = (schema.ID, schema.DATE_START, schema.DATE_END, schema.TYPE, schema.PERPETRATOR,
                        schema.KILLED, schema.SOURCE_IDS, schema.LINK)


@dataclass(frozen=True)
class FacilityHistory:
    """A facility with its strikes, conditions and health workers killed."""

    facility: pd.Series
    strikes: pd.DataFrame
    conditions: pd.DataFrame
    health_workers_killed: int

    def intervals(self) -> list[int]:
        """Days between one strike and the next (strikes on different days)."""
        return [int(days) for days in self.strikes[DAYS_SINCE_LAST].dropna()]


def facility_strikes(register: Register, incidents: pd.DataFrame, facility_ids: list[str]) -> pd.DataFrame:
    """The incidents linked to some facilities (confirmed or proposed), in date order, with the days since the
    facility's strike before."""
    links = register.strikes[register.strikes[schema.FACILITY_ID].isin(facility_ids)]
    columns = [c for c in STRIKE_COLUMNS_SHOWN if c in incidents.columns]
    struck = links.merge(incidents[columns], left_on=schema.INCIDENT_ID, right_on=schema.ID)
    struck = struck.sort_values([schema.DATE_START, schema.ID]).reset_index(drop=True)
    confirmed = struck[schema.LINK] == schema.LINK_CONFIRMED
    days = pd.to_datetime(struck[schema.DATE_START], errors="coerce")
    gaps = days[confirmed].drop_duplicates().diff().dt.days
    return struck.assign(**{DAYS_SINCE_LAST: gaps.reindex(struck.index)})


def facility_history(register: Register, incidents: pd.DataFrame, facility_id: str) -> FacilityHistory | None:
    """A facility's history (the one it was merged into, for a merged id), or None when the register has no such id."""
    facilities = register.facilities
    found = facilities[facilities[schema.ID] == facility_id]
    seen = {facility_id}
    while len(found) and found.iloc[0][schema.MERGED_INTO] and found.iloc[0][schema.MERGED_INTO] not in seen:
        seen.add(found.iloc[0][schema.MERGED_INTO])
        found = facilities[facilities[schema.ID] == found.iloc[0][schema.MERGED_INTO]]
    if found.empty:
        return None
    facility = found.iloc[0]
    strikes = facility_strikes(register, incidents, [facility[schema.ID]])
    conditions = register.conditions[register.conditions[schema.FACILITY_ID] == facility[schema.ID]].sort_values(
        schema.DATE_START)
    killed = pd.to_numeric(register.health_care.loc[
        register.health_care[schema.INCIDENT_ID].isin(strikes.loc[strikes[schema.LINK] == schema.LINK_CONFIRMED,
                                                                  schema.INCIDENT_ID]),
        schema.HEALTH_WORKERS_KILLED], errors="coerce").fillna(0)
    return FacilityHistory(facility, strikes, conditions.reset_index(drop=True), int(killed.sum()))
