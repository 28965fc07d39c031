"""The revision log read with care: each line must be a revision whose values keep the data contract, and a broken
line is named by file and line (geo.dataset.revisions.set_aside moves it aside, kept, so the atlas opens again)."""

from __future__ import annotations

import json
import re
from datetime import date

from geo import config, schema
from geo.errors import AtlasError

SET_ASIDE_FILE = "revisions_set_aside.jsonl"
VOCABULARIES = {schema.TYPE: schema.INCIDENT_TYPES, schema.DATE_PRECISION: schema.DATE_PRECISIONS,
                schema.GEO_PRECISION: schema.GEO_PRECISIONS, schema.CONFIDENCE: schema.CONFIDENCE_LEVELS,
                schema.STATUS: schema.REVIEW_STATUSES}
WHOLE_NUMBER = re.compile(r"^\d{1,9}$")
LIMITS = {schema.LAT: 90.0, schema.LON: 180.0}


class BrokenLogError(AtlasError):
    """A line of the revision log is not a revision the contract allows: which file, which line, why."""

    def __init__(self, name: str, line: int, reason: str) -> None:
        which = "" if name == config.REVISIONS_FILE else " --log decisions"
        super().__init__(f"{name} line {line}: {reason}. Set it aside (kept in {SET_ASIDE_FILE}, never deleted) "
                         f"with `python -m geo revisions set-aside {line}{which}`, or on the page that showed this")
        self.name, self.line, self.reason = name, line, reason


def _value_problem(field: str, value: object) -> str:
    """Why one field's value breaks the contract ('' when it keeps it)."""
    if not isinstance(value, str):
        return f"{field} is {type(value).__name__}, not text"
    if field in VOCABULARIES and value not in VOCABULARIES[field]:
        return f"{field} {value!r} is not one of {', '.join(VOCABULARIES[field])}"
    if field in (schema.DATE_START, schema.DATE_END) and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{field} {value!r} is not a date (YYYY-MM-DD)"
    if field in schema.COUNT_COLUMNS and value and not WHOLE_NUMBER.match(value):
        return f"{field} {value!r} is not a whole number of people"
    if field in LIMITS and value:
        try:
            number = float(value)
        except ValueError:
            return f"{field} {value!r} is not a number"
        if not abs(number) <= LIMITS[field]:
            return f"{field} {value!r} is off the globe"
    return ""


def _change_problem(record_id: object, change: object) -> str:
    """Why one record's change in a revision cannot be replayed ('' when it can)."""
    if not isinstance(record_id, str) or not isinstance(change, dict):
        return "a change is not an id with its before and after"
    version = change.get("from_version")
    if isinstance(version, bool) or not str(version).isdigit():
        return f"the change to {record_id} has no version it was made from"
    for side in ("before", "after"):
        if change.get(side) is not None and not isinstance(change.get(side), dict):
            return f"the change to {record_id} has a {side} that is not a record"
    after = change.get("after") or {}
    if after.get(schema.DATE_START) and after.get(schema.DATE_END) and after[schema.DATE_END] < after[
            schema.DATE_START] and not any(_value_problem(f, after[f]) for f in (schema.DATE_START, schema.DATE_END)):
        return f"the change to {record_id} ends ({after[schema.DATE_END]}) before it starts"
    return next((f"the change to {record_id}: {problem}" for problem in
                 (_value_problem(field, value) for field, value in after.items()) if problem), "")


def revision_problem(revision: object) -> str:
    """Why a parsed line is not a revision the contract allows ('' when it is)."""
    if not isinstance(revision, dict):
        return "not a revision (a JSON object with rev, at, by, action and changes)"
    if isinstance(revision.get("rev"), bool) or not isinstance(revision.get("rev"), int):
        return "no revision number"
    if not all(isinstance(revision.get(key), str) for key in ("at", "by", "action")):
        return "no time, author or action"
    if not isinstance(revision.get("changes"), dict):
        return "no changes"
    return next((problem for problem in (_change_problem(record_id, change)
                                         for record_id, change in revision["changes"].items()) if problem), "")


def checked_lines(raw: bytes, name: str, first_line: int = 1) -> list[dict]:
    """The whole lines of an append-only log, each parsed and (for the revision log) checked against the contract;
    BrokenLogError names the first line that is not (a last line without its newline is not one yet)."""
    whole = raw[: raw.rfind(b"\n") + 1]
    found = []
    for number, line in enumerate(whole.split(b"\n")[:-1], start=first_line):
        if not line.strip():
            continue
        try:
            parsed = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BrokenLogError(name, number, f"not JSON ({error.__class__.__name__}: {error})") from None
        problem = revision_problem(parsed) if name == config.REVISIONS_FILE else (
            "" if isinstance(parsed, dict) else "not a JSON object")
        if problem:
            raise BrokenLogError(name, number, problem)
        found.append(parsed)
    return found
