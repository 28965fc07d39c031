"""Tables shown under the map and on the Incidents page (plain text cells: Streamlit escapes them)."""

import pandas as pd
import streamlit as st

from geo import schema
from geo.labels import COLUMN_LABELS, in_words
from geo.schema import COUNT_COLUMNS

TABLE_COLUMNS = (schema.ID, schema.DATE_START, schema.DATE_END, schema.DATE_PRECISION, schema.TYPE, schema.PLACE_NAME,
                 schema.GEO_PRECISION, schema.KILLED, schema.INJURED, schema.DISPLACED, schema.CONFIDENCE,
                 schema.SOURCE_IDS, schema.STATUS, schema.DESCRIPTION)


def incident_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader scans, with readable headers and the vocabulary in words."""
    counts = {c: frame[c].astype("string").fillna("unknown") for c in COUNT_COLUMNS}
    place = frame[schema.PLACE_NAME].where(frame[schema.PLACE_NAME] != "", frame[schema.PLACE_TEXT]) \
        if not frame.empty else frame[schema.PLACE_NAME]
    table = in_words(frame.assign(**counts, **{schema.PLACE_NAME: place})[list(TABLE_COLUMNS)])
    return table.rename(columns=COLUMN_LABELS)


def incident_columns() -> dict:
    """How the incident tables show their columns: the id whole (a document's ids are long), with a tooltip."""
    return {COLUMN_LABELS[schema.ID]: st.column_config.TextColumn(
        COLUMN_LABELS[schema.ID], width="large", help="The record's id; open it on the Incidents page")}
