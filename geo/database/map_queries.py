"""The SQL the map asks of the team database: the filter, the view's counts, grid cells, area groups, records.

Every question carries the same WHERE clause, built here from an `IncidentFilter` with bound values only (column
names come from the schema module, never from the caller), and uses the indexed derived columns the migrations keep:
`during` (daterange, GiST), `reach` (what puts a record in view, GiST), `layer`, `draw_as`, `admin1`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geo import schema
from geo.dataset.query import IncidentFilter
from geo.mapview.viewport import CellSums, Viewport

RECORD_COLUMNS = schema.INCIDENT_COLUMNS + tuple(c for c in schema.CURATION_COLUMNS if c != schema.ID)
SOURCE_LISTS = r"string_to_array(regexp_replace(source_ids, '\s*;\s*', ';', 'g'), ';')"
AREA_GROUP = "shape_known AND NOT flow"


@dataclass(frozen=True)
class Where:
    """A WHERE clause with its bound values, and the expression 'wholly inside the date window'."""

    clause: str
    values: dict
    inside: str

    def narrowed(self, extra: str, **values) -> Where:
        """The same clause with one more condition."""
        return Where(f"{self.clause} AND {extra}", {**self.values, **values}, self.inside)


def filter_where(chosen: IncidentFilter) -> Where:
    """The filter as SQL: the same rules as geo.dataset.query.filter_mask (a date window keeps any overlap)."""
    clauses = ["merged_into = ''", "status = ANY(:statuses)", "layer = ANY(:layers)"]
    values = {"statuses": list(chosen.statuses or schema.REVIEW_STATUSES),
              "layers": [schema.LAYERS.index(layer) for layer in chosen.layers],
              "window_from": chosen.date_from, "window_to": chosen.date_to}
    dated = bool(chosen.date_from or chosen.date_to)
    if dated:
        clauses.append("during && daterange(:window_from, :window_to, '[]')")
    for column, wanted in ((schema.TYPE, chosen.types), (schema.PERPETRATOR, chosen.perpetrators),
                           (schema.ADMIN1, chosen.governorates), (schema.CONFIDENCE, chosen.confidence)):
        if wanted:
            clauses.append(f"{column} = ANY(:wanted_{column})")
            values[f"wanted_{column}"] = list(wanted)
    if chosen.sources:
        clauses.append(f"{SOURCE_LISTS} && CAST(:wanted_sources AS text[])")
        values["wanted_sources"] = list(chosen.sources)
    where = Where(" AND ".join(clauses), values,
                  "COALESCE(during <@ daterange(:window_from, :window_to, '[]'), false)" if dated else "true")
    return where.narrowed(in_box("bbox"), **box_values("bbox", chosen.bbox)) if chosen.bbox else where


def in_box(name: str) -> str:
    """'reach meets the box' for a box bound as name_west, name_south, name_east, name_north."""
    return f"reach && ST_MakeEnvelope(:{name}_west, :{name}_south, :{name}_east, :{name}_north, 4326)"


def box_values(name: str, box: tuple[float, float, float, float] | Viewport) -> dict:
    """The bound values of a box (a (west, south, east, north) tuple or a viewport)."""
    corners = (box.west, box.south, box.east, box.north) if isinstance(box, Viewport) else box
    return {f"{name}_{side}": float(value) for side, value in zip(("west", "south", "east", "north"), corners,
                                                                  strict=True)}


def view_counts(connection: Connection, where: Where, view: Viewport) -> dict:
    """Matching, not drawn, wholly inside, in the (expanded) view (drawn; and all, the country-level ones too), drawn
    one by one there, in area groups there."""
    near = f"draw_as <> 'none' AND {in_box('view')}"
    row = connection.execute(sa.text(
        f"SELECT count(*), count(*) FILTER (WHERE draw_as = 'none'), count(*) FILTER (WHERE {where.inside}), "
        f"count(*) FILTER (WHERE {near}), count(*) FILTER (WHERE {near} AND NOT shape_known), "
        f"count(*) FILTER (WHERE {near} AND {AREA_GROUP}), count(*) FILTER (WHERE {in_box('view')}) "
        f"FROM incidents WHERE {where.clause}"), {**where.values, **box_values("view", view)}).one()
    return dict(zip(("matching", "not_drawn", "inside", "in_view", "point_like", "grouped", "in_view_all"),
                    map(int, row), strict=True))


def records(connection: Connection, where: Where) -> pd.DataFrame:
    """Every field (text) of the records the clause keeps, in the order they came in, with `in_window`."""
    rows = connection.execute(sa.text(
        f"SELECT {', '.join(RECORD_COLUMNS)}, {where.inside} FROM incidents WHERE {where.clause} ORDER BY position"),
        where.values).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[*RECORD_COLUMNS, schema.IN_WINDOW], dtype=object)
    frame[schema.VERSION] = frame[schema.VERSION].astype(str)
    frame[schema.IN_WINDOW] = np.where(frame[schema.IN_WINDOW].astype(bool), schema.WINDOW_INSIDE,
                                       schema.WINDOW_PARTLY)
    return frame


def cell_sums(connection: Connection, where: Where, size: float, most: int) -> CellSums:
    """Members per grid cell of `size` degrees (doubled until at most `most` cells), summed in SQL."""
    kinds = len(schema.INCIDENT_TYPES)
    per_type = ", ".join(f"count(*) FILTER (WHERE type = :kind_{n})" for n in range(kinds))
    rows = connection.execute(sa.text(
        f"SELECT floor(ST_X(geom) / :size)::bigint, floor(ST_Y(geom) / :size)::bigint, count(*), "
        f"sum(round(ST_X(geom)::numeric, 5)), sum(round(ST_Y(geom)::numeric, 5)), "
        f"count(*) FILTER (WHERE layer = 0), count(*) FILTER (WHERE layer = 1), count(*) FILTER (WHERE layer = 2), "
        f"count(*) FILTER (WHERE {where.inside}), {per_type} FROM incidents WHERE {where.clause} GROUP BY 1, 2"),
        {**where.values, "size": size, **{f"kind_{n}": t for n, t in enumerate(schema.INCIDENT_TYPES)}}).all()
    table = np.array([[float(v) for v in row] for row in rows]).reshape(len(rows), 9 + kinds)
    keys = table[:, :2].astype(np.int64)
    while True:
        _, inverse = np.unique(keys[:, 0] * 4_000_037 + keys[:, 1], return_inverse=True)
        cells = int(inverse.max()) + 1 if len(inverse) else 0
        if cells <= most:
            break
        keys, size = keys // 2, size * 2
    summed = np.zeros((cells, table.shape[1] - 2))
    np.add.at(summed, inverse, table[:, 2:])
    return CellSums(summed[:, 0].astype(np.int64), summed[:, 1], summed[:, 2], summed[:, 3:6].astype(np.int64),
                    summed[:, 7:].astype(np.int64), summed[:, 6], size)


def area_groups(connection: Connection, where: Where, with_ids: bool) -> pd.DataFrame:
    """Per (place, layer) of the records the clause keeps: the columns of payload._group_table, the place's box."""
    rows = connection.execute(sa.text(f"""
        WITH kept AS (SELECT place_id, layer, id, type, date_start, geo_precision, position, {where.inside} AS inside
                      FROM incidents WHERE {where.clause}),
             main AS (SELECT DISTINCT ON (place_id, layer) place_id, layer, type FROM
                      (SELECT place_id, layer, type, count(*) AS n FROM kept GROUP BY 1, 2, 3) AS per_type
                      ORDER BY place_id, layer, n DESC, type)
        SELECT k.place_id, k.layer, count(*), min(k.date_start), p.name, (array_agg(k.geo_precision ORDER BY
               k.position))[1], (array_agg(k.type ORDER BY k.position))[1], bool_or(NOT k.inside),
               (array_agg(k.id ORDER BY k.position))[1],
               CASE WHEN :with_ids THEN array_agg(k.id ORDER BY k.position) ELSE '{{}}' END, m.type,
               ST_XMin(p.geom), ST_YMin(p.geom), ST_XMax(p.geom), ST_YMax(p.geom)
        FROM kept k JOIN main m USING (place_id, layer) JOIN places p ON p.id = k.place_id
        GROUP BY k.place_id, k.layer, p.name, p.geom, m.type"""), {**where.values, "with_ids": with_ids}).all()
    columns = [schema.PLACE_ID, schema.LAYER, "count", schema.START, schema.PLACE_NAME, "precision", "first_type",
               "partly", "first", "ids", "main_type", "box"]
    table = pd.DataFrame([(*r[:11], [round(float(v), 5) for v in r[11:]]) for r in rows], columns=columns)
    table[schema.LAYER] = [schema.LAYERS[code] for code in table[schema.LAYER]]
    return table.assign(points=None, radius=0).set_index([schema.PLACE_ID, schema.LAYER]).sort_index()


