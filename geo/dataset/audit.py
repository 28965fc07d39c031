"""The audit log: every change to the data directory, who made it, when, why; and what state each batch is in."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

AUDIT_FILE = "audit.jsonl"
UNNAMED = "not given"
IMPORTED, UNDONE = "imported", "undone"
BATCH_STATES = {"import": IMPORTED, "redo": IMPORTED, "undo": UNDONE}


def read_audit(data_dir: Path) -> list[dict]:
    """Every audit entry, oldest first."""
    path = data_dir / AUDIT_FILE
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def new_entry(action: str, batch: str, why: str, who: str | None, **details) -> dict:
    """An audit entry stamped now; `who` is what the person typed, or 'not given' (never the server's account)."""
    return {"at": datetime.now(UTC).isoformat(timespec="seconds"), "by": (who or "").strip() or UNNAMED,
            "action": action, "batch": batch, "why": why, **details}


def audit_bytes(data_dir: Path, entry: dict) -> bytes:
    """The audit log with one more entry (rewritten whole inside the change, never truncated)."""
    path = data_dir / AUDIT_FILE
    before = path.read_bytes() if path.is_file() else b""
    return before + (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")


def batch_states(entries: list[dict]) -> dict[str, str]:
    """Each batch's state after the log: 'imported' or 'undone' (oldest first, so the last word wins)."""
    states: dict[str, str] = {}
    for entry in entries:
        if entry.get("action") in BATCH_STATES:
            states[entry["batch"]] = BATCH_STATES[entry["action"]]
    return states


def last_import(entries: list[dict], batch: str) -> dict | None:
    """The import entry of a batch (its incident ids and added places)."""
    return next((e for e in reversed(entries) if e.get("batch") == batch and e.get("action") == "import"), None)


def fresh_batch_id(data_dir: Path, wanted: str) -> str:
    """The batch id for a new import: the wanted one, or after an undo the same with '-2', '-3'...

    While a batch is imported its id is kept, so importing the same bytes again is refused as a duplicate; an
    undone batch's id is never given to another import (redo brings that one back).
    """
    return next_batch_id(batch_states(read_audit(data_dir)), wanted)


def next_batch_id(states: dict[str, str], wanted: str) -> str:
    """The wanted batch id, or after an undo of it the same with '-2', '-3'... (given each batch's state)."""
    candidate, number = wanted, 1
    while states.get(candidate) == UNDONE:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate
