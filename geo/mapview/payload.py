"""The per-view payload the browser draws: columns of escaped text and numbers, built vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import schema
from geo.escape import html_series, html_text, safe_url
from geo.mapview.palette import TYPE_COLOURS, TYPE_LABELS

UNCERTAINTY_METRES = {"region": 25_000, "governorate": 60_000}
AREA_LIST_LIMIT = 15
MEMBER_ID_LIMIT = 2_000


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
    esc = {c: html_series(frame[c]) for c in (schema.DATE_START, schema.DATE_END, schema.DATE_PRECISION,
                                              schema.DATE_TEXT, schema.PLACE_TEXT,
                                               schema.PLACE_NAME, schema.GEO_PRECISION, schema.CONFIDENCE,
                                               schema.DESCRIPTION,
                                               schema.FACILITY, schema.PERPETRATOR, schema.WEAPON, schema.ID)}
    label = html_series(frame[schema.TYPE].map(TYPE_LABELS).fillna(frame[schema.TYPE]))
    facility = ("<br>Facility: " + esc[schema.FACILITY]).where(frame[schema.FACILITY] != "", "")
    weapon = ("<br>Weapon: " + esc[schema.WEAPON]).where(frame[schema.WEAPON] != "", "")
    return ("<div class='ia-popup'><b>" + label + "</b> <code>" + esc[schema.ID] + "</code><br>"
            + "When: " + esc[schema.DATE_START] + " – " + esc[schema.DATE_END] + " ("
            + esc[schema.DATE_PRECISION] + "; “"
            + esc[schema.DATE_TEXT] + "”)<br>Where: " + esc[schema.PLACE_TEXT] + " → " + esc[schema.PLACE_NAME]
            + " (precision: " + esc[schema.GEO_PRECISION] + ")" + facility + weapon
            + "<br>Attributed to: " + esc[schema.PERPETRATOR].replace("", "not stated")
            + "<br>Killed: " + _unknown(frame[schema.KILLED]) + " · Injured: " + _unknown(frame[schema.INJURED])
            + " · Displaced: " + _unknown(frame[schema.DISPLACED]) + "<br>Confidence: " + esc[schema.CONFIDENCE]
            + "<p>" + esc[schema.DESCRIPTION] + "</p><div class='ia-sources'>Sources:<br>"
            + _sources_cell(frame[schema.SOURCE_IDS], snippets) + "</div></div>")


def tooltip_html(frame: pd.DataFrame) -> pd.Series:
    """Tooltip per incident: date, place, type."""
    label = html_series(frame[schema.TYPE].map(TYPE_LABELS).fillna(frame[schema.TYPE]))
    return (html_series(frame[schema.DATE_TEXT].where(frame[schema.DATE_TEXT] != "", frame[schema.DATE_START]))
            + " · " + html_series(frame[schema.PLACE_NAME]) + " · " + label)


def _rounded(values: pd.Series) -> list:
    """Coordinates rounded to 5 decimals (about a metre), None where missing."""
    array = np.round(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float), 5)
    return [None if np.isnan(v) else float(v) for v in array]


MARK_KEYS = (schema.ID, schema.X, schema.Y, schema.LAYER, "draw", "inside", schema.START, "colour", "ox", "oy", "dx",
             "dy", schema.DISPLACED,
             "radius", "tip", "pop")


def no_marks() -> dict:
    """The marks of a payload that draws no incident one by one."""
    return {key: [] for key in MARK_KEYS}


def _marks(drawn: pd.DataFrame, places: pd.DataFrame, snippets: dict[str, str]) -> dict:
    """Columns of the incidents drawn one by one: points, uncertainty circles, displacement flows."""
    points = places.geometry.representative_point()
    layer_index = {name: i for i, name in enumerate(schema.LAYERS)}
    displaced = drawn[schema.DISPLACED].astype("Float64").fillna(-1).to_numpy(dtype=float)
    return {
        schema.ID: drawn[schema.ID].tolist(), schema.X: _rounded(drawn[schema.X]), schema.Y: _rounded(drawn[schema.Y]),
        schema.LAYER: drawn[schema.LAYER].map(layer_index).astype(int).tolist(), "draw": drawn[schema.DRAW_AS].tolist(),
        "inside": (drawn[schema.IN_WINDOW] == schema.WINDOW_INSIDE).astype(int).tolist(),
        schema.START: drawn[schema.DATE_START].tolist(),
        "colour": drawn[schema.TYPE].map(TYPE_COLOURS).fillna("#444444").tolist(),
        "ox": _rounded(drawn[schema.ORIGIN_PLACE_ID].map(points.x)),
        "oy": _rounded(drawn[schema.ORIGIN_PLACE_ID].map(points.y)),
        "dx": _rounded(drawn[schema.DESTINATION_PLACE_ID].map(points.x)),
        "dy": _rounded(drawn[schema.DESTINATION_PLACE_ID].map(points.y)),
        schema.DISPLACED: [None if v < 0 else int(v) for v in displaced],
        "radius": drawn[schema.GEO_PRECISION].map(UNCERTAINTY_METRES).fillna(0).astype(int).tolist(),
        "tip": tooltip_html(drawn).tolist(), "pop": popup_html(drawn, snippets).tolist(),
    }


def _listing(grouped: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per group, the first incidents by date as escaped lines (built for those lines only)."""
    listed = grouped.sort_values(schema.DATE_START).groupby(keys, sort=True).head(AREA_LIST_LIMIT)
    lines = (html_series(listed[schema.DATE_START]) + " · " + html_series(listed[schema.TYPE].map(TYPE_LABELS))
             + " · " + html_series(listed[schema.DESCRIPTION].str.slice(0, 90)) + " <code>"
             + html_series(listed[schema.ID]) + "</code>")
    return lines.groupby([listed[k] for k in keys], sort=True).agg("<br>".join)


