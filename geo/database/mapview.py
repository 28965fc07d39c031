"""The map's per-view payload from the team database: the same payload as geo.mapview.viewport.view_payload, with
the filter, the counts, the grid cells and the area groups computed in SQL.

Only what the browser draws one by one comes into Python (at most DETAIL_LIMIT records near the view, and one record
per area group of one), so an app process holds no copy of the dataset, whatever its size.
"""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
from shapely.geometry import shape
from sqlalchemy.engine import Connection

from geo import schema
from geo.database.connection import require_current, translated
from geo.database.map_queries import (
    AREA_GROUP,
    DRAWN,
    Where,
    area_groups,
    box_values,
    cell_sums,
    filter_where,
    in_box,
    listing_rows,
    place_shapes,
    records,
    set_aside,
    source_rows,
    type_names,
    version_label,
    view_counts,
)
from geo.dataset.load import WGS84, shape_incidents
from geo.dataset.query import IncidentFilter
from geo.mapview.columns import source_html
from geo.mapview.payload import (
    AREA_LIST_LIMIT,
    MARK_COLUMNS,
    MEMBER_ID_LIMIT,
    area_columns,
    assemble_payload,
    group_parts,
    listing_lines,
    no_marks,
)
from geo.mapview.viewport import CELL_PIXELS, DETAIL_LIMIT, MAX_CELLS, Viewport, cell_columns, pixel_degrees
from geo.mapview.zones import ZONE_PREFIX, zone_rows

PLACE_FIELDS = (schema.ID, schema.NAME, schema.ADMIN1, schema.KIND, schema.GEO_PRECISION)


def _none() -> pd.DataFrame:
    """No records, with the columns a drawn record has."""
    return pd.DataFrame(columns=list(MARK_COLUMNS))


def named_places(connection: Connection, place_ids: set[str]) -> gpd.GeoDataFrame:
    """The places the fetched records name, as load_places gives them (indexed by id)."""
    found = place_shapes(connection, place_ids - {""}, None)
    rows = [{**{f: properties.get(f) or "" for f in PLACE_FIELDS}, "geometry": shape(geometry)}
            for properties, geometry in found.values()]
    frame = gpd.GeoDataFrame(rows, columns=[*PLACE_FIELDS, "geometry"], geometry="geometry", crs=WGS84)
    return frame.set_index(schema.ID, drop=False)


def typed_records(connection: Connection, raw: pd.DataFrame,
                  sources: pd.DataFrame) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Fetched records typed and joined like load_incidents', and the places they name (shapes as stored)."""
    named = set(raw[schema.PLACE_ID]) | set(raw[schema.ORIGIN_PLACE_ID]) | set(raw[schema.DESTINATION_PLACE_ID])
    places = named_places(connection, named)
    return shape_incidents(raw.drop(columns=schema.PLACE_ADMIN1), places, sources, raw[schema.PLACE_ADMIN1]), places


def _group_parts(connection: Connection, where: Where, sources: pd.DataFrame, with_ids: bool) -> tuple:
    """The area groups of the records the clause keeps (table, listing lines, records of the groups of one)."""
    table = area_groups(connection, where, with_ids)
    members = int(table["count"].sum()) if len(table) else 0
    listing = listing_lines(listing_rows(connection, where, table.index, AREA_LIST_LIMIT, members)) if members else \
        pd.Series(dtype=object)
    lone = table.loc[table["count"] == 1, "first"].tolist()
    singles = records(connection, where.narrowed("id = ANY(:lone)", lone=lone)) if lone else None
    return table, listing, typed_records(connection, singles, sources)[0] if singles is not None else _none()


def _areas(connection: Connection, where: Where, zoned: pd.DataFrame, sources: pd.DataFrame,
           snippets: dict[str, str], with_ids: bool) -> dict:
    """Area groups from SQL and radius zones from the fetched records, as one set of area columns."""
    table, listing, singles = _group_parts(connection, where, sources, with_ids)
    if len(zoned):
        zone_table, zone_listing, zone_singles = group_parts(zoned)
        table = pd.concat([table, zone_table]).sort_index()
        listing = pd.concat([listing, zone_listing])
        singles = pd.concat([singles, zone_singles]) if len(singles) else zone_singles
    return area_columns(table, listing, singles, snippets, with_ids)


def _shapes(connection: Connection, areas: dict, zoom: int) -> dict:
    """The outlines of the areas drawn, simplified for the zoom."""
    wanted = {p for p in areas["place"] if not str(p).startswith(ZONE_PREFIX)}
    return {p: geometry for p, (_, geometry) in place_shapes(connection, wanted, pixel_degrees(zoom)).items()}


