"""Merging records that are one event: every source and figure kept, the other ids kept as aliases."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from geo import schema
from geo.dataset.curate import change_of, current, parse_claims
from geo.dataset.storage import Book, Changes, RecordStore, record_store
from geo.errors import RecordRefusedError

MERGED_RECORD = "record"  # in a claim brought by a merge: the record whose figures it was


def _claims_of(record: dict) -> list[dict]:
    """A record's claims, and its adopted figures as the claim of its first source (naming the record) when it has
    figures no claim of its gives already."""
    claims = parse_claims(record[schema.CLAIMS])
    figures = {f: record[f] for f in schema.COUNT_COLUMNS if record[f]}
    cited = schema.split_list(record[schema.SOURCE_IDS])
    if figures and cited and not any(all(c.get(f) == v for f, v in figures.items()) for c in claims):
        claims = [{schema.SOURCE_ID: cited[0], **figures, MERGED_RECORD: record[schema.ID]}] + claims
    return claims


def _survivor_fields(survivor: dict, absorbed: list[dict]) -> dict[str, str]:
    """The survivor's sources (all, in order) and claims (every record's figures, each claim once)."""
    sources = list(dict.fromkeys(s for r in [survivor, *absorbed] for s in schema.split_list(r[schema.SOURCE_IDS])))
    claims = {json.dumps(c, sort_keys=True): c for r in [survivor, *absorbed] for c in _claims_of(r)}
    differing = {tuple(c.get(f, "") for f in schema.COUNT_COLUMNS) for c in claims.values()}
    return {schema.SOURCE_IDS: schema.LIST_SEPARATOR.join(sources),
            schema.CLAIMS: json.dumps(list(claims.values()), ensure_ascii=False) if len(differing) > 1 else
            survivor[schema.CLAIMS]}


def merge(target: Path | RecordStore, keep: str, others: list[str], why: str, who: str | None = None) -> dict:
    """Merge others into keep: keep gets every source and claim; the others (and their aliases) point at keep."""
    absorbed_ids = list(dict.fromkeys(others))
    if not absorbed_ids:
        raise RecordRefusedError(f"name the records to merge into {keep}")
    if keep in absorbed_ids:
        raise RecordRefusedError(f"{keep} cannot be merged with itself")

    def build(book: Book) -> Changes:
        survivor = current(book, keep)
        absorbed = [current(book, record_id) for record_id in absorbed_ids]
        fields = _survivor_fields(survivor, absorbed)
        changes = {keep: change_of(survivor, fields)} if any(survivor[f] != v for f, v in fields.items()) else {}
        for record in absorbed:
            changes[record[schema.ID]] = change_of(record, {schema.MERGED_INTO: keep})
            for alias in book.merged_into(record[schema.ID]):
                changes[alias] = change_of(book.get(alias), {schema.MERGED_INTO: keep})
        return changes

    return record_store(target).revise("merge", build, why, who, kept=keep, merged=absorbed_ids)


def aliases_of(frame: pd.DataFrame, record_id: str) -> list[str]:
    """The ids merged into a record."""
    return frame.loc[frame[schema.MERGED_INTO] == record_id, schema.ID].tolist()


def resolve_id(frame: pd.DataFrame, record_id: str) -> str:
    """The record an id stands for now: itself, or the record it was merged into (an alias still resolves)."""
    survivors = dict(zip(frame[schema.ID], frame[schema.MERGED_INTO], strict=True))
    seen = {record_id}
    while survivors.get(record_id):
        record_id = survivors[record_id]
        if record_id in seen:
            break
        seen.add(record_id)
    return record_id


def figure_text(adopted: str, claims_text: str, field: str) -> str:
    """An adopted figure with what the other sources say: '12, other sources 9-15' (or just '12')."""
    values = sorted({int(c[field]) for c in parse_claims(claims_text) if str(c.get(field, "")).isdigit()})
    others = [v for v in values if str(v) != adopted]
    shown = adopted or "unknown"
    if not others:
        return shown
    span = f"{min(others)}" if min(others) == max(others) else f"{min(others)}-{max(others)}"
    return f"{shown}, other sources {span}"
