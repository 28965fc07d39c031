"""Tables shown under the map and on the Incidents page (plain text cells: Streamlit escapes them)."""

import pandas as pd

from geo.mapdata import TYPE_LABELS
from geo.schema import COUNT_COLUMNS

TABLE_COLUMNS = {"id": "ID", "date_start": "From", "date_end": "To", "date_precision": "Date precision",
                 "type_label": "Type", "place_name": "Place", "geo_precision": "Place precision",
                 "killed": "Killed", "injured": "Injured", "displaced": "Displaced",
                 "confidence": "Confidence", "source_ids": "Sources", "description": "Description"}


def incident_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader scans, with readable headers."""
    counts = {c: frame[c].astype("string").fillna("unknown") for c in COUNT_COLUMNS}
    if frame.empty:
        return frame.assign(type_label="", **counts)[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    labelled = frame.assign(type_label=frame["type"].map(TYPE_LABELS).fillna(frame["type"]), **counts)
    return labelled[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
