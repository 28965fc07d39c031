"""The offline basemap: neighbours from Natural Earth, names by zoom, the legend's types, all escaped and small."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pmtiles.tile import TileType

from geo import config
from geo.gazetteer.lookup import Gazetteer, Place
from geo.gazetteer.neighbours import neighbour_collection, neighbours_from_topology
from geo.gazetteer.outlines import governorate_collection
from geo.mapview.basemap import MAX_LABELS, basemap_payload
from geo.mapview.builder import Basemap, MapView, build_map, configured_basemap, legend_html
from tests.pmtiles_archive import MAX_ZOOM, write_archive

SQUARE = [[0, 0], [1000, 0], [0, 1000], [-1000, 0], [0, -1000]]


def _topology() -> dict:
    """Three square countries (quantized arcs): one near Syria, Syria itself, one far away."""
    return {"type": "Topology", "transform": {"scale": [0.001, 0.001], "translate": [35.0, 33.0]},
            "arcs": [SQUARE, [[1000, 0], *SQUARE[1:]], [[-20000, -20000], *SQUARE[1:]]],
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0]], "properties": {"name": "Lebanon"}},
                {"type": "Polygon", "arcs": [[1]], "properties": {"name": "Syria"}},
                {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Far Away"}}]}}}


def test_neighbours_are_decoded_clipped_and_syria_is_left_to_our_own_outline() -> None:
    collection = neighbours_from_topology(_topology())
    [lebanon] = collection["features"]
    assert lebanon["properties"]["name"] == "Lebanon"
    west, south = lebanon["properties"]["label_at"]
    assert 35.0 <= west <= 36.0 and 33.0 <= south <= 34.0


def test_the_committed_neighbours_name_the_countries_around_syria() -> None:
    names = {f["properties"]["name"] for f in neighbour_collection()["features"]}
    assert {"Lebanon", "Turkey", "Iraq", "Jordan", "Israel"} <= names and "Syria" not in names


def test_labels_come_cities_first_and_the_payload_stays_small(gazetteer: Gazetteer) -> None:
    payload = basemap_payload(gazetteer, governorate_collection())
    kinds = [label[0] for label in payload["labels"]]
    assert kinds.index("country") < kinds.index("city") < kinds.index("governorate") < kinds.index("town")
    cities = [label[1] for label in payload["labels"] if label[0] == "city"]
    assert cities[0] == "Aleppo" and "Damascus" in cities
    assert payload["min_zoom"]["city"] < payload["min_zoom"]["town"] < payload["min_zoom"]["village"]
    assert payload["max_labels"] == MAX_LABELS
    assert len(json.dumps(payload, ensure_ascii=False).encode()) <= 300_000


def test_names_from_data_reach_the_page_escaped_and_the_page_fetches_nothing(gazetteer: Gazetteer) -> None:
    hostile = Place(id="sy-test", name="{{7*7}}<img src=x onerror=alert(1)>", kind="city", country_code="SY",
                    geo_precision="settlement", lon=37.0, lat=36.0, population=10**7)
    with_hostile = Gazetteer([*gazetteer.places.values(), hostile])
    payload = basemap_payload(with_hostile, governorate_collection())
    assert hostile.name in [label[1] for label in payload["labels"]]
    from geo.mapview.basemap import OfflineBasemap

    element = OfflineBasemap(payload)
    assert "{{" not in element.payload and "<img" not in element.payload
    html = build_map(MapView({"marks": {}, "areas": {}, "shapes": {}}), governorate_collection()).get_root().render()
    assert "https://" not in html.replace("https://leafletjs.com", "") and "Lebanon" in html


def test_the_legend_lists_exactly_the_types_in_view_and_tells_the_two_uncertainties_apart() -> None:
    legend = legend_html(("Incidents", "Attacks on health care"), types=["airstrike", "barrel_bomb"])
    assert "Airstrike" in legend and "Barrel bomb" in legend and "Shelling" not in legend
    assert "dates only partly fall in the window" in legend and "within a radius" in legend


@pytest.fixture()
def static_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the folder the app serves, holding a valid archive."""
    monkeypatch.setattr(config, "STATIC_DIR", tmp_path)
    write_archive(tmp_path / "syria.pmtiles")
    return tmp_path


