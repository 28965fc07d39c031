"""Prints: seconds from `streamlit run` to incidents drawn in headless Chromium, and a filter change redrawn."""

from __future__ import annotations

import statistics
import time

from playwright.sync_api import Page, sync_playwright

from bench.harness import CHROMIUM, CHROMIUM_FLAGS, start_streamlit, wait_until_healthy

RUNS = 7  # fresh app processes per data set: a filter change varies by ±0.2 s from run to run


def _drawn(page: Page) -> int | None:
    """Incidents drawn by the map iframe, or None while it is not ready."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            value = frame.evaluate("() => { const d = document.querySelector('#map_div');"
                                   " return d ? d.getAttribute('data-atlas-drawn') : null; }")
            if value is not None:
                return int(value)
    return None


def _wait(page: Page, condition, limit: float = 60) -> float:
    """Seconds until condition(drawn) holds, polling every 20 ms."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            value = _drawn(page)
        except Exception:  # the iframe is being replaced
            value = None
        if condition(value):
            return time.perf_counter() - started
        page.wait_for_timeout(20)
    raise TimeoutError("the map did not draw")


def _symbols(page: Page) -> int:
    """Symbols the map iframe has drawn: markers (points, clusters, badges) and interactive shapes."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame.evaluate("() => document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon,"
                                  " .leaflet-overlay-pane path.leaflet-interactive').length")
    return 0


ZOOMS = (6, 8, 10, 12, 14)
DENSEST = (36.2, 37.16)  # Aleppo: the synthetic set, like the real ones, is densest there
THE_MAP = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getZoom)]"


def _most_symbols_zoomed(page: Page) -> int:
    """The most symbols drawn at any of ZOOMS over the densest place (each view given time to reload)."""
    most = 0
    for zoom in ZOOMS:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                frame.evaluate(f"() => {THE_MAP}.setView([{DENSEST[0]}, {DENSEST[1]}], {zoom})")
                break
        page.wait_for_timeout(4000)
        most = max(most, _symbols(page))
    return most


def measure_once(browser, data: str | None = None) -> tuple[float, float, int]:
    """(start to drawn, filter change to redrawn, most symbols drawn at any zoom) for one fresh app process."""
    started = time.perf_counter()
    process, url = start_streamlit({"ATLAS_DATA_DIR": data} if data else None)
    try:
        wait_until_healthy(url, process)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        _wait(page, lambda v: v is not None and v > 0)
        to_drawn = time.perf_counter() - started
        before = _drawn(page)
        page.wait_for_timeout(500)
        first_symbols = _symbols(page)
        box = page.locator("[data-testid='stMultiSelect']").first
        box.locator("input").click()
        box.locator("input").fill("Chemical")
        changed = time.perf_counter()
        page.get_by_role("option", name="Chemical attack", exact=True).click()
        _wait(page, lambda v: v is not None and v != before)
        redrawn = time.perf_counter() - changed
        symbols = max(first_symbols, _symbols(page), _most_symbols_zoomed(page))
        page.close()
        return to_drawn, redrawn, symbols
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    """Measure --runs times on the bundled data (and on a synthetic set if asked); print each run and the median."""
    import argparse
    import tempfile
    from pathlib import Path

    from bench.synthetic import write_synthetic_data_dir

    parser = argparse.ArgumentParser(prog="python -m bench.app_timing")
    parser.add_argument("--synthetic", type=int, default=0, help="also time N synthetic incidents (e.g. 100000)")
    parser.add_argument("--runs", type=int, default=RUNS, help="fresh app processes per data set (default 7)")
    parser.add_argument("--radius-share", type=float, default=0.5, help="share known only within 25 km")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        sets = [("bundled data", None)]
        if arguments.synthetic:
            data = write_synthetic_data_dir(Path(folder) / "data", arguments.synthetic, parquet=True,
                                            radius_share=arguments.radius_share)
            sets.append((f"{arguments.synthetic:,} synthetic", str(data)))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for label, data in sets:
            _report(label, [measure_once(browser, data) for _ in range(arguments.runs)])
        browser.close()


def _report(label: str, results: list[tuple[float, float, int]]) -> None:
    """Each run and the median of one data set."""
    for number, (to_drawn, redrawn, symbols) in enumerate(results, 1):
        print(f"{label}, run {number}: streamlit run -> incidents drawn {to_drawn:.2f} s; "
              f"filter change -> redrawn {redrawn:.2f} s; {symbols} symbols drawn")
    drawn_times, redraw_times = sorted(r[0] for r in results), sorted(r[1] for r in results)
    print(f"{label}, median: start to drawn {statistics.median(drawn_times):.2f} s; filter change redrawn "
          f"{statistics.median(redraw_times):.2f} s; at most {max(r[2] for r in results)} symbols at zooms {ZOOMS}")


if __name__ == "__main__":
    main()
