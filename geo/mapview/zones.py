"""Records known only within a radius (an imported '25 km' or 'district' precision): grouped per cell of that size.

Each cell becomes one badge with its count at the records' mean position, and the circle of their honest radius
shown when pointed at; never one large circle per record.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
from shapely import affinity
from shapely.geometry import Point

from geo import schema

UNCERTAINTY_METRES = schema.PRECISION_RADIUS_METRES
METRES_PER_DEGREE = 111_000
ZONE_PREFIX = "zone:"


def zone_rows(rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict]]:
    """The rows with their place set to their cell ('zone:...'), and each cell's circle as GeoJSON geometry."""
    if rows.empty:
        return rows, {}
    radius = pd.to_numeric(rows[schema.GEO_PRECISION].astype(object).map(UNCERTAINTY_METRES), errors="coerce") \
        .fillna(UNCERTAINTY_METRES["region"])
    cell = 2 * radius / METRES_PER_DEGREE
    column = np.floor(rows[schema.X] / cell).astype(int).astype(str)
    row = np.floor(rows[schema.Y] / cell).astype(int).astype(str)
    key = ZONE_PREFIX + rows[schema.GEO_PRECISION].astype(str) + ":" + column + ":" + row
    zoned = rows.assign(**{schema.PLACE_ID: key, schema.PLACE_NAME: "within about " + (radius / 1000).round().astype(
        int).astype(str) + " km of this point"})
    centres = zoned.groupby(schema.PLACE_ID)[[schema.X, schema.Y]].mean()
    metres = radius.groupby(key).first()
    shapes = {}
    for zone, (x, y) in centres.iterrows():
        degrees = metres[zone] / METRES_PER_DEGREE
        circle = affinity.scale(Point(x, y).buffer(degrees, quad_segs=12), 1 / math.cos(math.radians(y)), 1)
        shapes[zone] = shapely.set_precision(circle, 1e-5).__geo_interface__
    return zoned, shapes
