"""The per-view payload the browser draws: columns of escaped text and numbers, built vectorised."""

from __future__ import annotations

import pandas as pd

from geo import schema
from geo.escape import html_series, html_text
from geo.labels import PRECISION_LABELS, TYPE_COLOURS, TYPE_LABELS, counted
from geo.mapview.columns import incident_columns, rounded, source_html, type_table
from geo.mapview.zones import UNCERTAINTY_METRES, ZONE_PREFIX, zone_rows

AREA_LIST_LIMIT = 200  # records an area's or a radius ring's popup lists (it scrolls), each reachable from there
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


def listing_lines(grouped: pd.DataFrame) -> pd.Series:
    """Per (place, layer), the first incidents by date as escaped lines (built for those lines only)."""
    keys = [schema.PLACE_ID, schema.LAYER]
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


AREA_KEYS = ("place", schema.LAYER, "count", "inside", schema.START, "colour", "tip", "pop", "ids", "box", "points",
             "radius")


def _area_popup(place_id: str, layer: str, row: pd.Series, listing: pd.Series, single_of: dict[str, int]) -> str | int:
    """A group's popup: its listing when it has several incidents, else the index of its one incident."""
    if row["count"] == 1:
        return single_of[row["first"]]
    more = f"<br>… and {row['count'] - AREA_LIST_LIMIT} more (see the Incidents page)" \
        if row["count"] > AREA_LIST_LIMIT else ""
    level = PRECISION_LABELS.get(row["precision"], row["precision"])
    return (f"<div class='ia-popup'><b>{row['count']} incidents known only to {html_text(row[schema.PLACE_NAME])}"
            f"</b> ({html_text(level)} level)<br>{listing[(place_id, layer)]}{more}</div>")


def area_columns(table: pd.DataFrame, listing: pd.Series, singles: pd.DataFrame, snippets: dict[str, str],
                 with_ids: bool) -> dict:
    """One shape per (place, layer) from its group table (see group_parts), its listing and the incidents of the
    groups of one; every group's member ids when `with_ids`."""
    columns = {key: [] for key in AREA_KEYS}
    columns["single"] = incident_columns(singles, snippets)
    if table.empty:
        return columns
    single_of = {incident: number for number, incident in enumerate(singles[schema.ID])}
    layer_index = {name: i for i, name in enumerate(schema.LAYERS)}
    for (place_id, layer), row in table.iterrows():
        label = counted(int(row["count"]), "incident") + ("" if row["count"] > 1 else
                                                          f" · {TYPE_LABELS.get(row['first_type'], '')}")
        columns["place"].append(place_id)
        columns[schema.LAYER].append(layer_index[layer])
        columns["count"].append(int(row["count"]))
        columns["inside"].append(int(not row["partly"]))
        columns[schema.START].append(row[schema.START])
        columns["colour"].append(TYPE_COLOURS.get(row["main_type"], "#444444"))
        columns["tip"].append(f"{html_text(row[schema.PLACE_NAME])} · {html_text(label)}")
        columns["pop"].append(_area_popup(place_id, layer, row, listing, single_of))
        columns["ids"].append([str(i) for i in row["ids"]] if with_ids else [])
    return {**columns, "box": table["box"].tolist(), "points": table["points"].tolist(),
            "radius": [int(r) for r in table["radius"]]}


def group_parts(grouped: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """Per (place, layer) of grouped records: the group table with what puts each group in view (its box, or a
    zone's member points, and radius), the listing lines, and the records of the groups of one."""
    keys = [schema.PLACE_ID, schema.LAYER]
    table = _group_table(grouped, keys)
    reach = _reach(grouped, keys, table.index)
    table = table.assign(box=reach["box"], points=reach["points"], radius=reach["radius"])
    return table, listing_lines(grouped), grouped[grouped[schema.ID].isin(table.loc[table["count"] == 1, "first"])]


def _areas(grouped: pd.DataFrame, snippets: dict[str, str]) -> dict:
    """One shape per (place, layer) for incidents known only to a region or governorate."""
    if grouped.empty:
        return area_columns(pd.DataFrame(), pd.Series(dtype=object), grouped, snippets, True)
    return area_columns(*group_parts(grouped), snippets, len(grouped) <= MEMBER_ID_LIMIT)


def assemble_payload(single: pd.DataFrame, areas: dict, shapes: dict, places: pd.DataFrame | None,
                     snippets: dict[str, str], counts: dict) -> dict:
    """The payload from its parts: the incidents drawn one by one, the area groups and their shapes, and `counts`
    (n, ids, types_present, unpublished, not_drawn) of everything drawn."""
    return {"n": counts["n"], "ids": counts["ids"], "marks": _marks(single, places, snippets), "areas": areas,
            "shapes": shapes, "types": type_table(), "types_present": counts["types_present"],
            "unpublished": counts["unpublished"], "not_drawn": counts["not_drawn"]}


def incident_payload(frame: pd.DataFrame, places: pd.DataFrame, sources: pd.DataFrame,
                     tolerance: float = 0.0) -> dict:
    """What the browser draws: incidents one by one, areas grouped per place; country-level ones left out."""
    drawn = frame.loc[frame[schema.DRAW_AS] != schema.DRAW_NONE, [c for c in MARK_COLUMNS if c in frame.columns]]
    has_shape = drawn[schema.PLACE_ID].isin(places.index) & (drawn[schema.DRAW_AS] == schema.DRAW_AREA)
    flow = (drawn[schema.LAYER] == schema.LAYER_DISPLACEMENT) & (drawn[schema.DESTINATION_PLACE_ID] != "")
    within = (drawn[schema.DRAW_AS] == schema.DRAW_AREA) & ~has_shape & ~flow & drawn[schema.X].notna()
    grouped = pd.concat([drawn[has_shape & ~flow], zone_rows(drawn[within])])
    single = drawn[~(has_shape & ~flow) & ~within]
    snippets = source_html(sources)
    areas = _areas(grouped, snippets)
    shapes = {pid: places.geometry[pid].simplify(tolerance).__geo_interface__
              for pid in sorted(set(areas["place"])) if not str(pid).startswith(ZONE_PREFIX)}
    member_ids = grouped[schema.ID].tolist() if len(grouped) <= MEMBER_ID_LIMIT else []
    present = set(drawn[schema.TYPE].unique())
    counts = {"n": int(len(drawn)),
              "ids": single[schema.ID].tolist() + member_ids if len(drawn) <= MEMBER_ID_LIMIT else [],
              "types_present": [t for t in schema.INCIDENT_TYPES if t in present],
              "unpublished": int((drawn[schema.STATUS] != schema.STATUS_PUBLISHED).sum())
              if schema.STATUS in drawn else 0,
              "not_drawn": int((frame[schema.DRAW_AS] == schema.DRAW_NONE).sum())}
    return assemble_payload(single, areas, shapes, places, snippets, counts)


def governorate_payload(governorates: dict, counts: pd.Series) -> dict:
    """Governorate outlines with incident counts, for the density (choropleth) view."""
    features = []
    for feature in governorates["features"]:
        name = feature["properties"][schema.ADMIN1]
        features.append({schema.GEOJSON_TYPE: "Feature", "geometry": feature["geometry"],
                         "properties": {schema.NAME: html_text(name), "count": int(counts.get(name, 0))}})
    return {schema.GEOJSON_TYPE: "FeatureCollection", "features": features,
            "max": int(counts.max()) if len(counts) else 0}
