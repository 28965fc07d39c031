"""Prints how fast the team database answers the map, and that the app process does not grow with the data.

For each size, synthetic incidents (half known only within a radius or to an area, as in bench.app_timing) are
pushed into a throwaway PostGIS cluster; then a filter change is timed as the app asks it: the whole per-view
payload (`geo.database.mapview.database_view_payload`) at country zoom and zoomed on Aleppo, median of 7, each
with another filter (type and year) than the last. The process's peak memory is read after each size.

    python -m bench.team_map [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from bench.postgres_cluster import Cluster, start_cluster
from bench.synthetic import write_synthetic_data_dir
from geo import schema
from geo.database import transfer
from geo.database.connection import upgrade
from geo.database.mapview import database_view_payload
from geo.dataset.query import IncidentFilter
from geo.mapview.viewport import viewport_around

VIEWS = {"country (zoom 7)": viewport_around((35.0, 38.5), 7), "Aleppo (zoom 12)": viewport_around((36.2, 37.15), 12)}
RUNS = 7


def filters() -> list[IncidentFilter]:
    """A filter change per run: another type and year each time (the first: everything)."""
    years = range(2012, 2012 + RUNS - 1)
    return [IncidentFilter()] + [IncidentFilter(date_from=date(y, 1, 1), date_to=date(y, 12, 31),
                                                types=(schema.INCIDENT_TYPES[n], "attack_on_health_care"))
                                 for n, y in enumerate(years)]


def timed(url: str, viewport) -> tuple[float, dict]:
    """Median seconds of a filter change to the payload of a view, and the last payload."""
    seconds, payload = [], {}
    for chosen in filters():
        started = time.perf_counter()
        payload = database_view_payload(url, chosen, viewport)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds[1:]), payload


def peak_megabytes() -> float:
    """This process's peak resident memory (VmHWM, which a new program starts afresh, unlike ru_maxrss)."""
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def serve_views(url: str) -> tuple[list[str], float]:
    """In a fresh process, as an app process would: time each view; what it printed and its peak memory (MB)."""
    lines = []
    for name, viewport in VIEWS.items():
        median, payload = timed(url, viewport)
        lines.append(f"  {name}: filter change -> payload {median:.3f} s median ({payload['mode']}, "
                     f"{payload['matching']:,} matching, {len(payload.get('cells', {}).get('count', []))} cells, "
                     f"{len(payload['marks'][schema.ID])} marks, {len(payload['areas']['place'])} areas)")
    return lines, peak_megabytes()


def pushed_synthetic(cluster: Cluster, name: str, size: int,
                     read: Callable[[Path], object] = lambda data: None) -> tuple[str, float, object]:
    """A new database holding `size` synthetic incidents (a quarter known only within a radius), settled after the
    push as an operator would: its URL, the push's seconds, and what `read` took from the data folder meanwhile."""
    cluster.sql(f"CREATE DATABASE {name}")
    url = cluster.url(name)
    upgrade(url)
    with tempfile.TemporaryDirectory() as folder:
        data = write_synthetic_data_dir(Path(folder) / "data", size, radius_share=0.25)
        started = time.perf_counter()
        transfer.push(url, data)
        pushed = time.perf_counter() - started
        kept = read(data)
    cluster.sql("VACUUM ANALYZE", database=name)
    return url, pushed, kept


def each_size(description: str) -> Iterator[tuple[Cluster, int]]:
    """The sizes asked for (`--sizes`, 100k and 1M by default), each with the throwaway cluster to push them into
    (stopped once all are done)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    options = parser.parse_args()
    cluster = start_cluster(durable=True)
    try:
        for size in options.sizes:
            yield cluster, size
    finally:
        cluster.stop()


def main() -> None:
    """Push each size and time the views."""
    for cluster, size in each_size(__doc__.splitlines()[0]):
        url, pushed, _ = pushed_synthetic(cluster, f"map_{size}", size)
        print(f"{size:,} incidents: db push {pushed:.1f} s")
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            lines, peak = pool.apply(serve_views, (url,))
        print("\n".join(lines))
        print(f"  the serving process's peak memory: {peak:.0f} MB (libraries loaded: about 170 MB)")


if __name__ == "__main__":
    main()
