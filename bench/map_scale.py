"""Scale benchmark: folium peers and ours at 1k-1M synthetic incidents, side by side, each saying what it shows.

python -m bench.map_scale [--sizes 1000,10000,100000,1000000] [--no-browser] [--no-app]
Each (peer, N) is built in its own process, so its peak memory is its own; the browser times load the HTML
in headless Chromium with the network off. Then the real app is run on the same data and driven by Chromium:
its first draw, and the pan/zoom round trip (rerun, new payload, st_folium re-render) that our design pays
and the one-page peers do not.
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

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.harness import CHROMIUM, CHROMIUM_FLAGS, PROJECT

PEERS = ("naive", "naive+popups", "fastmarkercluster", "heatmap", "ours-export", "ours-view")
SKIP = {("naive", 100_000): "browser", ("naive+popups", 100_000): "browser", ("naive", 1_000_000): "all",
        ("naive+popups", 1_000_000): "all"}
REASONS = {"browser": "browser not measured here (GUIDE section 5: 8+ minutes to a first frame at 100k)",
           "all": "not measured: a Python object and a DOM marker per point"}
APP_SIZES = (100_000, 1_000_000)
CITY_VIEW = ((36.2, 37.15), 11)
COUNTRY_VIEW = ((34.85, 38.4), 7)
BROWSER_LIMIT_MS = 180_000
FILTER_FROM = date(2013, 1, 1)


def build_one(peer: str, data_dir: Path, output: Path) -> dict:
    """In this process: load the data (not timed), apply a filter change, time the map HTML; report peak memory."""
    from bench.peers import fast_cluster_html, heatmap_html, naive_html, ours_export_html, ours_view_html
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
    html = {"naive": lambda: naive_html(frame, chosen), "naive+popups": lambda: naive_html(frame, chosen, True),
            "fastmarkercluster": lambda: fast_cluster_html(frame, chosen),
            "heatmap": lambda: heatmap_html(frame, chosen),
            "ours-export": lambda: ours_export_html(frame, places, sources, chosen),
            "ours-view": lambda: ours_view_html(frame, places, sources, chosen)}[peer]()
    seconds = time.perf_counter() - started
    output.write_text(html, encoding="utf-8")
    return {"server_s": seconds, "bytes": len(html.encode()), "load_s": loaded, "read_s": read,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def browser_seconds(browser, page_file: Path, peer: str) -> tuple[float, int]:
    """Seconds from navigation until the map has drawn, and how many map elements it drew."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, offline=True)
    try:
        page = context.new_page()
        page.set_default_timeout(BROWSER_LIMIT_MS)
        started = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="load")
        if peer.startswith("ours"):
            page.wait_for_selector("[data-atlas-drawn]", state="attached")
        elif peer == "heatmap":
            page.wait_for_selector("canvas.leaflet-heatmap-layer", state="attached")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        seconds = time.perf_counter() - started
        elements = page.evaluate("() => document.querySelectorAll('.leaflet-marker-icon, path.leaflet-interactive, "
                                 "canvas.leaflet-heatmap-layer').length")
    finally:
        context.close()
    return seconds, elements


def _data_dir(root: Path, size: int) -> Path:
    """A synthetic data directory of size incidents (GeoParquet), made once per run."""
    from bench.synthetic import write_synthetic_data_dir

    folder = root / f"n{size}"
    return folder if (folder / "incidents.parquet").is_file() else write_synthetic_data_dir(folder, size, parquet=True)


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
        try:
            row["browser_s"], row["elements"] = browser_seconds(browser, page_file, peer)
        except PlaywrightTimeout:
            row["note"] = f"the page did not draw within {BROWSER_LIMIT_MS // 1000} s (not a figure)"
        if row.get("elements") == 0:
            row["note"] = "drew nothing: check this peer"
    page_file.unlink(missing_ok=True)
    return row


def measure(sizes: list[int], with_browser: bool = True, with_app: bool = True) -> tuple[list[dict], str]:
    """Every (N, peer) measurement, in order, and the app's round-trip lines."""
    from playwright.sync_api import sync_playwright

    rows, app_lines = [], ""
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS) if with_browser else None
        for size in sizes:
            data_dir = _data_dir(Path(folder), size)
            rows += [_row(peer, size, data_dir, Path(folder), browser) for peer in PEERS]
        if browser and with_app:
            app_lines = app_table(browser, Path(folder), sizes)
        if browser:
            browser.close()
    return rows, app_lines