def _areas(grouped: pd.DataFrame, snippets: dict[str, str]) -> dict:
    """One shape per (place, layer) for incidents known only to a region or governorate."""
    keys = [schema.PLACE_ID, schema.LAYER]
    empty = {key: [] for key in ("place", schema.LAYER, "count", "inside", schema.START, "colour", "tip", "pop", "ids")}
    if grouped.empty:
        return empty
    by_group = grouped.groupby(keys, sort=True)
    table = by_group.agg(count=(schema.ID, "size"), start=(schema.DATE_START, "min"), place_name=(schema.PLACE_NAME,
                                                                                                  "first"),
                         precision=(schema.GEO_PRECISION, "first"), first_type=(schema.TYPE, "first"),
                         partly=(schema.IN_WINDOW, lambda w: bool((w != "inside").any())),
                         main_type=(schema.TYPE, lambda t: t.mode().iloc[0]), first=(schema.ID, "first"),
                         ids=(schema.ID, lambda ids: [str(i) for i in ids]))
    singles = popup_html(grouped[grouped[schema.ID].isin(table.loc[table["count"] == 1, "first"])], snippets)
    single_of = dict(zip(grouped.loc[singles.index, schema.ID], singles, strict=True))
    listing = _listing(grouped, keys)
    layer_index = {name: i for i, name in enumerate(schema.LAYERS)}
    for (place_id, layer), row in table.iterrows():
        many = row["count"] > 1
        label = f"{row['count']} incidents" if many else TYPE_LABELS.get(row["first_type"], "")
        more = f"<br>… and {row['count'] - AREA_LIST_LIMIT} more (see the Incidents page)" \
            if row["count"] > AREA_LIST_LIMIT else ""
        popup = (f"<div class='ia-popup'><b>{row['count']} incidents known only to {html_text(row[schema.PLACE_NAME])}"
                 f"</b> ({html_text(row['precision'])} level)<br>{listing[(place_id, layer)]}{more}</div>") \
            if many else single_of[row["first"]]
        empty["place"].append(place_id)
        empty[schema.LAYER].append(layer_index[layer])
        empty["count"].append(int(row["count"]))
        empty["inside"].append(int(not row["partly"]))
        empty[schema.START].append(row[schema.START])
        empty["colour"].append(TYPE_COLOURS.get(row["main_type"], "#444444"))
        empty["tip"].append(f"{html_text(row[schema.PLACE_NAME])} · {html_text(label)}")
        empty["pop"].append(popup)
        empty["ids"].append([str(i) for i in row["ids"]] if len(grouped) <= MEMBER_ID_LIMIT else [])
    return empty


def incident_payload(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame,
                     tolerance: float = 0.0) -> dict:
    """What the browser draws: incidents one by one, areas grouped per place; country-level ones left out."""
    drawn = frame[frame[schema.DRAW_AS] != "none"]
    has_shape = drawn[schema.PLACE_ID].isin(places.index) & (drawn[schema.DRAW_AS] == "area")
    flow = (drawn[schema.LAYER] == schema.LAYER_DISPLACEMENT) & (drawn[schema.DESTINATION_PLACE_ID] != "")
    grouped = drawn[has_shape & ~flow]
    single = drawn[~(has_shape & ~flow)]
    snippets = source_html(sources)
    areas = _areas(grouped, snippets)
    shapes = {pid: places.geometry[pid].simplify(tolerance).__geo_interface__ for pid in sorted(set(areas["place"]))}
    member_ids = grouped[schema.ID].tolist() if len(grouped) <= MEMBER_ID_LIMIT else []
    return {"n": int(len(drawn)), "ids": single[schema.ID].tolist() + member_ids,
            "marks": _marks(single, places, snippets), "areas": areas, "shapes": shapes,
            "not_drawn": int((frame[schema.DRAW_AS] == "none").sum())}


def governorate_payload(governorates: dict, counts: pd.Series) -> dict:
    """Governorate outlines with incident counts, for the density (choropleth) view."""
    features = []
    for feature in governorates["features"]:
        name = feature["properties"][schema.ADMIN1]
        features.append({schema.GEOJSON_TYPE: "Feature", "geometry": feature["geometry"],
                         "properties": {schema.NAME: html_text(name), "count": int(counts.get(name, 0))}})
    return {schema.GEOJSON_TYPE: "FeatureCollection", "features": features,
            "max": int(counts.max()) if len(counts) else 0}
