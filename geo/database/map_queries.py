"""The SQL the map asks of the team database: the filter, the view's counts, grid cells, area groups, records.

Every question carries the same WHERE clause, built here from an `IncidentFilter` with bound values only, over the
narrow `incident_map` table the migrations keep in step with `incidents` (vocabularies as their index in geo.schema,
`during` and `reach` indexed); only the records drawn one by one are read whole from `incidents`.
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

NUMBER_PATTERN = r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"  # what geo.dataset.load.to_float reads
SOURCE_LISTS = r"string_to_array(regexp_replace(source_ids, '\s*;\s*', ';', 'g'), ';')"
AREA_GROUP = "shape_known AND NOT flow"
DRAWN = "draw <> 0"
SOURCE_TABLE_COLUMNS = schema.SOURCE_COLUMNS + schema.SOURCE_OPTIONAL_COLUMNS
KINDS = {t: n for n, t in enumerate(schema.INCIDENT_TYPES)}
ALPHABETICAL_KINDS = [KINDS[t] for t in sorted(schema.INCIDENT_TYPES)]


def codes(values: tuple[str, ...], vocabulary: tuple[str, ...]) -> list[int]:
    """Values as their index in a vocabulary (how incident_map keeps them)."""
    return [vocabulary.index(v) for v in values if v in vocabulary]


def type_names(kinds: int) -> list[str]:
    """The types whose bits are set in a bit mask of type indexes, in vocabulary order."""
    return [t for t, n in KINDS.items() if kinds >> n & 1]


@dataclass(frozen=True)
class Where:
    """A WHERE clause over incident_map (or a table of some of its rows) with its bound values, and the expression
    'wholly inside the date window'."""

    clause: str
    values: dict
    inside: str
    table: str = "incident_map"

    def narrowed(self, extra: str, **values) -> Where:
        """The same clause with one more condition."""
        return Where(f"{self.clause} AND {extra}", {**self.values, **values}, self.inside, self.table)


def set_aside(connection: Connection, where: Where, name: str) -> Where:
    """The rows the clause keeps, copied once into a temporary table (dropped when the request's transaction ends),
    for several questions about a few rows: each then reads them, not the index scans that found them."""
    connection.execute(sa.text(f"CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS SELECT * FROM {where.table} "
                               f"WHERE {where.clause}"), where.values)
    return Where("true", where.values, where.inside, name)


def filter_where(chosen: IncidentFilter) -> Where:
    """The filter as SQL: the same rules as geo.dataset.query.filter_mask (a date window keeps any overlap)."""
    clauses = ["NOT merged", "status = ANY(:statuses)", "layer = ANY(:layers)"]
    values = {"statuses": codes(chosen.statuses or schema.REVIEW_STATUSES, schema.REVIEW_STATUSES),
              "layers": codes(chosen.layers, schema.LAYERS), "window_from": chosen.date_from,
              "window_to": chosen.date_to}
    dated = bool(chosen.date_from or chosen.date_to)
    if dated:
        clauses.append("during && daterange(:window_from, :window_to, '[]')")
    for column, asked, wanted in (
            (schema.TYPE_CODE, chosen.types, codes(chosen.types, schema.INCIDENT_TYPES)),
            (schema.CONFIDENCE, chosen.confidence, codes(chosen.confidence, schema.CONFIDENCE_LEVELS)),
            (schema.PERPETRATOR, chosen.perpetrators, list(chosen.perpetrators)),
            (schema.ADMIN1, chosen.governorates, list(chosen.governorates))):
        if asked:
            clauses.append(f"{column} = ANY(:wanted_{column})")
            values[f"wanted_{column}"] = wanted
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
    """Matching, not drawn, wholly inside; in the (expanded) view: drawn, all (country-level too), drawn one by one,
    in area groups; and the types present and records not published, of those drawn there and of the areas there.
    Each row's place in the view is decided once (`seen`), not once per figure."""
    near, areas = f"seen AND {DRAWN}", "seen AND shape_known"
    row = connection.execute(sa.text(
        f"SELECT count(*), count(*) FILTER (WHERE draw = 0), count(*) FILTER (WHERE inside), "
        f"count(*) FILTER (WHERE {near}), count(*) FILTER (WHERE seen), "
        f"count(*) FILTER (WHERE {near} AND NOT shape_known), count(*) FILTER (WHERE {near} AND {AREA_GROUP}), "
        f"bit_or(1 << type_code) FILTER (WHERE {near} AND type_code >= 0), "
        f"count(*) FILTER (WHERE {near} AND status <> :public), "
        f"bit_or(1 << type_code) FILTER (WHERE {areas} AND type_code >= 0), "
        f"count(*) FILTER (WHERE {areas} AND status <> :public) "
        f"FROM (SELECT draw, shape_known, flow, type_code, status, {where.inside} AS inside, "
        f"{in_box('view')} AS seen FROM {where.table} WHERE {where.clause} OFFSET 0) AS kept"),
        {**where.values, **box_values("view", view), "public": schema.REVIEW_STATUSES.index(schema.STATUS_PUBLISHED)}
    ).one()
    names = ("matching", "not_drawn", "inside", "in_view", "in_view_all", "point_like", "grouped", "near_kinds",
             "near_unpublished", "area_kinds", "area_unpublished")
    return dict(zip(names, (int(v or 0) for v in row), strict=True))


def records(connection: Connection, where: Where, limit: int | None = None) -> pd.DataFrame:
    """Every field (text) of the records the clause keeps (the first `limit`), in the order they came in, with
    `in_window` and the governorate the map derived (`place_admin1`)."""
    rows = connection.execute(sa.text(
        f"SELECT {', '.join(schema.RECORD_COLUMNS)}, kept.inside, kept.admin1 FROM incidents JOIN (SELECT id, "
        f"position, admin1, {where.inside} AS inside FROM {where.table} WHERE {where.clause} ORDER BY position "
        "LIMIT :most) AS kept USING (id) ORDER BY kept.position"), {**where.values, "most": limit}).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[*schema.RECORD_COLUMNS, schema.IN_WINDOW,
                                                           schema.PLACE_ADMIN1], dtype=object)
    frame[schema.VERSION] = frame[schema.VERSION].astype(str)
    frame[schema.IN_WINDOW] = np.where(frame[schema.IN_WINDOW].astype(bool), schema.WINDOW_INSIDE,
                                       schema.WINDOW_PARTLY)
    return frame


