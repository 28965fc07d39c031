"""What a popup and a tooltip say of each incident, sent as compact columns the browser assembles on click.

Every text is escaped here, once per distinct value (html_series); the browser only joins the pieces. Text columns
that repeat (dates, places, precisions, perpetrators, sources) travel dictionary-encoded: their distinct values
once (`v`) and each incident's index into them (`i`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo import schema
from geo.dataset.merging import figure_text
from geo.escape import html_series, html_text, safe_url
from geo.labels import STATUS_LABELS, TYPE_COLOURS, TYPE_LABELS, VALUE_LABELS

CODED_COLUMNS = (schema.DATE_START, schema.DATE_END, schema.DATE_PRECISION, schema.DATE_TEXT, schema.PLACE_TEXT,
                 schema.PLACE_NAME, schema.GEO_PRECISION, schema.FACILITY, schema.WEAPON, schema.PERPETRATOR,
                 schema.CONFIDENCE)
UNKNOWN_TYPE = "Type not in the vocabulary"


def source_html(sources: pd.DataFrame) -> dict[str, str]:
    """Escaped HTML for each source: its title, publisher and date, linked only to http(s) URLs."""
    snippets = {}
    for row in sources.itertuples():
        label = html_text(row.title or row.id)
        url = safe_url(row.url)
        title = f'<a href="{html_text(url)}" target="_blank" rel="noopener noreferrer">{label}</a>' if url else label
        detail = ", ".join(html_text(v) for v in (row.publisher, row.published) if v)
        snippets[row.id] = f"{title}{f' ({detail})' if detail else ''} <code>{html_text(row.id)}</code>"
    return snippets


def type_table() -> dict:
    """The label and colour of each incident type, by the type code the columns carry (the last: unknown)."""
    return {"label": [html_text(TYPE_LABELS[t]) for t in schema.INCIDENT_TYPES] + [UNKNOWN_TYPE],
            "colour": [TYPE_COLOURS[t] for t in schema.INCIDENT_TYPES] + ["#444444"]}


def coded(values: pd.Series) -> dict:
    """A text column as its distinct values, escaped, and each row's index into them."""
    codes, uniques = pd.factorize(values.astype("string").fillna(""), use_na_sentinel=False)
    return {"v": html_series(pd.Series(uniques, dtype="string")).tolist(), "i": codes.tolist()}


def _sources(source_ids: pd.Series, snippets: dict[str, str]) -> dict:
    """Each incident's cited sources as escaped HTML, dictionary-encoded."""
    codes, uniques = pd.factorize(source_ids.astype("string").fillna(""), use_na_sentinel=False)
    cells = ["<br>".join(snippets.get(i, html_text(i)) for i in schema.split_list(ids)) for ids in uniques]
    return {"v": cells, "i": codes.tolist()}


def _numbers(values: pd.Series) -> list:
    """Counts as whole numbers, None where unknown."""
    array = values.astype("Float64").fillna(-1).to_numpy(dtype=float)
    return [None if v < 0 else int(v) for v in array]


def _claims_notes(frame: pd.DataFrame) -> pd.Series:
    """Per incident, what other sources say where they differ ('killed: 12, other sources 9-15'), or ''."""
    claims = frame[schema.CLAIMS] if schema.CLAIMS in frame.columns else pd.Series("", index=frame.index)
    notes = pd.Series("", index=frame.index, dtype=object)
    for index in claims.index[claims.astype(str) != ""]:
        texts = [f"{field}: {figure_text(str(frame.at[index, field]).replace('<NA>', ''), claims[index], field)}"
                 for field in schema.COUNT_COLUMNS]
        notes[index] = "; ".join(t for t in texts if "other sources" in t)
    return notes


def _review(frame: pd.DataFrame) -> dict:
    """Each incident's review status in words, and whether it is published (others are drawn faded)."""
    status = frame[schema.STATUS] if schema.STATUS in frame.columns else pd.Series(schema.STATUS_PUBLISHED,
                                                                                    index=frame.index)
    return {schema.STATUS: coded(status.map(STATUS_LABELS).fillna(status)),
            "unpublished": (status != schema.STATUS_PUBLISHED).astype(int).tolist(),
            schema.CLAIMS: coded(_claims_notes(frame))}


def incident_columns(frame: pd.DataFrame, snippets: dict[str, str]) -> dict:
    """The popup and tooltip facts of each incident (escaped, compact)."""
    type_code = frame[schema.TYPE].map({t: i for i, t in enumerate(schema.INCIDENT_TYPES)})
    return {**_review(frame), schema.ID: html_series(frame[schema.ID]).tolist(),
            schema.TYPE: type_code.fillna(len(schema.INCIDENT_TYPES)).astype(int).tolist(),
            **{column: coded(_in_words(frame, column)) for column in CODED_COLUMNS},
            **{column: _numbers(frame[column]) for column in schema.COUNT_COLUMNS},
            schema.DESCRIPTION: html_series(frame[schema.DESCRIPTION]).tolist(),
            schema.SOURCE_IDS: _sources(frame[schema.SOURCE_IDS], snippets)}


def _in_words(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as a person reads it: a stored code ('settlement') becomes its words ('town or village')."""
    words = VALUE_LABELS.get(column)
    return frame[column].map(lambda value: words.get(value, value)) if words else frame[column]


def rounded(values: pd.Series) -> list:
    """Coordinates rounded to 5 decimals (about a metre), None where missing."""
    array = np.round(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float), schema.COORDINATE_DECIMALS)
    result = array.tolist()
    for index in np.flatnonzero(np.isnan(array)):
        result[index] = None
    return result
