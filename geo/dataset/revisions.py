"""The revision log: every change to one or more records, appended as one line, never rewritten.

A revision names, for each record it touches, the version it was made from (`from_version`) and the fields
before and after
(`before` None: the record was added; `after` None: an add was undone). The log is the history of every record
and the audit of every record-level change (who, when, why). Appending one fsynced line is what makes an edit
cheap on a large dataset: the data files are rewritten only when the log is folded into them
(`geo.dataset.records.fold`), and a line cut short by a killed process is cut off by the next writer, so a
revision is in the log whole or not at all.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from geo import config
from geo.dataset.audit import UNNAMED
from geo.dataset.revision_checks import SET_ASIDE_FILE, BrokenLogError, checked_lines
from geo.errors import AtlasError
from geo.files.journal import commit, fault_point, folder_lock

FROM_VERSION = "from_version"


@dataclass(frozen=True)
class Folded:
    """How much of the log the data files already hold: revisions up to `through`, ending at byte `offset`; and the
    highest 'ia-N' number ever given (so that an id taken out before a fold is still never given again)."""

    through: int = 0
    offset: int = 0
    max_issued: int = 0


def read_folded(data_dir: Path) -> Folded:
    """The fold marker (nothing folded when absent)."""
    path = data_dir / config.FOLDED_FILE
    if not path.is_file():
        return Folded()
    marker = json.loads(path.read_text(encoding="utf-8"))
    return Folded(int(marker["through"]), int(marker["offset"]), int(marker.get("max_issued", 0)))


def folded_bytes(folded: Folded) -> bytes:
    """The fold marker as file content."""
    return (json.dumps({"through": folded.through, "offset": folded.offset, "max_issued": folded.max_issued})
            + "\n").encode("utf-8")


def read_revisions(data_dir: Path, offset: int = 0, name: str = config.REVISIONS_FILE) -> list[dict]:
    """Every whole revision (or decision) from byte offset on, oldest first, each checked; a broken line is
    BrokenLogError naming the file and its line."""
    path = data_dir / name
    if not path.is_file():
        return []
    with path.open("rb") as log:
        log.seek(offset)
        try:
            return checked_lines(log.read(), name)
        except BrokenLogError as broken:
            log.seek(0)
            raise BrokenLogError(name, broken.line + log.read(offset).count(b"\n"), broken.reason) from None


def log_size(data_dir: Path) -> int:
    """Bytes of whole revisions in the log (where the next one goes)."""
    path = data_dir / config.REVISIONS_FILE
    if not path.is_file():
        return 0
    raw = path.read_bytes()
    return raw.rfind(b"\n") + 1


def cut_torn_tail(data_dir: Path, name: str = config.REVISIONS_FILE) -> None:
    """Drop a last line a killed writer left unfinished in an append-only log (call with the lock held)."""
    path = data_dir / name
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb+") as log:
        log.seek(-1, os.SEEK_END)
        if log.read(1) == b"\n":
            return
        log.seek(0)
        keep = log.read().rfind(b"\n") + 1
        log.truncate(keep)
        os.fsync(log.fileno())


def new_revision(number: int, action: str, changes: dict[str, dict], why: str, who: str | None,
                 **details) -> dict:
    """A revision stamped now: `changes` maps each record id to {'from_version', 'before', 'after'}."""
    return {"rev": number, "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "by": (who or "").strip() or UNNAMED, "action": action, "why": why, "changes": changes, **details}


def append_revision(data_dir: Path, revision: dict, name: str = config.REVISIONS_FILE) -> None:
    """Append one revision (or decision) as one fsynced line (lock held, torn tail already cut)."""
    line = (json.dumps(revision, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    with (data_dir / name).open("ab") as log:
        log.write(line[: len(line) // 2])
        log.flush()
        fault_point("revision:half")
        log.write(line[len(line) // 2:])
        log.flush()
        os.fsync(log.fileno())
    fault_point("revision:appended")


def set_aside(data_dir: Path, line: int, name: str = config.REVISIONS_FILE) -> str:
    """Move one line of the log to SET_ASIDE_FILE (appended there with its line number), all at once under the
    folder's lock; the fold marker's offset follows when the line lay before it. Returns what was moved."""
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
            files[config.FOLDED_FILE] = folded_bytes(Folded(folded.through, folded.offset - len(moved) - 1,
                                                                  folded.max_issued))
        commit(data_dir, files)
    return moved.decode("utf-8", "replace")
