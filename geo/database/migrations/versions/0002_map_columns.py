"""What the map asks of every incident, derived on each write: layer, how it is drawn, governorate, where it reaches.

The same rules as the files' loader (geo/dataset/load.py): a record is in view when its point is, or, drawn as its
area, when its area's box meets the view (`reach`, indexed); a record with coordinates and no governorate of its own
takes the governorate its point lies in (the shipped outlines, loaded into `governorates` here).
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from geo import schema

revision = "0002"
down_revision = "0001"

OUTLINES = Path(__file__).resolve().parents[4] / "data" / "boundaries" / "syria_governorates.geojson"

COLUMNS = """
CREATE TABLE governorates (admin1 text PRIMARY KEY, position integer NOT NULL, geom geometry(Geometry, 4326) NOT NULL);
CREATE INDEX governorates_geom ON governorates USING gist (geom);
ALTER TABLE incidents ADD COLUMN admin1 text NOT NULL DEFAULT '', ADD COLUMN layer smallint NOT NULL DEFAULT 0,
    ADD COLUMN draw_as text NOT NULL DEFAULT 'none', ADD COLUMN shape_known boolean NOT NULL DEFAULT false,
    ADD COLUMN flow boolean NOT NULL DEFAULT false, ADD COLUMN reach geometry(Geometry, 4326);
CREATE INDEX incidents_reach ON incidents USING gist (reach);
CREATE INDEX incidents_admin1 ON incidents (admin1);
"""

DERIVED = r"""
CREATE OR REPLACE FUNCTION incident_derived() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    own boolean := NEW.lat ~ '^\s*[-+]?\d+(\.\d*)?\s*$' AND NEW.lon ~ '^\s*[-+]?\d+(\.\d*)?\s*$';
    place record;
BEGIN
    SELECT p.geom, p.admin1 INTO place FROM places p WHERE p.id = NEW.place_id;
    NEW.during := CASE WHEN NEW.date_start ~ '^\d{4}-\d{2}-\d{2}$' AND NEW.date_end ~ '^\d{4}-\d{2}-\d{2}$'
                            AND NEW.date_start <= NEW.date_end
                       THEN daterange(NEW.date_start::date, NEW.date_end::date, '[]') END;
    NEW.geom := CASE WHEN own THEN ST_SetSRID(ST_MakePoint(NEW.lon::float8, NEW.lat::float8), 4326)
                     ELSE ST_PointOnSurface(place.geom) END;
    NEW.layer := CASE NEW.type WHEN 'attack_on_health_care' THEN 1 WHEN 'displacement' THEN 2 ELSE 0 END;
    NEW.draw_as := CASE WHEN NEW.geo_precision IN ('exact', 'neighbourhood', 'settlement') THEN 'point'
                        WHEN NEW.geo_precision IN ('region', 'governorate') THEN 'area' ELSE 'none' END;
    NEW.flow := NEW.layer = 2 AND NEW.destination_place_id <> '';
    NEW.shape_known := NEW.draw_as = 'area' AND place.geom IS NOT NULL;
    NEW.reach := ST_SnapToGrid(CASE WHEN NEW.draw_as = 'area' AND NOT NEW.flow AND NOT own AND place.geom IS NOT NULL
                                    THEN ST_Envelope(place.geom) ELSE NEW.geom END, 0.00001);
    NEW.admin1 := COALESCE(NULLIF(place.admin1, ''), CASE WHEN NEW.geom IS NOT NULL AND NEW.geo_precision <> 'country'
        THEN (SELECT g.admin1 FROM governorates g WHERE ST_Within(NEW.geom, g.geom) ORDER BY g.position LIMIT 1) END,
        '');
    RETURN NEW;
END $$;
DROP TRIGGER incidents_derived ON incidents;
CREATE TRIGGER incidents_derived BEFORE INSERT OR UPDATE OF date_start, date_end, lat, lon, place_id, type,
    geo_precision, destination_place_id ON incidents FOR EACH ROW EXECUTE FUNCTION incident_derived();
"""


def upgrade() -> None:
    """Add the derived columns and the governorate outlines, and derive them for the records already there."""
    op.execute(COLUMNS)
    outlines = json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]
    op.get_bind().execute(sa.text("INSERT INTO governorates (admin1, position, geom) VALUES "
                                  "(:governorate, :position, ST_SetSRID(ST_GeomFromGeoJSON(:outline), 4326))"),
                          [{"governorate": f["properties"][schema.ADMIN1], "position": n,
                            "outline": json.dumps(f["geometry"])} for n, f in enumerate(outlines)])
    op.execute(DERIVED)
    op.execute("UPDATE incidents SET place_id = place_id")
