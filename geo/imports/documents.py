"""A new document becomes a source and reviewed incidents: candidates for review, rows to save."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from geo import schema
from geo.dataset.audit import fresh_batch_id
from geo.errors import InputFileError
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.names import slugify
from geo.labels import TYPE_LABELS
from geo.reader.document import Reading

EVIDENCE, GUESS, ACCEPT, ALL_TYPES = "evidence", "reader's guess", "accept", "every type the text gives"
REVIEW_COLUMNS = (ACCEPT, schema.TYPE, ALL_TYPES, schema.DATE_START, schema.DATE_END, schema.PLACE_ID, schema.KILLED,
                  schema.INJURED, schema.DISPLACED, EVIDENCE, schema.DESCRIPTION, GUESS, schema.DATE_PRECISION,
                  schema.DATE_TEXT, schema.WEAPON, schema.PLACE_TEXT, schema.GEO_PRECISION, schema.FACILITY,
                  schema.PERPETRATOR, schema.CONFIDENCE)


def document_source(data_dir: Path, title: str, publisher: str, published: str, kind: str, text: str,
                    url: str = "") -> dict:
    """The sources.csv row for a new document: its id carries a hash of the text and is never one used before."""
    return document_row(fresh_batch_id(data_dir, document_source_id(title, text)), title, publisher, published, kind,
                        url)


def document_source_id(title: str, text: str) -> str:
    """The id a new document asks for: its title's slug and a hash of its text (made unique by the caller)."""
    return f"doc-{slugify(title, 40) or 'untitled'}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def document_row(source_id: str, title: str, publisher: str, published: str, kind: str, url: str = "") -> dict:
    """The sources.csv row of a document read on the Import page."""
    return {schema.ID: source_id, schema.TITLE: title, schema.PUBLISHER: publisher, schema.AUTHOR: "",
            schema.PUBLISHED: published, schema.URL: url, schema.KIND: kind,
            schema.NOTES: "added through the document reader", schema.DOCUMENT: f"{source_id}.txt"}


def review_table(reading: Reading, gazetteer: Gazetteer) -> pd.DataFrame:
    """The reader's candidates as an editable table: none ticked, the description left for the reviewer to write."""
    rows = []
    for candidate in reading.incidents:
        place = gazetteer.places.get(candidate[schema.PLACE_ID])
        guess = (f"{TYPE_LABELS.get(candidate[schema.TYPE], candidate[schema.TYPE])} at "
                 f"{place.name if place else 'an unresolved place'} ({candidate[schema.DATE_TEXT] or 'no date'})")
        rows.append({**{key: candidate.get(key, "") for key in REVIEW_COLUMNS}, ACCEPT: False,
                     ALL_TYPES: "; ".join(TYPE_LABELS.get(kind, kind)
                                          for kind in candidate.get("types") or [candidate[schema.TYPE]]),
                     schema.DESCRIPTION: "", GUESS: guess, EVIDENCE: candidate[EVIDENCE]["text"],
                     **{c: "" if candidate[c] == "" else str(candidate[c]) for c in schema.COUNT_COLUMNS}})
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS)).astype({ACCEPT: bool})


def accepted_rows(reviewed: pd.DataFrame, source_id: str) -> tuple[pd.DataFrame, list[dict]]:
    """Contract rows for the ticked candidates, and their evidence as the 'original' of each.

    A ticked row without a description of the reviewer's own is refused (InputFileError naming the rows):
    nothing the reader wrote is saved as a description.
    """
    chosen = reviewed[reviewed[ACCEPT].astype(bool)].reset_index(drop=True)
    if chosen.empty:
        raise InputFileError("no candidate is ticked: tick the incidents to save (nothing is saved unreviewed)")
    unwritten = [str(n + 1) for n, (text, guess) in enumerate(zip(chosen[schema.DESCRIPTION].fillna(""),
                                                                  chosen[GUESS], strict=True))
                 if not str(text).strip() or str(text).strip() == guess]
    if unwritten:
        raise InputFileError(f"write a description in your own words for ticked row(s) {', '.join(unwritten)}; "
                             "nothing was saved")
    frame = pd.DataFrame({column: chosen[column] if column in chosen.columns else ""
                          for column in schema.INCIDENT_COLUMNS}).fillna("").astype(str)
    frame[schema.ID] = [f"{source_id}-{number + 1}" for number in range(len(frame))]
    frame[schema.SOURCE_IDS] = source_id
    originals = [{schema.ID: row_id, "line": index + 1, "original": {EVIDENCE: evidence}}
                 for index, (row_id, evidence) in enumerate(zip(frame[schema.ID], chosen[EVIDENCE], strict=True))]
    return frame, originals
