"""Places page: an unresolved name is placed by clicking the map, and joins the gazetteer (the data directory's or
the team's, as the signed-in account)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import schema
from geo.database.gazetteer_additions import add_one_place_to
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.gazetteer.lookup import Gazetteer
from geo.labels import readable
from geo.mapview.builder import configured_basemap
from geo.mapview.placing import placing_map
from ui.changes import Curating

PLACED_ON_MAP = "placed on the map by a researcher"
POINT_KEY = "placing_points"


def clicked_point(result: dict | None) -> tuple[float, float] | None:
    """The point st_folium says was clicked last, rounded to about a metre."""
    clicked = (result or {}).get("last_clicked") or {}
    if clicked.get("lat") is None or clicked.get("lng") is None:
        return None
    return round(float(clicked["lat"]), 5), round(float(clicked["lng"]), 5)


def _details_form(name: str, admin1: str, governorates: list[str], curating: Curating) -> dict | None:
    """Kind, governorate, Arabic spelling, who and why; None until the form is sent."""
    with st.form("placing_form"):
        left, right = st.columns(2)
        kind = left.selectbox("Kind of place", schema.POINT_KINDS, index=schema.POINT_KINDS.index("village"))
        governorate = right.selectbox("Governorate", [""] + governorates,
                                      index=(governorates.index(admin1) + 1) if admin1 in governorates else 0)
        name_ar = st.text_input("Name in Arabic script (optional)")
        who = curating.who("placing")
        why = st.text_input("How you know where it is (kept in the audit log)", key="w_placing_why")
        if not st.form_submit_button(f"Add {markdown_text(name)} to the gazetteer"):
            return None
    return {schema.KIND: kind, schema.ADMIN1: governorate, schema.NAME_AR: name_ar.strip(), "who": who, "why": why}


def place_a_name(missing: pd.DataFrame, curating: Curating, gazetteer: Gazetteer, outlines: dict) -> None:
    """Pick a name, click where it is, say what it is: it is added with origin, who and why."""
    st.markdown("**Place a name on the map.** Pick a name, click where the place is, then say what it is.")
    areas = missing.groupby(schema.NAME)[schema.ADMIN1].first()
    name = st.selectbox("Name", sorted(areas.index), key="w_placing_name")
    area = gazetteer.governorate(areas[name]) if areas[name] else None
    points = st.session_state.setdefault(POINT_KEY, {})
    result = st_folium(placing_map(gazetteer, outlines, area, points.get(name), name, configured_basemap()[0]),
                       key="placing_map", height=460, use_container_width=True, returned_objects=["last_clicked"])
    clicked = clicked_point(result)
    if clicked and clicked != points.get(name):
        points[name] = clicked
        st.rerun()
    if name not in points:
        st.caption(("The text puts it in " + markdown_text(area.name) + " (outlined). " if area else "")
                   + "Click where it is.")
        return
    st.write(f"Chosen point for {markdown_text(name)}: {points[name][0]}, {points[name][1]}")
    governorates = sorted(p.admin1 for p in gazetteer.places.values() if p.kind == "governorate" and p.in_syria)
    details = _details_form(name, area.admin1 if area else "", governorates, curating)
    if details is None:
        return
    try:
        place_id = add_one_place_to(curating.target, name, points[name], PLACED_ON_MAP, details.pop("why"),
                                    details.pop("who"), alt_names=[details[schema.NAME_AR]]
                                    if details[schema.NAME_AR] else [], **details)
    except AtlasError as error:
        st.error(markdown_text(error))
        return
    points.pop(name)
    whose = "the team's" if curating.account else "this data directory's"
    st.success(f"{markdown_text(name)} is now in {whose} gazetteer as {markdown_text(place_id)}; documents that "
               "name it resolve it.")


def unresolved_section(missing: pd.DataFrame, curating: Curating, gazetteer: Gazetteer, outlines: dict,
                       where: str) -> None:
    """The names the documents use that the gazetteer lacks, and (for whoever may change the data) placing one;
    `where`: where the documents were read from."""
    st.subheader("Names in the documents that could not be resolved")
    if missing.empty:
        st.info(markdown_text(f"None found. Documents are {where}."))
        return
    st.caption("Found by their context ('the village of …', 'Governorate : …'); the governorate is the area the "
               "text gives, if any. Until placed they are drawn only at that area, never as a pin.")
    st.dataframe(readable(missing), hide_index=True, width="stretch")
    if curating.can_change:
        place_a_name(missing, curating, gazetteer, outlines)
