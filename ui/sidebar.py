"""The one sidebar every page shares: date window, filters, layers; kept in step with the URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from geo import schema
from geo.dataset.query import FilterChoices
from geo.exports.permalink import View, params_from_view, view_from_params
from geo.gazetteer.outlines import governorate_collection
from geo.labels import STATUS_LABELS, TYPE_LABELS

PRESET_ALL = "All dates"
PRESET_CUSTOM = "Custom"
RECORD_PARAM = "incident"  # the Incidents page's record: ?incident=ID (an alias opens the record it was merged into)
FACILITY_PARAM = schema.FACILITY  # the Facilities page: ?facility=ID (a merged id opens the one it went into)
PAGE_PARAMS = (RECORD_PARAM, FACILITY_PARAM)
MAX_ID_CHARACTERS = 200


def _governorates() -> list[str]:
    """The governorates' names, sorted."""
    return sorted(f["properties"][schema.ADMIN1] for f in governorate_collection()["features"])


def _vocabularies(choices: FilterChoices) -> dict[str, set[str]]:
    """Allowed values of each list filter."""
    return {"types": set(schema.INCIDENT_TYPES), "perpetrators": set(choices.perpetrators),
            "governorates": set(_governorates()), schema.CONFIDENCE: set(schema.CONFIDENCE_LEVELS),
            "sources": set(choices.sources[schema.ID]), "layers": set(schema.LAYERS),
            "statuses": set(schema.REVIEW_STATUSES)}


def _seed_widgets(view: View, first: date, last: date) -> None:
    """Give the widgets their starting values from the URL, once per session."""
    if st.session_state.get("seeded"):
        return
    start = max(first, min(view.date_from or first, last))
    end = min(last, max(view.date_to or last, start))
    st.session_state.update({
        "seeded": True, "w_dates": (start, end), "w_preset": preset_of(start, end, first, last),
        "w_types": list(view.types),
        "w_perpetrators": list(view.perpetrators), "w_governorates": list(view.governorates),
        "w_confidence": list(view.confidence), "w_sources": list(view.sources), "w_density": view.density,
        "w_statuses": list(view.statuses),
        "map_position": (view.lat, view.lon, view.zoom),
        **{f"w_layer_{i}": name in view.layers for i, name in enumerate(schema.LAYERS)}})


def preset_of(start: date, end: date, first: date, last: date) -> str:
    """The quick range a window is: everything, one calendar year (clipped to the data), or custom."""
    if (start, end) == (first, last):
        return PRESET_ALL
    if start.year == end.year and start == max(first, date(start.year, 1, 1)) \
            and end == min(last, date(end.year, 12, 31)):
        return str(start.year)
    return PRESET_CUSTOM


def _apply_preset(first: date, last: date) -> None:
    """Move the date slider to the chosen preset."""
    choice = st.session_state["w_preset"]
    if choice == PRESET_ALL:
        st.session_state["w_dates"] = (first, last)
    elif choice != PRESET_CUSTOM:
        year = int(choice)
        st.session_state["w_dates"] = (max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))


def _follow_slider(first: date, last: date) -> None:
    """The quick range says what the slider now shows: everything, a year, or custom."""
    st.session_state["w_preset"] = preset_of(*st.session_state["w_dates"], first, last)


def _date_window(first: date, last: date, dated: bool) -> None:
    """The date slider over the data's dates, its window kept inside them (the data may have changed since the
    session began; a window that was all of the data stays all of it); data of one day (or none) has no window to
    choose, and says so."""
    state = st.session_state
    start, end = state.get("w_dates", (first, last))
    if (start, end) == state.get("w_bounds"):  # the whole of the data then: the whole of it now
        start, end = first, last
    start = min(max(start, first), last)
    state["w_dates"], state["w_bounds"] = (start, max(min(end, last), start)), (first, last)
    if first == last:
        st.caption(f"Date window: {first:%d %B %Y}, the only day in the data" if dated else
                   "Date window: none yet, the atlas has no dated incident")
        return
    st.slider("Date window", min_value=first, max_value=last, key="w_dates", format="YYYY-MM-DD",
              on_change=_follow_slider, args=(first, last))


