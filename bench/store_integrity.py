"""Prints what the lock and the journal cost an import of 10,000 rows, and 8 concurrent imports of 1,000 rows.

The peer is the store's own change written without the lock and the journal (each file replaced by an atomic
rename in turn, as before the journal existed): same data, same files, same validation.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

from geo.dataset import store
from geo.dataset.stored import read_incidents_table
from geo.files.atomic import atomic_write_bytes
from geo.imports.plan import commit_import, plan_import

PROJECT = Path(__file__).resolve().parent.parent
TOWNS = ["Saraqib", "Douma", "Idlib", "Aleppo", "Homs", "Hama", "Daraa", "Manbij"]
ROUNDS = 5


def _rows(number: int, count: int) -> bytes:
    """A CSV of `count` distinct airstrikes; file `number` has its own year."""
    lines = ["date,place,type,description"] + [
        f"{1990 + number}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d},{TOWNS[i % 8]},airstrike,Strike {i} of {number}"
        for i in range(count)]
    return ("\n".join(lines) + "\n").encode()


def _without_journal(folder: Path, write: dict[str, bytes], remove: tuple[str, ...] = ()) -> None:
    """The peer: every file replaced atomically one after the other, no journal."""
    for name, content in write.items():
        atomic_write_bytes(folder / name, content)
    for name in remove:
        (folder / name).unlink(missing_ok=True)


def _commit_seconds(raw: bytes, journaled: bool) -> float:
    """Seconds to save one planned import of raw into a fresh copy of the bundled data."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(PROJECT / "data", data)
        plan = plan_import(data, raw, "bench.csv", keep_duplicates=True)
        patches = contextlib.ExitStack()
        if not journaled:
            patches.enter_context(mock.patch.object(store, "commit", _without_journal))
            patches.enter_context(mock.patch.object(store, "folder_lock", lambda _: contextlib.nullcontext()))
        with patches:
            started = time.perf_counter()
            commit_import(data, plan)
            return time.perf_counter() - started


def _concurrent(writers: int, rows: int) -> tuple[float, int]:
    """Seconds for `writers` CLI imports started together, and the rows on disk after them."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(PROJECT / "data", data)
        files = []
        for number in range(writers):
            files.append(Path(folder) / f"file{number}.csv")
            files[-1].write_bytes(_rows(number, rows))
        before = len(read_incidents_table(data))
        started = time.perf_counter()
        with ThreadPoolExecutor(writers) as pool:
            codes = list(pool.map(lambda f: subprocess.run(
                [sys.executable, "-m", "geo", "--data", str(data), "import", str(f)], cwd=PROJECT,
                capture_output=True).returncode, files))
        assert codes == [0] * writers, codes
        return time.perf_counter() - started, len(read_incidents_table(data)) - before


def main() -> None:
    """Measure and print."""
    raw = _rows(0, 10_000)
    journaled = [_commit_seconds(raw, True) for _ in range(ROUNDS)]
    plain = [_commit_seconds(raw, False) for _ in range(ROUNDS)]
    plan_seconds = min(plan_import(PROJECT / "data", raw, "bench.csv").seconds for _ in range(2))
    best_journal, best_plain = statistics.median(journaled), statistics.median(plain)
    total_plain = plan_seconds + best_plain
    print(f"import of 10,000 rows: plan {plan_seconds:.2f} s; save with lock + journal {best_journal:.3f} s, "
          f"without {best_plain:.3f} s (median of {ROUNDS})")
    print(f"lock + journal add {best_journal - best_plain:+.3f} s = "
          f"{(best_journal - best_plain) / total_plain:+.1%} of the whole import ({total_plain:.2f} s)")
    seconds, rows = _concurrent(8, 1_000)
    print(f"8 concurrent imports of 1,000 rows: {rows:,} rows on disk (want 8,000) in {seconds:.1f} s")


if __name__ == "__main__":
    main()
