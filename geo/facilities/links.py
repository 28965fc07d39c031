"""A facility's history: its condition over time and the incidents that struck it, each dated and sourced."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo import schema
from geo.facilities.changes import Change, FacilityError, iso_date, live_facility, with_row
from geo.facilities.register import Register


def first_record(register_conditions: pd.DataFrame, strikes: pd.DataFrame, dates: pd.Series,
                 facility_id: str) -> str:
    """The earliest date anything is known of a facility (its conditions and its strikes), or ''."""
    known = list(register_conditions.loc[register_conditions[schema.FACILITY_ID] == facility_id, schema.DATE_START])
    struck = strikes.loc[strikes[schema.FACILITY_ID] == facility_id, schema.INCIDENT_ID]
    known += [dates[i] for i in struck if i in dates.index and dates[i]]
    return min(known) if known else ""


def recording_condition(register: Register, facility_id: str, fields: dict, dates: pd.Series) -> Change:
    """A facility's condition on a date (damaged, out of service, reopened ...), with the source that reports it;
    refused before the first date anything is known of the facility."""
    live_facility(register, facility_id)
    when, condition = iso_date(fields.get(schema.DATE_START, "")), str(fields.get(schema.CONDITION, "")).strip()
    if condition not in schema.FACILITY_CONDITIONS:
        raise FacilityError(f"condition {condition!r} is not one of: {', '.join(schema.FACILITY_CONDITIONS)}")
    first = first_record(register.conditions, register.strikes, dates, facility_id)
    if first and when < first:
        raise FacilityError(f"{when} is before the first record of facility {facility_id!r} ({first})")
    if not str(fields.get(schema.SOURCE_IDS, "")).strip():
        raise FacilityError("a condition needs the source that reports it")
    taken = set(register.conditions[schema.ID])
    number = next(n for n in range(len(taken) + 1, 2 * len(taken) + 2) if f"fc-{n}" not in taken)
    row = {schema.ID: f"fc-{number}", schema.FACILITY_ID: facility_id, schema.DATE_START: when,
           schema.CONDITION: condition, schema.SOURCE_IDS: str(fields[schema.SOURCE_IDS]).strip(),
           schema.DESCRIPTION: str(fields.get(schema.DESCRIPTION, "")).strip()}
    return Change(register._replace(conditions=with_row(register.conditions, row)), "facility condition",
                  {schema.FACILITY_ID: facility_id, "after": row}, row[schema.ID])


def linking(register: Register, incident_id: str, facility_id: str, link: str, dates: pd.Series,
            who: str | None) -> Change:
    """An incident linked to the facility it struck: confirmed, or proposed for review when uncertain."""
    live_facility(register, facility_id)
    if incident_id not in dates.index:
        raise FacilityError(f"no incident {incident_id!r} in the atlas")
    same = register.strikes[(register.strikes[schema.INCIDENT_ID] == incident_id)
                            & (register.strikes[schema.FACILITY_ID] == facility_id)]
    if not same.empty and same.iloc[0][schema.LINK] in (link, schema.LINK_CONFIRMED):
        raise FacilityError(f"incident {incident_id!r} is already linked to facility {facility_id!r}")
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    row = {schema.INCIDENT_ID: incident_id, schema.FACILITY_ID: facility_id, schema.LINK: link,
           schema.STATUS_BY: (who or "").strip(), schema.STATUS_AT: now}
    return Change(register._replace(strikes=with_row(register.strikes.drop(same.index), row)), "facility link",
                  {schema.FACILITY_ID: facility_id, schema.INCIDENT_ID: incident_id, schema.LINK: link}, facility_id)
