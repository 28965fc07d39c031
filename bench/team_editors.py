"""Prints what the team database does with 8 concurrent editors, and how long `db push` takes.

Each editor is its own process acting as its own account: it reads a random record (its version), then edits its
killed figure from that read (`--expect-version` as a person's form would send it). An edit that lost the race is
refused as stale and counted; afterwards every record's version must equal 1 + the revisions that touched it, and
its figure must be the one its last revision wrote: nothing lost, nothing applied twice.

    python -m bench.team_editors --url postgresql+psycopg://... [--incidents 1000000]

Without --url a throwaway cluster is started (PostgreSQL and PostGIS from Debian's packages must be installed).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from geo import schema
from geo.database import accounts, transfer
from geo.database.connection import engine_for, upgrade
from geo.database.records import PostgisStore
from geo.dataset import curate
from geo.errors import StaleRecordError

EDITORS, RECORDS, EDITS = 8, 200, 500
STARTUP_SECONDS = 15.0  # time for every editor's process to start before they all begin
PASSWORD = "bench password only"


def edit_many(url: str, account: str, record_ids: list[str], edits: int, seed: int, start_at: float = 0.0) -> dict:
    """One editor's session: `edits` edits of random records, each from its own read, starting at `start_at` (a
    wall-clock time, so that every editor starts together once its process is up); what landed and was refused."""
    store, chance = PostgisStore(url, account), random.Random(seed)
    landed, refused = [], 0
    time.sleep(max(0.0, start_at - time.time()))
    started = time.perf_counter()
    for _ in range(edits):
        record_id = chance.choice(record_ids)
        version = int(store.book().get(record_id)[schema.VERSION])
        try:
            revision = curate.edit_incident(store, record_id, {schema.KILLED: str(chance.randrange(1, 10**6))},
                                            "bench", None, version)
            landed.append(revision["rev"])
        except StaleRecordError:
            refused += 1
    return {"landed": landed, "refused": refused, "seconds": time.perf_counter() - started, "ended": time.time()}


def _editor(arguments: tuple) -> dict:
    """edit_many for a process pool."""
    return edit_many(*arguments)


def run_editors(url: str, record_ids: list[str], editors: int = EDITORS,
                edits: int = EDITS) -> tuple[list[dict], float]:
    """Start `editors` processes, each an editor account, all editing the same records at once; their results and
    the seconds from their common start to the last one's end."""
    for number in range(editors):
        accounts.add_account(url, f"editor{number}", schema.ROLE_EDITOR, PASSWORD, "bench-admin")
    engine_for(url).dispose()
    start_at = time.time() + STARTUP_SECONDS
    with multiprocessing.get_context("spawn").Pool(editors) as pool:
        results = pool.map(_editor, [(url, f"editor{n}", record_ids, edits, n, start_at) for n in range(editors)])
    return results, max(r["ended"] for r in results) - start_at


def lost_updates(url: str) -> list[str]:
    """Records whose version or figure does not follow from their revisions (empty: none lost)."""
    with engine_for(url).connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT i.id, i.version, i.killed, count(r.rev), (array_agg(r.body ORDER BY r.rev DESC))[1] "
            "FROM incidents i JOIN revisions r ON i.id = ANY(r.record_ids) GROUP BY i.id, i.version, i.killed"))
        return [record_id for record_id, version, killed, revisions, last in rows
                if version != 1 + revisions or last["changes"][record_id]["after"][schema.KILLED] != killed]


def team_with_records(url: str, data_dir: Path) -> list[str]:
    """Push a data folder into a fresh team database with an admin, its records waiting in review (what editors
    correct: a published record is a reviewer's); the ids of its records."""
    upgrade(url)
    transfer.push(url, data_dir)
    accounts.add_account(url, "bench-admin", schema.ROLE_ADMIN, PASSWORD, None)
    with engine_for(url).begin() as connection:
        connection.execute(sa.text("UPDATE incidents SET status = :review"), {"review": schema.STATUS_IN_REVIEW})
        return [row[0] for row in connection.execute(sa.text("SELECT id FROM incidents ORDER BY id"))]


def main() -> None:
    """Measure concurrent editing and push on a throwaway cluster (or the database given)."""
    from bench.postgres_cluster import start_cluster
    from bench.synthetic import write_synthetic_data_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000, help="incidents pushed (default 1,000,000)")
    options = parser.parse_args()
    cluster = start_cluster(durable=True)
    try:
        cluster.sql("CREATE DATABASE bench")
        url = cluster.url("bench")
        with tempfile.TemporaryDirectory() as folder:
            data = write_synthetic_data_dir(Path(folder) / "data", options.incidents)
            started = time.perf_counter()
            ids = team_with_records(url, data)
            print(f"db push of {options.incidents:,} incidents (with schema and an admin): "
                  f"{time.perf_counter() - started:.1f} s")
        cluster.sql("VACUUM ANALYZE", database="bench")  # as after any bulk load: the editors then meet a server
        cluster.sql("CHECKPOINT")                         # in its steady state, not one vacuuming a million rows
        results, seconds = run_editors(url, ids[:RECORDS])
        landed = sum(len(r["landed"]) for r in results)
        refused = sum(r["refused"] for r in results)
        print(f"{EDITORS} editors x {EDITS} edits on {RECORDS} records: {landed} landed, {refused} refused as stale, "
              f"{landed / seconds:.0f} landed edits/s ({(landed + refused) / seconds:.0f} attempts/s) in "
              f"{seconds:.1f} s; lost updates: {len(lost_updates(url))}")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
