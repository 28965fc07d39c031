"""The per-view payload the browser draws: columns of escaped text and numbers, built vectorised."""

from __future__ import annotations

import pandas as pd

from geo import schema
from geo.escape import html_series, html_text
from geo.labels import TYPE_COLOURS, TYPE_LABELS
from geo.mapview.columns import incident_columns, rounded, source_html, type_table
from geo.mapview.zones import UNCERTAINTY_METRES, ZONE_PREFIX, zone_rows

AREA_LIST_LIMIT = 15
MEMBER_ID_LIMIT = 2_000


def _sparse(values: list) -> list:
    """A coordinate column, or [] when every value is missing (the browser reads a missing one as null)."""
    return values if any(v is not None for v in values) else []


def no_marks() -> dict:
    """The marks of a payload that draws no incident one by one."""
    return _marks(pd.DataFrame(columns=list(MARK_COLUMNS)), None, {})


MARK_COLUMNS = schema.INCIDENT_COLUMNS + (schema.X, schema.Y, schema.MIN_X, schema.MIN_Y, schema.MAX_X, schema.MAX_Y,
                                          schema.LAYER, schema.DRAW_AS, schema.IN_WINDOW,
                                          schema.PLACE_NAME, schema.STATUS, schema.CLAIMS)


def _marks(drawn: pd.DataFrame, places: pd.DataFrame | None, snippets: dict[str, str]) -> dict:
    """Columns of the incidents drawn one by one: points, uncertainty circles, displacement flows."""
    layer_index = {name: i for i, name in enumerate(schema.LAYERS)}
    points = places.geometry.representative_point() if places is not None else None
    ends = {}
    for keys, column in (("ox", "oy"), schema.ORIGIN_PLACE_ID), (("dx", "dy"), schema.DESTINATION_PLACE_ID):
        ends[keys[0]] = [] if points is None else _sparse(rounded(drawn[column].map(points.x)))
        ends[keys[1]] = [] if points is None else _sparse(rounded(drawn[column].map(points.y)))
    return {**incident_columns(drawn, snippets),
            schema.X: rounded(drawn[schema.X]), schema.Y: rounded(drawn[schema.Y]),
            schema.LAYER: drawn[schema.LAYER].map(layer_index).astype(int).tolist(),
            "draw": (drawn[schema.DRAW_AS] == schema.DRAW_AREA).astype(int).tolist(),
            "inside": (drawn[schema.IN_WINDOW] == schema.WINDOW_INSIDE).astype(int).tolist(),
            "radius": drawn[schema.GEO_PRECISION].map(UNCERTAINTY_METRES).fillna(0).astype(int).tolist(), **ends}


