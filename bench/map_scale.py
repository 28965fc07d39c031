"""Scale benchmark: naive folium vs FastMarkerCluster vs ours at 1k-1M synthetic incidents, side by side.

python -m bench.map_scale [--sizes 1000,10000,100000,1000000] [--no-browser]
Each (peer, N) is built in its own process, so its peak memory is its own; the browser times load the HTML
in headless Chromium with the network off.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.harness import CHROMIUM, CHROMIUM_FLAGS, PROJECT

PEERS = ("naive", "fastmarkercluster", "ours")
SKIP = {("naive", 100_000): "browser", ("naive", 1_000_000): "all"}
REASONS = {"browser": "browser skipped: one DOM marker per point, 8+ minutes to a first frame at 100k",
           "all": "skipped: about 15 minutes to build and a 600 MB page"}
FILTER_FROM = date(2013, 1, 1)


def build_one(peer: str, data_dir: Path, output: Path) -> dict:
    """In this process: load the data (not timed), apply a filter change, time the map HTML; report peak memory."""
    from bench.peers import fast_cluster_html, naive_html, ours_html
    from geo.dataset.load import load_incidents, load_places, load_sources
    from geo.dataset.query import IncidentFilter
    from geo.files.columnar import load_incidents_parquet

    started = time.perf_counter()
    load_incidents_parquet(data_dir / "incidents.parquet")
    read = time.perf_counter() - started
    started = time.perf_counter()
    frame, places, sources = load_incidents(data_dir), load_places(data_dir), load_sources(data_dir)
    loaded = time.perf_counter() - started
    chosen = IncidentFilter(date_from=FILTER_FROM)
    started = time.perf_counter()
    html = {"naive": lambda: naive_html(frame, chosen), "fastmarkercluster": lambda: fast_cluster_html(frame, chosen),
            "ours": lambda: ours_html(frame, places, sources, chosen)}[peer]()
    seconds = time.perf_counter() - started
    output.write_text(html, encoding="utf-8")
    return {"server_s": seconds, "bytes": len(html.encode()), "load_s": loaded, "read_s": read,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def browser_seconds(browser, page_file: Path, peer: str) -> tuple[float, int]:
    """Seconds from navigation until the map has drawn, and how many map elements it drew."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    page = context.new_page()
    page.set_default_timeout(600_000)
    started = time.perf_counter()
    page.goto(page_file.as_uri(), wait_until="load")
    if peer == "ours":
        page.wait_for_selector("[data-atlas-drawn]", state="attached")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    seconds = time.perf_counter() - started
    elements = page.evaluate("() => document.querySelectorAll('.leaflet-marker-icon, path.leaflet-interactive')"
                             ".length")
    context.close()
    return seconds, elements


def _data_dir(root: Path, size: int) -> Path:
    """A synthetic data directory of size incidents (GeoParquet), made once per run."""
    from bench.synthetic import write_synthetic_data_dir

    return write_synthetic_data_dir(root / f"n{size}", size, parquet=True)


def _row(peer: str, size: int, data_dir: Path, folder: Path, browser) -> dict:
    """Measure one cell of the table (in a child process for the server side)."""
    skip = SKIP.get((peer, size))
    if skip == "all":
        return {"peer": peer, "n": size, "note": REASONS["all"]}
    page_file = folder / f"{peer}-{size}.html"
    child = subprocess.run([sys.executable, "-m", "bench.map_scale", "--one", peer, str(data_dir), str(page_file)],
                           cwd=PROJECT, capture_output=True, text=True, check=True)
    row = {"peer": peer, "n": size, **json.loads(child.stdout.strip().splitlines()[-1])}
    if browser is None:
        row["note"] = "browser not measured (--no-browser)"
    elif skip == "browser":
        row["note"] = REASONS["browser"]
    else:
        row["browser_s"], row["elements"] = browser_seconds(browser, page_file, peer)
        if not row["elements"]:
            row["note"] = "drew nothing: check this peer"
    page_file.unlink(missing_ok=True)
    return row


def measure(sizes: list[int], with_browser: bool = True) -> list[dict]:
    """Every (N, peer) measurement, in order."""
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS) if with_browser else None
        for size in sizes:
            data_dir = _data_dir(Path(folder), size)
            rows += [_row(peer, size, data_dir, Path(folder), browser) for peer in PEERS]
        if browser:
            browser.close()
    return rows


def _ratio(ours: dict, other: dict, key: str) -> str:
    """other/ours as 'N.Nx', or '-' when either is missing."""
    return f"{other[key] / ours[key]:,.1f}x" if key in ours and key in other and ours[key] else "-"


def table(rows: list[dict]) -> str:
    """The side-by-side table with ratios."""
    lines = [f"{'N':>9} {'map':<18} {'filter->HTML s':>14} {'HTML MB':>9} {'browser s':>10} {'peak MB':>8} "
             f"{'drawn':>7}  note", "-" * 104]
    for row in rows:
        lines.append(f"{row['n']:>9,} {row['peer']:<18} {row.get('server_s', float('nan')):>14.3f} "
                     f"{row.get('bytes', float('nan')) / 1e6:>9.2f} {row.get('browser_s', float('nan')):>10.2f} "
                     f"{row.get('peak_mb', float('nan')):>8.0f} {row.get('elements', '-'):>7}  {row.get('note', '')}")
    lines.append("")
    for row in rows:
        if row["peer"] == "ours" and "read_s" in row:
            lines.append(f"N={row['n']:,}: GeoParquet read {row['read_s']:.2f} s; load with types, places and "
                         f"governorates joined {row['load_s']:.2f} s")
    lines.append("")
    for size in sorted({r["n"] for r in rows}):
        by_peer = {r["peer"]: r for r in rows if r["n"] == size}
        ours = by_peer["ours"]
        for peer in ("naive", "fastmarkercluster"):
            other = by_peer[peer]
            lines.append(f"N={size:,}: {peer} / ours = {_ratio(ours, other, 'server_s')} server time, "
                         f"{_ratio(ours, other, 'bytes')} bytes, {_ratio(ours, other, 'browser_s')} browser time")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table (or, with --one, measure one build in this process)."""
    parser = argparse.ArgumentParser(prog="python -m bench.map_scale")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("PEER", "DATA_DIR", "OUTPUT"))
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(build_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return
    rows = measure([int(s) for s in args.sizes.split(",")], not args.no_browser)
    print(table(rows))


if __name__ == "__main__":
    main()
