"""Places page: an unresolved name is placed by clicking the map, and joins the data directory's gazetteer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import config, schema
from geo.dataset.gazetteer_additions import add_one_place
from geo.dataset.load import load_sources
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.gazetteer.lookup import load_gazetteer
from geo.mapview.builder import configured_basemap
from geo.mapview.placing import placing_map
from geo.reader.source_texts import unresolved_names
from ui.changes import WHO_LABEL

PLACED_ON_MAP = "placed on the map by a researcher"
POINT_KEY = "placing_points"


def clicked_point(result: dict | None) -> tuple[float, float] | None:
    """The point st_folium says was clicked last, rounded to about a metre."""
    clicked = (result or {}).get("last_clicked") or {}
    if clicked.get("lat") is None or clicked.get("lng") is None:
        return None
    return round(float(clicked["lat"]), 5), round(float(clicked["lng"]), 5)


def _details_form(name: str, admin1: str, governorates: list[str]) -> dict | None:
    """Kind, governorate, Arabic spelling, who and why; None until the form is sent."""
    with st.form("placing_form"):
        left, right = st.columns(2)
        kind = left.selectbox("Kind of place", schema.POINT_KINDS, index=schema.POINT_KINDS.index("village"))
        governorate = right.selectbox("Governorate", [""] + governorates,
                                      index=(governorates.index(admin1) + 1) if admin1 in governorates else 0)
        name_ar = st.text_input("Name in Arabic script (optional)")
        who = st.text_input(WHO_LABEL, key="w_placing_who")
        why = st.text_input("How you know where it is (kept in the audit log)", key="w_placing_why")
        if not st.form_submit_button(f"Add {markdown_text(name)} to the gazetteer"):
            return None
    return {schema.KIND: kind, schema.ADMIN1: governorate, schema.NAME_AR: name_ar.strip(), "who": who, "why": why}


def place_a_name(missing: pd.DataFrame, data_dir: Path, outlines: dict) -> None:
    """Pick a name, click where it is, say what it is: it is added with origin, who and why."""
    st.markdown("**Place a name on the map.** Pick a name, click where the place is, then say what it is.")
    areas = missing.groupby(schema.NAME)[schema.ADMIN1].first()
    name = st.selectbox("Name", sorted(areas.index), key="w_placing_name")
    gazetteer = load_gazetteer(data_dir=str(data_dir))
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
    details = _details_form(name, area.admin1 if area else "", governorates)
    if details is None:
        return
    try:
        place_id = add_one_place(data_dir, gazetteer, name, points[name], PLACED_ON_MAP, details.pop("why"),
                                 details.pop("who") or None, alt_names=[details[schema.NAME_AR]]
                                 if details[schema.NAME_AR] else [], **details)
    except AtlasError as error:
        st.error(markdown_text(error))
        return
    points.pop(name)
    st.success(f"{markdown_text(name)} is now in this data directory's gazetteer as {markdown_text(place_id)}; "
               "documents that name it resolve it.")


def _stamp(folder: Path) -> tuple:
    """Names, sizes and times of a folder's files, so that a changed file is read again."""
    if not folder.is_dir():
        return ()
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.iterdir()) if p.is_file())


@st.cache_data(show_spinner="Reading the documents…", max_entries=8)
def _unresolved(docs_dir: str, data_dir: str, version: str, docs: tuple, additions: tuple) -> pd.DataFrame:
    """The documents' unresolved names, read again only when the documents, the data or the additions change."""
    return unresolved_names(Path(docs_dir), load_sources(Path(data_dir)), load_gazetteer(data_dir=data_dir))


def unresolved_in_documents(data_dir: Path, version: str) -> pd.DataFrame:
    """The names the documents use as places that the gazetteer lacks (cached between reruns)."""
    docs = config.resolve_docs_dir()
    additions = data_dir / config.GAZETTEER_ADDITIONS_FILE
    changed = (additions.stat().st_mtime_ns,) if additions.is_file() else ()
    return _unresolved(str(docs), str(data_dir), version, _stamp(docs), changed)