def test_a_local_pmtiles_archive_is_served_from_the_static_folder(static_dir: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert config.vector_basemap_setting() == (None, "")
    monkeypatch.setenv(config.VECTOR_BASEMAP_ENV, "syria.pmtiles")
    local, problem = config.vector_basemap_setting()
    assert problem == "" and local == config.LocalBasemap("/app/static/syria.pmtiles", MAX_ZOOM)
    (static_dir / "basemap.pmtiles").write_bytes((static_dir / "syria.pmtiles").read_bytes())
    monkeypatch.delenv(config.VECTOR_BASEMAP_ENV)
    assert config.vector_basemap_setting()[0].url == "/app/static/basemap.pmtiles"


@pytest.mark.parametrize(("setting", "content", "says"), [
    ("/etc/hostname", None, "inside"), ("../outside.pmtiles", None, "inside"), ("notes.txt", b"text", "inside"),
    ("missing.pmtiles", None, "no file"), ("fake.pmtiles", b"<html>" * 40, "not a PMTiles"),
    ("raster.pmtiles", "raster", "raster")])
def test_an_unusable_archive_setting_is_refused_in_one_line(static_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                            setting: str, content: bytes | str | None,
                                                            says: str) -> None:
    if content == "raster":
        write_archive(static_dir / setting, TileType.PNG)
    elif content is not None:
        (static_dir / setting).write_bytes(content)
    monkeypatch.setenv(config.VECTOR_BASEMAP_ENV, setting)
    local, problem = config.vector_basemap_setting()
    assert local is None and says in problem and "\n" not in problem


def test_an_archive_too_big_to_serve_is_refused(static_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "MAX_STATIC_BYTES", 100)
    monkeypatch.setenv(config.VECTOR_BASEMAP_ENV, "syria.pmtiles")
    assert "fewer zoom levels" in config.vector_basemap_setting()[1]


def test_over_a_vector_basemap_the_map_loads_the_renderer_and_draws_only_governorates() -> None:
    view = MapView(payload={"marks": {}, "areas": {}, "shapes": {}, "types": {}}, months=[])
    local = config.LocalBasemap("/app/static/syria.pmtiles", 13)
    html = build_map(view, governorate_collection(), Basemap(vector=local)).get_root().render()
    assert "protomaps/protomaps-leaflet.js" in html and "/app/static/syria.pmtiles" in html
    assert "Lebanon" not in html and "Aleppo" in html  # no built-in neighbours; the governorate names stay
    plain = build_map(view, governorate_collection()).get_root().render()
    assert "protomaps-leaflet.js" not in plain and "Lebanon" in plain


def test_a_tile_server_setting_wins_over_a_local_archive(static_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.VECTOR_BASEMAP_ENV, "syria.pmtiles")
    monkeypatch.setenv(config.TILES_URL_ENV, "https://tiles.example.org/{z}/{x}/{y}.png")
    basemap, problem = configured_basemap()
    assert basemap.tiles_url and basemap.vector is None and problem == ""


def _damaged(archive: bytes, at: int, value: bytes) -> bytes:
    """The archive with `value` written over its bytes from `at`."""
    return archive[:at] + value + archive[at + len(value):]


@pytest.mark.parametrize(("damage", "says"), [
    (lambda archive: archive[:len(archive) // 2], "tile data at bytes"),
    (lambda archive: _damaged(archive, 8, (2**40).to_bytes(8, "little")), "root directory at bytes"),
    (lambda archive: _damaged(archive, 100, bytes([9, 4])), "zooms 9 to 4"),
    (lambda archive: _damaged(archive, 101, bytes([200])), "zooms 0 to 200"),
    (lambda archive: _damaged(archive, 114, (-95 * 10**7).to_bytes(4, "little", signed=True)), "bounds"),
])
def test_a_truncated_or_absurd_archive_is_refused_in_one_line(static_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                              damage, says: str) -> None:
    whole = (static_dir / "syria.pmtiles").read_bytes()
    (static_dir / "damaged.pmtiles").write_bytes(damage(whole))
    monkeypatch.setenv(config.VECTOR_BASEMAP_ENV, "damaged.pmtiles")
    local, problem = config.vector_basemap_setting()
    assert local is None and "damaged or truncated" in problem and says in problem and "\n" not in problem
