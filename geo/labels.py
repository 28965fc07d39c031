"""One visual language: the colour and the human label of each incident type, used by every view."""

from __future__ import annotations

import pandas as pd

from geo import schema

TYPE_COLOURS = {
    "airstrike": "#d62728", "shelling": "#ff7f0e", "barrel_bomb": "#8c564b",
    "attack_on_health_care": "#c2185b", "attack_on_school": "#9467bd", "attack_on_market": "#bcbd22",
    "attack_on_civil_defense": "#17becf", "chemical_attack": "#2ca02c", "cluster_munitions": "#7f7f7f",
    "incendiary_weapons": "#e377c2", "massacre": "#000000", "siege": "#1a237e",
    "ground_offensive": "#aa6600", "aid_obstruction": "#ff33cc", "displacement": "#0277bd",
}


TYPE_LABELS = {t: t.replace("_", " ").capitalize() for t in schema.INCIDENT_TYPES}
COLUMN_LABELS = {
    schema.ID: "ID", schema.DATE_START: "From", schema.DATE_END: "To", schema.DATE_PRECISION: "Date precision",
    schema.DATE_TEXT: "Date as written", schema.TYPE: "Type", schema.WEAPON: "Weapon", schema.PLACE_ID: "Place id",
    schema.PLACE_TEXT: "Place as written", schema.GEO_PRECISION: "Place precision", schema.LAT: "Latitude",
    schema.LON: "Longitude", schema.ORIGIN_PLACE_ID: "From place", schema.DESTINATION_PLACE_ID: "To place",
    schema.FACILITY: "Facility", schema.PERPETRATOR: "Attributed to", schema.KILLED: "Killed",
    schema.INJURED: "Injured", schema.DISPLACED: "Displaced", schema.CONFIDENCE: "Confidence",
    schema.SOURCE_IDS: "Sources", schema.DESCRIPTION: "Description", schema.TITLE: "Title",
    schema.PUBLISHER: "Publisher", schema.AUTHOR: "Author", schema.PUBLISHED: "Published", schema.URL: "Link",
    schema.KIND: "Kind", schema.NOTES: "Notes", schema.NAME: "Name", schema.NAME_AR: "Arabic",
    schema.ALT_NAMES: "Also written", schema.ADMIN1: "Governorate", schema.COUNTRY_CODE: "Country",
    schema.GAZETTEER_ID: "GeoNames id", schema.MENTIONS: "Mentioned by", schema.SOURCE_ID: "Source",
    schema.MEASURE: "Measure", schema.VALUE: "Value", schema.SCOPE: "Scope", schema.PLACE_NAME: "Place",
    "line": "Line", "field": "Field", "reason": "Reason", "count": "Times", "in_syria": "In Syria",
    schema.STATUS: "Review status", schema.STATUS_BY: "Status set by", schema.STATUS_AT: "Status set at",
    schema.STATUS_WHY: "Why", schema.MERGED_INTO: "Merged into", schema.CLAIMS: "Other sources' figures",
    schema.VERSION: "Version",
}


# Words English writes both joined and apart, or in two spellings: search folds each to one form.
SEARCH_VARIANTS = ((r"\bair[ -]?(strike|raid|drop)", r"air\1"), (r"\bwar[ -]?plane", "warplane"),
                   (r"\bbarrel[ -]?bomb", "barrelbomb"), (r"\bdefense\b", "defence"),
                   (r"\bneighborhood", "neighbourhood"), (r"\bcent(?:er|re)\b", "centre"))


PRECISION_LABELS = {"exact": "exact point", "neighbourhood": "neighbourhood", "settlement": "town or village",
                    "region": "region (or within about 25 km)", "governorate": "governorate only",
                    "country": "country only"}
DATE_PRECISION_LABELS = {"day": "day", "week": "week", "month": "month", "season": "season", "year": "year",
                         "range": "date range"}
CONFIDENCE_LABELS = {"confirmed": "confirmed", "fair": "fair", "weak": "weak (one source or unverified)",
                     "contested": "contested", "discounted": "discounted"}
STATUS_LABELS = {schema.STATUS_DRAFT: "draft", schema.STATUS_IN_REVIEW: "in review",
                 schema.STATUS_PUBLISHED: "published", schema.STATUS_RETRACTED: "retracted"}
VALUE_LABELS = {schema.TYPE: TYPE_LABELS, schema.GEO_PRECISION: PRECISION_LABELS, schema.STATUS: STATUS_LABELS,
                schema.DATE_PRECISION: DATE_PRECISION_LABELS, schema.CONFIDENCE: CONFIDENCE_LABELS}


def counted(number: int, noun: str, plural: str = "") -> str:
    """A count and its noun agreeing in number: '1 incident', '2 incidents', '1,204 candidate pairs'."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The same frame with its vocabulary columns (type, precisions, confidence) in their human labels, and a
    reported total's measure ('civilians_killed') in words ('Civilians killed')."""
    worded = frame.assign(**{column: frame[column].map(labels).fillna(frame[column])
                             for column, labels in VALUE_LABELS.items() if column in frame.columns})
    if schema.MEASURE in frame.columns:
        worded[schema.MEASURE] = frame[schema.MEASURE].astype("string").str.replace("_", " ").str.capitalize()
    return worded


NUMBER_COLUMNS = (schema.VALUE, *schema.COUNT_COLUMNS)


def _thousands(values: pd.Series) -> pd.Series:
    """Whole numbers with thousands separators; other cells as they are."""
    numbers = pd.to_numeric(values, errors="coerce").astype(object)  # an all-empty Int64 column stays text-able
    return numbers.map(lambda v: f"{v:,.0f}", na_action="ignore").where(numbers.notna(),
                                                                         values.astype("string").fillna(""))


def readable(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The frame's columns (all, or those named) under their human labels, the vocabulary in words, numbers with
    thousands separators."""
    shown = in_words(frame[columns] if columns else frame)
    for column in [c for c in NUMBER_COLUMNS if c in shown.columns]:
        shown[column] = _thousands(shown[column])
    return shown.rename(columns=lambda c: COLUMN_LABELS.get(c, str(c).replace("_", " ").capitalize()))
