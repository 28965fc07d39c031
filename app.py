"""Incident Atlas: page config, the shared sidebar, and navigation over the pages."""

from pathlib import Path

import streamlit as st

from geo.errors import AtlasError
from ui.data import get_atlas
from ui.sidebar import render_sidebar

PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(page_title="Incident Atlas", layout="wide", initial_sidebar_state="expanded")

try:
    atlas = get_atlas()
except (AtlasError, OSError, ValueError) as error:
    st.error(f"The data could not be loaded: {error}. Check it with `python -m geo validate`.")
    st.stop()

navigation = st.navigation([
    st.Page(PAGES / "map.py", title="Map", default=True),
    st.Page(PAGES / "timeline.py", title="Timeline"),
    st.Page(PAGES / "incidents.py", title="Incidents"),
    st.Page(PAGES / "places.py", title="Places"),
    st.Page(PAGES / "sources.py", title="Sources"),
    st.Page(PAGES / "importer.py", title="Import", url_path="import"),
    st.Page(PAGES / "about.py", title="About"),
])
st.session_state["view"] = render_sidebar(atlas)
navigation.run()
