"""The per-view payload the browser draws: columns of escaped text and numbers, built vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import schema
from geo.escape import html_series, html_text, safe_url

TYPE_COLOURS = {
    "airstrike": "#d62728", "shelling": "#ff7f0e", "barrel_bomb": "#8c564b",
    "attack_on_health_care": "#c2185b", "attack_on_school": "#9467bd", "attack_on_market": "#bcbd22",
    "attack_on_civil_defense": "#17becf", "chemical_attack": "#2ca02c", "cluster_munitions": "#7f7f7f",
    "incendiary_weapons": "#e377c2", "massacre": "#000000", "siege": "#1f77b4",
    "ground_offensive": "#aa6600", "aid_obstruction": "#5c6bc0", "displacement": "#0277bd",
}
TYPE_LABELS = {t: t.replace("_", " ").capitalize() for t in schema.INCIDENT_TYPES}


def _unknown(values: pd.Series) -> pd.Series:
    """Counts as text, 'unknown' where empty."""
    return values.astype("string").fillna("unknown")


def source_html(sources: pd.DataFrame) -> dict[str, str]:
    """Escaped HTML for each source: its title, publisher and date, linked only to http(s) URLs."""
    snippets = {}
    for row in sources.itertuples():
        label = html_text(row.title or row.id)
        url = safe_url(row.url)
        title = f'<a href="{html_text(url)}" target="_blank" rel="noopener noreferrer">{label}</a>' if url else label
        detail = ", ".join(html_text(v) for v in (row.publisher, row.published) if v)
        snippets[row.id] = f"{title}{f' ({detail})' if detail else ''} <code>{html_text(row.id)}</code>"
    return snippets


def _sources_cell(source_ids: pd.Series, snippets: dict[str, str]) -> pd.Series:
    """The list of cited sources of each incident, as escaped HTML."""
    return source_ids.map(lambda ids: "<br>".join(snippets.get(i, html_text(i)) for i in schema.split_list(ids)))


def popup_html(frame: pd.DataFrame, snippets: dict[str, str]) -> pd.Series:
    """Popup HTML per incident: what, when, where, counts, confidence, description, sources."""
    esc = {c: html_series(frame[c]) for c in ("date_start", "date_end", "date_precision", "date_text", "place_text",
                                               "place_name", "geo_precision", "confidence", "description",
                                               "facility", "perpetrator", "weapon", "id")}
    label = html_series(frame["type"].map(TYPE_LABELS).fillna(frame["type"]))
    facility = ("<br>Facility: " + esc["facility"]).where(frame["facility"] != "", "")
    weapon = ("<br>Weapon: " + esc["weapon"]).where(frame["weapon"] != "", "")
    return ("<div class='ia-popup'><b>" + label + "</b> <code>" + esc["id"] + "</code><br>"
            + "When: " + esc["date_start"] + " – " + esc["date_end"] + " (" + esc["date_precision"] + "; “"
            + esc["date_text"] + "”)<br>Where: " + esc["place_text"] + " → " + esc["place_name"]
            + " (precision: " + esc["geo_precision"] + ")" + facility + weapon
            + "<br>Attributed to: " + esc["perpetrator"].replace("", "not stated")
            + "<br>Killed: " + _unknown(frame["killed"]) + " · Injured: " + _unknown(frame["injured"])
            + " · Displaced: " + _unknown(frame["displaced"]) + "<br>Confidence: " + esc["confidence"]
            + "<p>" + esc["description"] + "</p><div class='ia-sources'>Sources:<br>"
            + _sources_cell(frame["source_ids"], snippets) + "</div></div>")


def tooltip_html(frame: pd.DataFrame) -> pd.Series:
    """Tooltip per incident: date, place, type."""
    label = html_series(frame["type"].map(TYPE_LABELS).fillna(frame["type"]))
    return (html_series(frame["date_text"].where(frame["date_text"] != "", frame["date_start"]))
            + " · " + html_series(frame["place_name"]) + " · " + label)


def _rounded(values: pd.Series) -> list:
    """Coordinates rounded to 5 decimals (about a metre), None where missing."""
    array = np.round(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float), 5)
    return [None if np.isnan(v) else float(v) for v in array]


def incident_payload(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame) -> dict:
    """Columns the browser needs to draw the filtered incidents (country-level ones are left out)."""
    drawn = frame[frame["draw_as"] != "none"]
    points = places.geometry.representative_point()
    layer_index = {name: i for i, name in enumerate(schema.LAYERS)}
    area_ids = sorted(set(drawn.loc[drawn["draw_as"] == "area", "place_id"]))
    displaced = drawn["displaced"].astype("Float64").fillna(-1).to_numpy(dtype=float)
    return {
        "n": int(len(drawn)),
        "id": drawn["id"].tolist(),
        "x": _rounded(drawn["x"]), "y": _rounded(drawn["y"]),
        "layer": drawn["layer"].map(layer_index).astype(int).tolist(),
        "draw": drawn["draw_as"].tolist(),
        "inside": (drawn["in_window"] == "inside").astype(int).tolist(),
        "start": drawn["date_start"].tolist(), "end": drawn["date_end"].tolist(),
        "colour": drawn["type"].map(TYPE_COLOURS).fillna("#444444").tolist(),
        "place": drawn["place_id"].where(drawn["draw_as"] == "area", "").tolist(),
        "ox": _rounded(drawn["origin_place_id"].map(points.x)), "oy": _rounded(drawn["origin_place_id"].map(points.y)),
        "dx": _rounded(drawn["destination_place_id"].map(points.x)),
        "dy": _rounded(drawn["destination_place_id"].map(points.y)),
        "displaced": [None if v < 0 else int(v) for v in displaced],
        "tip": tooltip_html(drawn).tolist(),
        "pop": popup_html(drawn, source_html(sources)).tolist(),
        "areas": {pid: places.geometry[pid].__geo_interface__ for pid in area_ids if pid in places.index},
        "not_drawn": int((frame["draw_as"] == "none").sum()),
    }


def governorate_payload(governorates: dict, counts: pd.Series) -> dict:
    """Governorate outlines with incident counts, for the density (choropleth) view."""
    features = []
    for feature in governorates["features"]:
        name = feature["properties"]["admin1"]
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {"name": html_text(name), "count": int(counts.get(name, 0))}})
    return {"type": "FeatureCollection", "features": features, "max": int(counts.max()) if len(counts) else 0}
