"""Map snapshots: a standalone offline HTML map, and a PNG rendered by headless Chromium (or matplotlib)."""

from __future__ import annotations

import io
import re
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import config, schema
from geo.dataset.query import governorate_counts, month_steps
from geo.escape import html_text
from geo.labels import TYPE_COLOURS
from geo.mapview.builder import SYRIA_CENTER, SYRIA_ZOOM, MapView, RawHtml, build_map
from geo.mapview.payload import governorate_payload, incident_payload

STATIC_DIR = config.PROJECT_ROOT / "static" / "vendor"
ASSET_BASE = "/app/static/vendor"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
CAPTION_HEIGHT = 64
LEGEND_WIDTH = 250  # the column beside the map that holds the legend
CAPTION_STYLE = (f"position:absolute;left:0;right:0;bottom:0;height:{CAPTION_HEIGHT}px;overflow:hidden;"
                 "font:12px/1.35 sans-serif;background:#fff;padding:6px 10px;box-sizing:border-box;"
                 "border-top:1px solid #999;color:#222")
STILL_CSS = "<style>.leaflet-control-zoom,.ia-play{display:none}</style>"


@dataclass(frozen=True)
class RenderedPng:
    """A PNG snapshot, how it was rendered, and the caption read back from the rendered page."""

    png: bytes
    method: str
    caption: str


def inline_assets(html: str) -> str:
    """Replace links to the locally served Leaflet files by their content (the file works anywhere)."""
    def script(found: re.Match) -> str:
        """An inline <script> with the file's content."""
        content = (STATIC_DIR / found.group(1)).read_text(encoding="utf-8")
        return "<script>" + content.replace("</script", "<\\/script") + "</script>"

    def style(found: re.Match) -> str:
        """An inline <style> with the file's content."""
        return "<style>" + (STATIC_DIR / found.group(1)).read_text(encoding="utf-8") + "</style>"

    html = re.sub(rf'<script src="{ASSET_BASE}/([\w./-]+)"></script>', script, html)
    return re.sub(rf'<link rel="stylesheet" href="{ASSET_BASE}/([\w./-]+)"\s*/>', style, html)


def standalone_html(frame: pd.DataFrame, places: gpd.GeoDataFrame, sources: pd.DataFrame,
                    governorates: dict, layers: tuple[str, ...], caption: str,
                    center: tuple[float, float] | None = None, zoom: int | None = None,
                    bbox: tuple[float, float, float, float] | None = None, density: bool = False,
                    still: bool = False) -> str:
    """A self-contained interactive HTML map of the view: no CDN, no server, the caption under it.

    With still=True the zoom and play controls are hidden (for PNG snapshots).
    """
    payload = incident_payload(frame, places, sources)
    view = MapView(payload, month_steps(frame), center or SYRIA_CENTER, zoom or SYRIA_ZOOM, layers, density,
                   governorate_payload(governorates, governorate_counts(frame)) if density else None,
                   fit_bounds=bbox)
    fmap = build_map(view, governorates, legend_beside=True)
    fmap.get_root().header.add_child(RawHtml(
        f"<style>.folium-map{{height:calc(100% - {CAPTION_HEIGHT}px) !important;"
        f"width:calc(100% - {LEGEND_WIDTH}px) !important}}.ia-legend-beside{{bottom:{CAPTION_HEIGHT}px}}</style>"))
    fmap.get_root().html.add_child(RawHtml(
        f'<div id="atlas-caption" style="{CAPTION_STYLE}">{html_text(caption)}</div>'))
    if still:
        fmap.get_root().header.add_child(RawHtml(STILL_CSS))
    return inline_assets(fmap.get_root().render())


def render_png(html: str, size: tuple[int, int]) -> RenderedPng:
    """Screenshot the standalone map in headless Chromium with the network shut; fall back when missing."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"Chromium not found at {CHROMIUM}; install it with "
                                "'apt-get install -y chromium chromium-driver'")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "map.html"
        page_file.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": size[0], "height": size[1]}, offline=True)
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                          else route.abort())
            page = context.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_selector("[data-atlas-drawn]", timeout=20_000, state="attached")
            page.wait_for_selector("[data-symbols-moved]", timeout=5_000, state="attached")  # symbols off the names
            page.wait_for_timeout(150)
            caption = page.inner_text("#atlas-caption")
            png = page.screenshot(type="png")
        finally:
            browser.close()
    return RenderedPng(png, "headless Chromium", caption)


def static_png(frame: pd.DataFrame, places: gpd.GeoDataFrame, governorates: dict, caption: str,
               size: tuple[int, int], bbox: tuple[float, float, float, float] | None = None) -> RenderedPng:
    """The fallback: a static map drawn with GeoPandas/matplotlib on the offline outline basemap."""
    import matplotlib

    matplotlib.use("Agg")

    import matplotlib.pyplot as plt

    outlines = gpd.GeoDataFrame.from_features(governorates["features"], crs="EPSG:4326")
    figure, axis = plt.subplots(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    outlines.plot(ax=axis, color="#f4f1ea", edgecolor="#777", linewidth=0.6)
    areas = frame[frame[schema.DRAW_AS] == "area"]
    if not areas.empty:
        shapes = gpd.GeoSeries(areas[schema.PLACE_ID].map(places.geometry).dropna(), crs="EPSG:4326")
        shapes.plot(ax=axis, facecolor="none", edgecolor="#555", linewidth=1.2, hatch="//", linestyle="--")
    points = frame[frame[schema.DRAW_AS] == "point"]
    colours = points[schema.TYPE].map(TYPE_COLOURS).fillna("#444")
    inside = points[schema.IN_WINDOW] == "inside"
    axis.scatter(points[schema.X][inside], points[schema.Y][inside], c=colours[inside], s=40,
                 edgecolors=colours[inside])
    axis.scatter(points[schema.X][~inside], points[schema.Y][~inside], facecolors="none", edgecolors=colours[~inside],
                 s=40)
    if bbox:
        axis.set_xlim(bbox[0], bbox[2])
        axis.set_ylim(bbox[1], bbox[3])
    axis.set_axis_off()
    stated = caption + " · rendered without a browser (static fallback)"
    figure.text(0.01, 0.01, "\n".join(textwrap.wrap(stated, 180)), fontsize=7, va="bottom")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    return RenderedPng(buffer.getvalue(), "static matplotlib fallback (Chromium missing)", stated)
