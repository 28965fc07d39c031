"""Cached loading of the data directory (shared, read-only frames: never mutate what these return)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import config
from geo.dataset.load import load_incidents, load_places, load_sources, load_totals
from geo.dataset.query import search_text
from geo.dataset.revision_checks import BrokenLogError
from geo.dataset.revisions import set_aside
from geo.errors import AtlasError
from geo.escape import markdown_text
from geo.exports.tables import dataset_version
from geo.files.journal import recover_if_idle
from geo.gazetteer.outlines import governorate_collection
from ui.changes import Curating


@dataclass(frozen=True)
class Atlas:
    """Everything the pages read: incidents, places, sources, totals, governorate outlines."""

    data_dir: Path
    incidents: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    sources: pd.DataFrame
    totals: pd.DataFrame
    governorates: dict
    version: str

    def curating(self) -> Curating:
        """Where the record, place and source forms send their changes: this data folder."""
        return Curating(self.data_dir, self.sources, self.version, str(self.data_dir))


def _stamp(data_dir: Path) -> tuple:
    """File sizes and times, so that an edited data file is read again."""
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*")) if p.is_file())


@st.cache_resource(show_spinner="Loading the data…", max_entries=4)
def _load(data_dir: str, stamp: tuple) -> Atlas:
    """Load once per data version."""
    root = Path(data_dir)
    return Atlas(root, load_incidents(root), load_places(root), load_sources(root), load_totals(root),
                 governorate_collection(), dataset_version(root))


def get_atlas() -> Atlas:
    """The atlas of the configured data directory ($ATLAS_DATA_DIR or data/)."""
    data_dir = config.resolve_data_dir()
    recover_if_idle(data_dir)
    stamp = _stamp(data_dir)
    return _load(str(data_dir), stamp)


@st.cache_resource(show_spinner="Preparing the search…", max_entries=4)
def _search_text(data_dir: str, version: str) -> pd.Series:
    """The folded text the Incidents search looks in, built once per data version."""
    atlas = get_atlas()
    return search_text(atlas.incidents, atlas.places)


def search_index(atlas: Atlas) -> pd.Series:
    """The search text of this atlas (rebuilt when the data change)."""
    return _search_text(str(atlas.data_dir), atlas.version)


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
