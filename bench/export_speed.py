"""Prints export times: PNG and HTML of the seed map; CSV, GeoJSON and the HTML map of 100k synthetic incidents.

The 100k HTML map is compared with FastMarkerCluster on the same data, each a whole `python` process from start
to a self-contained file written (imports, loading, inlining Leaflet and writing included), and with the bytes of
the data's own CSV.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import PROJECT
from bench.synthetic import write_synthetic_data_dir
from geo import config
from geo.exports.formats import export_view, load_atlas_data
from geo.exports.tables import Snapshot


def _timed(data, fmt: str) -> tuple[float, int, str]:
    """Seconds, bytes and method of one export of the whole dataset."""
    started = time.perf_counter()
    result = export_view(data, Snapshot(), fmt)
    return time.perf_counter() - started, len(result.content), result.method


RUNS = 3
FAST_CLUSTER = """
import sys
from pathlib import Path
from bench.peers import LOCAL, fast_cluster_html
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter
from geo.exports.snapshot import ASSET_BASE, inline_assets
html = fast_cluster_html(load_incidents(Path(sys.argv[1])), IncidentFilter())
Path(sys.argv[2]).write_text(inline_assets(html.replace(LOCAL, ASSET_BASE)), encoding="utf-8")
"""


def _process(command: list[str]) -> float:
    """Seconds one child process takes."""
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT, check=True, capture_output=True)
    return time.perf_counter() - started


def html_against_fast_cluster(data_dir: Path, folder: Path) -> str:
    """The 100k HTML export against FastMarkerCluster: time and bytes, and the data's CSV bytes."""
    ours, peer = folder / "ours.html", folder / "peer.html"
    ours_s = statistics.median(_process([sys.executable, "-m", "geo", "--data", str(data_dir), "export", "--format",
                                         "html", "-o", str(ours)]) for _ in range(RUNS))
    peer_s = statistics.median(_process([sys.executable, "-c", FAST_CLUSTER, str(data_dir), str(peer)])
                               for _ in range(RUNS))
    csv_mb = (data_dir / config.INCIDENTS_FILE).stat().st_size / 1e6
    return (f"100k incidents html map (median of {RUNS} processes each): ours {ours_s:.2f} s, "
            f"{ours.stat().st_size / 1e6:.1f} MB (every popup); "
            f"FastMarkerCluster {peer_s:.2f} s, {peer.stat().st_size / 1e6:.1f} MB (points only); "
            f"ours/peer {ours_s / peer_s:.2f}x time (target <= 1.5x); the data's CSV {csv_mb:.1f} MB "
            f"(target: no more bytes than it)")


def main() -> None:
    """Measure and print."""
    seed = load_atlas_data(config.DEFAULT_DATA_DIR)
    _timed(seed, "png")
    for fmt, target in (("png", 5), ("html", 1)):
        seconds, size, method = _timed(seed, fmt)
        print(f"seed map {fmt}: {seconds:.2f} s, {size / 1e3:.0f} kB ({method}); target <= {target} s")
    with tempfile.TemporaryDirectory() as folder:
        data_dir = write_synthetic_data_dir(Path(folder) / "data", 100_000)
        big = load_atlas_data(data_dir)
        for fmt in ("csv", "geojson"):
            seconds, size, _ = _timed(big, fmt)
            print(f"100k incidents {fmt}: {seconds:.2f} s, {size / 1e6:.1f} MB; target <= 3 s")
        print(html_against_fast_cluster(data_dir, Path(folder)))


if __name__ == "__main__":
    main()
