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
UNCERTAINTY_METRES = {"region": 25_000, "governorate": 60_000}
AREA_LIST_LIMIT = 15
MEMBER_ID_LIMIT = 2_000
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


MARK_KEYS = ("id", "x", "y", "layer", "draw", "inside", "start", "colour", "ox", "oy", "dx", "dy", "displaced",
             "radius", "tip", "pop")


def no_marks() -> dict:
    """The marks of a payload that draws no incident one by one."""
    return {key: [] for key in MARK_KEYS}


def _marks(drawn: pd.DataFrame, places: pd.DataFrame, snippets: dict[str, str]) -> dict:
    """Columns of the incidents drawn one by one: points, uncertainty circles, displacement flows."""
    points = places.geometry.representative_point()
    layer_index = {name: i for i, name in enumerate(schema.LAYERS)}
    displaced = drawn["displaced"].astype("Float64").fillna(-1).to_numpy(dtype=float)
    return {
        "id": drawn["id"].tolist(), "x": _rounded(drawn["x"]), "y": _rounded(drawn["y"]),
        "layer": drawn["layer"].map(layer_index).astype(int).tolist(), "draw": drawn["draw_as"].tolist(),
        "inside": (drawn["in_window"] == "inside").astype(int).tolist(), "start": drawn["date_start"].tolist(),
        "colour": drawn["type"].map(TYPE_COLOURS).fillna("#444444").tolist(),
        "ox": _rounded(drawn["origin_place_id"].map(points.x)), "oy": _rounded(drawn["origin_place_id"].map(points.y)),
        "dx": _rounded(drawn["destination_place_id"].map(points.x)),
        "dy": _rounded(drawn["destination_place_id"].map(points.y)),
        "displaced": [None if v < 0 else int(v) for v in displaced],
        "radius": drawn["geo_precision"].map(UNCERTAINTY_METRES).fillna(0).astype(int).tolist(),
        "tip": tooltip_html(drawn).tolist(), "pop": popup_html(drawn, snippets).tolist(),
    }


def _listing(grouped: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per group, the first incidents by date as escaped lines (built for those lines only)."""
    listed = grouped.sort_values("date_start").groupby(keys, sort=True).head(AREA_LIST_LIMIT)
    lines = (html_series(listed["date_start"]) + " · " + html_series(listed["type"].map(TYPE_LABELS))
             + " · " + html_series(listed["description"].str.slice(0, 90)) + " <code>"
             + html_series(listed["id"]) + "</code>")
    return lines.groupby([listed[k] for k in keys], sort=True).agg("<br>".join)


def _areas(grouped: pd.DataFrame, snippets: dict[str, str]) -> dict:
    """One shape per (place, layer) for incidents known only to a region or governorate."""
    keys = ["place_id", "layer"]
    empty = {key: [] for key in ("place", "layer", "count", "inside", "start", "colour", "tip", "pop", "ids")}
    if grouped.empty:
        return empty
    by_group = grouped.groupby(keys, sort=True)
    table = by_group.agg(count=("id", "size"), start=("date_start", "min"), place_name=("place_name", "first"),
                         precision=("geo_precision", "first"), first_type=("type", "first"),
                         partly=("in_window", lambda w: bool((w != "inside").any())),
                         main_type=("type", lambda t: t.mode().iloc[0]), first=("id", "first"),
                         ids=("id", lambda ids: [str(i) for i in ids]))
    singles = popup_html(grouped[grouped["id"].isin(table.loc[table["count"] == 1, "first"])], snippets)
    single_of = dict(zip(grouped.loc[singles.index, "id"], singles, strict=True))
    listing = _listing(grouped, keys)
    layer_index = {name: i for i, name in enumerate(schema.LAYERS)}
    for (place_id, layer), row in table.iterrows():
        many = row["count"] > 1
        label = f"{row['count']} incidents" if many else TYPE_LABELS.get(row["first_type"], "")
        more = f"<br>… and {row['count'] - AREA_LIST_LIMIT} more (see the Incidents page)" \
            if row["count"] > AREA_LIST_LIMIT else ""
        popup = (f"<div class='ia-popup'><b>{row['count']} incidents known only to {html_text(row['place_name'])}"
                 f"</b> ({html_text(row['precision'])} level)<br>{listing[(place_id, layer)]}{more}</div>") \
            if many else single_of[row["first"]]
        empty["place"].append(place_id)
        empty["layer"].append(layer_index[layer])
        empty["count"].append(int(row["count"]))
        empty["inside"].append(int(not row["partly"]))
        empty["start"].append(row["start"])
        empty["colour"].append(TYPE_COLOURS.get(row["main_type"], "#444444"))
        empty["tip"].append(f"{html_text(row['place_name'])} · {html_text(label)}")
        empty["pop"].append(popup)
        empty["ids"].append([str(i) for i in row["ids"]] if len(grouped) <= MEMBER_ID_LIMIT else [])
    return empty


def incident_payload(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame,
                     tolerance: float = 0.0) -> dict:
    """What the browser draws: incidents one by one, areas grouped per place; country-level ones left out."""
    drawn = frame[frame["draw_as"] != "none"]
    has_shape = drawn["place_id"].isin(places.index) & (drawn["draw_as"] == "area")
    flow = (drawn["layer"] == schema.LAYER_DISPLACEMENT) & (drawn["destination_place_id"] != "")
    grouped = drawn[has_shape & ~flow]
    single = drawn[~(has_shape & ~flow)]
    snippets = source_html(sources)
    areas = _areas(grouped, snippets)
    shapes = {pid: places.geometry[pid].simplify(tolerance).__geo_interface__ for pid in sorted(set(areas["place"]))}
    member_ids = grouped["id"].tolist() if len(grouped) <= MEMBER_ID_LIMIT else []
    return {"n": int(len(drawn)), "ids": single["id"].tolist() + member_ids,
            "marks": _marks(single, places, snippets), "areas": areas, "shapes": shapes,
            "not_drawn": int((frame["draw_as"] == "none").sum())}


def governorate_payload(governorates: dict, counts: pd.Series) -> dict:
    """Governorate outlines with incident counts, for the density (choropleth) view."""
    features = []
    for feature in governorates["features"]:
        name = feature["properties"]["admin1"]
        features.append({"type": "Feature", "geometry": feature["geometry"],
                         "properties": {"name": html_text(name), "count": int(counts.get(name, 0))}})
    return {"type": "FeatureCollection", "features": features, "max": int(counts.max()) if len(counts) else 0}
