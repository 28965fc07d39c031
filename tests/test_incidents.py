"""Loading and filtering incidents: date windows with uncertainty, layers, bounds, search, summaries."""

from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest

from geo import schema
from geo.dataset.load import load_incidents
from geo.dataset.query import (
    IncidentFilter,
    date_bounds,
    filter_incidents,
    governorate_counts,
    month_steps,
    monthly_summary,
    search_incidents,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def incidents() -> gpd.GeoDataFrame:
    return load_incidents(DATA)


def test_load_types_counts_and_joins_places(incidents: gpd.GeoDataFrame) -> None:
    douma = incidents[incidents["place_id"] == "sy-douma"].iloc[0]
    assert douma["killed"] == 43 and incidents.crs.to_epsg() == 4326
    assert douma["place_admin1"] == "Rif Dimashq" and douma["draw_as"] == "point"
    assert incidents["killed"].isna().any(), "unknown counts stay unknown, never 0"
    assert set(incidents["layer"]) == set(schema.LAYERS)


def test_precision_decides_how_an_incident_is_drawn(incidents: gpd.GeoDataFrame) -> None:
    draw = dict(zip(incidents["geo_precision"], incidents["draw_as"], strict=False))
    assert (draw["settlement"], draw["region"], draw["governorate"], draw["country"]) == (
        "point", "area", "area", "none")


def test_date_window_marks_wholly_inside_and_partly(incidents: gpd.GeoDataFrame) -> None:
    kept = filter_incidents(incidents, IncidentFilter(date_from=date(2013, 6, 1), date_to=date(2013, 6, 30)))
    status = dict(zip(kept["id"], kept["in_window"], strict=True))
    assert status["ia-0004"] == "inside"  # early June 2013
    assert status["ia-0001"] == "partly"  # mid-May to early June 2013
    assert "ia-0003" not in status  # early May 2013 does not overlap


def test_type_layer_governorate_source_and_confidence_filters(incidents: gpd.GeoDataFrame) -> None:
    def ids(**chosen) -> set[str]:
        return set(filter_incidents(incidents, IncidentFilter(**chosen))["id"])

    assert ids(types=("chemical_attack",)) == {"ia-0012", "ia-0021"}
    assert all(i in ids(layers=(schema.LAYER_HEALTH,)) for i in ("ia-0003", "ia-0004"))
    assert ids(governorates=("Homs",)) == {"ia-0001", "ia-0002", "ia-0003", "ia-0005", "ia-0006"}
    assert ids(sources=("snhr-2019-russia-four-years",)) == {"ia-0022", "ia-0027"}
    assert ids(confidence=("contested",)) == {"ia-0015"}
    assert ids(layers=()) == set()


def test_bbox_keeps_points_inside_and_areas_that_overlap(incidents: gpd.GeoDataFrame) -> None:
    around_douma = (36.3, 33.5, 36.5, 33.65)
    kept = set(filter_incidents(incidents, IncidentFilter(bbox=around_douma))["id"])
    assert "ia-0021" in kept and "ia-0019" in kept  # Douma point; East Ghouta area
    assert "ia-0001" not in kept  # al-Qusayr is far away


def test_search_needs_every_word(incidents: gpd.GeoDataFrame) -> None:
    assert set(search_incidents(incidents, "chlorine douma")["id"]) == {"ia-0021"}
    assert len(search_incidents(incidents, "")) == len(incidents)


def test_summaries(incidents: gpd.GeoDataFrame) -> None:
    summary = monthly_summary(incidents)
    april_2018 = summary[(summary["month"] == "2018-04-01") & (summary["type"] == "chemical_attack")]
    assert april_2018["killed"].tolist() == [43]
    assert governorate_counts(incidents)["Homs"] == 5
    steps = month_steps(incidents)
    assert steps == sorted(steps) and "2018-04-30" in steps
    assert date_bounds(incidents) == (date(2011, 6, 1), date(2020, 3, 5))


def test_filtering_never_changes_the_input(incidents: gpd.GeoDataFrame) -> None:
    before = incidents.copy()
    filter_incidents(incidents, IncidentFilter(types=("siege",), date_from=date(2018, 1, 1)))
    assert incidents.equals(before)
