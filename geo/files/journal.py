"""All-or-nothing changes to a folder: one writer at a time (a lock), and a journal that survives a kill.

A change stages every new file in `.journal/`, fsynced; then writes the intent (which file goes where) and
fsyncs it: that is the moment of commit. Only then are the staged files renamed over their targets, the
folders fsynced, and the journal removed. Whoever takes the lock next finds an unfinished journal and rolls
it forward (the intent was written) or back (it was not), so a kill or a full disk at any point leaves the
before-state or the after-state, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from geo.errors import DiskFullError, StoreBusyError

LOCK_FILE = ".atlas.lock"
JOURNAL_DIR = ".journal"
INTENT_FILE = "intent.json"
LOCK_WAIT_SECONDS = 60.0
FAULT_ENV = "ATLAS_FAULT_AT"


def fault_point(step: str) -> None:
    """Testing hook: with ATLAS_FAULT_AT=step the process dies (or the disk 'fills') exactly here."""
    wanted = os.environ.get(FAULT_ENV, "")
    if wanted == step:
        os._exit(70)
    if wanted == f"enospc:{step}":
        raise OSError(errno.ENOSPC, "No space left on device (injected)")


def _fsync_folder(folder: Path) -> None:
    """Make a folder's entries (renames, removals) durable."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's exclusive lock; refuse with StoreBusyError after `wait` seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusyError(f"{folder}: another change to the data has held it for over {wait:.0f} s; "
                                         "nothing was changed, try again when it has finished") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)


def recover(folder: Path) -> str:
    """Finish or undo an interrupted change (call with the lock held): 'forward', 'back' or 'none'."""
    journal = folder / JOURNAL_DIR
    if not journal.is_dir():
        return "none"
    intent = journal / INTENT_FILE
    outcome = "back"
    if intent.is_file():
        _apply(folder, json.loads(intent.read_text(encoding="utf-8")))
        outcome = "forward"
    shutil.rmtree(journal)
    _fsync_folder(folder)
    return outcome


def recover_if_idle(folder: Path) -> str:
    """At start-up: recover an interrupted change unless another process is changing the data right now."""
    if not (folder / JOURNAL_DIR).is_dir():
        return "none"
    try:
        with folder_lock(folder, wait=0):
            return recover(folder)
    except StoreBusyError:
        return "busy"


def _apply(folder: Path, intent: dict) -> None:
    """Rename each staged file over its target (idempotent: a file already moved is skipped), then removals."""
    journal = folder / JOURNAL_DIR
    touched = {folder}
    for target, staged in intent["write"].items():
        source = journal / staged
        if source.exists():
            (folder / target).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, folder / target)
            touched.add((folder / target).parent)
        fault_point(f"rename:{target}")
    for target in intent.get("remove", []):
        (folder / target).unlink(missing_ok=True)
        touched.add((folder / target).parent)
    for path in touched:
        _fsync_folder(path)


def _stage(journal: Path, number: int, content: bytes) -> str:
    """Write one new file into the journal, fsynced; return its name there."""
    name = f"{number:04d}.new"
    with open(journal / name, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    return name


def commit(folder: Path, write: dict[str, bytes], remove: tuple[str, ...] = ()) -> None:
    """Replace (or create) the files `write` names, and delete `remove`, all or nothing (lock held)."""
    recover(folder)
    journal = folder / JOURNAL_DIR
    journal.mkdir()
    try:
        staged = {}
        for number, (target, content) in enumerate(write.items()):
            staged[target] = _stage(journal, number, content)
            fault_point(f"stage:{target}")
        pending = journal / f"{INTENT_FILE}.tmp"
        pending.write_text(json.dumps({"write": staged, "remove": list(remove)}), encoding="utf-8")
        with open(pending, "rb+") as stream:
            os.fsync(stream.fileno())
        fault_point("intent")
        os.replace(pending, journal / INTENT_FILE)
        _fsync_folder(journal)
    except OSError as error:
        shutil.rmtree(journal, ignore_errors=True)
        if error.errno == errno.ENOSPC:
            needed = sum(len(content) for content in write.values()) / 1e6
            raise DiskFullError(f"{folder}: the disk is full (this change needs about {needed:.1f} MB); "
                                "nothing was changed") from None
        raise
    fault_point("committed")
    recover(folder)
