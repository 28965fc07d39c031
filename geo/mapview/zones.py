"""Records known only within a radius (an imported '25 km' or 'district' precision): grouped per cell of that size.

Each cell becomes one badge with its count at the mean position of its records in view, and the circle of their
honest radius (drawn by the browser from the radius) shown when pointed at; never one large circle per record.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import schema

UNCERTAINTY_METRES = schema.PRECISION_RADIUS_METRES
METRES_PER_DEGREE = 111_000
ZONE_PREFIX = "zone:"


def zone_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with their place set to their cell ('zone:precision:column:row') and named by their radius."""
    if rows.empty:
        return rows
    radius = pd.to_numeric(rows[schema.GEO_PRECISION].astype(object).map(UNCERTAINTY_METRES), errors="coerce") \
        .fillna(UNCERTAINTY_METRES["region"])
    cell = 2 * radius / METRES_PER_DEGREE
    column = np.floor(rows[schema.X] / cell).astype(int).astype(str)
    row = np.floor(rows[schema.Y] / cell).astype(int).astype(str)
    key = ZONE_PREFIX + rows[schema.GEO_PRECISION].astype(str) + ":" + column + ":" + row
    return rows.assign(**{schema.PLACE_ID: key, schema.PLACE_NAME: "within about " + (radius / 1000).round().astype(
        int).astype(str) + " km of this point"})
