"""Incident Atlas: page config, the backend of this run, the shared sidebar, and navigation over the pages.

With ATLAS_DATABASE_URL set the app serves a team database: every visitor signs in, and the map is computed in the
database (no copy of the dataset in this process). Otherwise it serves the data directory, as one researcher's app.
Every page is written once, over the backend chosen here (ui/backend.py).
"""

from pathlib import Path

import streamlit as st

from geo.backends.base import Backend
from geo.backends.folder import FolderBackend
from geo.backends.team import TeamBackend
from geo.database.accounts import trusted_header
from geo.database.connection import database_url
from geo.database.overview import dataset_version
from geo.dataset.revision_checks import BrokenLogError
from geo.errors import AtlasError
from geo.escape import markdown_text
from ui.backend import BACKEND_KEY, get_atlas, offer_set_aside
from ui.sidebar import render_sidebar
from ui.sign_in import ACCOUNT_KEY, COOKIE, render_account, signed_in

PAGES = Path(__file__).resolve().parent / "app_pages"


def _navigation(hidden: bool) -> st.navigation:
    """The pages, each written once for every backend."""
    return st.navigation([st.Page(PAGES / "map.py", title="Map", default=True),
                          st.Page(PAGES / "timeline.py", title="Timeline", url_path="timeline"),
                          st.Page(PAGES / "incidents.py", title="Incidents", url_path="incidents"),
                          st.Page(PAGES / "places.py", title="Places", url_path="places"),
                          st.Page(PAGES / "sources.py", title="Sources", url_path="sources"),
                          st.Page(PAGES / "facilities.py", title="Facilities", url_path="facilities"),
                          st.Page(PAGES / "importer.py", title="Import", url_path="import"),
                          st.Page(PAGES / "about.py", title="About", url_path="about")],
                         position="hidden" if hidden else "sidebar")


def _team_backend(url: str) -> tuple[Backend, st.navigation]:
    """The team database as the signed-in account (the sign-in form, and a stop, when there is none)."""
    try:
        version = dataset_version(url)
    except AtlasError as error:
        last = st.session_state.get(BACKEND_KEY)  # the backend of this session's last good run
        if last is None:
            st.error(f"The team database cannot be used: {markdown_text(str(error))}")
            st.stop()
        st.warning(f"The team database cannot be reached ({markdown_text(str(error))}); this is the last view read "
                   "from it, and the page picks up by itself when it answers again.")
        return last, _navigation(hidden=False)
    known = trusted_header() or st.session_state.get(ACCOUNT_KEY) or st.context.cookies.get(COOKIE)
    navigation = _navigation(hidden=not known)  # made first, so a link's page and record survive signing in
    account = signed_in(url)
    render_account(url, account)
    return TeamBackend(url, version, account), navigation


def _folder_backend() -> tuple[Backend, st.navigation]:
    """The data directory, read into memory once per data version."""
    try:
        return FolderBackend(get_atlas()), _navigation(hidden=False)
    except BrokenLogError as broken:
        offer_set_aside(broken)
    except (AtlasError, OSError, ValueError) as error:
        st.error(f"The data could not be loaded: {markdown_text(error)}. Check it with `python -m geo validate`.")
    st.stop()


st.set_page_config(page_title="Incident Atlas", layout="wide", initial_sidebar_state="auto")
team = database_url()
backend, navigation = _team_backend(team) if team else _folder_backend()
st.session_state[BACKEND_KEY] = backend
try:
    st.session_state["view"] = render_sidebar(backend.choices())
    navigation.run()
except AtlasError as lost:  # the team database went away while the page read it
    st.warning(f"The {backend.label} could not be read: {markdown_text(str(lost))}. The page picks up by itself "
               "when it answers again.")

