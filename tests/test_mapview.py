"""The map payload and the folium map: escaped text, honest geometry, local assets only."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from geo import schema
from geo.dataset.load import load_incidents, load_places, load_sources
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.gazetteer.outlines import governorate_collection
from geo.mapview.builder import Basemap, MapView, build_map
from geo.mapview.payload import governorate_payload, incident_payload

DATA = Path(__file__).resolve().parent.parent / "data"
ATTACK = "<img src=x onerror=alert(1)></script>`${x}`"


@pytest.fixture(scope="module")
def parts():
    return load_incidents(DATA), load_places(DATA), load_sources(DATA)


def _payload(parts, **changes) -> dict:
    incidents, places, sources = parts
    frame = filter_incidents(incidents, IncidentFilter()).copy()
    for column, value in changes.items():
        frame[column] = value
    return incident_payload(frame, places, sources)


def test_country_level_incidents_are_not_drawn(parts) -> None:
    payload = _payload(parts)
    assert payload["not_drawn"] == 3 and payload["n"] == 24 == len(payload["ids"])
    assert set(payload["marks"]["draw"]) <= {0, 1}


def test_areas_travel_as_polygons_not_pins(parts) -> None:
    payload = _payload(parts)
    areas = payload["areas"]
    index = next(i for i, ids in enumerate(areas["ids"]) if "ia-0019" in ids)
    assert "ia-0019" not in payload["marks"]["id"]
    assert payload["shapes"][areas["place"][index]]["type"] == "Polygon"


def test_incidents_of_one_area_are_grouped_with_their_count(parts) -> None:
    areas = _payload(parts)["areas"]
    northwest = [i for i, place in enumerate(areas["place"]) if place == "sy-northwest-syria"]
    assert sum(areas["count"][i] for i in northwest) == 5
    health = next(i for i in northwest if areas["layer"][i] == 1)
    assert areas["count"][health] == 2 and "2 incidents known only to Northwest Syria" in areas["pop"][health]


def _texts(payload: dict) -> list[str]:
    """Every text the browser would put into a popup or a tooltip."""
    texts = list(payload["areas"]["tip"]) + [p for p in payload["areas"]["pop"] if isinstance(p, str)]
    for columns in (payload["marks"], payload["areas"]["single"]):
        for value in columns.values():
            texts += value["v"] if isinstance(value, dict) else [v for v in value if isinstance(v, str)]
    return texts


def test_text_from_data_is_escaped_in_popups_and_tooltips(parts) -> None:
    payload = _payload(parts, description=ATTACK, place_text=ATTACK, date_text=ATTACK)
    texts = _texts(payload)
    assert all("<img" not in text for text in texts) and any("&lt;img" in text for text in texts)


def test_repeated_texts_travel_once(parts) -> None:
    marks = _payload(parts, perpetrator="Same attribution for all")["marks"]
    assert marks["perpetrator"]["v"] == ["Same attribution for all"]
    assert set(marks["perpetrator"]["i"]) == {0} and len(marks["perpetrator"]["i"]) == len(marks["id"])


def test_source_links_only_for_http_urls(parts) -> None:
    incidents, places, sources = parts
    unsafe = sources.assign(url="javascript:alert(1)")
    payload = incident_payload(filter_incidents(incidents, IncidentFilter()), places, unsafe)
    assert not any("javascript:" in text for text in _texts(payload))
    safe = sources.assign(url="https://example.org/report")
    payload = incident_payload(filter_incidents(incidents, IncidentFilter()), places, safe)
    assert any('href="https://example.org/report"' in text for text in payload["marks"]["source_ids"]["v"])


def test_map_html_loads_nothing_from_other_hosts(parts) -> None:
    fmap = build_map(MapView(_payload(parts, description=ATTACK), months=["2013-05-31"]), governorate_collection())
    html = fmap.get_root().render()
    links = re.findall(r"(?:src|href)=[\"']([^\"']+)", html)
    assert links and all(link.startswith("/app/static/") for link in links)
    assert "</script>`" not in html and "<img src=x" not in html


def test_configured_tiles_are_the_only_outside_host(parts) -> None:
    fmap = build_map(MapView(_payload(parts)), governorate_collection(), Basemap("https://tiles.example/{z}/{x}/{y}.png"))
    html = fmap.get_root().render()
    hosts = set(re.findall(r"https?://([^/\"']+)", html))
    assert hosts == {"tiles.example"}


def test_choropleth_counts_per_governorate(parts) -> None:
    incidents, _, _ = parts
    counts = incidents["place_admin1"].value_counts()
    payload = governorate_payload(governorate_collection(), counts)
    by_name = {f["properties"]["name"]: f["properties"]["count"] for f in payload["features"]}
    assert by_name["Homs"] == 5 and by_name["Raqqa"] == 0 and payload["max"] == counts.max()


def test_payload_is_valid_json_in_the_script(parts) -> None:
    fmap = build_map(MapView(_payload(parts)), governorate_collection())
    script = fmap.get_root().render()
    found = re.search(r"var data = (\{.*?\});\n", script)
    assert json.loads(found.group(1))["n"] == 24


def test_records_known_within_a_radius_are_grouped_per_cell_not_drawn_one_by_one(parts) -> None:
    incidents, places, sources = parts
    frame = filter_incidents(incidents, IncidentFilter()).iloc[:6].copy()
    frame[schema.DRAW_AS], frame[schema.GEO_PRECISION], frame[schema.PLACE_ID] = "area", "region", ""
    frame[schema.LAYER] = schema.LAYER_HEALTH
    frame[schema.X] = [36.60, 36.61, 36.62, 36.63, 38.9, 38.91]
    frame[schema.Y] = [35.90, 35.91, 35.92, 35.93, 36.5, 36.51]
    payload = incident_payload(frame, places, sources)
    zones = [i for i, place in enumerate(payload["areas"]["place"]) if place.startswith("zone:")]
    assert sorted(payload["areas"]["count"][i] for i in zones) == [2, 4] and payload["marks"]["id"] == []
    assert all(payload["areas"]["radius"][i] == 25_000 and len(payload["areas"]["points"][i]) == 2 *
               payload["areas"]["count"][i] and payload["areas"]["place"][i] not in payload["shapes"] for i in zones)
    assert "within about 25 km" in " ".join(payload["areas"]["tip"])


def test_an_import_preview_is_fitted_to_the_imported_rows() -> None:
    from geo.mapview.viewport import fitted_bounds

    frame = pd.DataFrame({schema.DRAW_AS: [schema.DRAW_POINT, schema.DRAW_AREA, schema.DRAW_NONE],
                          schema.MIN_X: [36.5, 36.0, 30.0], schema.MIN_Y: [35.9, 35.5, 30.0],
                          schema.MAX_X: [36.5, 37.0, 50.0], schema.MAX_Y: [35.9, 36.2, 40.0]})
    assert fitted_bounds(frame, margin=0) == (36.0, 35.5, 37.0, 36.2)
    assert fitted_bounds(frame.iloc[2:], margin=0) is None


def test_every_one_of_87_records_known_within_a_radius_is_listed_in_its_rings_popup(parts) -> None:
    """A ring of 87 records near Aleppo: one click on it lists each by its id (the list scrolls)."""
    incidents, places, sources = parts
    one = filter_incidents(incidents, IncidentFilter()).iloc[:1]
    frame = pd.concat([one] * 87, ignore_index=True)
    frame[schema.ID] = [f"ia-9{n:03d}" for n in range(87)]
    frame[schema.DRAW_AS], frame[schema.GEO_PRECISION], frame[schema.PLACE_ID] = "area", "region", ""
    frame[schema.X], frame[schema.Y] = 37.16, 36.20
    payload = incident_payload(frame, places, sources)
    [popup] = [pop for pop, place in zip(payload["areas"]["pop"], payload["areas"]["place"], strict=True)
               if place.startswith("zone:")]
    assert all(f"<code>ia-9{n:03d}</code>" in popup for n in range(87)) and "more (see" not in popup