def cell_sums(connection: Connection, where: Where, size: float, most: int) -> CellSums:
    """Members per grid cell of `size` degrees (doubled until at most `most` cells): summed in SQL per fine cell and
    type, the cells and their types' columns then assembled here."""
    rows = connection.execute(sa.text(
        f"SELECT floor(x / :size)::bigint, floor(y / :size)::bigint, type_code, count(*), sum(x), sum(y), "
        f"count(*) FILTER (WHERE {where.inside}) FROM {where.table} WHERE {where.clause} GROUP BY 1, 2, 3"),
        {**where.values, "size": size}).all()
    keys = np.array([(r[0], r[1]) for r in rows], dtype=np.int64).reshape(len(rows), 2)
    kind = np.array([max(r[2], 0) for r in rows], dtype=np.int64)
    values = np.array([r[3:] for r in rows], dtype=float).reshape(len(rows), 4)
    while True:
        _, inverse = np.unique(keys[:, 0] * 4_000_037 + keys[:, 1], return_inverse=True)
        cells = int(inverse.max()) + 1 if len(inverse) else 0
        if cells <= most:
            break
        keys, size = keys // 2, size * 2
    summed, by_type = np.zeros((cells, 4)), np.zeros((cells, len(KINDS)), dtype=np.int64)
    np.add.at(summed, inverse, values)
    np.add.at(by_type, (inverse, kind), values[:, 0].astype(np.int64))
    layer_of = np.array([schema.LAYERS.index(schema.layer_of_type(t)) for t in schema.INCIDENT_TYPES])
    layers = np.zeros((cells, len(schema.LAYERS)), dtype=np.int64)
    np.add.at(layers, (np.arange(cells).repeat(len(KINDS)), np.tile(layer_of, cells)), by_type.ravel())
    return CellSums(summed[:, 0].astype(np.int64), summed[:, 1], summed[:, 2], layers, by_type, summed[:, 3], size)


GROUPS = """
    WITH kept AS MATERIALIZED (SELECT place_id, layer, id, type_code, start_text, geo_precision, position,
                                      {inside} AS inside FROM {table} WHERE {clause}),
         groups AS (SELECT place_id, layer, count(*) AS n, min(start_text) AS first_day, bool_or(NOT inside) AS partly,
                           min(position) AS first_position FROM kept GROUP BY 1, 2),
         main AS (SELECT DISTINCT ON (place_id, layer) place_id, layer, type_code FROM
                  (SELECT place_id, layer, type_code, count(*) AS n FROM kept GROUP BY 1, 2, 3) AS per_type
                  ORDER BY place_id, layer, n DESC, array_position(CAST(:alphabetical AS int[]), type_code::int))
    SELECT g.place_id, g.layer, g.n, g.first_day, p.name, f.geo_precision, f.type_code, g.partly, f.id, m.type_code,
           ST_XMin(p.geom), ST_YMin(p.geom), ST_XMax(p.geom), ST_YMax(p.geom)
    FROM groups g JOIN kept f ON f.position = g.first_position
    JOIN main m ON m.place_id = g.place_id AND m.layer = g.layer
    JOIN places p ON p.id = g.place_id"""


def _group_ids(connection: Connection, where: Where) -> dict[tuple, list[str]]:
    """Every member id of each (place, layer) group, in the order they came in."""
    rows = connection.execute(sa.text(f"SELECT place_id, layer, array_agg(id ORDER BY position) FROM {where.table} "
                                      f"WHERE {where.clause} GROUP BY 1, 2"), where.values).all()
    return {(place, layer): list(ids) for place, layer, ids in rows}