def _filters(choices: FilterChoices) -> None:
    """The multiselect filters."""
    sources = choices.sources
    titles = dict(zip(sources[schema.ID], sources[schema.TITLE], strict=True))
    st.multiselect("Type", schema.INCIDENT_TYPES, key="w_types", format_func=TYPE_LABELS.get,
                   placeholder="All types")
    st.multiselect("Perpetrator (as attributed)", list(choices.perpetrators), key="w_perpetrators",
                   placeholder="All")
    st.multiselect("Governorate", _governorates(), key="w_governorates", placeholder="All governorates")
    st.multiselect("Confidence", schema.CONFIDENCE_LEVELS, key="w_confidence", placeholder="All levels")
    st.multiselect("Source", list(sources[schema.ID]), key="w_sources", placeholder="All sources",
                   format_func=lambda sid: f"{titles.get(sid, sid)[:60]} ({sid})")
    st.multiselect("Review status", schema.REVIEW_STATUSES, key="w_statuses", format_func=STATUS_LABELS.get,
                   placeholder="Every status", help="Published records by default; the others are marked on the map")


def render_sidebar(choices: FilterChoices) -> View:
    """Draw the sidebar and return the view it selects; the URL is updated to match."""
    first, last = choices.first, choices.last
    url_view = view_from_params(st.query_params.to_dict(), _vocabularies(choices))
    _seed_widgets(url_view, first, last)
    with st.sidebar:
        st.header("Filters")
        years = [str(y) for y in range(first.year, last.year + 1)]
        st.selectbox("Quick range", [PRESET_CUSTOM, PRESET_ALL, *years], key="w_preset",
                     on_change=_apply_preset, args=(first, last))
        _date_window(first, last, choices.dated)
        _filters(choices)
        st.subheader("Layers")
        for index, name in enumerate(schema.LAYERS):
            st.checkbox(name, key=f"w_layer_{index}")
        st.toggle("Density by governorate", key="w_density")
    return _view_from_widgets(first, last)


def _view_from_widgets(first: date, last: date) -> View:
    """Collect the widget values into a View and write it to the URL."""
    state = st.session_state
    start, end = state["w_dates"]
    lat, lon, zoom = state.get("map_position", (None, None, None))
    view = View(date_from=start if start > first else None, date_to=end if end < last else None,
                types=tuple(state["w_types"]), perpetrators=tuple(state["w_perpetrators"]),
                governorates=tuple(state["w_governorates"]), confidence=tuple(state["w_confidence"]),
                sources=tuple(state["w_sources"]), statuses=tuple(state["w_statuses"]),
                layers=tuple(n for i, n in enumerate(schema.LAYERS) if state[f"w_layer_{i}"]),
                lat=lat, lon=lon, zoom=zoom, density=state["w_density"])
    publish_view(view)
    return view


def publish_view(view: View) -> None:
    """Write the view to the URL when it changed (so a copied URL reopens it)."""
    now = st.query_params.to_dict()
    params = {**params_from_view(view), **{k: now[k] for k in PAGE_PARAMS if k in now}}
    if params != now:
        st.query_params.from_dict(params)


def remember_position(view: View, lat: float, lon: float, zoom: int) -> View:
    """Keep the map's centre and zoom in the session and the URL."""
    st.session_state["map_position"] = (round(lat, 4), round(lon, 4), int(zoom))
    moved = replace(view, lat=round(lat, 4), lon=round(lon, 4), zoom=int(zoom))
    publish_view(moved)
    return moved


def wanted_record(param: str = RECORD_PARAM) -> str | None:
    """The record (or facility) id the URL asks for (?incident=ID, ?facility=ID), or None; a value no id could be
    (a control character such as %00, or over 200 characters) is answered in one line and ignored."""
    wanted = st.query_params.get(param)
    if wanted and (len(wanted) > MAX_ID_CHARACTERS or not wanted.isprintable()):
        st.warning(f"The link asks for a {'record' if param == RECORD_PARAM else param} id no "
                   f"{'record' if param == RECORD_PARAM else param} can have; showing none.")
        return None
    return wanted or None


def current_view() -> View:
    """The view the sidebar selected in this run (pages read it; app.py sets it)."""
    return st.session_state["view"]
