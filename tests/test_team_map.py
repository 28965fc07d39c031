"""The map's payload from the team database says what the in-memory payload says, view by view.

The same data is loaded from files (view_payload, the data directory's way) and pushed into PostGIS
(database_view_payload, filters and aggregation in SQL); for views at country, governorate and city zoom, with and
without filters, both must count, draw and group the same incidents.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from bench.synthetic import write_synthetic_data_dir
from geo import schema
from geo.database import transfer
from geo.database.mapview import database_view_payload
from geo.database.timeline import monthly_summary as team_monthly_summary
from geo.dataset.load import load_incidents, load_places, load_sources
from geo.dataset.query import IncidentFilter, filter_incidents, monthly_summary
from geo.exports.formats import export_view, load_atlas_data, team_atlas_data
from geo.exports.tables import Snapshot
from geo.mapview.viewport import Viewport, view_payload, viewport_around

VIEWS = {"country": viewport_around((35.0, 38.5), 7), "aleppo": viewport_around((36.2, 37.15), 10),
         "idlib": viewport_around((35.9, 36.6), 12)}
FILTERS = {"all": IncidentFilter(),
           "2016 airstrikes": IncidentFilter(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31),
                                             types=("airstrike", "attack_on_health_care")),
           "Idlib, every status": IncidentFilter(governorates=("Idlib",), statuses=schema.REVIEW_STATUSES)}


def essence(payload: dict) -> dict:
    """What a payload shows: its counts, the records drawn one by one, the area groups, the cells' totals."""
    areas = payload["areas"]
    cells = payload.get("cells") or {"count": []}
    return {key: payload[key] for key in ("mode", "matching", "not_drawn", "in_view", "inside", "n",
                                          "types_present", "unpublished")} | {
        "ids": sorted(payload["ids"]), "marks": sorted(payload["marks"][schema.ID]),
        "areas": sorted(zip(areas["place"], areas[schema.LAYER], areas["count"], areas["inside"], strict=True)),
        "area ids": sorted(i for ids in areas["ids"] for i in ids), "shapes": sorted(payload["shapes"]),
        "cells": (len(cells["count"]), sum(cells["count"]))}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """3,000 synthetic incidents (a quarter known only within a radius) in a data folder."""
    return write_synthetic_data_dir(tmp_path_factory.mktemp("synthetic") / "data", 3000, radius_share=0.25)


@pytest.mark.parametrize("data", ["bundled", "synthetic"])
def test_the_database_payload_shows_what_the_files_payload_shows(team_database: str, data_copy: Path,
                                                                 synthetic: Path, data: str) -> None:
    folder = data_copy if data == "bundled" else synthetic
    transfer.push(team_database, folder)
    frame, places, sources = load_incidents(folder), load_places(folder), load_sources(folder)
    compared = 0
    for view_name, viewport in VIEWS.items():
        for filter_name, chosen in FILTERS.items():
            expected = essence(view_payload(frame, chosen, viewport, places, sources))
            found = essence(database_view_payload(team_database, chosen, viewport))
            assert found == expected, f"{data}, {view_name}, {filter_name}"
            compared += expected["n"] > 0
    assert compared >= 4


def test_a_view_of_nothing_is_an_empty_payload(team_database: str, data_copy: Path) -> None:
    transfer.push(team_database, data_copy)
    payload = database_view_payload(team_database, IncidentFilter(types=("siege",), date_from=date(1990, 1, 1),
                                                                  date_to=date(1990, 12, 31)),
                                    Viewport(36.0, 35.0, 37.0, 36.0, 9))
    assert (payload["matching"], payload["n"], payload["marks"][schema.ID], payload["areas"]["place"]) == (0, 0, [], [])


@pytest.fixture(params=["bundled", "synthetic"])
def pushed(request, team_database: str, data_copy: Path, synthetic: Path) -> tuple[str, Path]:
    """A team database holding the bundled data, or the synthetic incidents, and the folder it was pushed from."""
    folder = data_copy if request.param == "bundled" else synthetic
    transfer.push(team_database, folder)
    return team_database, folder


def test_an_export_from_the_database_writes_what_the_files_export_writes(pushed: tuple[str, Path]) -> None:
    team_database, folder = pushed
    from_files = load_atlas_data(folder)
    boxed = IncidentFilter(bbox=(36.0, 35.5, 38.0, 37.0), statuses=schema.REVIEW_STATUSES)
    for chosen in (*FILTERS.values(), boxed):
        for fmt, public in (("csv", False), ("geojson", False), ("csv", True), ("geojson", True)):
            snapshot = Snapshot(chosen, public=public)
            expected = export_view(from_files, snapshot, fmt)
            found = export_view(team_atlas_data(team_database, chosen), snapshot, fmt)
            assert (found.count, found.content) == (expected.count, expected.content), f"{folder}, {chosen}, {fmt}"
            data_version = team_atlas_data(team_database, chosen).version
            assert data_version.startswith("db-") and data_version in found.caption


def test_the_timeline_from_the_database_sums_what_the_files_timeline_sums(pushed: tuple[str, Path]) -> None:
    team_database, folder = pushed
    frame = load_incidents(folder)
    keys = ["month", schema.TYPE, schema.LAYER, "dating"]
    for chosen in FILTERS.values():
        expected = monthly_summary(filter_incidents(frame, chosen)).sort_values(keys).reset_index(drop=True)
        found = team_monthly_summary(team_database, chosen).sort_values(keys).reset_index(drop=True)
        assert len(expected) and found[keys].equals(expected[keys][keys]), chosen
        for measure in ("incidents", schema.KILLED, schema.DISPLACED):
            assert np.allclose(found[measure].astype(float), expected[measure].astype(float).fillna(0)), measure
