"""An import from start to finish: read, map, normalise, preview; the same steps for the CLI and the app."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import schema
from geo.dataset.audit import fresh_batch_id
from geo.dataset.load import load_places, shape_incidents
from geo.dataset.places import place_feature
from geo.dataset.store import save_import
from geo.dataset.stored import read_incidents_table
from geo.gazetteer.lookup import Gazetteer, load_gazetteer
from geo.gazetteer.names import slugify
from geo.imports.health_care import NO_FIGURES, health_care_figures
from geo.imports.mapping import Mapping, guess_mapping
from geo.imports.readers import RawTable, read_records_bytes
from geo.imports.rows import Context, ImportResult, existing_keys, normalise_table


@dataclass
class ImportPlan:
    """Everything an import would do, before anything is written."""

    result: ImportResult
    mapping: Mapping
    source: dict
    table: RawTable
    seconds: float
    health_care: pd.DataFrame = field(default_factory=NO_FIGURES.copy)  # the accepted events' health-care figures


def source_for(name: str, raw: bytes, mapping: Mapping, encoding: str) -> dict:
    """The sources.csv row registering an imported file (its id carries a hash of the bytes).

    Its publication date is left unknown: the day of the import is not the day the dataset was published; the
    notes say when it was imported.
    """
    stem = slugify(Path(name).stem, 40) or "file"
    digest = hashlib.sha256(raw).hexdigest()[:8]
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    return {schema.ID: f"import-{stem}-{digest}", schema.TITLE: mapping.source_title or Path(name).name,
            schema.PUBLISHER: "", schema.AUTHOR: "", schema.PUBLISHED: "", schema.URL: "", schema.KIND: "dataset",
            schema.NOTES: f"imported on {today} from {Path(name).name} ({encoding}) with mapping '{mapping.name}'",
            schema.DOCUMENT: ""}


def plan_rows(raw: bytes, name: str, mapping: Mapping | None, keep_duplicates: bool, stored: pd.DataFrame,
              gazetteer: Gazetteer, fresh_batch: Callable[[str], str]) -> ImportPlan:
    """Read and normalise a file against the stored incidents (ids and duplicate keys); nothing is written."""
    started = time.perf_counter()
    table = read_records_bytes(raw, name)
    chosen = mapping or guess_mapping(list(table.frame.columns))
    source = source_for(name, raw, chosen, table.encoding)
    source[schema.ID] = fresh_batch(source[schema.ID])
    context = Context(chosen, gazetteer, source[schema.ID], set(stored[schema.ID]), existing_keys(stored),
                      keep_duplicates)
    result = normalise_table(table, context)
    figures = health_care_figures(table.frame, chosen)
    figures = figures[figures[schema.INCIDENT_ID].isin(result.accepted[schema.ID])].reset_index(drop=True)
    return ImportPlan(result, chosen, source, table, time.perf_counter() - started, figures)


def plan_import(data_dir: Path, raw: bytes, name: str, mapping: Mapping | None = None,
                keep_duplicates: bool = False) -> ImportPlan:
    """Read and normalise a file against the data directory; nothing is written."""
    return plan_rows(raw, name, mapping, keep_duplicates, read_incidents_table(data_dir),
                     load_gazetteer(data_dir=str(data_dir)), lambda wanted: fresh_batch_id(data_dir, wanted))


def commit_import(data_dir: Path, plan: ImportPlan, why: str = "", who: str | None = None) -> dict:
    """Write a planned import (validated, atomic, logged); return the audit entry."""
    gazetteer = load_gazetteer(data_dir=str(data_dir))
    return save_import(data_dir, plan.result.accepted, plan.result.originals, plan.source, gazetteer, why, who)


def preview_frame(data_dir: Path, accepted: pd.DataFrame, source: dict) -> tuple:
    """(incidents, places, sources) for a preview map of accepted rows (missing places from the gazetteer)."""
    return preview_with(load_places(data_dir), load_gazetteer(data_dir=str(data_dir)), accepted, source)


def preview_with(places: gpd.GeoDataFrame, gazetteer: Gazetteer, accepted: pd.DataFrame, source: dict) -> tuple:
    """(incidents, places, sources) for a preview map of accepted rows, given the places the data holds."""
    missing = sorted(set(accepted[schema.PLACE_ID]) - set(places.index) - {""})
    if missing:
        extra = gpd.GeoDataFrame.from_features([place_feature(gazetteer.places[p]) for p in missing
                                                if p in gazetteer.places], crs="EPSG:4326")
        places = pd.concat([places, extra.set_index(schema.ID, drop=False)])
    sources = pd.DataFrame([source])
    return shape_incidents(accepted, places, sources), places, sources