def _ratio(ours: dict, other: dict, key: str) -> str:
    """other/ours as 'N.Nx', or '-' when either is missing."""
    return f"{other[key] / ours[key]:,.1f}x" if key in ours and key in other and ours[key] else "-"


def table(rows: list[dict]) -> str:
    """The side-by-side table, what each map shows, ratios to ours, and where a peer wins."""
    from bench.peers import OUTPUTS

    lines = [f"{'N':>9} {'map':<18} {'shows':<30} {'filter->HTML s':>14} {'HTML MB':>8} {'browser s':>9} "
             f"{'peak MB':>8} {'drawn':>7}  note", "-" * 128]
    for row in rows:
        lines.append(f"{row['n']:>9,} {row['peer']:<18} {OUTPUTS[row['peer']]:<30} "
                     f"{row.get('server_s', float('nan')):>14.3f} {row.get('bytes', float('nan')) / 1e6:>8.2f} "
                     f"{row.get('browser_s', float('nan')):>9.2f} {row.get('peak_mb', float('nan')):>8.0f} "
                     f"{row.get('elements', '-'):>7}  {row.get('note', '')}")
    lines.append("")
    for size in sorted({r["n"] for r in rows}):
        by_peer = {r["peer"]: r for r in rows if r["n"] == size}
        for ours in ("ours-export", "ours-view"):
            for peer in (p for p in PEERS if not p.startswith("ours")):
                other = by_peer[peer]
                lines.append(f"N={size:,}: {peer} / {ours} = {_ratio(by_peer[ours], other, 'server_s')} server time, "
                             f"{_ratio(by_peer[ours], other, 'bytes')} bytes, "
                             f"{_ratio(by_peer[ours], other, 'browser_s')} browser time")
        wins = [f"{peer} beats {ours} on {key}" for ours in ("ours-export", "ours-view") for peer in PEERS
                if not peer.startswith("ours") for key in ("server_s", "bytes", "browser_s")
                if key in by_peer[peer] and key in by_peer[ours] and by_peer[peer][key] < by_peer[ours][key]]
        lines.append(f"N={size:,}: where a peer wins: {'; '.join(wins) or 'nowhere'}")
    return "\n".join(lines)


def app_round_trip(browser, data_dir: Path) -> dict:
    """The real app on data_dir: first draw, then a zoom onto Aleppo and back, each until the map has redrawn."""
    from bench.app_timing import _drawn, _wait
    from bench.harness import start_streamlit, wait_until_healthy

    started = time.perf_counter()
    process, url = start_streamlit({"ATLAS_DATA_DIR": str(data_dir)})
    try:
        wait_until_healthy(url, process, limit=180)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        _wait(page, lambda v: v is not None and v > 0, limit=300)
        figures = {"first_draw_s": time.perf_counter() - started}
        for label, (center, zoom) in (("zoom_in_s", CITY_VIEW), ("zoom_out_s", COUNTRY_VIEW)):
            before = _drawn(page)
            frame = next(f for f in page.frames if "streamlit_folium" in f.url)
            moved = time.perf_counter()
            frame.evaluate(f"() => window.atlasMap.map.setView([{center[0]}, {center[1]}], {zoom})")
            _wait(page, lambda v, before=before: v is not None and v != before, limit=120)
            figures[label] = time.perf_counter() - moved
        page.close()
        return figures
    finally:
        process.terminate()
        process.wait(timeout=30)


def app_table(browser, root: Path, sizes: list[int]) -> str:
    """Lines for the app's own figures at the sizes of APP_SIZES that were asked for."""
    lines = ["", "the app (streamlit run, Chromium), country view then a zoom onto Aleppo (z11) and back:"]
    for size in (s for s in sizes if s in APP_SIZES):
        figures = app_round_trip(browser, _data_dir(root, size))
        lines.append(f"N={size:,}: start to first draw {figures['first_draw_s']:.1f} s; zoom in redrawn "
                     f"{figures['zoom_in_s']:.2f} s; zoom out redrawn {figures['zoom_out_s']:.2f} s "
                     "(the peers pay no such round trip: their one page holds everything)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table (or, with --one, measure one build in this process)."""
    parser = argparse.ArgumentParser(prog="python -m bench.map_scale")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-app", action="store_true", help="skip the app's pan/zoom round trip")
    parser.add_argument("--one", nargs=3, metavar=("PEER", "DATA_DIR", "OUTPUT"))
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(build_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return
    rows, app_lines = measure([int(s) for s in args.sizes.split(",")], not args.no_browser, not args.no_app)
    print(table(rows) + app_lines)


if __name__ == "__main__":
    main()
