"""Synthetic incidents inside Syria for benchmarks: a realistic mix of types, date ranges and precisions."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from geo import config, schema
from geo.dataset.places import place_feature
from geo.files.tables import write_feature_collection, write_table
from geo.gazetteer.lookup import load_gazetteer
from geo.gazetteer.outlines import locate_points

TYPE_WEIGHTS = {"airstrike": 30, "shelling": 20, "barrel_bomb": 8, "attack_on_health_care": 6,
                "attack_on_school": 3, "attack_on_market": 3, "attack_on_civil_defense": 2, "chemical_attack": 1,
                "cluster_munitions": 4, "incendiary_weapons": 2, "massacre": 2, "siege": 2,
                "ground_offensive": 5, "aid_obstruction": 2, "displacement": 10}
PRECISION_WEIGHTS = {"exact": 10, "settlement": 65, "region": 5, "governorate": 15, "country": 5}
SOURCES = 20


def _places() -> tuple[list, list, list]:
    """(settlements, areas, country) places of the gazetteer in Syria."""
    places = [p for p in load_gazetteer().places.values() if p.in_syria]
    settlements = [p for p in places if p.geo_precision == "settlement"]
    areas = [p for p in places if p.kind in ("governorate", "region")]
    return settlements, areas, [p for p in places if p.kind == "country"]


def synthetic_incidents(count: int, seed: int = 7, radius_share: float = 0.0) -> tuple[pd.DataFrame, list]:
    """count incidents as text columns (the contract), and the places they use; radius_share of them known only
    within about 25 km (no place, a point and 'region' precision, as imported '25 km' records are)."""
    rng = np.random.default_rng(seed)
    settlements, areas, country = _places()
    types = rng.choice(list(TYPE_WEIGHTS), count, p=np.array(list(TYPE_WEIGHTS.values())) / sum(TYPE_WEIGHTS.values()))
    precision = rng.choice(list(PRECISION_WEIGHTS), count,
                           p=np.array(list(PRECISION_WEIGHTS.values())) / sum(PRECISION_WEIGHTS.values()))
    settlement_pick = rng.integers(0, len(settlements), count)
    area_pick = rng.integers(0, len(areas), count)
    area_ids, settlement_ids = np.array([p.id for p in areas]), np.array([p.id for p in settlements])
    place_id = np.where(np.isin(precision, ("region", "governorate")), area_ids[area_pick],
                        settlement_ids[settlement_pick])
    place_id = np.where(precision == "country", country[0].id, place_id)
    precision = np.where(np.isin(precision, ("region", "governorate")),
                         np.array([p.geo_precision for p in areas])[area_pick], precision)
    lon = np.array([p.lon for p in settlements])[settlement_pick] + rng.normal(0, 0.01, count)
    lat = np.array([p.lat for p in settlements])[settlement_pick] + rng.normal(0, 0.01, count)
    exact = precision == "exact"
    outside = locate_points(lon, lat) != "inside"
    lon = np.where(outside, np.array([p.lon for p in settlements])[settlement_pick], lon)
    lat = np.where(outside, np.array([p.lat for p in settlements])[settlement_pick], lat)
    start = np.datetime64("2011-03-15") + rng.integers(0, 4200, count).astype("timedelta64[D]")
    span = rng.choice([0, 0, 0, 6, 30, 90, 365], count)
    end = start + span.astype("timedelta64[D]")
    frame = pd.DataFrame({column: "" for column in schema.INCIDENT_COLUMNS}, index=range(count))
    frame["id"] = [f"syn-{i:07d}" for i in range(count)]
    frame["date_start"], frame["date_end"] = start.astype(str), end.astype(str)
    frame["date_precision"] = np.select([span == 0, span == 6, span == 30, span == 90],
                                        ["day", "week", "month", "season"], "year")
    frame["type"], frame["place_id"], frame["geo_precision"] = types, place_id, precision
    radius = (rng.random(count) < radius_share) & (precision == "settlement")
    frame["geo_precision"] = np.where(radius, "region", precision)
    frame["place_id"] = np.where(radius, "", place_id)
    frame["place_text"] = np.where(radius, "within about 25 km", "")
    frame["lat"] = np.where(exact | radius, np.round(lat, 5).astype(str), "")
    frame["lon"] = np.where(exact | radius, np.round(lon, 5).astype(str), "")
    killed = rng.poisson(3, count)
    frame["killed"] = np.where(rng.random(count) < 0.6, killed.astype(str), "")
    frame["confidence"] = rng.choice(schema.CONFIDENCE_LEVELS, count)
    frame["source_ids"] = [f"syn-src-{i:02d}" for i in rng.integers(0, SOURCES, count)]
    frame["description"] = "Synthetic incident for benchmarks."
    frame["perpetrator"] = rng.choice(["Syrian government forces", "Russian forces", "armed opposition", ""], count)
    used = sorted(set(frame["place_id"]) - {""})
    return frame, [p for p in settlements + areas + country if p.id in used]


def write_synthetic_data_dir(folder: Path, count: int, parquet: bool = False, radius_share: float = 0.0) -> Path:
    """A complete data directory of count synthetic incidents (CSV, or GeoParquet)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    frame, places = synthetic_incidents(count, radius_share=radius_share)
    write_feature_collection(folder / config.PLACES_FILE,
                             {"type": "FeatureCollection", "features": [place_feature(p) for p in places]})
    sources = pd.DataFrame({"id": [f"syn-src-{i:02d}" for i in range(SOURCES)],
                            "title": [f"Synthetic source {i}" for i in range(SOURCES)], "publisher": "", "author": "",
                            "published": "2020", "url": "", "kind": "dataset", "notes": "", "document": ""})
    write_table(folder / config.SOURCES_FILE, sources)
    if parquet:
        from geo.files.columnar import save_incidents_parquet

        save_incidents_parquet(frame, folder / config.INCIDENTS_PARQUET_FILE)
    else:
        write_table(folder / config.INCIDENTS_FILE, frame)
    return folder
