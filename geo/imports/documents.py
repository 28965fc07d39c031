"""A new document becomes a source and reviewed incidents: candidates for review, rows to save."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from geo import schema
from geo.dataset.audit import fresh_batch_id
from geo.gazetteer.lookup import Gazetteer
from geo.gazetteer.names import slugify
from geo.reader.document import Reading

REVIEW_COLUMNS = ("accept", schema.DATE_START, schema.DATE_END, schema.DATE_PRECISION, schema.DATE_TEXT, schema.TYPE,
                  schema.WEAPON, schema.PLACE_ID, schema.PLACE_TEXT, schema.GEO_PRECISION, schema.FACILITY,
                  schema.PERPETRATOR, schema.KILLED, schema.INJURED, schema.DISPLACED, schema.CONFIDENCE,
                  schema.DESCRIPTION, "evidence")


def document_source(data_dir: Path, title: str, publisher: str, published: str, kind: str, text: str,
                    url: str = "") -> dict:
    """The sources.csv row for a new document: its id carries a hash of the text and is never one used before."""
    slug = slugify(title, 40) or "untitled"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    source_id = fresh_batch_id(data_dir, f"doc-{slug}-{digest}")
    return {schema.ID: source_id, schema.TITLE: title, schema.PUBLISHER: publisher, schema.AUTHOR: "",
            schema.PUBLISHED: published, schema.URL: url, schema.KIND: kind,
            schema.NOTES: "added through the document reader", schema.DOCUMENT: f"{source_id}.txt"}


def review_table(reading: Reading, gazetteer: Gazetteer) -> pd.DataFrame:
    """The reader's candidates as an editable table; the description is a neutral stub to rewrite."""
    rows = []
    for candidate in reading.incidents:
        place = gazetteer.places.get(candidate[schema.PLACE_ID])
        label = candidate[schema.TYPE].replace("_", " ")
        stub = f"{label.capitalize()} reported at {place.name if place else 'an unresolved place'}" \
               f" ({candidate[schema.DATE_TEXT] or 'date not given'}); rewrite in your own words."
        rows.append({**{key: candidate.get(key, "") for key in REVIEW_COLUMNS},
                     "accept": not candidate["needs_review"], schema.DESCRIPTION: stub,
                     "evidence": candidate["evidence"]["text"],
                     **{c: "" if candidate[c] == "" else str(candidate[c]) for c in schema.COUNT_COLUMNS}})
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS)).astype({"accept": bool})


def accepted_rows(reviewed: pd.DataFrame, source_id: str) -> tuple[pd.DataFrame, list[dict]]:
    """Contract rows for the accepted candidates, and their evidence as the 'original' of each."""
    chosen = reviewed[reviewed["accept"].astype(bool)].reset_index(drop=True)
    frame = pd.DataFrame({column: chosen[column] if column in chosen.columns else ""
                          for column in schema.INCIDENT_COLUMNS}).fillna("").astype(str)
    frame[schema.ID] = [f"{source_id}-{number + 1}" for number in range(len(frame))]
    frame[schema.SOURCE_IDS] = source_id
    originals = [{schema.ID: row_id, "line": index + 1, "original": {"evidence": evidence}}
                 for index, (row_id, evidence) in enumerate(zip(frame[schema.ID], chosen["evidence"], strict=True))]
    return frame, originals
