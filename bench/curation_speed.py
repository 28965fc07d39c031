"""Prints what record-level curation costs on 100,000 incidents: 1,000 sequential edits, and duplicate candidates.

Edits: each one through `geo.dataset.curate.edit_incident` (lock, read the record as it is now, version check,
contract check, one fsynced line appended; every 250th also folds the log into the incidents file). The peer is the
same edit written the way the store writes an import: the whole incidents file rewritten through the journal.
Duplicates: `duplicate_candidates` (k-d tree) against a peer that compares every pair of records within each
day bucket of the same type family, on the same records and the same window (our pairs must all be among its).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.synthetic import write_synthetic_data_dir
from geo import schema
from geo.dataset import curate
from geo.dataset.audit import new_entry
from geo.dataset.duplicates import Window, _prepared, duplicate_candidates
from geo.dataset.load import load_incidents
from geo.dataset.store import _incidents_file, finish_change
from geo.dataset.stored import read_incidents_table
from geo.files.journal import folder_lock, recover

PEER_EDITS = 5


def _edits(data: Path, ids: list[str], count: int) -> list[float]:
    """Seconds of each of `count` edits of random records' confidence and death toll."""
    chooser, times = random.Random(7), []
    for number in range(count):
        record = chooser.choice(ids)
        fields = {schema.KILLED: str(number % 97 + 1), schema.CONFIDENCE: chooser.choice(schema.CONFIDENCE_LEVELS)}
        started = time.perf_counter()
        try:
            curate.edit_incident(data, record, fields, "benchmark", "bench")
        except curate.RecordRefusedError:
            continue
        times.append(time.perf_counter() - started)
    return times


def _peer_edits(data: Path, ids: list[str]) -> list[float]:
    """Seconds of the same edit made by rewriting the whole incidents file through the journal."""
    times = []
    for number, record in enumerate(ids[:PEER_EDITS]):
        started = time.perf_counter()
        with folder_lock(data):
            recover(data)
            table = read_incidents_table(data)
            table.loc[table[schema.ID] == record, schema.KILLED] = str(number + 1)
            finish_change(data, dict([_incidents_file(data, table)]), new_entry("edit", "", "benchmark peer", "bench"))
        times.append(time.perf_counter() - started)
    return times


def _peer_pairs(frame, window: Window) -> set[tuple[str, str]]:
    """Every pair of one family whose starts share a day bucket (or the next), compared directly."""
    rows = _prepared(frame)
    found = set()
    buckets = rows.groupby([rows["family"], rows["day"] // (window.days + 1)]).indices
    for (family, bucket), members in buckets.items():
        neighbours = buckets.get((family, bucket + 1), np.empty(0, dtype=int))
        group = np.concatenate([members, neighbours])
        east, north = rows["east"].to_numpy()[group], rows["north"].to_numpy()[group]
        reach = np.maximum(window.km, rows["reach"].to_numpy()[group])
        for offset, i in enumerate(members):
            others = group[offset + 1:]
            km = np.hypot(east[offset + 1:] - east[offset], north[offset + 1:] - north[offset])
            close = km <= np.maximum(reach[offset], reach[offset + 1:])
            for j in others[close]:
                found.add(tuple(sorted((rows[schema.ID].iat[i], rows[schema.ID].iat[j]))))
    return found


def main() -> None:
    """Build the synthetic data once, time the edits and the candidates, print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.curation_speed")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=1_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = write_synthetic_data_dir(Path(folder) / "data", arguments.incidents, radius_share=0.3)
        ids = read_incidents_table(data)[schema.ID].tolist()
        times = sorted(_edits(data, ids, arguments.edits))
        median = statistics.median(times) * 1000
        print(f"{len(times)} edits on {arguments.incidents:,} incidents: median {median:.1f} ms,"
              f" p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, slowest {times[-1] * 1000:.0f} ms (the folds)")
        peer = _peer_edits(data, ids)
        print(f"peer, the whole file rewritten per edit: median {statistics.median(peer) * 1000:.0f} ms")
        frame = load_incidents(data)
        started = time.perf_counter()
        found = duplicate_candidates(frame)
        ours = time.perf_counter() - started
        print(f"duplicate candidates of {len(frame):,} records: {len(found):,} pairs in {ours:.2f} s")
        started = time.perf_counter()
        peer_pairs = _peer_pairs(frame, Window())
        ours_pairs = {tuple(sorted(p)) for p in zip(found["first"], found["second"], strict=True)}
        print(f"peer, pairwise within day buckets: {time.perf_counter() - started:.2f} s, {len(peer_pairs):,} pairs "
              f"(it skips the date-range rule); every pair we find it finds too: {ours_pairs <= peer_pairs}")


if __name__ == "__main__":
    main()
