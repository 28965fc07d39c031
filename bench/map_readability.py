"""Can a person read the map on a real dataset? The bundled data with Insecurity Insight's attacks on health care
imported, opened in Chromium at zooms 6 to 12 over Syria, Aleppo and Idlib; for each view prints the place names
shown, how many of them a data symbol touches (drawn under the name, which stays readable), pairs of symbols
overlapping by more than a fifth of the smaller, pairs of area fills on one pixel, and the legend's share of the
map. Screenshots go to artifacts/browser/readability-*.png."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from bench.harness import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, PROJECT, start_streamlit, wait_until_healthy

DATASET = PROJECT.parent / "shared" / "datasets" / "insecurity_insight_attacks_on_health_care_2016-2023_SYR.csv"
VIEWS = (("Syria", 35.0, 38.5, 6), ("Syria", 35.0, 38.5, 7), ("Idlib", 35.9, 36.6, 9), ("Aleppo", 36.2, 37.16, 11),
         ("Aleppo", 36.2, 37.16, 12))
THE_MAP = "window.atlasMap.map"
MEASURE = """() => {
  const boxes = sel => Array.from(document.querySelectorAll(sel)).map(e => e.getBoundingClientRect())
    .filter(b => b.width > 0 && b.height > 0);
  const meet = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
    * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const labels = boxes('.ia-label-city, .ia-label-town');
  const symbols = boxes('.leaflet-marker-pane .leaflet-marker-icon');
  const fills = Array.from(document.querySelectorAll('path.ia-area'))
    .filter(p => parseFloat(p.getAttribute('fill-opacity') || '0') > 0).map(p => p.getBoundingClientRect());
  let touched = 0, crowded = 0, stacked = 0;
  labels.forEach(l => { if (symbols.some(s => meet(l, s) > 0)) { touched += 1; } });
  symbols.forEach((a, i) => symbols.slice(i + 1).forEach(b => {
    if (meet(a, b) > 0.2 * Math.min(a.width * a.height, b.width * b.height)) { crowded += 1; } }));
  fills.forEach((a, i) => fills.slice(i + 1).forEach(b => { if (meet(a, b) > 0) { stacked += 1; } }));
  const legend = document.querySelector('.ia-legend').getBoundingClientRect();
  const map = document.querySelector('#map_div').getBoundingClientRect();
  return [labels.length, touched, symbols.length, crowded, stacked,
          legend.width * legend.height / (map.width * map.height)];
}"""


def _data_with_the_dataset(folder: Path) -> Path:
    """A copy of the bundled data with the dataset imported."""
    data = folder / "data"
    shutil.copytree(PROJECT / "data", data)
    subprocess.run([sys.executable, "-m", "geo", "--data", str(data), "import", str(DATASET)], check=True,
                   cwd=PROJECT, capture_output=True)
    return data


def main(argv: list[str] | None = None) -> None:
    """Open each view and print what a reader meets there."""
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    if not DATASET.is_file():
        sys.exit(f"the dataset is not at {DATASET}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        process, url = start_streamlit({"ATLAS_DATA_DIR": str(_data_with_the_dataset(Path(scratch)))})
        try:
            wait_until_healthy(url, process)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url)
                frame = next(f for f in _frames(page) if "streamlit_folium" in f.url)
                for name, lat, lon, zoom in VIEWS:
                    frame.evaluate(f"() => {THE_MAP}.setView([{lat}, {lon}], {zoom})")
                    page.wait_for_timeout(6_000)
                    frame = next(f for f in _frames(page) if "streamlit_folium" in f.url)
                    labels, touched, symbols, crowded, stacked, share = frame.evaluate(MEASURE)
                    print(f"{name:>6} zoom {zoom:2d}: {labels:3d} city and town names shown, {touched} touched by a "
                          f"symbol (drawn under the name); {symbols:3d} symbols, {crowded} pairs overlapping by more "
                          f"than a fifth; {stacked} pairs of area fills on one pixel; legend {share:.1%} of the map",
                          flush=True)
                    page.screenshot(path=str(ARTIFACTS / f"readability-{name.lower()}-{zoom}.png"))
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


def _frames(page) -> list:
    """The page's frames, waiting (up to a minute) for the map's to have drawn its incidents."""
    for _ in range(300):
        for frame in page.frames:
            try:
                if "streamlit_folium" in frame.url and frame.query_selector("#map_div[data-atlas-drawn]"):
                    return page.frames
            except PlaywrightError:  # a frame replaced while we looked
                continue
        page.wait_for_timeout(200)
    return page.frames


if __name__ == "__main__":
    main()
