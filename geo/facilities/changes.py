"""Changes to the facility register as pure steps: each takes a register and gives the changed register, the
audit action and its details (geo.facilities.book applies them to a folder or a team database). Each checks its
input first and refuses in one line (FacilityError)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd

from geo import schema
from geo.errors import AtlasError
from geo.facilities.register import Register
from geo.gazetteer.names import slugify
from geo.gazetteer.outlines import locate_points
from geo.reader.facilities import KIND_LABELS

EDITABLE = (schema.NAME, schema.ALT_NAMES, schema.KIND, schema.PLACE_ID, schema.LAT, schema.LON, schema.OPERATOR,
            schema.SOURCE_IDS)


class FacilityError(AtlasError):
    """A change to the facility register that cannot be made: which, and why, in one line."""


class Change(NamedTuple):
    """A register after a change, the audit action, what the audit keeps of it, and the change's result."""

    register: Register
    action: str
    details: dict
    result: str = ""


def _point(fields: dict) -> tuple[str, str]:
    """A facility's latitude and longitude as text, checked to lie in Syria ('' and '' when not given)."""
    lat, lon = str(fields.get(schema.LAT) or "").strip(), str(fields.get(schema.LON) or "").strip()
    if not lat and not lon:
        return "", ""
    try:
        lat_value, lon_value = float(lat), float(lon)
    except ValueError:
        raise FacilityError(f"latitude {lat!r} and longitude {lon!r} must both be numbers") from None
    where = locate_points([lon_value], [lat_value])[0]
    if where != "inside":
        hint = " (latitude and longitude look swapped)" if where == "swapped" else ""
        raise FacilityError(f"the point {lat_value:g}, {lon_value:g} lies outside Syria{hint}")
    return f"{lat_value:.5f}", f"{lon_value:.5f}"


def checked_fields(fields: dict, place_ids: set[str]) -> dict:
    """A facility's editable fields, checked: a name, a known kind, a known place, a point in Syria."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise FacilityError(f"a facility has no field {sorted(unknown)[0]!r}; it has {', '.join(EDITABLE)}")
    clean = {key: " ".join(str(fields.get(key) or "").split()) for key in EDITABLE}
    if not clean[schema.NAME]:
        raise FacilityError("a facility needs a name")
    if clean[schema.KIND] not in KIND_LABELS:
        raise FacilityError(f"kind {clean[schema.KIND]!r} is not one of: {', '.join(KIND_LABELS)}")
    if clean[schema.PLACE_ID] and clean[schema.PLACE_ID] not in place_ids:
        raise FacilityError(f"place {clean[schema.PLACE_ID]!r} is not in places.geojson")
    clean[schema.LAT], clean[schema.LON] = _point(fields)
    if not clean[schema.PLACE_ID] and not clean[schema.LAT]:
        raise FacilityError("a facility needs a place or a point")
    return clean


def live_facility(register: Register, facility_id: str) -> pd.Series:
    """A facility that is neither retracted nor merged into another, or FacilityError saying which it is."""
    rows = register.facilities[register.facilities[schema.ID] == facility_id]
    if rows.empty:
        raise FacilityError(f"no facility {facility_id!r} in the register")
    row = rows.iloc[0]
    if row[schema.MERGED_INTO]:
        raise FacilityError(f"facility {facility_id!r} was merged into {row[schema.MERGED_INTO]!r}; use that one")
    if row[schema.STATUS] == schema.STATUS_RETRACTED:
        raise FacilityError(f"facility {facility_id!r} is retracted")
    return row


def new_id(register: Register, name: str) -> str:
    """A fresh id from the name ('fa-al-quds-hospital', then '-2', '-3' ...)."""
    base, taken = f"fa-{slugify(name, 50) or 'unnamed'}", set(register.facilities[schema.ID])
    return base if base not in taken else next(f"{base}-{n}" for n in range(2, len(taken) + 3)
                                               if f"{base}-{n}" not in taken)


def with_row(frame: pd.DataFrame, row: dict) -> pd.DataFrame:
    """A copy of a frame with one more row."""
    return pd.concat([frame, pd.DataFrame([row]).astype(str)], ignore_index=True).fillna("")


def _replaced(frame: pd.DataFrame, facility_id: str, changes: dict) -> pd.DataFrame:
    """A copy of the facilities frame with one facility's fields changed and its version raised."""
    changed = frame.copy()
    where = changed[schema.ID] == facility_id
    for key, value in changes.items():
        changed.loc[where, key] = value
    changed.loc[where, schema.VERSION] = str(int(changed.loc[where, schema.VERSION].iloc[0] or 0) + 1)
    return changed


