"""A new document becomes a source and reviewed incidents: candidates for review, rows to save."""

from __future__ import annotations

import hashlib

import pandas as pd

from geo import schema
from geo.extract import Reading
from geo.gazetteer import Gazetteer
from geo.names import slugify

REVIEW_COLUMNS = ("accept", "date_start", "date_end", "date_precision", "date_text", "type", "weapon", "place_id",
                  "place_text", "geo_precision", "facility", "perpetrator", "killed", "injured", "displaced",
                  "confidence", "description", "evidence")


def document_source(title: str, publisher: str, published: str, kind: str, text: str, url: str = "") -> dict:
    """The sources.csv row for a document (its id carries a hash of the text)."""
    slug = slugify(title, 40) or "document"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    source_id = f"doc-{slug}-{digest}"
    return {"id": source_id, "title": title, "publisher": publisher, "author": "", "published": published,
            "url": url, "kind": kind, "notes": "added through the document reader", "document": f"{source_id}.txt"}


def review_table(reading: Reading, gazetteer: Gazetteer) -> pd.DataFrame:
    """The reader's candidates as an editable table; the description is a neutral stub to rewrite."""
    rows = []
    for candidate in reading.incidents:
        place = gazetteer.places.get(candidate["place_id"])
        label = candidate["type"].replace("_", " ")
        stub = f"{label.capitalize()} reported at {place.name if place else 'an unresolved place'}" \
               f" ({candidate['date_text'] or 'date not given'}); rewrite in your own words."
        rows.append({**{key: candidate.get(key, "") for key in REVIEW_COLUMNS},
                     "accept": not candidate["needs_review"], "description": stub,
                     "evidence": candidate["evidence"]["text"],
                     **{c: "" if candidate[c] == "" else str(candidate[c]) for c in schema.COUNT_COLUMNS}})
    return pd.DataFrame(rows, columns=list(REVIEW_COLUMNS)).astype({"accept": bool})


def accepted_rows(reviewed: pd.DataFrame, source_id: str) -> tuple[pd.DataFrame, list[dict]]:
    """Contract rows for the accepted candidates, and their evidence as the 'original' of each."""
    chosen = reviewed[reviewed["accept"].astype(bool)].reset_index(drop=True)
    frame = pd.DataFrame({column: chosen[column] if column in chosen.columns else ""
                          for column in schema.INCIDENT_COLUMNS}).fillna("").astype(str)
    frame["id"] = [f"{source_id}-{number + 1}" for number in range(len(frame))]
    frame["source_ids"] = source_id
    originals = [{"id": row_id, "line": index + 1, "original": {"evidence": evidence}}
                 for index, (row_id, evidence) in enumerate(zip(frame["id"], chosen["evidence"], strict=True))]
    return frame, originals
