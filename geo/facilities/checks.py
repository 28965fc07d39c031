"""The facility register's part of the data contract: known kinds, statuses, conditions and link states, dates that
are dates, points in Syria, and no reference to a facility or an incident that is not there."""

from __future__ import annotations

import pandas as pd

from geo import schema
from geo.facilities.changes import FacilityError, iso_date
from geo.facilities.register import CONDITIONS_FILE, FACILITIES_FILE, STRIKES_FILE, Register
from geo.gazetteer.outlines import locate_points
from geo.reader.facilities import KIND_LABELS
from geo.schema import Problem


def _outside(values: pd.Series, allowed: tuple[str, ...] | set[str]) -> pd.Series:
    """The values not among those allowed."""
    return values[~values.isin(list(allowed))]


def _points(facilities: pd.DataFrame) -> list[Problem]:
    """Facilities whose point is not a pair of numbers in Syria."""
    given = facilities[(facilities[schema.LAT] != "") | (facilities[schema.LON] != "")]
    lat, lon = pd.to_numeric(given[schema.LAT], errors="coerce"), pd.to_numeric(given[schema.LON], errors="coerce")
    numeric = lat.notna() & lon.notna()
    where = pd.Series("outside", index=given.index)
    where[numeric] = locate_points(lon[numeric].to_numpy(), lat[numeric].to_numpy())
    return [Problem(FACILITIES_FILE, given.loc[i, schema.ID], schema.LAT, f"{given.loc[i, schema.LAT]},"
                    f"{given.loc[i, schema.LON]}", "give a latitude and longitude in Syria, or neither")
            for i in where[where != "inside"].index]


def _iso(text: str) -> bool:
    """Whether a text is a YYYY-MM-DD date."""
    try:
        iso_date(text)
    except FacilityError:
        return False
    return True


def register_problems(register: Register, incident_ids: set[str]) -> list[Problem]:
    """Every breach of the register's contract, located by file, id and field."""
    facilities, conditions, strikes = register.facilities, register.conditions, register.strikes
    ids = set(facilities[schema.ID])
    problems = [Problem(FACILITIES_FILE, facilities.loc[i, schema.ID], schema.KIND, value,
                        f"use one of: {', '.join(KIND_LABELS)}")
                for i, value in _outside(facilities[schema.KIND], tuple(KIND_LABELS)).items()]
    problems += [Problem(FACILITIES_FILE, facilities.loc[i, schema.ID], schema.STATUS, value,
                         f"use one of: {', '.join(schema.REVIEW_STATUSES)}")
                 for i, value in _outside(facilities[schema.STATUS], schema.REVIEW_STATUSES).items()]
    problems += [Problem(FACILITIES_FILE, facilities.loc[i, schema.ID], schema.MERGED_INTO, value,
                         "merged into a facility that is not in the register")
                 for i, value in _outside(facilities[schema.MERGED_INTO], ids | {""}).items()]
    problems += _points(facilities)
    problems += [Problem(CONDITIONS_FILE, conditions.loc[i, schema.ID], schema.CONDITION, value,
                         f"use one of: {', '.join(schema.FACILITY_CONDITIONS)}")
                 for i, value in _outside(conditions[schema.CONDITION], schema.FACILITY_CONDITIONS).items()]
    problems += [Problem(CONDITIONS_FILE, conditions.loc[i, schema.ID], schema.DATE_START, value, "write YYYY-MM-DD")
                 for i, value in conditions[schema.DATE_START].items() if not _iso(value)]
    for file, frame, key in ((CONDITIONS_FILE, conditions, schema.ID), (STRIKES_FILE, strikes, schema.INCIDENT_ID)):
        problems += [Problem(file, frame.loc[i, key], schema.FACILITY_ID, value, "no such facility in the register")
                     for i, value in _outside(frame[schema.FACILITY_ID], ids).items()]
    problems += [Problem(STRIKES_FILE, value, schema.INCIDENT_ID, value, "no such incident")
                 for value in _outside(strikes[schema.INCIDENT_ID], incident_ids)]
    problems += [Problem(STRIKES_FILE, strikes.loc[i, schema.INCIDENT_ID], schema.LINK, value,
                         f"use one of: {', '.join(schema.LINK_STATES)}")
                 for i, value in _outside(strikes[schema.LINK], schema.LINK_STATES).items()]
    return problems
