"""Validation of a data directory against the contract in geo.schema: every problem, located."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from geo import config, schema
from geo.dataset.load import load_sources, load_totals, lookup
from geo.dataset.places import place_problems
from geo.dataset.revision_checks import BrokenLogError
from geo.dataset.revisions import read_revisions
from geo.dataset.stored import read_incidents_table
from geo.errors import InputFileError
from geo.files.tables import read_feature_collection
from geo.gazetteer.outlines import locate_points
from geo.schema import Problem

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL = re.compile(r"^https?://\S+$")
VOCABULARIES = {schema.TYPE: schema.INCIDENT_TYPES, schema.DATE_PRECISION: schema.DATE_PRECISIONS,
                schema.GEO_PRECISION: schema.GEO_PRECISIONS, schema.CONFIDENCE: schema.CONFIDENCE_LEVELS}


def _rows(file: str, frame: pd.DataFrame, mask: pd.Series, field: str, fix: str) -> Iterator[Problem]:
    """Yield one Problem per row selected by mask (CSV line = index + 2)."""
    for index in np.flatnonzero(mask.to_numpy()):
        value = str(frame[field].iloc[index]) if field in frame.columns else ""
        yield Problem(file, f"line {index + 2}", field, value, fix)


def _vocabulary(file: str, frame: pd.DataFrame, field: str, allowed: tuple[str, ...],
                allow_empty: bool = False) -> Iterator[Problem]:
    """Problems for cells outside a vocabulary."""
    values = frame[field].str.strip()
    bad = ~values.isin(allowed) & ~(allow_empty & (values == ""))
    yield from _rows(file, frame, bad, field, f"use one of: {', '.join(allowed)}")


def _parse_dates(values: pd.Series) -> pd.Series:
    """Parse ISO dates; anything else becomes NaT."""
    shaped = values.where(values.str.match(ISO_DATE), "")
    return pd.to_datetime(shaped, format="%Y-%m-%d", errors="coerce")


def check_sources(frame: pd.DataFrame) -> list[Problem]:
    """Check sources.csv rows."""
    file = config.SOURCES_FILE
    problems = list(_rows(file, frame, frame[schema.ID].str.strip() == "", schema.ID, "give every source an id"))
    problems += _rows(file, frame, frame[schema.ID].duplicated(keep="first"), schema.ID, "ids must be unique")
    problems += _rows(file, frame, frame[schema.TITLE].str.strip() == "", schema.TITLE, "give the title")
    problems += _vocabulary(file, frame, schema.KIND, schema.SOURCE_KINDS)
    bad_date = ~frame[schema.PUBLISHED].str.match(PARTIAL_DATE) & (frame[schema.PUBLISHED] != "")
    problems += _rows(file, frame, bad_date, schema.PUBLISHED, "write YYYY, YYYY-MM or YYYY-MM-DD")
    bad_url = (frame[schema.URL] != "") & ~frame[schema.URL].str.match(URL)
    problems += _rows(file, frame, bad_url, schema.URL, "only http(s) links, or leave empty")
    return problems


def _check_counts(file: str, frame: pd.DataFrame,
                  fields: Collection[str] = schema.COUNT_COLUMNS) -> Iterator[Problem]:
    """Counts are empty (unknown) or whole numbers >= 0."""
    for field in fields:
        bad = (frame[field] != "") & ~frame[field].str.fullmatch(r"\d+")
        yield from _rows(file, frame, bad, field, "a whole number, or empty for unknown")


def _check_incident_dates(file: str, frame: pd.DataFrame) -> Iterator[Problem]:
    """Dates are ISO and ordered."""
    start, end = _parse_dates(frame[schema.DATE_START]), _parse_dates(frame[schema.DATE_END])
    yield from _rows(file, frame, start.isna(), schema.DATE_START, "write an ISO date YYYY-MM-DD")
    yield from _rows(file, frame, end.isna(), schema.DATE_END, "write an ISO date YYYY-MM-DD")
    yield from _rows(file, frame, start > end, schema.DATE_END, "date_end must not be before date_start")


def _check_coordinates(file: str, frame: pd.DataFrame) -> Iterator[Problem]:
    """lat/lon come in pairs, are numbers, and fall inside Syria (or say they look swapped)."""
    has_lat, has_lon = frame[schema.LAT] != "", frame[schema.LON] != ""
    yield from _rows(file, frame, has_lat ^ has_lon, schema.LAT, "give both lat and lon, or neither")
    lat = pd.to_numeric(frame[schema.LAT].where(has_lat & has_lon), errors="coerce")
    lon = pd.to_numeric(frame[schema.LON].where(has_lat & has_lon), errors="coerce")
    unreadable = has_lat & has_lon & (lat.isna() | lon.isna() | ~np.isfinite(lat) | ~np.isfinite(lon))
    yield from _rows(file, frame, unreadable, schema.LAT, "lat and lon must be decimal degrees")
    usable = has_lat & has_lon & ~unreadable
    verdict = locate_points(lon.where(usable, 0.0).to_numpy(), lat.where(usable, 0.0).to_numpy())
    swapped = usable & (verdict == "swapped")
    outside = usable & (verdict == "outside")
    yield from _rows(file, frame, swapped, schema.LAT, "latitude and longitude look swapped")
    yield from _rows(file, frame, outside, schema.LAT, "the point lies outside Syria")


def _check_references(file: str, frame: pd.DataFrame, place_ids: set[str],
                      source_ids: set[str]) -> Iterator[Problem]:
    """place ids and source ids point at rows that exist."""
    for field in (schema.PLACE_ID, schema.ORIGIN_PLACE_ID, schema.DESTINATION_PLACE_ID):
        bad = (frame[field] != "") & ~frame[field].isin(place_ids)
        yield from _rows(file, frame, bad, field, "add the place to places.geojson or fix the id")
    no_place = (frame[schema.PLACE_ID] == "") & (frame[schema.LAT] == "")
    yield from _rows(file, frame, no_place, schema.PLACE_ID, "give a place_id or lat/lon")
    missing = lookup(frame[schema.SOURCE_IDS], lambda cell: not schema.split_list(cell) or any(
        i not in source_ids for i in schema.split_list(cell))).astype(bool)
    yield from _rows(file, frame, missing, schema.SOURCE_IDS, "cite ids that exist in sources.csv")


def check_incidents(frame: pd.DataFrame, place_ids: set[str], source_ids: set[str],
                    changed: Collection[str] | None = None) -> list[Problem]:
    """Check incidents.csv rows against the contract and the other files; with `changed`, only the checks that
    read one of those fields (the rest of a record that already passed cannot have broken)."""
    file = config.INCIDENTS_FILE

    def wanted(*fields: str) -> bool:
        return changed is None or any(field in changed for field in fields)

    problems: list[Problem] = []
    for field in schema.INCIDENT_REQUIRED:
        if wanted(field):
            problems += _rows(file, frame, frame[field].str.strip() == "", field, "required; fill it in")
    if wanted(schema.ID):
        problems += _rows(file, frame, frame[schema.ID].duplicated(keep="first") & (frame[schema.ID] != ""),
                          schema.ID, "ids must be unique and never reused")
    for field, allowed in VOCABULARIES.items():
        if wanted(field):
            problems += _vocabulary(file, frame, field, allowed)
    if wanted(schema.DATE_START, schema.DATE_END):
        problems += _check_incident_dates(file, frame)
    problems += _check_counts(file, frame, [f for f in schema.COUNT_COLUMNS if wanted(f)])
    if wanted(schema.LAT, schema.LON):
        problems += _check_coordinates(file, frame)
    if wanted(*schema.PLACE_REFERENCE_COLUMNS, schema.LAT, schema.SOURCE_IDS):
        problems += _check_references(file, frame, place_ids, source_ids)
    return problems


def check_places(collection: dict, source_ids: set[str]) -> list[Problem]:
    """Check the features of places.geojson."""

    return place_problems(collection, source_ids, config.PLACES_FILE)


def check_totals(frame: pd.DataFrame, source_ids: set[str]) -> list[Problem]:
    """Check totals.csv rows: a source, a measure and a whole-number value."""
    file = config.TOTALS_FILE
    problems = list(_rows(file, frame, ~frame[schema.SOURCE_ID].isin(source_ids), schema.SOURCE_ID,
                          "cite an id that exists in sources.csv"))
    problems += _rows(file, frame, ~frame[schema.VALUE].str.fullmatch(r"\d+"), schema.VALUE, "a whole number")
    problems += _rows(file, frame, frame[schema.MEASURE].str.strip() == "", schema.MEASURE, "say what is counted")
    return problems


def validate_data_dir(data_dir: Path) -> list[Problem]:
    """Return every problem in a data directory; an empty list means it keeps the contract."""
    try:
        sources = load_sources(data_dir)
        places = read_feature_collection(data_dir / config.PLACES_FILE)
        incidents = read_incidents_table(data_dir)
        totals = load_totals(data_dir)
    except (InputFileError, pd.errors.ParserError, OSError, ValueError) as error:
        return [Problem(str(data_dir), "-", "file", "", str(error).replace(f"{data_dir}/", ""))]
    source_ids = set(sources[schema.ID])
    place_ids = {str(f.get("properties", {}).get(schema.ID, "")) for f in places.get("features", [])}
    return (check_sources(sources) + check_places(places, source_ids)
            + check_incidents(incidents, place_ids, source_ids) + check_totals(totals, source_ids)
            + check_logs(data_dir))


def check_logs(data_dir: Path) -> list[Problem]:
    """The revision log and the duplicate decisions, each line read and checked (the first broken one named)."""
    problems = []
    for name in (config.REVISIONS_FILE, config.DECISIONS_FILE):
        try:
            read_revisions(data_dir, name=name)
        except BrokenLogError as broken:
            problems.append(Problem(name, "-", "file", "", str(broken).split(": ", 1)[1].join(
                (f"line {broken.line}: ", ""))))
    return problems

