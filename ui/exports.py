"""The export panel under the map: PNG and HTML of the view, and the filtered data as files."""

from __future__ import annotations

from functools import partial

import streamlit as st

from geo.backends.base import Backend
from geo.exports.formats import MAP_FORMATS, MAX_MAP_EXPORT, MEDIA_TYPES
from geo.exports.permalink import View, permalink
from geo.exports.tables import Snapshot
from geo.workers import Workers
from ui.work import session_owner, worker_pool


def _permalink(view: View) -> str:
    """The URL of this view, on the address the browser uses."""
    return permalink(view, str(st.context.url or "").split("?")[0] or None)


def _exported(pool: Workers, owner: str, backend: Backend, snapshot: Snapshot, fmt: str) -> bytes:
    """One export made in the worker pool when its button is clicked (the page's own thread only waits)."""
    earlier = pool.job_of(owner)
    if earlier is not None:  # another export of this session still running: this one waits its turn
        earlier.wait(pool.seconds + 10)
    work, arguments = backend.export_job(snapshot, fmt)
    job = pool.submit(owner, f"making the {fmt.upper()} export", work, *arguments)
    job.wait(pool.seconds + 10)
    return job.outcome()


def render_exports(backend: Backend, view: View, bbox: tuple[float, float, float, float] | None, drawn: int) -> None:
    """Download buttons for every format; files are made when clicked (`drawn`: the records the view draws, which
    the page has already counted)."""
    st.caption("Link to this view (filters, dates, centre, zoom, layers): copy it with the button at its right; the "
               "PNG's caption prints the same link.")
    st.code(_permalink(view), language=None, wrap_lines=True)
    with st.expander("Export this view", expanded=False):
        public = st.toggle("Public version (locations coarsened to town or governorate, free text removed)",
                           key="w_public")
        center = (view.lat, view.lon) if view.lat is not None else None
        snapshot = Snapshot(view.to_filter(bbox), center=center, zoom=view.zoom, density=view.density,
                            public=public, permalink=_permalink(view))
        st.caption(f"Dataset version {backend.version}. Map exports state the date window, filters, number of "
                   "incidents, data version, time made and the link back to this view.")
        too_many = drawn > MAX_MAP_EXPORT
        if too_many:
            st.caption(f"More than {MAX_MAP_EXPORT:,} incidents: a map export could not be drawn in a browser; "
                       "narrow the filters for PNG or HTML, or take the data as CSV, GeoJSON or GeoPackage.")
        columns, pool = st.columns(5), worker_pool()
        owner = session_owner("export")
        for column, fmt, label in zip(columns, ("png", "html", "csv", "geojson", "gpkg"),
                                      ("PNG", "HTML map", "CSV", "GeoJSON", "GeoPackage"), strict=True):
            column.download_button(f"Download {label}", data=partial(_exported, pool, owner, backend, snapshot,
                                                                     fmt),
                                   file_name=f"incident-atlas-{backend.version}.{fmt}", mime=MEDIA_TYPES[fmt],
                                   key=f"export_{fmt}", on_click="ignore", disabled=too_many and fmt in MAP_FORMATS)
