"""Text from data never runs as a template: Jinja payloads in any field are drawn literally and the map renders."""

from __future__ import annotations

import html
import json
import re
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pytest
from jinja2 import Template
from streamlit_folium import generate_leaflet_string

from geo.dataset.query import IncidentFilter, filter_incidents
from geo.escape import html_text, js_literal
from geo.exports.formats import export_view, load_atlas_data
from geo.exports.tables import Snapshot
from geo.files.tables import read_table, write_table
from geo.gazetteer.lookup import load_gazetteer
from geo.imports.plan import plan_import, preview_frame
from geo.mapview.builder import MapView, build_map
from geo.mapview.payload import incident_payload

GLOBALS = "cycler.__init__.__globals__.os"


def canary_payload(name: str) -> str:
    """The attack's quoteless payload: it creates /tmp/<name> if the text is ever evaluated by Jinja."""
    return (f"{{{{ {GLOBALS}.makedirs({GLOBALS}.sep ~ (dict(tmp=1)|first) ~ {GLOBALS}.sep ~ "
            f"(dict({name}=1)|first)) }}}}")


PAYLOADS = ["Calc {{7*7}} pid {{ cycler.__init__.__globals__.os.getpid() }} end", "{#AleppoIsBurning}",
            "{% raw %}", "{% for x in range(3) %}loop{% endfor %}", "{{", "}}{#", "a {{ '{{' }} b"]
TEXT_FIELDS = ("description", "place_text", "perpetrator", "facility", "weapon", "date_text")


@pytest.fixture()
def canary() -> Path:
    """A directory that must never come to exist, removed afterwards if it does."""
    path = Path("/tmp") / f"atlas_canary_{uuid.uuid4().hex[:12]}"
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_survives_a_jinja_render_unchanged(payload: str) -> None:
    as_json, as_html = js_literal({"text": payload}), html_text(payload)
    assert Template(as_json).render() == as_json and json.loads(as_json) == {"text": payload}
    assert Template(as_html).render() == as_html and html.unescape(as_html) == payload


def _hostile_copy(data_copy: Path, payloads: list[str]) -> Path:
    """The bundled data with a payload in every free-text field of every incident and every source."""
    incidents = read_table(data_copy / "incidents.csv")
    for number, column in enumerate(TEXT_FIELDS):
        incidents[column] = [payloads[(row + number) % len(payloads)] for row in range(len(incidents))]
    write_table(data_copy / "incidents.csv", incidents)
    sources = read_table(data_copy / "sources.csv")
    sources["title"] = [payloads[row % len(payloads)] for row in range(len(sources))]
    sources["publisher"] = payloads[-1]
    sources["url"] = "https://example.org/{{7*7}}"
    write_table(data_copy / "sources.csv", sources)
    return data_copy


def shown_text(page: str) -> str:
    """The text a browser would show from the map's data: its JSON decoded, then its HTML escapes."""
    found = re.search(r"var data = (.*?);\n\s*var options = ", page, re.DOTALL)
    assert found, "the map script carries no data"
    return html.unescape(json.dumps(json.loads(found.group(1)), ensure_ascii=False))


@pytest.mark.parametrize("fmt", ["html", "png"])
def test_exports_show_payloads_literally_and_run_nothing(data_copy: Path, canary: Path, fmt: str) -> None:
    payloads = [*PAYLOADS, canary_payload(canary.name)]
    data = load_atlas_data(_hostile_copy(data_copy, payloads))
    perpetrators = tuple(sorted(set(data.incidents["perpetrator"])))[:2]
    result = export_view(data, Snapshot(IncidentFilter(perpetrators=perpetrators)), fmt)
    assert not canary.exists() and result.content
    if fmt == "html":
        page = result.content.decode("utf-8")
        shown = shown_text(page)
        assert "Calc 49" not in shown and "looploop" not in shown
        assert all(json.dumps(p, ensure_ascii=False)[1:-1] in shown for p in payloads)
        assert perpetrators[0] in html.unescape(page.split('id="atlas-caption"')[1])
    else:
        assert result.content.startswith(b"\x89PNG") and perpetrators[0] in result.caption


def test_map_of_hostile_data_renders_literally_as_streamlit_folium_does(data_copy: Path, canary: Path) -> None:
    payloads = [*PAYLOADS, canary_payload(canary.name)]
    data = load_atlas_data(_hostile_copy(data_copy, payloads))
    shown = filter_incidents(data.incidents, IncidentFilter())
    fmap = build_map(MapView(incident_payload(shown, data.places, data.sources)), {"type": "FeatureCollection",
                                                                                    "features": []})
    page = fmap.get_root().render()
    script = generate_leaflet_string(fmap)
    assert not canary.exists()
    for rendered in (page, script):
        text = shown_text(rendered)
        assert "Calc 49" not in text and all(json.dumps(p)[1:-1] in text for p in payloads)


def test_import_preview_of_payloads_runs_nothing(data_copy: Path, canary: Path) -> None:
    rows = pd.DataFrame({"date": "2019-05-02", "place": "Saraqib", "type": "airstrike",
                         "description": [*PAYLOADS, canary_payload(canary.name)],
                         "perpetrator": canary_payload(canary.name), "facility": "{#x}"})
    plan = plan_import(data_copy, rows.to_csv(index=False).encode(), "payloads.csv")
    assert len(plan.result.accepted) == len(rows)
    frame, places, sources = preview_frame(data_copy, plan.result.accepted, plan.source)
    fmap = build_map(MapView(incident_payload(filter_incidents(frame, IncidentFilter()), places, sources)),
                     {"type": "FeatureCollection", "features": []})
    page = fmap.get_root().render()
    assert not canary.exists() and "Calc 49" not in page
    assert "Calc {{7*7}}" in shown_text(page)
    assert set(read_table(data_copy / "incidents.csv")["description"]).isdisjoint(PAYLOADS)


def test_unknown_layer_names_from_a_url_are_dropped() -> None:
    from geo.exports.permalink import view_from_params

    view = view_from_params({"layers": "{{7*7}},Incidents"}, {"layers": {"Incidents", "Displacement"}})
    assert view.layers == ("Incidents",)


def test_gazetteer_is_untouched_by_payload_lookups() -> None:
    assert load_gazetteer().lookup("{{7*7}}") is None
