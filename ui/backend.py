"""The backend of this run, as the pages use it: app.py makes one (a data folder's, read into memory once per data
version, or a team database's, as the signed-in account); each page takes it from `current_backend()` and is
written once for both (geo/backends)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo import config
from geo.backends.base import Backend
from geo.backends.folder import Atlas, files_stamp, load_atlas
from geo.dataset.query import IncidentFilter
from geo.dataset.revision_checks import BrokenLogError
from geo.dataset.revisions import set_aside
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.exports.permalink import View
from geo.files.journal import recover_if_idle
from geo.mapview.builder import MapView
from ui.changes import Curating
from ui.duplicates_view import Finder
from ui.map_view import cached_map

BACKEND_KEY = "atlas_backend"


@st.cache_resource(show_spinner="Loading the data…", max_entries=4)
def _load(data_dir: str, stamp: tuple) -> Atlas:
    """Load once per data version."""
    return load_atlas(Path(data_dir))


def get_atlas() -> Atlas:
    """The atlas of the configured data directory ($ATLAS_DATA_DIR or data/)."""
    data_dir = config.resolve_data_dir()
    recover_if_idle(data_dir)
    return _load(str(data_dir), files_stamp(data_dir))  # an edited data file is read again


def offer_set_aside(broken: BrokenLogError) -> None:
    """The broken log line in one sentence, and a button that sets it aside (kept) so the atlas opens."""
    st.error(markdown_text(f"The atlas cannot open: {broken}."))
    if st.button(f"Set line {broken.line} of {broken.name} aside and open the atlas", key="w_set_aside"):
        try:
            set_aside(config.resolve_data_dir(), broken.line, broken.name)
        except AtlasError as refused:
            st.error(markdown_text(refused))
            return
        _load.clear()
        st.rerun()


def current_backend() -> Backend:
    """The backend app.py chose for this run."""
    return st.session_state[BACKEND_KEY]


def curating(backend: Backend) -> Curating:
    """Where the record, place and source forms send their changes, and whether this visitor may."""
    return Curating(backend.store(), backend.sources(), backend.version, backend.where, backend.account_name,
                    backend.can_change)


def finder(backend: Backend, chosen: IncidentFilter) -> Finder:
    """How the duplicate finder finds pairs within the filter (in a worker process, reused while the data hold)."""
    return Finder(backend.pairs(chosen), backend.version, repr(chosen))


def map_of(backend: Backend, view: View) -> MapView:
    """The map of this view, rebuilt only when the filters, the data or the viewport change."""
    return cached_map(view, backend.version, backend.map_parts)
