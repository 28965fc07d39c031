"""Scale: GeoParquet storage, the per-view payload (detail or cells), and a smoke run of the benchmark."""

from datetime import date
from pathlib import Path

import pytest

from bench.synthetic import write_synthetic_data_dir
from geo.cli.main import main
from geo.dataset.load import load_incidents, load_places, load_sources
from geo.dataset.query import IncidentFilter, filter_mask
from geo.dataset.stored import read_incidents_table
from geo.dataset.validate import validate_data_dir
from geo.imports.plan import commit_import, plan_import
from geo.mapview.viewport import DETAIL_LIMIT, MAX_CELLS, Viewport, view_payload, viewport_around


def drawn(payload: dict) -> int:
    """Incidents a payload draws: marks, area members, cell counts."""
    cells = payload.get("cells", {"count": []})
    return len(payload["marks"]["id"]) + sum(payload["areas"]["count"]) + sum(cells["count"])


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    data = write_synthetic_data_dir(tmp_path_factory.mktemp("big") / "data", 20_000, parquet=True)
    return data, load_incidents(data), load_places(data), load_sources(data)


def test_synthetic_geoparquet_data_validates_and_loads(big: tuple) -> None:
    data, frame, _, _ = big
    assert (data / "incidents.parquet").is_file() and not (data / "incidents.csv").exists()
    assert validate_data_dir(data) == [] and len(frame) == 20_000
    assert frame["x"].between(35.5, 42.5).all() and frame["place_admin1"].ne("").mean() > 0.9


def test_country_view_sends_cells_not_incidents(big: tuple) -> None:
    _, frame, places, sources = big
    payload = view_payload(frame, IncidentFilter(), viewport_around((34.85, 38.4), 7), places, sources)
    assert payload["mode"] == "cells" and payload["marks"]["id"] == []
    cells = payload["cells"]
    assert 0 < len(cells["count"]) <= MAX_CELLS
    assert drawn(payload) == payload["in_view"] == int((frame["draw_as"] != "none").sum())


def test_cells_honour_filters_layers_and_dates(big: tuple) -> None:
    _, frame, places, sources = big
    view = viewport_around((34.85, 38.4), 7)
    chosen = IncidentFilter(date_from=date(2015, 1, 1), date_to=date(2016, 12, 31), types=("airstrike", "shelling"))
    payload = view_payload(frame, chosen, view, places, sources)
    expected = int((filter_mask(frame, chosen) & (frame["draw_as"] != "none")).sum())
    assert drawn(payload) == expected
    assert set(payload.get("cells", payload["marks"])["layer"]) == {0}
    none = view_payload(frame, IncidentFilter(layers=()), view, places, sources)
    assert none["matching"] == 0


def test_zoomed_in_view_sends_incidents_one_by_one(big: tuple) -> None:
    _, frame, places, sources = big
    town = frame[frame["draw_as"] == "point"].iloc[0]
    view = viewport_around((town["y"], town["x"]), 14)
    payload = view_payload(frame, IncidentFilter(), view, places, sources)
    assert payload["mode"] == "detail" and 0 < len(payload["marks"]["id"]) <= DETAIL_LIMIT
    assert town["id"] in payload["marks"]["id"]


def test_viewport_margin_decides_when_new_data_is_needed() -> None:
    view = Viewport(36.0, 33.0, 38.0, 35.0, 8)
    assert view.covers(Viewport(36.2, 33.1, 38.2, 35.1, 8))
    assert not view.covers(Viewport(39.0, 33.0, 41.0, 35.0, 8))
    assert not view.covers(Viewport(36.2, 33.1, 38.2, 35.1, 9))


def test_imports_into_geoparquet_keep_the_format(big: tuple, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(big[0], data)
    raw = b"date,place,type,description\n2019-05-02,Saraqib,airstrike,Strike.\n"
    commit_import(data, plan_import(data, raw, "one.csv"), "parquet test")
    assert len(read_incidents_table(data)) == 20_001 and not (data / "incidents.csv").exists()
    assert validate_data_dir(data) == []


def test_convert_between_csv_and_geoparquet(data_copy: Path) -> None:
    assert main(["--data", str(data_copy), "convert", "--to", "parquet"]) == 0
    assert (data_copy / "incidents.parquet").is_file() and not (data_copy / "incidents.csv").exists()
    assert len(load_incidents(data_copy)) == 27 and validate_data_dir(data_copy) == []
    assert main(["--data", str(data_copy), "convert", "--to", "csv"]) == 0
    assert (data_copy / "incidents.csv").is_file() and not (data_copy / "incidents.parquet").exists()


def test_benchmark_smoke_run_prints_the_side_by_side_table() -> None:
    from bench.map_scale import measure, table

    rows, app_lines = measure([300], with_app=False)
    assert {row["peer"] for row in rows} == {"naive", "naive+popups", "fastmarkercluster", "heatmap", "ours-export",
                                             "ours-view"}
    assert all(row["server_s"] > 0 and row["bytes"] > 0 and row["browser_s"] > 0 and row["elements"] > 0
               for row in rows)
    printed = table(rows)
    assert "naive+popups / ours-export" in printed and "heatmap / ours-view" in printed
    assert "where a peer wins" in printed and app_lines == ""
