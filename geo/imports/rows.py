"""Imported records -> contract rows: every row accepted, or rejected with its line, field and reason."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from shapely import make_valid
from shapely.geometry import shape
from shapely.validation import explain_validity

from geo import schema
from geo.errors import RowRejectedError as Rejected
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.outlines import locate_points
from geo.imports.dates import date_range
from geo.imports.mapping import TARGET_DATE, TARGET_PLACE, TARGET_TIME_PRECISION, Mapping, precision_of, type_of
from geo.imports.readers import GEOMETRY_FIELD, RawTable
from geo.reader.counts import find_counts
from geo.reader.facilities import facility_struck, kind_of
from geo.reader.mentions import find_place_mentions

MAX_DESCRIPTION = 20_000
MAX_FIELD = 1_000
MAX_GEOMETRY_VERTICES = 5_000
SAFE_ID = re.compile(r"[^A-Za-z0-9_.:-]+")


@dataclass
class ImportResult:
    """What an import would add, what it refused and why, and the figures for the summary."""

    accepted: pd.DataFrame
    rejections: pd.DataFrame
    originals: list[dict]
    rows_read: int
    geocoded: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """Counts for the preview: read, imported, rejected by reason, geocoded from names."""
        reasons = self.rejections["reason"].str.replace(r"duplicate of \S+", "duplicate of a stored incident",
                                                        regex=True).value_counts()
        return {"rows_read": self.rows_read, "imported": len(self.accepted), "rejected": len(self.rejections),
                "rejected_by_reason": {str(k): int(v) for k, v in reasons.items()},
                "geocoded_from_names": self.geocoded, "notes": self.notes}


@dataclass
class Context:
    """What every row is checked against."""

    mapping: Mapping
    gazetteer: Gazetteer
    source_id: str
    existing_ids: set[str]
    existing_keys: dict[tuple, str]
    keep_duplicates: bool = False
    seen_ids: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _value(record: dict, mapping: Mapping, target: str) -> str:
    """The record's value for a contract field (constants win), nulls like 'No Information' emptied."""
    if target in mapping.constants:
        return mapping.constants[target]
    value = record.get(mapping.columns.get(target, ""), "") or ""
    if target in (schema.PERPETRATOR, schema.ADMIN1) and value.strip() in mapping.null_values:
        return ""
    return value


def _number(text: str, name: str) -> float:
    """A finite decimal number, or Rejected."""
    try:
        value = float(text.strip())
    except ValueError:
        raise Rejected(name, text, f"{name} {text!r} is not a number") from None
    if not np.isfinite(value):
        raise Rejected(name, text, f"{name} {text!r} is not a finite number")
    return value


def _count(record: dict, ctx: Context, target: str, from_text: dict) -> str:
    """A whole number, empty when unknown (never 0 for unknown)."""
    text = _value(record, ctx.mapping, target).strip()
    if not text:
        return str(from_text[target]) if target in from_text else ""
    if not re.fullmatch(r"\d+(\.0+)?", text):
        raise Rejected(target, text, f"{target} {text!r} is not a whole number")
    return str(int(float(text)))


