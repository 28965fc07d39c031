"""A public export, in every format, places each incident at its town or governorate and carries no free text."""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from geo import schema
from geo.dataset.load import load_incidents
from geo.exports.formats import export_view, load_atlas_data
from geo.exports.public import SETTLEMENT_KINDS
from geo.exports.tables import Snapshot
from geo.files.tables import read_table, write_table
from geo.gazetteer.lookup import load_gazetteer
from tests.conftest import DATASETS, PROJECT

PLACES = ["sy-douma", "sy-saraqeb", "sy-al-qusayr", "sy-gov-idlib", "sy-east-ghouta", "sy-hazano", ""]
SECRET = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=12, max_size=12).map(lambda t: "Q" + t)
FREE_TEXT = (schema.DESCRIPTION, schema.PLACE_TEXT, schema.DATE_TEXT, schema.FACILITY)


@st.composite
def incidents(draw) -> list[dict]:
    """Rows with secret words in every free-text field and exact coordinates inside Syria on some."""
    rows = []
    for number in range(draw(st.integers(1, 6))):
        place = draw(st.sampled_from(PLACES))
        own = place == "" or draw(st.booleans())
        lat, lon = draw(st.floats(32.8, 36.8)), draw(st.floats(36.2, 41.5))
        rows.append({**{c: "" for c in schema.INCIDENT_COLUMNS},
                     schema.ID: f"t-{number}", schema.DATE_START: "2019-05-02", schema.DATE_END: "2019-05-02",
                     schema.DATE_PRECISION: "day", schema.TYPE: draw(st.sampled_from(schema.INCIDENT_TYPES)),
                     schema.PLACE_ID: place, schema.LAT: f"{lat:.5f}" if own else "",
                     schema.LON: f"{lon:.5f}" if own else "",
                     schema.GEO_PRECISION: draw(st.sampled_from(("exact", "neighbourhood", "settlement", "region",
                                                                 "governorate"))),
                     schema.CONFIDENCE: "fair", schema.SOURCE_IDS: "secret-source",
                     **{field: draw(SECRET) for field in FREE_TEXT}})
    return rows


def _exports(data: Path) -> dict[str, bytes]:
    """The public export of everything in each format."""
    atlas = load_atlas_data(data)
    return {fmt: export_view(atlas, Snapshot(public=True), fmt).content for fmt in ("csv", "geojson", "gpkg", "html")}


def _allowed_points(data: Path) -> set[tuple[float, float]]:
    """Where a public point may be: a town's point, or an area's inner point."""
    atlas = load_atlas_data(data)
    points = atlas.places.geometry.representative_point()
    return {(round(p.x, 4), round(p.y, 4)) for p in points}


def _points(exports: dict[str, bytes]) -> set[tuple[float, float]]:
    """Every point the GeoJSON, the GeoPackage and the HTML map place an incident at."""
    found = set()
    for feature in json.loads(exports["geojson"])["features"]:
        if feature["geometry"] and feature["geometry"]["type"] == "Point":
            found.add(tuple(round(v, 4) for v in feature["geometry"]["coordinates"]))
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as stream:
        stream.write(exports["gpkg"])
        stream.flush()
        frame = pyogrio.read_dataframe(stream.name, layer="incidents")
    found |= {(round(g.x, 4), round(g.y, 4)) for g in frame.geometry if g is not None}
    script = re.search(r"var data = (.*?);\n\s*var options = ", exports["html"].decode(), re.DOTALL).group(1)
    marks = json.loads(script)["marks"]
    found |= {(round(x, 4), round(y, 4)) for x, y in zip(marks["x"], marks["y"], strict=True) if x is not None}
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=incidents())
def test_no_public_export_holds_a_fine_coordinate_or_free_text(data_copy: Path, rows: list[dict]) -> None:
    write_table(data_copy / "incidents.csv", pd.DataFrame(rows, columns=list(schema.INCIDENT_COLUMNS)))
    sources = read_table(PROJECT / "data" / "sources.csv")
    secret_title = "Qtestimonyofawitness"
    extra = {c: "" for c in sources.columns} | {schema.ID: "secret-source", schema.TITLE: secret_title,
                                               schema.AUTHOR: "Qauthorname", schema.KIND: "other",
                                               schema.URL: "https://example.org/Qprivate"}
    write_table(data_copy / "sources.csv", pd.concat([sources, pd.DataFrame([extra])], ignore_index=True))
    exports = _exports(data_copy)
    secrets = {row[field] for row in rows for field in FREE_TEXT} | {secret_title, "Qauthorname", "Qprivate",
                                                                     "secret-source"}
    for fmt, content in exports.items():
        assert not [s for s in secrets if s.encode() in content], fmt
    table = pd.read_csv(io.StringIO(exports["csv"].decode()), dtype=str, keep_default_na=False)
    assert (table[[schema.LAT, schema.LON]] == "").all().all()
    assert _points(exports) <= _allowed_points(data_copy) | _governorate_points()


def _governorate_points() -> set[tuple[float, float]]:
    """The inner points of the governorate outlines (where an incident known by coordinates alone goes)."""
    return {(round(p.x, 4), round(p.y, 4)) for p in
            (shape(place.geometry).representative_point() for place in load_gazetteer().places.values()
             if place.kind == "governorate" and place.geometry)}


@pytest.mark.skipif(not DATASETS.is_dir(), reason="the shared datasets are not beside the project")
def test_public_export_of_imported_data_places_every_incident(data_copy: Path) -> None:
    from geo.imports.plan import commit_import, plan_import

    raw = (DATASETS / "insecurity_insight_attacks_on_health_care_2016-2023_SYR.csv").read_bytes()
    commit_import(data_copy, plan_import(data_copy, raw, "ii.csv"))
    exports = _exports(data_copy)
    features = json.loads(exports["geojson"])["features"]
    table = pd.read_csv(io.StringIO(exports["csv"].decode()), dtype=str, keep_default_na=False)
    drawn = table[table[schema.GEO_PRECISION] != "country"]
    assert len(features) == len(table) > 900 and len(drawn) > 800
    assert all(f["geometry"] for f, precision in zip(features, table[schema.GEO_PRECISION], strict=True)
               if precision != "country")
    assert "null" not in {str(c) for f in features if f["geometry"] and f["geometry"]["type"] == "Point"
                          for c in f["geometry"]["coordinates"]}
    assert (table[schema.DESCRIPTION] == "").all() and (table[schema.FACILITY] == "").all()
    kinds = load_incidents(data_copy)[schema.PLACE_KIND]
    assert set(SETTLEMENT_KINDS) & set(kinds)
    assert b"Cannot read" not in exports["html"] and b'"n":0' not in exports["html"]


def test_the_public_rules_are_written_in_the_data_guide() -> None:
    readme = (PROJECT / "docs" / "data.md").read_text(encoding="utf-8")
    assert "What a public export shows" in readme and "facility" in readme.split("What a public export shows")[1]
