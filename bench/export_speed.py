"""Prints export times: PNG and HTML of the seed map, CSV and GeoJSON of 100k synthetic incidents."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.synthetic import write_synthetic_data_dir
from geo import config
from geo.exports.formats import export_view, load_atlas_data
from geo.exports.tables import Snapshot


def _timed(data, fmt: str) -> tuple[float, int, str]:
    """Seconds, bytes and method of one export of the whole dataset."""
    started = time.perf_counter()
    result = export_view(data, Snapshot(), fmt)
    return time.perf_counter() - started, len(result.content), result.method


def main() -> None:
    """Measure and print."""
    seed = load_atlas_data(config.DEFAULT_DATA_DIR)
    _timed(seed, "png")
    for fmt, target in (("png", 5), ("html", 1)):
        seconds, size, method = _timed(seed, fmt)
        print(f"seed map {fmt}: {seconds:.2f} s, {size / 1e3:.0f} kB ({method}); target <= {target} s")
    with tempfile.TemporaryDirectory() as folder:
        big = load_atlas_data(write_synthetic_data_dir(Path(folder) / "data", 100_000))
        for fmt in ("csv", "geojson"):
            seconds, size, _ = _timed(big, fmt)
            print(f"100k incidents {fmt}: {seconds:.2f} s, {size / 1e6:.1f} MB; target <= 3 s")


if __name__ == "__main__":
    main()
