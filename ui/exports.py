"""The export panel under the map: PNG and HTML of the view, and the filtered data as files."""

from __future__ import annotations

import streamlit as st

from geo.dataset.query import filter_mask
from geo.exports.formats import MAP_FORMATS, MAX_MAP_EXPORT, MEDIA_TYPES, AtlasData, export_view
from geo.exports.permalink import View, permalink
from geo.exports.tables import Snapshot
from ui.data import Atlas


def _permalink(view: View) -> str:
    """The URL of this view, on the address the browser uses."""
    return permalink(view, str(st.context.url or "").split("?")[0] or None)


def render_exports(atlas: Atlas, view: View, bbox: tuple[float, float, float, float] | None) -> None:
    """Download buttons for every format; files are made when clicked."""
    data = AtlasData(atlas.incidents, atlas.places, atlas.sources, atlas.version)
    st.caption("Link to this view (filters, dates, centre, zoom, layers): copy it with the button at its right; the "
               "PNG's caption prints the same link.")
    st.code(_permalink(view), language=None, wrap_lines=True)
    with st.expander("Export this view", expanded=False):
        public = st.toggle("Public version (locations coarsened to town or governorate, free text removed)",
                           key="w_public")
        center = (view.lat, view.lon) if view.lat is not None else None
        snapshot = Snapshot(view.to_filter(bbox), center=center, zoom=view.zoom, density=view.density,
                            public=public, permalink=_permalink(view))
        st.caption(f"Dataset version {atlas.version}. Map exports state the date window, filters, number of "
                   "incidents, data version, time made and the link back to this view.")
        too_many = len(atlas.incidents) > MAX_MAP_EXPORT \
            and int(filter_mask(atlas.incidents, snapshot.chosen).sum()) > MAX_MAP_EXPORT
        if too_many:
            st.caption(f"More than {MAX_MAP_EXPORT:,} incidents: a map export could not be drawn in a browser; "
                       "narrow the filters for PNG or HTML, or take the data as CSV, GeoJSON or GeoPackage.")
        columns = st.columns(5)
        for column, fmt, label in zip(columns, ("png", "html", "csv", "geojson", "gpkg"),
                                      ("PNG", "HTML map", "CSV", "GeoJSON", "GeoPackage"), strict=True):
            column.download_button(f"Download {label}", data=lambda f=fmt: export_view(data, snapshot, f).content,
                                   file_name=f"incident-atlas-{atlas.version}.{fmt}", mime=MEDIA_TYPES[fmt],
                                   key=f"export_{fmt}", on_click="ignore", disabled=too_many and fmt in MAP_FORMATS)
