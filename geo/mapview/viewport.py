"""The per-view payload at any scale: incidents one by one when few are in view, grid cells of counts otherwise."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo import schema
from geo.dataset.query import IncidentFilter, filter_mask
from geo.escape import html_text
from geo.labels import TYPE_COLOURS, TYPE_LABELS
from geo.mapview.payload import incident_payload, no_marks

DETAIL_LIMIT = 1_500
MAX_CELLS = 2_500
CELL_PIXELS = 56
VIEW_MARGIN = 0.25


@dataclass(frozen=True)
class Viewport:
    """What the map shows: west, south, east, north (degrees) and zoom."""

    west: float
    south: float
    east: float
    north: float
    zoom: int

    def expanded(self, share: float = VIEW_MARGIN) -> Viewport:
        """The viewport grown on every side, so small pans need no new data."""
        dx, dy = (self.east - self.west) * share, (self.north - self.south) * share
        return Viewport(self.west - dx, self.south - dy, self.east + dx, self.north + dy, self.zoom)

    def covers(self, other: Viewport, margin: float = VIEW_MARGIN) -> bool:
        """True when other lies inside this viewport's margin at the same zoom (its data needs no reload)."""
        wide = self.expanded(margin)
        return (self.zoom == other.zoom and wide.west <= other.west and other.east <= wide.east
                and wide.south <= other.south and other.north <= wide.north)


def pixel_degrees(zoom: int) -> float:
    """Degrees of longitude one screen pixel spans at a zoom level."""
    return 360 / 256 / 2 ** zoom


def viewport_around(center: tuple[float, float], zoom: int, size: tuple[int, int] = (1000, 620)) -> Viewport:
    """The viewport a map of size pixels shows around center at zoom (Web Mercator, approximately)."""
    degrees_per_pixel = pixel_degrees(zoom)
    half_x = size[0] / 2 * degrees_per_pixel
    half_y = size[1] / 2 * degrees_per_pixel * math.cos(math.radians(center[0]))
    return Viewport(center[1] - half_x, center[0] - half_y, center[1] + half_x, center[0] + half_y, zoom)