def _geometry_point(record: dict, ctx: Context, line: int) -> tuple[str, str]:
    """lat/lon text from a GeoJSON geometry: a Point as is, a polygon's inner point (repaired if invalid)."""
    text = record.get(GEOMETRY_FIELD, "")
    if not text or text == "null":
        return "", ""
    try:
        geometry = shape(json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        raise Rejected("geometry", text[:60], "the GeoJSON geometry cannot be read") from None
    if geometry.is_empty:
        return "", ""
    vertices = shapely.get_num_coordinates(geometry)
    if vertices > MAX_GEOMETRY_VERTICES:
        raise Rejected("geometry", f"{vertices:,} vertices", f"the geometry has {vertices:,} vertices, over the "
                       f"limit of {MAX_GEOMETRY_VERTICES:,}; simplify it first")
    if not geometry.is_valid:
        ctx.notes.append(f"line {line}: invalid polygon repaired ({explain_validity(geometry)})")
        geometry = make_valid(geometry)
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return f"{point.y}", f"{point.x}"


def _coordinates(record: dict, ctx: Context, line: int) -> tuple[float, float] | None:
    """lat/lon checked for range and against Syria's outline; None when absent."""
    lat_text, lon_text = _value(record, ctx.mapping, schema.LAT).strip(), _value(record, ctx.mapping,
                                                                                 schema.LON).strip()
    if not lat_text and not lon_text and GEOMETRY_FIELD in record:
        lat_text, lon_text = _geometry_point(record, ctx, line)
    if not lat_text and not lon_text:
        return None
    if not lat_text or not lon_text:
        raise Rejected(schema.LAT, f"{lat_text},{lon_text}", "only one of latitude and longitude is given")
    lat, lon = _number(lat_text, "latitude"), _number(lon_text, "longitude")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Rejected(schema.LAT, f"{lat_text},{lon_text}", "latitude or longitude out of range")
    verdict = locate_points(np.array([lon]), np.array([lat]))[0]
    if verdict == "swapped":
        raise Rejected(schema.LAT, f"{lat_text},{lon_text}", "latitude and longitude look swapped")
    if verdict == "outside":
        raise Rejected(schema.LAT, f"{lat_text},{lon_text}", "the point lies outside Syria")
    return lat, lon


def _best_mention(text: str, gazetteer: Gazetteer):
    """The most specific Syrian location named in a text (a title), or None."""
    located = [m for m in find_place_mentions(text, gazetteer)
               if m.role == "location" and m.place.in_syria and m.place.resolved]
    return min(located, key=lambda m: (schema.SPECIFICITY.get(m.place.kind, 9), m.start)).place if located else None


def _place_from_names(record: dict, ctx: Context):
    """The most specific place the place, title or admin1 fields resolve to; None when nothing does."""
    gazetteer, place_text = ctx.gazetteer, _value(record, ctx.mapping, TARGET_PLACE).strip()
    if place_text in gazetteer.places and gazetteer.places[place_text].in_syria:
        return gazetteer.places[place_text]
    parts = [part.strip() for part in re.split(r"\s*[:：]\s*", place_text) if part.strip()]
    if parts:
        match = gazetteer.lookup(parts[-1])
        if match and match.place.in_syria and match.place.kind != "country":
            return match.place
    title = _value(record, ctx.mapping, schema.TITLE)
    named = _best_mention(title, gazetteer) if title else None
    if named is not None and named.kind != "country":
        return named
    admin1 = parts[0] if len(parts) > 1 else _value(record, ctx.mapping, schema.ADMIN1).strip()
    return gazetteer.governorate(admin1) if admin1 else None


def _locate(record: dict, ctx: Context, precision: str, line: int) -> tuple[str, str, str, str, bool]:
    """(place_id, geo_precision, lat, lon, geocoded from a name) or Rejected."""
    point = _coordinates(record, ctx, line)
    if precision == "country":
        return "sy-syria", "country", "", "", False
    if point and precision != "governorate":
        return "", precision or "settlement", f"{point[0]:.6f}", f"{point[1]:.6f}", False
    place = _place_from_names(record, ctx)
    if precision == "governorate" and place is not None and place.kind != "governorate":
        place = ctx.gazetteer.governorate(place.admin1) or place
    if place is None:
        written = _value(record, ctx.mapping, TARGET_PLACE) or _value(record, ctx.mapping, schema.ADMIN1)
        reason = "the place name is not in the gazetteer" if written.strip() else "no place name either"
        raise Rejected("place", written, f"no coordinates, and {reason}")
    return place.id, schema.PRECISION_OF_KIND.get(place.kind, "settlement"), "", "", True


def _identity(record: dict, ctx: Context, line: int, key: tuple) -> str:
    """A stable id, refusing repeats within the file and (unless kept) duplicates of stored incidents."""
    raw = _value(record, ctx.mapping, schema.ID).strip()
    incident_id = ctx.mapping.id_prefix + SAFE_ID.sub("-", raw) if raw else f"{ctx.source_id}-{line}"
    if incident_id in ctx.seen_ids:
        raise Rejected(schema.ID, raw, "id repeated within this file")
    ctx.seen_ids.add(incident_id)
    if incident_id in ctx.existing_ids:
        raise Rejected(schema.ID, raw, f"duplicate: id {incident_id} is already in the data")
    twin = ctx.existing_keys.get(key)
    if twin and not ctx.keep_duplicates:
        raise Rejected(schema.ID, raw, f"possible duplicate of {twin} (same dates, place and type)")
    return incident_id


def _facility(column: str, description: str) -> str:
    """The facility a row names: its facility column when that names one ('Al-Quds hospital'), else the one its
    description says was struck, else the column as written ('Health Building')."""
    if kind_of(column):
        return column
    return facility_struck(description) or column


def _check_lengths(record: dict, ctx: Context) -> None:
    """Refuse overlong fields rather than cut them."""
    for target, column in ctx.mapping.columns.items():
        value = record.get(column, "") or ""
        limit = MAX_DESCRIPTION if target in (schema.DESCRIPTION, schema.TITLE) else MAX_FIELD
        if len(value) > limit:
            raise Rejected(target, value[:40], f"{target} has {len(value):,} characters; the limit is {limit:,}")


def normalise_record(record: dict, line: int, ctx: Context) -> tuple[dict, bool]:
    """One contract row from one record (and whether its place came from a name), or Rejected."""
    mapping = ctx.mapping
    _check_lengths(record, ctx)
    raw_type = _value(record, mapping, schema.TYPE)
    incident_type = type_of(raw_type, mapping)
    if not incident_type:
        raise Rejected(schema.TYPE, raw_type, "no incident type of ours matches; add it to the mapping's type_values")
    raw_date = _value(record, mapping, TARGET_DATE)
    first, last, date_precision = date_range(raw_date, _value(record, mapping, schema.DATE_END), mapping.date_order,
                                             _value(record, mapping, TARGET_TIME_PRECISION))
    stated = _value(record, mapping, schema.DATE_PRECISION).strip()
    date_precision = stated if stated in schema.DATE_PRECISIONS else date_precision
    precision = precision_of(_value(record, mapping, schema.GEO_PRECISION), mapping)
    place_id, geo_precision, lat, lon, geocoded = _locate(record, ctx, precision, line)
    description = _value(record, mapping, schema.DESCRIPTION)
    from_text = find_counts(description) if mapping.counts_from_text else {}
    raw_confidence = _value(record, mapping, schema.CONFIDENCE).strip()
    confidence = mapping.confidence_values.get(raw_confidence, raw_confidence) or "weak"
    if confidence not in schema.CONFIDENCE_LEVELS:
        raise Rejected(schema.CONFIDENCE, raw_confidence,
                       "confidence must map to confirmed/fair/weak/contested/discounted")
    weapon = _value(record, mapping, schema.WEAPON)
    row = {schema.DATE_START: first.isoformat(), schema.DATE_END: last.isoformat(),
           schema.DATE_PRECISION: date_precision,
           schema.DATE_TEXT: raw_date, schema.TYPE: incident_type,
           schema.WEAPON: mapping.weapon_values.get(weapon.strip().lower(), weapon), schema.PLACE_ID: place_id,
           schema.PLACE_TEXT: _value(record, mapping, TARGET_PLACE) or _value(record, mapping, schema.ADMIN1),
           schema.GEO_PRECISION: geo_precision, schema.LAT: lat, schema.LON: lon, schema.ORIGIN_PLACE_ID: "",
           schema.DESTINATION_PLACE_ID: "",
           schema.FACILITY: _facility(_value(record, mapping, schema.FACILITY), description),
           schema.PERPETRATOR: _value(record, mapping, schema.PERPETRATOR),
           **{target: _count(record, ctx, target, from_text) for target in schema.COUNT_COLUMNS},
           schema.CONFIDENCE: confidence, schema.SOURCE_IDS: ctx.source_id,
           schema.DESCRIPTION: description if description.strip()
           else f"Imported record (line {line}); no description."}
    key = (row[schema.DATE_START], row[schema.DATE_END], place_id or f"{lat},{lon}", incident_type)
    row[schema.ID] = _identity(record, ctx, line, key)
    return row, geocoded


def normalise_table(table: RawTable, ctx: Context) -> ImportResult:
    """Every record of a table accepted or rejected; imported + rejected = rows read."""
    accepted, originals, geocoded = [], [], 0
    rejections = [{"line": line, "field": name, "value": value, "reason": reason}
                  for line, name, value, reason in table.rejected]
    for line, record in zip(table.lines, table.frame.to_dict("records"), strict=True):
        try:
            row, from_name = normalise_record(record, line, ctx)
        except Rejected as refusal:
            rejections.append({"line": line, "field": refusal.field_name, "value": refusal.value[:200],
                               "reason": refusal.reason})
            continue
        accepted.append(row)
        originals.append({schema.ID: row[schema.ID], "line": line, "original": record})

        geocoded += from_name
    frame = pd.DataFrame(accepted, columns=list(schema.INCIDENT_COLUMNS)).fillna("")
    rejected = pd.DataFrame(rejections, columns=["line", "field", "value", "reason"]).sort_values("line")
    return ImportResult(frame, rejected.reset_index(drop=True), originals, len(table.lines) + len(table.rejected),
                        geocoded, list(table.notes) + ctx.notes)


def existing_keys(incidents: pd.DataFrame) -> dict[tuple, str]:
    """(date_start, date_end, place, type) -> id of the stored incidents, for duplicate checks."""
    place = incidents[schema.PLACE_ID].where(incidents[schema.PLACE_ID] != "",
                                             incidents[schema.LAT] + "," + incidents[schema.LON])
    keys = zip(incidents[schema.DATE_START], incidents[schema.DATE_END], place, incidents[schema.TYPE], strict=True)
    return dict(zip(keys, incidents[schema.ID], strict=True))