def adding(register: Register, fields: dict, place_ids: set[str], status: str) -> Change:
    """A facility added with a review status (published, or in review when an editor adds it)."""
    clean = checked_fields(fields, place_ids)
    facility_id = new_id(register, clean[schema.NAME])
    row = {**clean, schema.ID: facility_id, schema.STATUS: status, schema.MERGED_INTO: "", schema.VERSION: "1"}
    return Change(register._replace(facilities=with_row(register.facilities, row)), "facility add",
                  {schema.FACILITY_ID: facility_id, "after": row}, facility_id)


def correcting(register: Register, facility_id: str, changes: dict, place_ids: set[str]) -> Change:
    """A live facility's fields corrected (name, aliases, kind, place, point, operator, sources)."""
    row = live_facility(register, facility_id)
    clean = checked_fields({**{k: row[k] for k in EDITABLE}, **changes}, place_ids)
    changed = {k: v for k, v in clean.items() if v != row[k]}
    if not changed:
        raise FacilityError(f"facility {facility_id!r} already has those values; nothing to change")
    return Change(register._replace(facilities=_replaced(register.facilities, facility_id, changed)),
                  "facility correct", {schema.FACILITY_ID: facility_id, "before": {k: row[k] for k in changed},
                                       "after": changed}, facility_id)


def iso_date(text: str) -> str:
    """A YYYY-MM-DD date, or FacilityError."""
    try:
        return dt.date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise FacilityError(f"date {text!r} is not a date written YYYY-MM-DD") from None


def merging(register: Register, facility_id: str, into_id: str) -> Change:
    """One facility merged into another: its names become the other's aliases, its strikes and conditions move."""
    if facility_id == into_id:
        raise FacilityError(f"facility {facility_id!r} cannot be merged into itself")
    gone, kept = live_facility(register, facility_id), live_facility(register, into_id)
    aliases = schema.split_list(kept[schema.ALT_NAMES]) + [gone[schema.NAME]] + schema.split_list(
        gone[schema.ALT_NAMES])
    aliases = [a for a in dict.fromkeys(aliases) if a != kept[schema.NAME]]
    facilities = _replaced(register.facilities, into_id,
                           {schema.ALT_NAMES: f"{schema.LIST_SEPARATOR} ".join(aliases)})
    facilities = _replaced(facilities, facility_id, {schema.MERGED_INTO: into_id})
    moved = [frame.assign(**{schema.FACILITY_ID: frame[schema.FACILITY_ID].replace(facility_id, into_id)})
             for frame in (register.conditions, register.strikes)]
    strikes = moved[1].drop_duplicates([schema.INCIDENT_ID, schema.FACILITY_ID], keep="first")
    return Change(register._replace(facilities=facilities, conditions=moved[0], strikes=strikes), "facility merge",
                  {schema.FACILITY_ID: facility_id, "into": into_id}, into_id)


def reviewing(register: Register, facility_id: str, status: str, why: str) -> Change:
    """A live facility published (proposed by a document or an import) or retracted (a reason required)."""
    row = live_facility(register, facility_id)
    if status == schema.STATUS_RETRACTED and not str(why or "").strip():
        raise FacilityError("say why the facility is retracted")
    if row[schema.STATUS] == status:
        raise FacilityError(f"facility {facility_id!r} is already {status.replace('_', ' ')}")
    facilities = _replaced(register.facilities, facility_id, {schema.STATUS: status})
    action = "facility retract" if status == schema.STATUS_RETRACTED else "facility publish"
    return Change(register._replace(facilities=facilities), action,
                  {schema.FACILITY_ID: facility_id, "before": {schema.STATUS: row[schema.STATUS]}}, facility_id)


def recording_health_care(register: Register, rows: pd.DataFrame, known: set[str]) -> Change:
    """Health-care figures for the incidents of `rows` that are in the atlas (others left out), replacing the
    figures those incidents had."""
    wanted = rows[rows[schema.INCIDENT_ID].isin(known)].astype(str)
    if wanted.empty:
        raise FacilityError(f"none of the {len(rows)} events with health-care figures is in the atlas; import the "
                            "dataset first")
    kept = register.health_care[~register.health_care[schema.INCIDENT_ID].isin(wanted[schema.INCIDENT_ID])]
    health = pd.concat([kept, wanted.reindex(columns=list(schema.HEALTH_CARE_COLUMNS), fill_value="")],
                       ignore_index=True)
    return Change(register._replace(health_care=health), "facility health care",
                  {"incidents": len(wanted), "not in the atlas": len(rows) - len(wanted)}, str(len(wanted)))
