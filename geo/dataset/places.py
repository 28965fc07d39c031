"""places.geojson: built from the documents' place mentions plus the places incidents use; checked."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd
from shapely.geometry import shape

from geo import schema
from geo.errors import UnknownPlaceError
from geo.files.tables import read_feature_collection
from geo.gazetteer.lookup import Gazetteer, Place
from geo.reader.mentions import PlaceMention
from geo.schema import Problem

PLACE_REFERENCE_COLUMNS = (schema.PLACE_ID, schema.ORIGIN_PLACE_ID, schema.DESTINATION_PLACE_ID)


def place_feature(place: Place, mentions: list[str] | None = None, note: str = "") -> dict:
    """The GeoJSON feature of a place, properties as the data contract names them."""
    geometry = place.geometry or {schema.GEOJSON_TYPE: "Point", "coordinates": [round(place.lon, 5), round(place.lat,
                                                                                                           5)]}
    properties = {
        schema.ID: place.id, schema.NAME: place.name, schema.NAME_AR: place.name_ar,
        schema.ALT_NAMES: sorted(set(place.alt_names) - {place.name}), schema.KIND: place.kind,
        schema.ADMIN1: place.admin1, schema.COUNTRY_CODE: place.country_code,
        schema.GAZETTEER_ID: place.gazetteer_id, schema.GEO_PRECISION: place.geo_precision,
        schema.MENTIONS: sorted(set(mentions or [])),
    }
    if note:
        properties["note"] = note
    return {schema.GEOJSON_TYPE: "Feature", "properties": properties, "geometry": geometry}


def referenced_place_ids(incidents: pd.DataFrame) -> set[str]:
    """Every place id an incident row points at."""
    ids: set[str] = set()
    for column in PLACE_REFERENCE_COLUMNS:
        if column in incidents.columns:
            ids |= set(incidents[column][incidents[column] != ""])
    return ids


def mentions_kept(collection: dict, rebuilt: set[str]) -> dict[str, set[str]]:
    """Each place's mentions by sources that a build does not read again (imports, other documents)."""
    return {f["properties"][schema.ID]: set(f["properties"].get(schema.MENTIONS) or []) - rebuilt
            for f in collection["features"]}


def build_places(mentions_by_source: dict[str, list[PlaceMention]], incidents: pd.DataFrame,
                 gazetteer: Gazetteer, notes: dict[str, str] | None = None,
                 kept: dict[str, set[str]] | None = None) -> dict:
    """FeatureCollection of every place the documents mention, the incidents use, or earlier sources cited."""
    cited: dict[str, set[str]] = defaultdict(set)
    for place_id, sources in (kept or {}).items():
        if sources:
            cited[place_id] |= sources
    for source_id, mentions in mentions_by_source.items():
        for mention in mentions:
            cited[mention.place.id].add(source_id)
    for place_id in referenced_place_ids(incidents):
        cited.setdefault(place_id, set())
    unknown = sorted(pid for pid in cited if pid not in gazetteer.places)
    if unknown:
        raise UnknownPlaceError(f"incidents use places the gazetteer does not know: {', '.join(unknown)}")
    features = [place_feature(gazetteer.places[pid], sorted(sources), (notes or {}).get(pid, ""))
                for pid, sources in sorted(cited.items())]
    return {schema.GEOJSON_TYPE: "FeatureCollection", schema.NAME: "places", "features": features}


def _feature_problems(file: str, number: int, feature: dict, source_ids: set[str]) -> list[Problem]:
    """Problems of one place feature."""
    props = feature.get("properties") or {}
    where = f"feature {number} ({props.get(schema.ID, '?')})"
    problems = []
    for name, allowed in ((schema.KIND, schema.PLACE_KINDS), (schema.GEO_PRECISION, schema.GEO_PRECISIONS)):
        if props.get(name) not in allowed:
            problems.append(Problem(file, where, name, str(props.get(name)), f"use one of: {', '.join(allowed)}"))
    for name in (schema.ID, schema.NAME):
        if not str(props.get(name) or "").strip():
            problems.append(Problem(file, where, name, "", "required; fill it in"))
    if not isinstance(props.get(schema.ALT_NAMES, []), list):
        problems.append(Problem(file, where, schema.ALT_NAMES, str(props.get(schema.ALT_NAMES)), "a list of spellings"))
    missing = [s for s in props.get(schema.MENTIONS) or [] if s not in source_ids]
    if missing:
        problems.append(Problem(file, where, schema.MENTIONS, ";".join(missing), "cite ids that exist in sources.csv"))
    problems += _geometry_problems(file, where, feature.get("geometry"), props.get(schema.KIND))
    return problems


def _geometry_problems(file: str, where: str, geometry: dict | None, kind: str | None) -> list[Problem]:
    """Settlements are points; areas are valid polygons."""
    if not geometry:
        return [Problem(file, where, "geometry", "null", "give a Point or a Polygon")]
    try:
        shaped = shape(geometry)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        return [Problem(file, where, "geometry", str(geometry)[:40], f"unreadable geometry ({error})")]
    if not shaped.is_valid:
        return [Problem(file, where, "geometry", geometry.get(schema.GEOJSON_TYPE, ""),
                        "the polygon is invalid; repair it")]
    if kind in schema.POINT_KINDS and geometry.get(schema.GEOJSON_TYPE) != "Point":
        return [Problem(file, where, "geometry", geometry.get(schema.GEOJSON_TYPE, ""), f"a {kind} is a Point")]
    return []


def place_problems(collection: dict, source_ids: set[str], file: str) -> list[Problem]:
    """Every problem in a places FeatureCollection, ids checked for uniqueness."""
    problems, seen = [], set()
    for number, feature in enumerate(collection.get("features") or [], start=1):
        problems += _feature_problems(file, number, feature, source_ids)
        place_id = (feature.get("properties") or {}).get(schema.ID)
        if place_id in seen:
            problems.append(Problem(file, f"feature {number}", schema.ID, str(place_id), "ids must be unique"))
        seen.add(place_id)
    return problems


def curated_notes(curated_file: Path) -> dict[str, str]:
    """Notes on approximate positions from the curated places file."""

    features = read_feature_collection(curated_file)["features"]
    return {f["properties"][schema.ID]: f["properties"]["note"] for f in features if f["properties"].get("note")}
