"""Exports: CSV, GeoJSON and GeoPackage round-trip and are inert; snapshots say what they show."""

import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
from PIL import Image

from geo import schema
from geo.dataset.query import IncidentFilter
from geo.dataset.validate import validate_data_dir
from geo.exports import snapshot
from geo.exports.formats import AtlasData, export_view, load_atlas_data
from geo.exports.permalink import permalink, view_of
from geo.exports.tables import Snapshot, dataset_version, geojson_to_table
from geo.files.tables import read_table, write_table

DATA = Path(__file__).resolve().parent.parent / "data"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"


@pytest.fixture(scope="module")
def atlas() -> AtlasData:
    return load_atlas_data(DATA)


def _with_formula(atlas: AtlasData) -> AtlasData:
    incidents = atlas.incidents.copy()
    incidents.loc[incidents.index[0], "description"] = FORMULA
    incidents.loc[incidents.index[1], "place_text"] = "+SUM(1,2)"
    return AtlasData(incidents, atlas.places, atlas.sources, atlas.version)


def _round_trip(table: pd.DataFrame, data_copy: Path) -> list:
    write_table(data_copy / "incidents.csv", table[list(schema.INCIDENT_COLUMNS)])
    return validate_data_dir(data_copy)


def test_csv_cells_that_would_run_as_formulas_come_out_inert(atlas: AtlasData, data_copy: Path) -> None:
    content = export_view(_with_formula(atlas), Snapshot(), "csv").content.decode()
    table = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False)
    assert table.loc[0, "description"] == "'" + FORMULA and table.loc[1, "place_text"] == "'+SUM(1,2)"
    assert not any(str(cell).startswith(("=", "+", "@")) for cell in table.to_numpy().ravel())
    assert _round_trip(table, data_copy) == []


def test_csv_keeps_precision_confidence_places_and_sources(atlas: AtlasData) -> None:
    content = export_view(atlas, Snapshot(IncidentFilter(types=("chemical_attack",))), "csv").content.decode()
    table = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False)
    assert len(table) == 2 and {"geo_precision", "date_precision", "confidence", "place_name",
                                 "source_titles"} <= set(table.columns)
    assert table.set_index("id").loc["ia-0021", "place_name"] == "Douma"


def test_geojson_round_trips_through_the_validator(atlas: AtlasData, data_copy: Path) -> None:
    content = export_view(atlas, Snapshot(), "geojson").content.decode()
    table = geojson_to_table(content)
    assert len(table) == 27 and _round_trip(table, data_copy) == []
    assert '"type": "Polygon"' in content or '"type":"Polygon"' in content


def test_geopackage_has_incidents_and_places(atlas: AtlasData, tmp_path: Path) -> None:
    path = tmp_path / "x.gpkg"
    result = export_view(atlas, Snapshot(IncidentFilter(date_from=date(2018, 1, 1))), "gpkg")
    path.write_bytes(result.content)
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"incidents", "places"}
    incidents = pyogrio.read_dataframe(path, layer="incidents")
    assert len(incidents) == result.count == 13 and "ia-0021" in set(incidents["id"])


def test_public_version_coarsens_and_drops_free_text(atlas: AtlasData) -> None:
    incidents = atlas.incidents.copy()
    first = incidents.index[0]
    incidents.loc[first, ["lat", "lon", "geo_precision"]] = ["34.5101", "36.5802", "exact"]
    data = AtlasData(incidents, atlas.places, atlas.sources, atlas.version)
    content = export_view(data, Snapshot(public=True), "csv").content.decode()
    table = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False)
    assert (table["description"] == "").all() and (table["lat"] == "").all() and (table["place_text"] == "").all()
    assert table.loc[0, "geo_precision"] == "settlement"


def test_dataset_version_follows_the_data(data_copy: Path) -> None:
    before = dataset_version(data_copy)
    frame = read_table(data_copy / "incidents.csv")
    frame.loc[0, "killed"] = "201"
    write_table(data_copy / "incidents.csv", frame)
    assert dataset_version(data_copy) != before and len(before) == 12


def test_caption_states_window_filters_count_version_and_link(atlas: AtlasData) -> None:
    chosen = IncidentFilter(date_from=date(2018, 1, 1), date_to=date(2018, 12, 31), types=("siege",))
    result = export_view(atlas, Snapshot(chosen), "html")
    for part in ("2018-01-01 to 2018-12-31", "types: Siege", "layers: Incidents ·", "1 incident shown",
                 atlas.version, permalink(view_of(chosen))):
        assert part in result.caption
    html = result.content.decode()
    assert 'id="atlas-caption"' in html and "<script src=" not in html
    assert not re.search(r"<(?:link|img|iframe)[^>]+(?:src|href)=[\"']https?:", html)


def _image(content: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(content)).convert("L"), dtype=float)


def test_png_is_an_image_of_the_requested_size_and_not_blank(atlas: AtlasData) -> None:
    result = export_view(atlas, Snapshot(size=(900, 600)), "png")
    pixels = _image(result.content)
    assert pixels.shape == (600, 900) and pixels.std() > 10
    assert result.method == "headless Chromium" and "24 incidents shown" in result.caption


def test_png_differs_when_the_filters_differ(atlas: AtlasData) -> None:
    everything = _image(export_view(atlas, Snapshot(size=(700, 500)), "png").content)
    chemical = _image(export_view(atlas, Snapshot(IncidentFilter(types=("chemical_attack",)), size=(700, 500)),
                                  "png").content)
    assert np.abs(everything - chemical).mean() > 0.5


def test_png_without_chromium_falls_back_and_says_so(atlas: AtlasData, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "CHROMIUM", Path("/nonexistent/chromium"))
    result = export_view(atlas, Snapshot(size=(800, 500)), "png")
    assert "fallback" in result.method and "apt-get install" in result.method
    assert _image(result.content).shape == (500, 800) and "without a browser" in result.caption


def test_exports_never_touch_the_data(atlas: AtlasData, tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    before = {p.name: p.read_bytes() for p in copy.glob("*.*")}
    for fmt in ("csv", "geojson", "html"):
        export_view(load_atlas_data(copy), Snapshot(), fmt)
    assert {p.name: p.read_bytes() for p in copy.glob("*.*")} == before


def test_geojson_writes_counts_and_coordinates_as_numbers_or_null(atlas: AtlasData) -> None:
    features = json.loads(export_view(atlas, Snapshot(), "geojson").content)["features"]
    killed = [f["properties"]["killed"] for f in features]
    lat = [f["properties"]["lat"] for f in features]
    assert all(v is None or isinstance(v, int) for v in killed) and None in killed and any(killed)
    assert all(v is None or isinstance(v, float) for v in lat)


def test_the_html_map_of_many_incidents_is_no_bigger_than_their_csv(tmp_path: Path) -> None:
    from bench.synthetic import write_synthetic_data_dir

    data_dir = write_synthetic_data_dir(tmp_path / "data", 20_000)
    result = export_view(load_atlas_data(data_dir), Snapshot(), "html")
    assert len(result.content) <= (data_dir / "incidents.csv").stat().st_size
    assert result.content.count(b"Attributed to") == 1, "popups are assembled in the page, not sent one by one"


def test_a_map_export_too_big_for_a_browser_is_refused_with_the_limit(atlas: AtlasData,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.errors import UsageError
    from geo.exports import formats

    monkeypatch.setattr(formats, "MAX_MAP_EXPORT", 10)
    with pytest.raises(UsageError, match="more than a map export can draw in a browser \\(10\\)"):
        export_view(atlas, Snapshot(), "html")
    assert export_view(atlas, Snapshot(), "csv").count == 27
