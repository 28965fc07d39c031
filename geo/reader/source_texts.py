"""Source documents on disk: finding a source's text, its highlighted mentions, unresolved names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from geo import config, schema
from geo.errors import InputFileError
from geo.escape import html_text
from geo.files.text import read_text_file
from geo.gazetteer.lookup import Gazetteer
from geo.reader.mentions import PlaceMention, find_place_mentions


def source_document(docs_dir: Path | None, document: str, data_dir: Path | None = None) -> str | None:
    """The text of a registered document (data/documents/ first, then docs_dir), or None if absent."""
    if not document or Path(document).name != document:
        return None
    folders = ([data_dir / "documents"] if data_dir else []) + ([docs_dir] if docs_dir else [])
    for folder in folders:
        try:
            return read_text_file(folder / document).text
        except InputFileError:
            continue
    return None


def documents_where(kept: str) -> str:
    """Where documents' texts are read from, in one line: `kept` (with the data), the folder $ATLAS_DOCS_DIR adds,
    and that folder said as missing, with the setting to change, when it does not exist."""
    extra = config.resolve_docs_dir()
    if extra is None:
        return f"{kept}; set {config.DOCS_DIR_ENV} to read documents from a further folder"
    if not extra.is_dir():
        return f"{kept}; {config.DOCS_DIR_ENV} names {extra}, which is missing: change the setting"
    return f"{kept}, and in {extra} ({config.DOCS_DIR_ENV})"


def highlight_mentions(text: str, mentions: list[PlaceMention],
                       evidence: tuple[tuple[int, int], ...] = ()) -> str:
    """The text as escaped HTML: each place mention in a <mark> titled with its place, evidence underlined."""
    cuts = sorted({0, len(text)} | {m.start for m in mentions} | {m.end for m in mentions}
                  | {edge for span in evidence for edge in span})
    by_start = {m.start: m for m in mentions}
    parts, inside = [], None
    for start, end in zip(cuts, cuts[1:], strict=False):
        inside = by_start.get(start) or (inside if inside and end <= inside.end else None)
        piece = html_text(text[start:end])
        if inside:
            title = html_text(f"{inside.place.name} ({inside.place.id}; {inside.role})")
            role = "ia-foreign" if inside.role != "location" else "ia-location"
            piece = f'<mark class="{role}" title="{title}">{piece}</mark>'
        if any(first <= start and end <= last for first, last in evidence):
            piece = f'<span class="ia-evidence">{piece}</span>'
        parts.append(piece)
    return "".join(parts).replace("\n", "<br>")


def unresolved_names(sources: pd.DataFrame, gazetteer: Gazetteer,
                     text_of: Callable[[str], str | None]) -> pd.DataFrame:
    """Names written as places in the sources' documents (each read by `text_of`, None when absent) that the
    gazetteer could not resolve, with counts."""
    rows = []
    for source in sources.itertuples():
        text = text_of(source.document)
        if text is None:
            continue
        unresolved = [m for m in find_place_mentions(text, gazetteer) if not m.place.resolved]
        counted = Counter(m.place.name for m in unresolved)
        area = {m.place.name: m.place.admin1 for m in unresolved}
        rows += [{schema.NAME: name, schema.ADMIN1: area[name], schema.SOURCE_ID: source.id, "count": count}
                 for name, count in counted.items()]
    return pd.DataFrame(rows, columns=[schema.NAME, schema.ADMIN1, schema.SOURCE_ID, "count"])