def _cells(x: np.ndarray, y: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Grid cell of every point (cells grow until there are at most MAX_CELLS): (inverse, counts, size)."""
    size = pixel_degrees(zoom) * CELL_PIXELS
    while True:
        keys = np.floor(x / size).astype(np.int64) * 4_000_037 + np.floor(y / size).astype(np.int64)
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        if len(counts) <= MAX_CELLS:
            return inverse, counts, size
        size *= 2


@dataclass(frozen=True)
class CellSums:
    """Per grid cell: members, sums of their x and y, members per layer (cells x 3) and per type (cells x types),
    members wholly in the date window; and the cells' size in degrees."""

    counts: np.ndarray
    sum_x: np.ndarray
    sum_y: np.ndarray
    layers: np.ndarray
    types: np.ndarray
    inside: np.ndarray
    size: float


def cell_columns(sums: CellSums) -> dict:
    """The cells as the browser draws them: position (mean of members), count, all inside, main layer and type."""
    counts = sums.counts
    main = [schema.INCIDENT_TYPES[i] for i in sums.types.argmax(axis=1)]
    inside = sums.inside.astype(int)
    tips = [f"{n:,} incidents ({a:,} incidents, {h:,} health care, {d:,} displacement); {w:,} wholly in the window; "
            f"mostly {html_text(TYPE_LABELS[t])}. Zoom in to see them one by one."
            for n, (a, h, d), w, t in zip(counts.tolist(), sums.layers.tolist(), inside.tolist(), main, strict=True)]
    return {schema.X: np.round(sums.sum_x / counts, 5).tolist(), schema.Y: np.round(sums.sum_y / counts, 5).tolist(),
            "count": counts.tolist(), "inside": (inside == counts).astype(int).tolist(),
            schema.LAYER: sums.layers.argmax(axis=1).tolist(), "colour": [TYPE_COLOURS[t] for t in main], "tip": tips,
            "size": sums.size}


def _cell_payload(frame: pd.DataFrame, rows: np.ndarray, inside: np.ndarray, zoom: int) -> dict:
    """Counts per grid cell of the given rows (see cell_columns)."""
    x, y = frame[schema.X].to_numpy()[rows], frame[schema.Y].to_numpy()[rows]
    inverse, counts, size = _cells(x, y, zoom)
    cells, kinds = len(counts), len(schema.INCIDENT_TYPES)
    layers = np.bincount(inverse * 3 + frame[schema.LAYER_CODE].to_numpy()[rows], minlength=cells * 3).reshape(cells, 3)
    types = frame[schema.TYPE_CODE].to_numpy()[rows].astype(np.int64).clip(0)
    by_type = np.bincount(inverse * kinds + types, minlength=cells * kinds).reshape(cells, -1)
    return cell_columns(CellSums(counts, np.bincount(inverse, weights=x), np.bincount(inverse, weights=y), layers,
                                 by_type, np.bincount(inverse, weights=inside[rows], minlength=cells), size))


def _within(frame: pd.DataFrame, viewport: Viewport) -> np.ndarray:
    """Which rows are in a viewport, by the rule the In-view table and the map's count use."""
    box = (viewport.west, viewport.south, viewport.east, viewport.north)
    return filter_mask(frame, IncidentFilter(bbox=box, layers=schema.LAYERS, statuses=())).to_numpy()


def view_payload(frame: pd.DataFrame, chosen: IncidentFilter, viewport: Viewport, places: pd.DataFrame,
                 sources: pd.DataFrame) -> dict:
    """What the browser needs for this view: detail when few incidents are in it, cells of counts otherwise.

    Detail covers the view and a margin (the browser counts and clusters only what is in view); cells cover the view
    exactly, so that every cell's count is of incidents in view, and a move asks for new cells.
    """
    kept = filter_mask(frame, replace(chosen, bbox=None)).to_numpy()
    in_view = kept & _within(frame, viewport.expanded())
    inside = np.ones(len(frame), dtype=bool)
    if chosen.date_from:
        inside &= (frame[schema.START] >= pd.Timestamp(chosen.date_from)).to_numpy()
    if chosen.date_to:
        inside &= (frame[schema.END] <= pd.Timestamp(chosen.date_to)).to_numpy()
    draw = frame[schema.DRAW_AS].to_numpy()
    area_shape = (draw == "area") & frame[schema.PLACE_ID].isin(places.index).to_numpy()
    point_like = in_view & (draw != "none") & ~area_shape
    summary = {"matching": int(kept.sum()), "not_drawn": int((kept & (draw == "none")).sum()),
               "in_view": int((in_view & (draw != "none")).sum()), "inside": int((kept & inside).sum())}
    if point_like.sum() <= DETAIL_LIMIT:
        rows = np.flatnonzero(in_view & (draw != "none"))
        subset = frame.iloc[rows].assign(in_window=np.where(inside[rows], "inside", "partly"))
        return {**incident_payload(subset, places, sources, pixel_degrees(viewport.zoom)), **summary,
                "mode": "detail"}
    area_rows = np.flatnonzero(in_view & area_shape)
    area_payload = incident_payload(frame.iloc[area_rows].assign(in_window=np.where(inside[area_rows], "inside",
                                                                                    "partly")),
                                    places, sources, pixel_degrees(viewport.zoom))
    exact = point_like & _within(frame, viewport)
    cells = _cell_payload(frame, np.flatnonzero(exact), inside.astype(float), viewport.zoom)
    return {**area_payload, "marks": no_marks(), "cells": cells, "ids": [], "n": int(in_view.sum()), **summary,
            "mode": "cells"}


def fitted_bounds(frame: pd.DataFrame, margin: float = 0.1) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) around every drawn incident and the areas they are known to, or None."""
    drawn = frame[frame[schema.DRAW_AS] != schema.DRAW_NONE]
    if drawn.empty or drawn[schema.MIN_X].isna().all():
        return None
    west, south = float(drawn[schema.MIN_X].min()), float(drawn[schema.MIN_Y].min())
    east, north = float(drawn[schema.MAX_X].max()), float(drawn[schema.MAX_Y].max())
    return west - margin, south - margin, east + margin, north + margin
