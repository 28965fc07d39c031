"""How long the facility summary takes at 100,000 incidents and 5,000 facilities, on a data folder and on the team
database.

python -m bench.facility_summary [--incidents N] [--facilities N] [--no-database]
It writes a synthetic data folder (incidents inside Syria; a register of facilities; a quarter of the incidents
linked to one of them, so most facilities are struck more than once; health-care figures for a tenth). On the
folder it loads the atlas once as the app does, then times the summary for each grouping (the register read from
its files and the figures computed); on the database (the folder pushed into a throwaway PostGIS cluster) it times
the one SQL statement. Best of three, wall seconds (and CPU seconds of this process). Targets: 1 s on the folder,
0.5 s on the database.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.synthetic import write_synthetic_data_dir
from geo import schema
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter, filter_incidents
from geo.facilities.register import CONDITIONS_FILE, FACILITIES_FILE, HEALTH_CARE_FILE, STRIKES_FILE, read_register
from geo.facilities.summary import GROUPINGS, facility_summary
from geo.files.tables import write_table
from geo.reader.facilities import FACILITY_KINDS

TARGET_SECONDS, DATABASE_TARGET_SECONDS = 1.0, 0.5


def write_register(folder: Path, incidents: pd.DataFrame, facilities: int, seed: int = 11) -> None:
    """A synthetic register beside the incidents: facilities, strikes on them and health-care figures."""
    rng = np.random.default_rng(seed)
    ids = [f"fa-{n}" for n in range(facilities)]
    write_table(folder / FACILITIES_FILE, pd.DataFrame({
        schema.ID: ids, schema.NAME: [f"Facility {n}" for n in range(facilities)], schema.ALT_NAMES: "",
        schema.KIND: rng.choice(FACILITY_KINDS, facilities), schema.PLACE_ID: "", schema.LAT: "35.0",
        schema.LON: "37.0", schema.OPERATOR: "", schema.SOURCE_IDS: "", schema.STATUS: schema.STATUS_PUBLISHED,
        schema.MERGED_INTO: "", schema.VERSION: "1"}))
    struck = incidents[schema.ID].sample(frac=0.25, random_state=seed)
    write_table(folder / STRIKES_FILE, pd.DataFrame({
        schema.INCIDENT_ID: struck.to_numpy(), schema.FACILITY_ID: rng.choice(ids, len(struck)),
        schema.LINK: schema.LINK_CONFIRMED, schema.STATUS_BY: "bench", schema.STATUS_AT: "2026-01-01"}))
    health = incidents[schema.ID].sample(frac=0.1, random_state=seed + 1)
    write_table(folder / HEALTH_CARE_FILE, pd.DataFrame({
        schema.INCIDENT_ID: health.to_numpy(), schema.HEALTH_WORKERS_KILLED: rng.integers(0, 4, len(health))}))
    write_table(folder / CONDITIONS_FILE, pd.DataFrame(columns=list(schema.CONDITION_COLUMNS)))


def _timed(work) -> tuple[float, float]:
    """Best of three (wall, CPU) seconds."""
    runs = []
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(runs)


def main(argv: list[str] | None = None) -> int:
    """Print the summary's time per grouping."""
    parser = argparse.ArgumentParser(prog="python -m bench.facility_summary")
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--facilities", type=int, default=5_000)
    parser.add_argument("--no-database", action="store_true", help="time the data folder only")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = write_synthetic_data_dir(Path(scratch) / "data", arguments.incidents)
        incidents = load_incidents(folder)
        write_register(folder, incidents, arguments.facilities)
        shown = filter_incidents(incidents, IncidentFilter())
        print(f"{len(shown):,} incidents, {arguments.facilities:,} facilities, "
              f"{len(read_register(folder).strikes):,} strikes (target {TARGET_SECONDS} s on the folder)")
        print(f"{'grouping':<12} {'wall s':>7} {'CPU s':>7} {'rows':>6}")
        for grouping in GROUPINGS:
            wall, cpu = _timed(lambda g=grouping: facility_summary(shown, read_register(folder), g))
            rows = len(facility_summary(shown, read_register(folder), grouping))
            print(f"{grouping:<12} {wall:>7.2f} {cpu:>7.2f} {rows:>6}")
        if not arguments.no_database:
            _time_database(folder)
    return 0


def _time_database(folder: Path) -> None:
    """Push the folder into a throwaway cluster and time the summary's SQL per grouping."""
    from bench.postgres_cluster import start_cluster
    from geo.database import transfer
    from geo.database.connection import upgrade
    from geo.database.facilities import summary_in_database

    cluster = start_cluster()
    try:
        cluster.sql("CREATE DATABASE facilities_bench")
        url = cluster.url("facilities_bench")
        upgrade(url)
        transfer.push(url, folder)
        cluster.sql("VACUUM ANALYZE", database="facilities_bench")
        print(f"on the team database (target {DATABASE_TARGET_SECONDS} s)")
        print(f"{'grouping':<12} {'wall s':>7} {'CPU s':>7} {'rows':>6}")
        for grouping in GROUPINGS:
            wall, cpu = _timed(lambda g=grouping: summary_in_database(url, IncidentFilter(), g))
            rows = len(summary_in_database(url, IncidentFilter(), grouping))
            print(f"{grouping:<12} {wall:>7.2f} {cpu:>7.2f} {rows:>6}")
    finally:
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