def area_groups(connection: Connection, where: Where, with_ids: bool) -> pd.DataFrame:
    """Per (place, layer) of the records the clause keeps: the columns of payload._group_table, the place's box."""
    rows = connection.execute(sa.text(GROUPS.format(inside=where.inside, clause=where.clause, table=where.table)),
                              {**where.values, "alphabetical": ALPHABETICAL_KINDS}).all()
    members = _group_ids(connection, where) if with_ids and rows else {}
    names = dict(enumerate(schema.INCIDENT_TYPES))
    table = pd.DataFrame(
        [(place, schema.LAYERS[layer], n, start, name, precision, names.get(first_kind, ""), partly, first,
          members.get((place, layer), []), names.get(main_kind, ""), [round(float(v), 5) for v in box], None, 0)
         for place, layer, n, start, name, precision, first_kind, partly, first, main_kind, *box in rows],
        columns=[schema.PLACE_ID, schema.LAYER, "count", schema.START, schema.PLACE_NAME, "precision", "first_type",
                 "partly", "first", "ids", "main_type", "box", "points", "radius"])
    return table.set_index([schema.PLACE_ID, schema.LAYER]).sort_index()


WALK_FROM = 50_000  # group members above which the first of each group are found by walking its index


def _listing_sql(where: Where, walk: bool) -> str:
    """The first :most records by date of each group: ranked among the kept records (few), or by walking each
    group's index until enough pass the filter (many: no sort of them all)."""
    if walk:
        return (f"SELECT g.place_id, g.layer, listed.start_text, listed.type_code, i.description, listed.id FROM "
                f"unnest(CAST(:places AS text[]), CAST(:layers AS smallint[])) AS g(place_id, layer) CROSS JOIN "
                f"LATERAL (SELECT start_text, type_code, id, position FROM {where.table} AS kept WHERE kept.place_id "
                f"= g.place_id AND kept.layer = g.layer AND {where.clause} ORDER BY start_text, position LIMIT "
                f":most) AS listed JOIN incidents i ON i.id = listed.id ORDER BY listed.position")
    return (f"SELECT ranked.place_id, ranked.layer, ranked.start_text, ranked.type_code, i.description, ranked.id "
            f"FROM (SELECT place_id, layer, start_text, type_code, id, position, row_number() OVER (PARTITION BY "
            f"place_id, layer ORDER BY start_text, position) AS n FROM {where.table} WHERE {where.clause}) AS ranked "
            f"JOIN incidents i ON i.id = ranked.id WHERE ranked.n <= :most ORDER BY ranked.position")


def listing_rows(connection: Connection, where: Where, groups: pd.Index, most: int, members: int) -> pd.DataFrame:
    """The first `most` records by date of each (place, layer) group of `members` records, for their popups."""
    rows = connection.execute(sa.text(_listing_sql(where, members > WALK_FROM)),
                              {**where.values, "most": most, "places": [p for p, _ in groups],
                               "layers": [schema.LAYERS.index(layer) for _, layer in groups]}).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[schema.PLACE_ID, schema.LAYER, schema.DATE_START,
                                                          schema.TYPE, schema.DESCRIPTION, schema.ID])
    frame[schema.LAYER] = [schema.LAYERS[code] for code in frame[schema.LAYER]]
    frame[schema.TYPE] = [schema.INCIDENT_TYPES[code] if code >= 0 else "" for code in frame[schema.TYPE]]
    return frame


def place_shapes(connection: Connection, place_ids: set[str], tolerance: float | None) -> dict:
    """The places' properties (id, name, admin1, kind, geo_precision) and their shapes (GeoJSON dicts): simplified
    to the tolerance in degrees and to 6 decimals for drawing, or (None) exactly as stored."""
    shape = "ST_AsGeoJSON(geom, 15)" if tolerance is None else \
        "ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, :tolerance), 6)"
    rows = connection.execute(sa.text(f"SELECT id, properties, {shape} FROM places WHERE id = ANY(:wanted) "
                                      "ORDER BY id"), {"wanted": sorted(place_ids), "tolerance": tolerance}).all()
    return {place_id: (properties, json.loads(shape)) for place_id, properties, shape in rows if shape}


def table_frame(connection: Connection, table: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """A table's text columns in the order the rows came in."""
    rows = connection.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY position")).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns), dtype=object)


def source_rows(connection: Connection) -> pd.DataFrame:
    """Every source with every column sources.csv holds (the popups cite them by title, the Sources page reads
    their document)."""
    return table_frame(connection, "sources", SOURCE_TABLE_COLUMNS)


def version_label(connection: Connection) -> str:
    """The dataset's version as captions and cache keys name it: every write bumps it."""
    return f"db-{connection.execute(sa.text('SELECT version FROM dataset_state')).scalar_one()}"
