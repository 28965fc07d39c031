"""Add an incident by hand: where (a known place, or a click on the map), when, what, which source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import schema
from geo.dataset.curate import add_incident
from geo.dataset.places import place_feature
from geo.files.safe_names import safe_name
from geo.gazetteer.lookup import Gazetteer, Place
from geo.labels import PRECISION_LABELS, STATUS_LABELS, TYPE_LABELS
from geo.mapview.builder import configured_basemap
from geo.mapview.placing import placing_map
from ui.changes import Curating, run_change
from ui.placing import clicked_point

POINT_KEY = "adding_point"
NEW_SOURCE = "A new source…"
BY_CLICK = "Click on the map"


@dataclass(frozen=True)
class Surroundings:
    """What the form places an incident among: the gazetteer, the ids of the data's places, the outlines drawn."""

    gazetteer: Gazetteer
    place_ids: frozenset[str]
    outlines: dict


def _known_places(gazetteer: Gazetteer) -> dict[str, Place]:
    """Syria's places the gazetteer knows, by a label that tells namesakes apart."""
    places = [p for p in gazetteer.places.values() if p.in_syria and p.resolved]
    return {f"{p.name} ({p.kind}, {p.admin1 or 'Syria'}) [{p.id}]": p for p in sorted(places, key=lambda p: p.name)}


def _where(around: Surroundings) -> tuple[dict, dict | None] | None:
    """The location fields and, for a gazetteer place places.geojson lacks, its feature; None until chosen."""
    places = _known_places(around.gazetteer)
    choice = st.selectbox("Where", [BY_CLICK, *places], key="w_add_place")
    if choice != BY_CLICK:
        place = places[choice]
        known = place.id in around.place_ids
        precision = place.geo_precision if place.geo_precision in schema.GEO_PRECISIONS else "settlement"
        return ({schema.PLACE_ID: place.id, schema.PLACE_TEXT: place.name, schema.GEO_PRECISION: precision},
                None if known else place_feature(place, note="used by an incident added by hand"))
    point = st.session_state.get(POINT_KEY)
    result = st_folium(placing_map(around.gazetteer, around.outlines, None, point, "new incident",
                                   configured_basemap()[0]), key="adding_map", height=420,
                       use_container_width=True, returned_objects=["last_clicked"])
    clicked = clicked_point(result)
    if clicked and clicked != point:
        st.session_state[POINT_KEY] = clicked
        st.rerun()
    if point is None:
        st.caption("Click where the incident happened.")
        return None
    st.write(f"Chosen point: {point[0]}, {point[1]}")
    return {schema.LAT: str(point[0]), schema.LON: str(point[1]), schema.GEO_PRECISION: "exact"}, None


def _source(sources: pd.DataFrame) -> dict | None:
    """The chosen source id, or a new source's fields (None when it has no title)."""
    titles = dict(zip(sources[schema.ID], sources[schema.TITLE], strict=True))
    choice = st.selectbox("Source", [NEW_SOURCE, *titles], format_func=lambda s: s if s == NEW_SOURCE else
                          f"{titles[s][:70]} ({s})", key="w_add_source")
    if choice != NEW_SOURCE:
        return {schema.ID: choice}
    left, right = st.columns(2)
    title = left.text_input("Source title", key="w_add_source_title").strip()
    publisher = right.text_input("Publisher", key="w_add_source_publisher")
    published = left.text_input("Published (YYYY-MM-DD)", key="w_add_source_published")
    url = right.text_input("Link (http or https)", key="w_add_source_url")
    kind = left.selectbox("Kind", schema.SOURCE_KINDS, key="w_add_source_kind")
    if not title:
        return None
    wanted = f"src-{safe_name(title.lower())[:40]}"
    taken, number = set(sources[schema.ID]), 1
    source_id = wanted
    while source_id in taken:
        number += 1
        source_id = f"{wanted}-{number}"
    return {schema.ID: source_id, schema.TITLE: title, schema.PUBLISHER: publisher, schema.PUBLISHED: published,
            schema.URL: url, schema.KIND: kind, "new": True}


def _what() -> dict[str, str]:
    """When and what happened, in the contract's fields."""
    left, right = st.columns(2)
    start = left.date_input("From", date(2019, 1, 1), key="w_add_start")
    end = right.date_input("To", start, key="w_add_end")
    fields = {schema.DATE_START: start.isoformat(), schema.DATE_END: end.isoformat(),
              schema.DATE_PRECISION: left.selectbox("Date precision", schema.DATE_PRECISIONS, key="w_add_dprec"),
              schema.DATE_TEXT: right.text_input("Date as the source writes it", key="w_add_dtext"),
              schema.TYPE: left.selectbox("Type", schema.INCIDENT_TYPES, format_func=TYPE_LABELS.get,
                                          key="w_add_type"),
              schema.CONFIDENCE: right.selectbox("Confidence", schema.CONFIDENCE_LEVELS, key="w_add_conf"),
              schema.FACILITY: left.text_input("Facility (hospital, school…)", key="w_add_facility"),
              schema.PERPETRATOR: right.text_input("Attributed to (as the source says)", key="w_add_perp")}
    columns = st.columns(3)
    fields.update({f: columns[n].text_input(f"{f.capitalize()} (empty: unknown)", key=f"w_add_{f}")
                   for n, f in enumerate(schema.COUNT_COLUMNS)})
    fields[schema.DESCRIPTION] = st.text_area("Description (your own words, one or two sentences)", key="w_add_desc")
    return fields


def add_incident_form(curating: Curating, around: Surroundings) -> None:
    """The whole form; the incident is added (and a new source and place with it) when it is sent, to the data
    folder or the team database (as the signed-in account)."""
    where = _where(around)
    fields, source = _what(), _source(curating.sources)
    status = st.selectbox("Review status", schema.REVIEW_STATUSES[:3], format_func=STATUS_LABELS.get,
                          key="w_add_status", help="Drafts and records in review are on the map only on request")
    who = curating.who("add")
    why = st.text_input("Why (kept with the revision)", key="w_add_why")
    if where is not None:
        st.caption(f"Place precision: {PRECISION_LABELS.get(where[0][schema.GEO_PRECISION])}")
    if not st.button("Add the incident", type="primary", disabled=where is None or source is None):
        return

    def change() -> dict:
        new_source = {k: v for k, v in source.items() if k != "new"} if source.get("new") else None
        revision = add_incident(curating.target, {**fields, **where[0], schema.SOURCE_IDS: source[schema.ID]}, why,
                                who, status, place=where[1], source=new_source)
        st.session_state.pop(POINT_KEY, None)
        return revision

    run_change(change, "Incident added")
