"""What the map asks of every incident, in a narrow table kept in step with `incidents` on each write.

The same rules as the files' loader (geo/dataset/load.py): a record is in view when its point is, or, drawn as its
area, when its area's box meets the view (`reach`, indexed); a record with coordinates and no governorate of its own
takes the governorate its point lies in (the shipped outlines, loaded into `governorates` here). Vocabularies are
stored as their index in geo.schema (type, status, confidence, layer, how drawn), so that a scan of a million rows
reads a few dozen bytes of each, not the whole record.
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from geo import schema

revision = "0002"
down_revision = "0001"

OUTLINES = Path(__file__).resolve().parents[4] / "data" / "boundaries" / "syria_governorates.geojson"


def _codes(values: tuple[str, ...]) -> str:
    """A SQL CASE arm list giving each value its index."""
    return " ".join(f"WHEN '{value}' THEN {number}" for number, value in enumerate(values))


PLACES = r"""
ALTER TABLE places ADD COLUMN point geometry(Point, 4326), ADD COLUMN box geometry(Geometry, 4326);
CREATE FUNCTION place_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.point := ST_PointOnSurface(NEW.geom);
    NEW.box := ST_SnapToGrid(ST_Envelope(NEW.geom), 0.00001);
    RETURN NEW;
END $$;
CREATE TRIGGER places_derived BEFORE INSERT OR UPDATE OF geom ON places FOR EACH ROW EXECUTE FUNCTION place_derived();
UPDATE places SET geom = geom;
"""

TABLES = """
CREATE TABLE governorates (admin1 text PRIMARY KEY, position integer NOT NULL, geom geometry(Geometry, 4326) NOT NULL);
CREATE INDEX governorates_geom ON governorates USING gist (geom);
CREATE TABLE incident_map (
    id text PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE, position bigint NOT NULL,
    merged boolean NOT NULL, status smallint NOT NULL, layer smallint NOT NULL, type_code smallint NOT NULL,
    confidence smallint NOT NULL, draw smallint NOT NULL, shape_known boolean NOT NULL, flow boolean NOT NULL,
    during daterange, x double precision, y double precision, reach geometry(Geometry, 4326),
    start_text text NOT NULL, place_id text NOT NULL, geo_precision text NOT NULL, admin1 text NOT NULL,
    perpetrator text NOT NULL, source_ids text NOT NULL);
CREATE INDEX incident_map_reach ON incident_map USING gist (reach);
CREATE INDEX incident_map_during ON incident_map USING gist (during);
CREATE INDEX incident_map_type_code ON incident_map (type_code);
CREATE INDEX incident_map_admin1 ON incident_map (admin1);
CREATE INDEX incident_map_groups ON incident_map (place_id, layer, start_text, position);
"""

NUMBER = r"'^\s*[-+]?\d+(\.\d*)?\s*$'"
ISO_DAY = r"'^\d{4}-\d{2}-\d{2}$'"
MAP_COLUMNS = ("id, position, merged, status, layer, type_code, confidence, draw, shape_known, flow, during, x, y, "
               "reach, start_text, place_id, geo_precision, admin1, perpetrator, source_ids")

MAPPED = rf"""
CREATE VIEW incident_map_source AS
SELECT i.id, i.position, i.merged_into <> '' AS merged,
    (CASE i.status {_codes(schema.REVIEW_STATUSES)} ELSE -1 END)::smallint AS status,
    (CASE i.type WHEN 'attack_on_health_care' THEN 1 WHEN 'displacement' THEN 2 ELSE 0 END)::smallint AS layer,
    (CASE i.type {_codes(schema.INCIDENT_TYPES)} ELSE -1 END)::smallint AS type_code,
    (CASE i.confidence {_codes(schema.CONFIDENCE_LEVELS)} ELSE -1 END)::smallint AS confidence,
    d.draw, d.draw = 2 AND p.box IS NOT NULL AS shape_known, d.flow,
    CASE WHEN i.date_start ~ {ISO_DAY} AND i.date_end ~ {ISO_DAY} AND i.date_start <= i.date_end
         THEN daterange(i.date_start::date, i.date_end::date, '[]') END AS during,
    ST_X(d.point) AS x, ST_Y(d.point) AS y,
    CASE WHEN d.draw = 2 AND NOT d.flow AND NOT d.own AND p.box IS NOT NULL THEN p.box ELSE d.point END AS reach,
    i.date_start AS start_text, i.place_id, i.geo_precision,
    COALESCE(NULLIF(p.admin1, ''), CASE WHEN d.point IS NOT NULL AND i.geo_precision <> 'country' THEN
        (SELECT g.admin1 FROM governorates g WHERE ST_Within(d.point, g.geom) ORDER BY g.position LIMIT 1) END,
        '') AS admin1,
    i.perpetrator, i.source_ids
FROM incidents i LEFT JOIN places p ON p.id = i.place_id
CROSS JOIN LATERAL (SELECT o.own,
    (CASE WHEN i.geo_precision IN ('exact', 'neighbourhood', 'settlement') THEN 1
          WHEN i.geo_precision IN ('region', 'governorate') THEN 2 ELSE 0 END)::smallint AS draw,
    i.type = 'displacement' AND i.destination_place_id <> '' AS flow,
    ST_SnapToGrid(CASE WHEN o.own THEN ST_SetSRID(ST_MakePoint(i.lon::float8, i.lat::float8), 4326) ELSE p.point END,
                  0.00001) AS point
    FROM (SELECT i.lat ~ {NUMBER} AND i.lon ~ {NUMBER} AS own) AS o) AS d;

CREATE FUNCTION incident_mapped() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incident_map ({MAP_COLUMNS}) SELECT {MAP_COLUMNS} FROM incident_map_source WHERE id = NEW.id
    ON CONFLICT (id) DO UPDATE SET ({MAP_COLUMNS.replace("id, ", "", 1)}) =
        ({", ".join("EXCLUDED." + c for c in MAP_COLUMNS.split(", ")[1:])});
    RETURN NULL;
END $$;
CREATE TRIGGER incidents_mapped AFTER INSERT OR UPDATE ON incidents FOR EACH ROW EXECUTE FUNCTION incident_mapped();
"""


def upgrade() -> None:
    """Add the governorate outlines and the map's table, and fill it for the records already there."""
    op.execute(PLACES)
    op.execute(TABLES)
    outlines = json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]
    op.get_bind().execute(sa.text("INSERT INTO governorates (admin1, position, geom) VALUES "
                                  "(:governorate, :position, ST_SetSRID(ST_GeomFromGeoJSON(:outline), 4326))"),
                          [{"governorate": f["properties"][schema.ADMIN1], "position": n,
                            "outline": json.dumps(f["geometry"])} for n, f in enumerate(outlines)])
    op.execute(MAPPED)
    op.execute(f"INSERT INTO incident_map ({MAP_COLUMNS}) SELECT {MAP_COLUMNS} FROM incident_map_source")
