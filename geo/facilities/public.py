"""The public copy of the facility register, field by field (docs/facilities.md, "Facilities in a public copy").

A hospital's, school's or market's name is public knowledge and what readers search for; a clinic's, a field or cave
hospital's, a civil defence centre's, an ambulance point's or a shelter's name and exact point can identify the
people who work there or lead an attacker to a site kept hidden. So a public copy keeps every facility's kind, its
town (never a point of its own), its confirmed strikes (how many, the first and the last day) and its last
reported condition; it names only facilities of the kinds in PUBLIC_NAME_KINDS; it drops aliases of unnamed ones,
operators, sources' own ids and every facility not published; ids become numbers in the register's order (an id
made from a name, even hashed, could be matched against guessed names).
"""

from __future__ import annotations

import pandas as pd

from geo import schema
from geo.facilities.register import Register
from geo.reader.facilities import KIND_LABELS

PUBLIC_NAME_KINDS = ("hospital", "school", "market", "bakery", "water_station", "camp", "place_of_worship")
SETTLEMENT_KINDS = ("city", "town", "village")
PUBLIC_COLUMNS = ("public_id", "facility_kind", "facility_name", "also_called", "town", "governorate", "strikes",
                  "first_strike", "last_strike", "last_condition", "last_condition_date")


def public_facilities(register: Register, incidents: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The published facilities as a public copy may show them; `incidents` gives each strike's first day (ids and
    date_start of published records), `places` each place's name, kind and governorate (indexed by id)."""
    facilities = register.facilities
    live = facilities[(facilities[schema.STATUS] == schema.STATUS_PUBLISHED) & (facilities[schema.MERGED_INTO] == "")]
    struck = register.strikes[register.strikes[schema.LINK] == schema.LINK_CONFIRMED].merge(
        incidents[[schema.ID, schema.DATE_START]], left_on=schema.INCIDENT_ID, right_on=schema.ID)
    days = struck.groupby(schema.FACILITY_ID)[schema.DATE_START]
    last = register.conditions.sort_values(schema.DATE_START).groupby(schema.FACILITY_ID).last()
    kind = places[schema.KIND].reindex(live[schema.PLACE_ID]).fillna("").to_numpy()
    named = live[schema.KIND].isin(PUBLIC_NAME_KINDS).to_numpy()
    town = places[schema.NAME].reindex(live[schema.PLACE_ID]).fillna("").to_numpy()
    ids = live[schema.ID]
    values = ([f"facility-{n}" for n in range(1, len(ids) + 1)], live[schema.KIND].map(KIND_LABELS),
              live[schema.NAME].where(named, ""),
              live[schema.ALT_NAMES].where(named, ""),
              [name if k in SETTLEMENT_KINDS else "" for name, k in zip(town, kind, strict=True)],
              places[schema.ADMIN1].reindex(live[schema.PLACE_ID]).fillna(""),
              ids.map(days.size()).fillna(0).astype(int), ids.map(days.min()).fillna(""),
              ids.map(days.max()).fillna(""),
              ids.map(last[schema.CONDITION]).astype(object).fillna("").str.replace("_", " "),
              ids.map(last[schema.DATE_START]).astype(object).fillna(""))
    return pd.DataFrame({column: list(value) for column, value in zip(PUBLIC_COLUMNS, values, strict=True)})
