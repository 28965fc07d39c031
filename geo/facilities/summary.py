"""The figures researchers of attacks on health care publish, for the incidents in force: attacks, facilities
attacked, facilities attacked more than once, the median days between repeat strikes and health workers killed,
overall or by year, governorate or attributed perpetrator."""

from __future__ import annotations

import pandas as pd

from geo import schema
from geo.facilities.register import Register
from geo.reader.facilities import HEALTH_KINDS

ATTACKS, FACILITIES_ATTACKED, STRUCK_MORE_THAN_ONCE = "attacks", "facilities_attacked", "struck_more_than_once"
MEDIAN_DAYS_BETWEEN, WORKERS_KILLED = "median_days_between_repeat_strikes", schema.HEALTH_WORKERS_KILLED
FIGURES = (ATTACKS, FACILITIES_ATTACKED, STRUCK_MORE_THAN_ONCE, MEDIAN_DAYS_BETWEEN, WORKERS_KILLED)
FIGURE_LABELS = {ATTACKS: "Attacks on health care", FACILITIES_ATTACKED: "Facilities attacked",
                 STRUCK_MORE_THAN_ONCE: "Facilities attacked more than once",
                 MEDIAN_DAYS_BETWEEN: "Median days between repeat strikes", WORKERS_KILLED: "Health workers killed"}
GROUP, YEAR, GOVERNORATE, PERPETRATOR_GROUP, ALL = "group", "year", "governorate", schema.PERPETRATOR, "all"
GROUPINGS = (ALL, YEAR, GOVERNORATE, PERPETRATOR_GROUP)
NOT_ATTRIBUTED, NOT_LOCATED = "not attributed", "governorate not known"


def _groups(incidents: pd.DataFrame, by: str) -> pd.Series:
    """Each incident's group: its year, governorate or perpetrator as attributed (or 'all')."""
    if by == YEAR:
        return incidents[schema.DATE_START].astype(str).str[:4]
    if by == GOVERNORATE:
        return incidents[schema.PLACE_ADMIN1].fillna("").astype(str).replace("", NOT_LOCATED)
    if by == PERPETRATOR_GROUP:
        return incidents[schema.PERPETRATOR].fillna("").astype(str).str.strip().replace("", NOT_ATTRIBUTED)
    return pd.Series(ALL, index=incidents.index)


def _strikes(incidents: pd.DataFrame, register: Register, kinds: tuple[str, ...]) -> pd.DataFrame:
    """Confirmed strikes on live facilities of the kinds asked, among the incidents, one row per (incident,
    facility) with the incident's group and first day."""
    live = register.facilities[(register.facilities[schema.STATUS] != schema.STATUS_RETRACTED)
                               & (register.facilities[schema.MERGED_INTO] == "")
                               & register.facilities[schema.KIND].isin(kinds)][[schema.ID]]
    links = register.strikes[register.strikes[schema.LINK] == schema.LINK_CONFIRMED]
    links = links.merge(live, left_on=schema.FACILITY_ID, right_on=schema.ID)[[schema.INCIDENT_ID,
                                                                                schema.FACILITY_ID]]
    return links.merge(incidents[[schema.ID, GROUP, schema.START]], left_on=schema.INCIDENT_ID, right_on=schema.ID)


def _repeat_gaps(strikes: pd.DataFrame) -> pd.DataFrame:
    """The days between one strike on a facility and the next (strikes on different days), with the group."""
    days = strikes.drop_duplicates([GROUP, schema.FACILITY_ID, schema.START]).sort_values(
        [GROUP, schema.FACILITY_ID, schema.START])
    gaps = days.groupby([GROUP, schema.FACILITY_ID])[schema.START].diff().dt.days
    return pd.DataFrame({GROUP: days[GROUP], MEDIAN_DAYS_BETWEEN: gaps}).dropna()


def facility_summary(incidents: pd.DataFrame, register: Register, by: str = ALL,
                     kinds: tuple[str, ...] = HEALTH_KINDS) -> pd.DataFrame:
    """The figures for the incidents given (already filtered), one row per group, sorted by group."""
    if by not in GROUPINGS:
        raise ValueError(f"summary by {by!r}: choose one of {', '.join(GROUPINGS)}")
    frame = incidents.assign(**{GROUP: _groups(incidents, by).to_numpy(),
                                schema.START: pd.to_datetime(incidents[schema.DATE_START], errors="coerce")})
    strikes = _strikes(frame, register, kinds)
    health = frame[frame[schema.TYPE] == schema.TYPE_HEALTH_CARE][[schema.ID, GROUP]]
    attacks = pd.concat([health, strikes[[schema.ID, GROUP]]]).drop_duplicates(schema.ID).groupby(GROUP).size()
    per_facility = strikes.groupby([GROUP, schema.FACILITY_ID])[schema.INCIDENT_ID].nunique()
    killed = pd.to_numeric(register.health_care.set_index(schema.INCIDENT_ID)[schema.HEALTH_WORKERS_KILLED],
                           errors="coerce").groupby(level=0).max()
    frame[WORKERS_KILLED] = frame[schema.ID].map(killed).fillna(0)
    table = pd.DataFrame({
        ATTACKS: attacks,
        FACILITIES_ATTACKED: per_facility.groupby(level=0).size(),
        STRUCK_MORE_THAN_ONCE: (per_facility > 1).groupby(level=0).sum(),
        MEDIAN_DAYS_BETWEEN: _repeat_gaps(strikes).groupby(GROUP)[MEDIAN_DAYS_BETWEEN].median(),
        WORKERS_KILLED: frame.groupby(GROUP)[WORKERS_KILLED].sum(),
    })
    counts = [ATTACKS, FACILITIES_ATTACKED, STRUCK_MORE_THAN_ONCE, WORKERS_KILLED]
    table[counts] = table[counts].fillna(0).astype(int)
    table = table[(table[counts] > 0).any(axis=1)] if by != ALL else table.reindex([ALL]).fillna({c: 0 for c in counts})
    table[counts] = table[counts].astype(int)
    return table.rename_axis(by).reset_index()
