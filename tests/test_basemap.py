"""The offline basemap: neighbours from Natural Earth, names by zoom, the legend's types, all escaped and small."""

from __future__ import annotations

import json

from geo.gazetteer.lookup import Gazetteer, Place
from geo.gazetteer.neighbours import neighbour_collection, neighbours_from_topology
from geo.gazetteer.outlines import governorate_collection
from geo.mapview.basemap import MAX_LABELS, basemap_payload
from geo.mapview.builder import MapView, build_map, legend_html

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
    assert "dates uncertain" in legend and "within a radius" in legend
