"""Incident Atlas: page config, the shared sidebar, and navigation over the pages.

With ATLAS_DATABASE_URL set the app serves a team database: every visitor signs in, and the map is computed in the
database (no copy of the dataset in this process). Otherwise it serves the data directory, as one researcher's app.
"""

from pathlib import Path

import streamlit as st

from geo.database.accounts import trusted_header
from geo.database.connection import database_url
from geo.database.overview import dataset_version
from geo.dataset.query import filter_choices
from geo.dataset.revision_checks import BrokenLogError
from geo.errors import AtlasError
from geo.escape import markdown_text
from ui.data import get_atlas, offer_set_aside
from ui.sidebar import render_sidebar
from ui.team import ACCOUNT_KEY, COOKIE, SIGNED_IN_KEY, render_account, signed_in, team_choices

PAGES = Path(__file__).resolve().parent / "app_pages"


def team_app(url: str) -> None:
    """The team's app: sign in, then the map from the database."""
    try:
        st.session_state["team_version"] = version = dataset_version(url)
    except AtlasError as error:
        st.error(f"The team database cannot be used: {markdown_text(str(error))}")
        st.stop()
    known = trusted_header() or st.session_state.get(ACCOUNT_KEY) or st.context.cookies.get(COOKIE)
    navigation = st.navigation([st.Page(PAGES / "team_map.py", title="Map", default=True),
                                st.Page(PAGES / "team_timeline.py", title="Timeline", url_path="timeline"),
                                st.Page(PAGES / "team_incidents.py", title="Incidents", url_path="incidents"),
                                st.Page(PAGES / "team_places.py", title="Places", url_path="places"),
                                st.Page(PAGES / "team_sources.py", title="Sources", url_path="sources"),
                                st.Page(PAGES / "team_importer.py", title="Import", url_path="import"),
                                st.Page(PAGES / "team_about.py", title="About", url_path="about")],
                               position="sidebar" if known else "hidden")
    st.session_state[SIGNED_IN_KEY] = account = signed_in(url)  # a link's page and record survive signing in
    render_account(url, account)
    st.session_state["view"] = render_sidebar(team_choices(url, version))
    navigation.run()


def folder_app() -> None:
    """One researcher's app on the data directory: every page."""
    try:
        atlas = get_atlas()
    except BrokenLogError as broken:
        offer_set_aside(broken)
        st.stop()
    except (AtlasError, OSError, ValueError) as error:
        st.error(f"The data could not be loaded: {markdown_text(error)}. Check it with `python -m geo validate`.")
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
    st.session_state["view"] = render_sidebar(filter_choices(atlas.incidents, atlas.sources))
    navigation.run()


st.set_page_config(page_title="Incident Atlas", layout="wide", initial_sidebar_state="expanded")
team = database_url()
if team:
    team_app(team)
else:
    folder_app()
