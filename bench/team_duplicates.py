"""Prints what the duplicate finder costs on the team database and on the data folder, on the same synthetic data.

For each size, synthetic incidents (a quarter known only within a radius) are written to a folder and pushed into
a throwaway PostGIS cluster. Then, for no filter, one quarter, one governorate-year and a whole year, it times
`database_candidates` (each in a fresh process, with that process's peak memory) and the folder's
`folder_candidates` on records already loaded. It prints the pairs found, or the one-line refusal past the bounds.

    python -m bench.team_duplicates [--sizes 100000 1000000]
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import date

import pandas as pd

from bench.team_map import each_size, peak_megabytes, pushed_synthetic
from geo.database.duplicates import database_candidates, folder_candidates
from geo.dataset.duplicates import Window
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter
from geo.errors import AtlasError

FILTERS = {"no filter": None, "2016, first quarter": IncidentFilter(date(2016, 1, 1), date(2016, 3, 31)),
           "Aleppo, 2016": IncidentFilter(date(2016, 1, 1), date(2016, 12, 31), governorates=("Aleppo",)),
           "2016": IncidentFilter(date(2016, 1, 1), date(2016, 12, 31))}


def _found(find) -> str:
    """What one search gave, timed: its pairs, or its refusal."""
    started = time.perf_counter()
    try:
        pairs, _ = find()
        said = f"{len(pairs):,} pairs"
    except AtlasError as refused:
        said = f"refused ({str(refused).split(':')[0]})"
    return f"{said} in {time.perf_counter() - started:.2f} s"


def on_database(url: str, chosen: IncidentFilter | None) -> str:
    """In a fresh process, as an app process would: one search and its peak memory."""
    said = _found(lambda: database_candidates(url, Window(), chosen))
    return f"{said}, peak {peak_megabytes():.0f} MB"


def _compared(url: str, frame: pd.DataFrame, chosen: IncidentFilter | None) -> str:
    """One search on the database (in a fresh process) and on the folder's loaded records."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        database = pool.apply(on_database, (url, chosen))
    return f"database {database}; folder (loaded) {_found(lambda: folder_candidates(frame, Window(), set(), chosen))}"


def main() -> None:
    """Push each size and time the finder on both backends."""
    for cluster, size in each_size(__doc__.splitlines()[0]):
        url, _, frame = pushed_synthetic(cluster, f"duplicates_{size}", size, load_incidents)
        print(f"{size:,} incidents")
        for name, chosen in FILTERS.items():
            print(f"  {name}: {_compared(url, frame, chosen)}")


if __name__ == "__main__":
    main()