def _detail(connection: Connection, base: Where, viewport: Viewport, counts: dict, sources: pd.DataFrame) -> dict:
    """Few records near the view: each drawn one by one, areas grouped (in SQL) and radius zones grouped."""
    near = set_aside(connection, base.narrowed(f"{DRAWN} AND {in_box('view')}",
                                               **box_values("view", viewport.expanded())), "atlas_near_view")
    drawn, places = typed_records(connection, records(connection, near.narrowed(f"NOT ({AREA_GROUP})")), sources)
    flow = (drawn[schema.LAYER] == schema.LAYER_DISPLACEMENT) & (drawn[schema.DESTINATION_PLACE_ID] != "")
    has_shape = drawn[schema.PLACE_ID].isin(places.index) & (drawn[schema.DRAW_AS] == schema.DRAW_AREA)
    within = (drawn[schema.DRAW_AS] == schema.DRAW_AREA) & ~has_shape & ~flow & drawn[schema.X].notna()
    zoned, single = zone_rows(drawn[within]), drawn[~within]
    snippets = source_html(sources)
    areas = _areas(connection, near.narrowed(AREA_GROUP), zoned, sources, snippets,
                   counts["grouped"] + len(zoned) <= MEMBER_ID_LIMIT)
    members = [i for ids in areas["ids"] for i in ids]
    summary = {"n": counts["in_view"], "types_present": type_names(counts["near_kinds"]),
               "unpublished": counts["near_unpublished"], "not_drawn": 0,
               "ids": single[schema.ID].tolist() + members if counts["in_view"] <= MEMBER_ID_LIMIT else []}
    return assemble_payload(single, areas, _shapes(connection, areas, viewport.zoom), places, snippets, summary)


def _cells(connection: Connection, base: Where, viewport: Viewport, counts: dict, sources: pd.DataFrame) -> dict:
    """Many records in view: grid cells of counts (in SQL) and the area groups near the view."""
    area_where = base.narrowed(f"shape_known AND {in_box('view')}", **box_values("view", viewport.expanded()))
    snippets = source_html(sources)
    areas = _areas(connection, area_where.narrowed("NOT flow"), pd.DataFrame(), sources, snippets,
                   counts["grouped"] <= MEMBER_ID_LIMIT)
    exact = base.narrowed(f"{DRAWN} AND NOT shape_known AND {in_box('exact')}", **box_values("exact", viewport))
    cells = cell_columns(cell_sums(connection, exact, pixel_degrees(viewport.zoom) * CELL_PIXELS, MAX_CELLS))
    summary = {"n": counts["in_view_all"], "ids": [], "types_present": type_names(counts["area_kinds"]),
               "unpublished": counts["area_unpublished"], "not_drawn": 0}
    payload = assemble_payload(_none(), areas, _shapes(connection, areas, viewport.zoom), None, snippets,
                               summary)
    return {**payload, "marks": no_marks(), "cells": cells}


def database_view_payload(url: str, chosen: IncidentFilter, viewport: Viewport) -> dict:
    """What the browser needs for this view, computed in the team database (see geo.mapview.viewport)."""
    with translated(url), require_current(url).connect() as connection:
        base = filter_where(replace(chosen, bbox=None))
        counts = view_counts(connection, base, viewport.expanded())
        sources = source_rows(connection)
        summary = {"matching": counts["matching"], "not_drawn": counts["not_drawn"], "in_view": counts["in_view"],
                   "inside": counts["inside"]}
        if counts["point_like"] <= DETAIL_LIMIT:
            return {**_detail(connection, base, viewport, counts, sources), **summary, "mode": "detail"}
        return {**_cells(connection, base, viewport, counts, sources), **summary, "mode": "cells"}


def view_records(url: str, chosen: IncidentFilter, limit: int) -> tuple[int, pd.DataFrame]:
    """How many records the filter keeps in its box that are drawn, and the first `limit` of them (typed, joined)."""
    where = filter_where(chosen).narrowed(DRAWN)
    with translated(url), require_current(url).connect() as connection:
        total = connection.execute(sa.text(f"SELECT count(*) FROM incident_map WHERE {where.clause}"),
                                   where.values).scalar_one()
        first = records(connection, where, limit)
        return int(total), typed_records(connection, first, source_rows(connection))[0]


def kept_records(url: str, chosen: IncidentFilter) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame, str]:
    """Every record the filter keeps (typed, joined), the places they name, the sources and the dataset's version,
    read from one snapshot of the database (for an export: what it writes is all that is read)."""
    engine = require_current(url).execution_options(isolation_level="REPEATABLE READ")
    with translated(url), engine.connect() as connection, connection.begin():
        sources = source_rows(connection)
        incidents, places = typed_records(connection, records(connection, filter_where(chosen)), sources)
        return incidents, places, sources, version_label(connection)
