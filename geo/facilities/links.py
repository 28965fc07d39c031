"""A facility's history: its condition over time and the incidents that struck it, each dated and sourced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from geo import schema
from geo.facilities.changes import FacilityError, iso_date, live_facility, with_row
from geo.facilities.register import read_register, save_register
from geo.files.tables import read_table

INCIDENTS_FILE = "incidents.csv"


def incident_dates(data_dir: Path) -> pd.Series:
    """Each incident's first day (text, by id) from a data folder's incidents.csv."""
    path = Path(data_dir) / INCIDENTS_FILE
    if not path.is_file():
        return pd.Series(dtype=str)
    frame = read_table(path).fillna("").astype(str)
    return frame.set_index(schema.ID)[schema.DATE_START]


def first_record(register_conditions: pd.DataFrame, strikes: pd.DataFrame, dates: pd.Series,
                 facility_id: str) -> str:
    """The earliest date anything is known of a facility (its conditions and its strikes), or ''."""
    known = list(register_conditions.loc[register_conditions[schema.FACILITY_ID] == facility_id, schema.DATE_START])
    struck = strikes.loc[strikes[schema.FACILITY_ID] == facility_id, schema.INCIDENT_ID]
    known += [dates[i] for i in struck if i in dates.index and dates[i]]
    return min(known) if known else ""


def record_condition(data_dir: Path, facility_id: str, fields: dict, why: str, who: str | None = None) -> str:
    """Record a facility's condition on a date (damaged, out of service, reopened ...), with its sources."""
    register = read_register(data_dir)
    live_facility(register, facility_id)
    when, condition = iso_date(fields.get(schema.DATE_START, "")), str(fields.get(schema.CONDITION, "")).strip()
    if condition not in schema.FACILITY_CONDITIONS:
        raise FacilityError(f"condition {condition!r} is not one of: {', '.join(schema.FACILITY_CONDITIONS)}")
    first = first_record(register.conditions, register.strikes, incident_dates(data_dir), facility_id)
    if first and when < first:
        raise FacilityError(f"{when} is before the first record of facility {facility_id!r} ({first})")
    if not str(fields.get(schema.SOURCE_IDS, "")).strip():
        raise FacilityError("a condition needs the source that reports it")
    number = len(register.conditions) + 1
    row = {schema.ID: f"fc-{number}", schema.FACILITY_ID: facility_id, schema.DATE_START: when,
           schema.CONDITION: condition, schema.SOURCE_IDS: str(fields[schema.SOURCE_IDS]).strip(),
           schema.DESCRIPTION: str(fields.get(schema.DESCRIPTION, "")).strip()}
    save_register(data_dir, register, register._replace(conditions=with_row(register.conditions, row)),
                  "facility condition", why, who, facility=facility_id, after=row)
    return row[schema.ID]


def link_strike(data_dir: Path, incident_id: str, facility_id: str, confirmed: bool, why: str,
                who: str | None = None) -> None:
    """Link an incident to the facility it struck: confirmed, or proposed for review when the match is uncertain."""
    register = read_register(data_dir)
    live_facility(register, facility_id)
    if incident_id not in incident_dates(data_dir).index:
        raise FacilityError(f"no incident {incident_id!r} in incidents.csv")
    same = register.strikes[(register.strikes[schema.INCIDENT_ID] == incident_id)
                            & (register.strikes[schema.FACILITY_ID] == facility_id)]
    link = schema.LINK_CONFIRMED if confirmed else schema.LINK_PROPOSED
    if not same.empty and same.iloc[0][schema.LINK] in (link, schema.LINK_CONFIRMED):
        raise FacilityError(f"incident {incident_id!r} is already linked to facility {facility_id!r}")
    strikes = register.strikes.drop(same.index)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    row = {schema.INCIDENT_ID: incident_id, schema.FACILITY_ID: facility_id, schema.LINK: link,
           schema.STATUS_BY: (who or "").strip(), schema.STATUS_AT: now}
    save_register(data_dir, register, register._replace(strikes=with_row(strikes, row)), "facility link", why, who,
                  facility=facility_id, incident=incident_id, link=link)
