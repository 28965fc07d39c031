"""The revision log read with care: each line must be a revision whose values keep the data contract, a broken line
is named by file and line, and can be set aside (kept, never deleted) so that the atlas opens again."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from geo import config, schema
from geo.errors import AtlasError
from geo.files.journal import commit, folder_lock

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


def set_aside(data_dir: Path, line: int, name: str = config.REVISIONS_FILE) -> str:
    """Move one line of the log to SET_ASIDE_FILE (appended there with its line number), all at once under the
    folder's lock; the fold marker's offset follows when the line lay before it. Returns what was moved."""
    from geo.dataset.revisions import folded_bytes, read_folded

    with folder_lock(data_dir):
        raw = (data_dir / name).read_bytes() if (data_dir / name).is_file() else b""
        lines = raw.split(b"\n")
        if not 1 <= line <= len(lines) - 1 or not lines[line - 1].strip():
            raise AtlasError(f"{name} has no line {line} to set aside; nothing was changed")
        moved = lines[line - 1]
        before = sum(len(kept) + 1 for kept in lines[:line - 1])
        kept_aside = (data_dir / SET_ASIDE_FILE).read_bytes() if (data_dir / SET_ASIDE_FILE).is_file() else b""
        note = json.dumps({"file": name, "line": line, "text": moved.decode("utf-8", "replace")}, ensure_ascii=False)
        files = {name: b"\n".join(lines[:line - 1] + lines[line:]),
                 SET_ASIDE_FILE: kept_aside + note.encode("utf-8") + b"\n"}
        folded = read_folded(data_dir)
        if name == config.REVISIONS_FILE and (data_dir / config.FOLDED_FILE).is_file() and before < folded.offset:
            files[config.FOLDED_FILE] = folded_bytes(type(folded)(folded.through, folded.offset - len(moved) - 1,
                                                                  folded.max_issued))
        commit(data_dir, files)
    return moved.decode("utf-8", "replace")
