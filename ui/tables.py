"""Tables shown under the map and on the Incidents page (plain text cells: Streamlit escapes them)."""

import pandas as pd

from geo import schema
from geo.labels import TYPE_LABELS
from geo.schema import COUNT_COLUMNS

TABLE_COLUMNS = {schema.ID: "ID", schema.DATE_START: "From", schema.DATE_END: "To",
                 schema.DATE_PRECISION: "Date precision",
                 "type_label": "Type", schema.PLACE_NAME: "Place", schema.GEO_PRECISION: "Place precision",
                 schema.KILLED: "Killed", schema.INJURED: "Injured", schema.DISPLACED: "Displaced",
                 schema.CONFIDENCE: "Confidence", schema.SOURCE_IDS: "Sources", schema.DESCRIPTION: "Description"}


def incident_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader scans, with readable headers."""
    counts = {c: frame[c].astype("string").fillna("unknown") for c in COUNT_COLUMNS}
    if frame.empty:
        return frame.assign(type_label="", **counts)[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    place = frame[schema.PLACE_NAME].where(frame[schema.PLACE_NAME] != "", frame[schema.PLACE_TEXT])
    labelled = frame.assign(type_label=frame[schema.TYPE].map(TYPE_LABELS).fillna(frame[schema.TYPE]), **counts,
                            **{schema.PLACE_NAME: place})
    return labelled[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
