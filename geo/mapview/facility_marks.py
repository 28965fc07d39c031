"""The facilities layer's data for the map: compact columns the page's script draws (names are set as text there,
never as markup), each facility sized by its strikes in the window and marked when struck more than once."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd

from geo import schema
from geo.facilities.layer import CONDITION_AT_END, STRIKES_IN_VIEW
from geo.reader.facilities import KIND_LABELS

CONDITION_CLASSES = {"destroyed": "destroyed", "out_of_service": "closed", "damaged": "damaged",
                     "relocated": "closed"}


def facility_marks(points: pd.DataFrame, page: str = "facilities") -> dict:
    """Columns for the map's facility layer: id, name, kind in words, position, strikes, condition, page link."""
    rounded = schema.COORDINATE_DECIMALS
    return {
        schema.ID: points[schema.ID].tolist(), schema.NAME: points[schema.NAME].tolist(),
        schema.KIND: [KIND_LABELS.get(k, k) for k in points[schema.KIND]],
        schema.Y: points[schema.LAT].round(rounded).tolist(), schema.X: points[schema.LON].round(rounded).tolist(),
        "strikes": points[STRIKES_IN_VIEW].astype(int).tolist(),
        schema.CONDITION: [c.replace("_", " ") for c in points[CONDITION_AT_END]],
        "mark": [CONDITION_CLASSES.get(c, "") for c in points[CONDITION_AT_END]],
        schema.LINK: [f"{page}?{schema.FACILITY}={quote(facility, safe='')}" for facility in points[schema.ID]],
    }