def _listing(grouped: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Per group, the first incidents by date as escaped lines (built for those lines only)."""
    listed = grouped.sort_values(schema.DATE_START).groupby(keys, sort=True).head(AREA_LIST_LIMIT)
    lines = (html_series(listed[schema.DATE_START]) + " · " + html_series(listed[schema.TYPE].map(TYPE_LABELS))
             + " · " + html_series(listed[schema.DESCRIPTION].str.slice(0, 90)) + " <code>"
             + html_series(listed[schema.ID]) + "</code>")
    return lines.groupby([listed[k] for k in keys], sort=True).agg("<br>".join)


def _reach(grouped: pd.DataFrame, keys: list[str], groups: pd.Index) -> dict:
    """Per group, what puts it in view: its place's box, or for a radius zone each member's own point."""
    by_group = grouped.groupby(keys, sort=True)
    boxes = by_group[[schema.MIN_X, schema.MIN_Y, schema.MAX_X, schema.MAX_Y]].first().reindex(groups)
    points = by_group[[schema.X, schema.Y]].agg(lambda c: [round(float(v), 5) for v in c]).reindex(groups)
    zone = [str(place).startswith(ZONE_PREFIX) for place, _ in groups]
    return {"box": [None if z else rounded(pd.Series(b)) for z, b in zip(zone, boxes.to_numpy(), strict=True)],
            "points": [[v for pair in zip(xs, ys, strict=True) for v in pair] if z else None
                       for z, xs, ys in zip(zone, points[schema.X], points[schema.Y], strict=True)],
            "radius": [int(UNCERTAINTY_METRES.get(p, UNCERTAINTY_METRES["region"])) if z else 0
                       for z, p in zip(zone, by_group[schema.GEO_PRECISION].first().reindex(groups), strict=True)]}


def _group_table(grouped: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per (place, layer): count, first start, name, precision, first type, partly in the window, main type, first
    id and every id (vectorised: no Python call per group)."""
    marked = grouped.assign(partly=grouped[schema.IN_WINDOW] != "inside", **{schema.ID: grouped[schema.ID].astype(str)})
    by_group = marked.groupby(keys, sort=True)
    table = by_group.agg(count=(schema.ID, "size"), start=(schema.DATE_START, "min"),
                         place_name=(schema.PLACE_NAME, "first"), precision=(schema.GEO_PRECISION, "first"),
                         first_type=(schema.TYPE, "first"), partly=("partly", "any"), first=(schema.ID, "first"),
                         ids=(schema.ID, list))
    counts = marked.groupby([*keys, schema.TYPE], sort=True).size().rename("n").reset_index()
    main = counts.sort_values(["n", schema.TYPE], ascending=[False, True]).drop_duplicates(keys).set_index(keys)
    return table.assign(main_type=main[schema.TYPE].reindex(table.index))


def _areas(grouped: pd.DataFrame, snippets: dict[str, str]) -> dict:
    """One shape per (place, layer) for incidents known only to a region or governorate."""
    keys = [schema.PLACE_ID, schema.LAYER]
    empty = {key: [] for key in ("place", schema.LAYER, "count", "inside", schema.START, "colour", "tip", "pop", "ids",
                                 "box", "points", "radius")}
    if grouped.empty:
        return {**empty, "single": incident_columns(grouped, snippets)}
    table = _group_table(grouped, keys)
    singles = grouped[grouped[schema.ID].isin(table.loc[table["count"] == 1, "first"])]
    single_of = {incident: number for number, incident in enumerate(singles[schema.ID])}
    empty["single"] = incident_columns(singles, snippets)
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
    return {**empty, **_reach(grouped, keys, table.index)}


def incident_payload(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame,
                     tolerance: float = 0.0) -> dict:
    """What the browser draws: incidents one by one, areas grouped per place; country-level ones left out."""
    drawn = frame.loc[frame[schema.DRAW_AS] != schema.DRAW_NONE, [c for c in MARK_COLUMNS if c in frame.columns]]
    has_shape = drawn[schema.PLACE_ID].isin(places.index) & (drawn[schema.DRAW_AS] == schema.DRAW_AREA)
    flow = (drawn[schema.LAYER] == schema.LAYER_DISPLACEMENT) & (drawn[schema.DESTINATION_PLACE_ID] != "")
    within = (drawn[schema.DRAW_AS] == schema.DRAW_AREA) & ~has_shape & ~flow & drawn[schema.X].notna()
    zoned = zone_rows(drawn[within])
    grouped = pd.concat([drawn[has_shape & ~flow], zoned])
    single = drawn[~(has_shape & ~flow) & ~within]
    snippets = source_html(sources)
    areas = _areas(grouped, snippets)
    shapes = {pid: places.geometry[pid].simplify(tolerance).__geo_interface__
              for pid in sorted(set(areas["place"])) if not str(pid).startswith(ZONE_PREFIX)}
    member_ids = grouped[schema.ID].tolist() if len(grouped) <= MEMBER_ID_LIMIT else []
    small = len(drawn) <= MEMBER_ID_LIMIT
    present = set(drawn[schema.TYPE].unique())
    return {"n": int(len(drawn)), "ids": single[schema.ID].tolist() + member_ids if small else [],
            "marks": _marks(single, places, snippets), "areas": areas, "shapes": shapes, "types": type_table(),
            "types_present": [t for t in schema.INCIDENT_TYPES if t in present],
            "unpublished": int((drawn[schema.STATUS] != schema.STATUS_PUBLISHED).sum())
            if schema.STATUS in drawn else 0,
            "not_drawn": int((frame[schema.DRAW_AS] == schema.DRAW_NONE).sum())}


def governorate_payload(governorates: dict, counts: pd.Series) -> dict:
    """Governorate outlines with incident counts, for the density (choropleth) view."""
    features = []
    for feature in governorates["features"]:
        name = feature["properties"][schema.ADMIN1]
        features.append({schema.GEOJSON_TYPE: "Feature", "geometry": feature["geometry"],
                         "properties": {schema.NAME: html_text(name), "count": int(counts.get(name, 0))}})
    return {schema.GEOJSON_TYPE: "FeatureCollection", "features": features,
            "max": int(counts.max()) if len(counts) else 0}