def listing_rows(connection: Connection, where: Where, most: int) -> pd.DataFrame:
    """The first `most` records by date of each (place, layer) the clause keeps, for the groups' popups."""
    rows = connection.execute(sa.text(
        f"SELECT place_id, layer, date_start, type, description, id FROM (SELECT *, row_number() OVER "
        f"(PARTITION BY place_id, layer ORDER BY date_start, position) AS n FROM incidents WHERE {where.clause}) "
        f"AS ranked WHERE n <= :most ORDER BY position"), {**where.values, "most": most}).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[schema.PLACE_ID, schema.LAYER, schema.DATE_START,
                                                          schema.TYPE, schema.DESCRIPTION, schema.ID])
    frame[schema.LAYER] = [schema.LAYERS[code] for code in frame[schema.LAYER]]
    return frame


def present(connection: Connection, where: Where) -> tuple[list[str], int]:
    """The types among the records the clause keeps (in vocabulary order), and how many are not published."""
    row = connection.execute(sa.text(f"SELECT array_agg(DISTINCT type), count(*) FILTER (WHERE status <> :public)"
                                     f" FROM incidents WHERE {where.clause}"),
                             {**where.values, "public": schema.STATUS_PUBLISHED}).one()
    found = set(row[0] or [])
    return [t for t in schema.INCIDENT_TYPES if t in found], int(row[1])


def place_shapes(connection: Connection, place_ids: set[str], tolerance: float) -> dict:
    """The places' properties (id, name, admin1, kind, geo_precision) and their shapes simplified (GeoJSON dicts)."""
    rows = connection.execute(sa.text(
        "SELECT id, properties, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, :tolerance), 6) FROM places "
        "WHERE id = ANY(:wanted) ORDER BY id"), {"wanted": sorted(place_ids), "tolerance": tolerance}).all()
    return {place_id: (properties, json.loads(shape)) for place_id, properties, shape in rows if shape}


def source_rows(connection: Connection) -> pd.DataFrame:
    """Every source (the popups cite them by title)."""
    rows = connection.execute(sa.text(f"SELECT {', '.join(schema.SOURCE_COLUMNS)} FROM sources ORDER BY position"))
    return pd.DataFrame([tuple(r) for r in rows], columns=list(schema.SOURCE_COLUMNS))
