"""Paths and constants shared by the library, the CLI and the app."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DATA_DIR_ENV = "ATLAS_DATA_DIR"

INCIDENTS_FILE = "incidents.csv"
INCIDENTS_PARQUET_FILE = "incidents.parquet"
SOURCES_FILE = "sources.csv"
PLACES_FILE = "places.geojson"
TOTALS_FILE = "totals.csv"
GAZETTEER_ADDITIONS_FILE = "gazetteer_additions.geojson"
REVISIONS_FILE = "revisions.jsonl"
CURATION_FILE = "curation.csv"
FOLDED_FILE = "revisions_folded.json"
DECISIONS_FILE = "duplicate_decisions.jsonl"
FOLD_EVERY_ENV = "ATLAS_FOLD_EVERY"
DEFAULT_FOLD_EVERY = 250  # one edit in 250 rewrites the incidents file; the others append one line
CURATED_PLACES_FILE = Path("gazetteer") / "curated_places.geojson"
GOVERNORATES_FILE = Path("boundaries") / "syria_governorates.geojson"
COUNTRY_FILE = Path("boundaries") / "syria.geojson"

DOCS_DIR_ENV = "ATLAS_DOCS_DIR"
TILES_URL_ENV = "ATLAS_TILES_URL"
TILES_ATTRIBUTION_ENV = "ATLAS_TILES_ATTRIBUTION"
VECTOR_BASEMAP_ENV = "ATLAS_BASEMAP_PMTILES"
STATIC_DIR = PROJECT_ROOT / "static"
STATIC_URL = "/app/static"
DEFAULT_VECTOR_BASEMAP = "basemap.pmtiles"
MAX_STATIC_BYTES = 200 * 1024 * 1024  # the most Streamlit's static serving sends
PMTILES_MAGIC = b"PMTiles\x03"
PMTILES_HEADER_BYTES, PMTILES_TILE_TYPE_AT, PMTILES_MAX_ZOOM_AT, PMTILES_VECTOR_TYPE = 127, 99, 101, 1
MAX_PMTILES_ZOOM = 30
PUBLIC_URL_ENV = "ATLAS_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8501/"

MAX_DOCUMENT_BYTES = 20_000_000
SYRIA_BOUNDS = (35.7, 32.3, 42.4, 37.35)


def fold_every() -> int:
    """How many revisions are appended before the data files are rewritten with them ($ATLAS_FOLD_EVERY, 250)."""
    try:
        return max(1, int(os.environ.get(FOLD_EVERY_ENV, DEFAULT_FOLD_EVERY)))
    except ValueError:
        return DEFAULT_FOLD_EVERY


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Return the data directory: the explicit one, else $ATLAS_DATA_DIR, else the project's data/."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DATA_DIR_ENV)
    return Path(from_env) if from_env else DEFAULT_DATA_DIR


def resolve_docs_dir() -> Path | None:
    """A further folder of source documents' text, $ATLAS_DOCS_DIR, or None: the documents read into an atlas are
    kept with its data (a folder's documents/, the team database's stored files); this only adds one to read."""
    from_env = os.environ.get(DOCS_DIR_ENV)
    return Path(from_env) if from_env else None


def tiles_setting() -> tuple[str | None, str]:
    """The configured tile server URL template and attribution; (None, '') means the offline basemap."""
    return os.environ.get(TILES_URL_ENV) or None, os.environ.get(TILES_ATTRIBUTION_ENV, "")


@dataclass(frozen=True)
class LocalBasemap:
    """A PMTiles vector archive inside static/: the URL the app serves it at and its deepest zoom."""

    url: str
    max_zoom: int


def _archive_problem(path: Path) -> tuple[str, int]:
    """Why a file cannot be the vector basemap ('' when it can), and the deepest zoom its header gives."""
    if not path.is_file():
        return f"no file at {path}", 0
    if path.stat().st_size > MAX_STATIC_BYTES:
        return (f"{path.name} is over {MAX_STATIC_BYTES // 2**20} MB, more than the app can serve; extract fewer "
                "zoom levels (see the README)"), 0
    with path.open("rb") as archive:
        header = archive.read(PMTILES_HEADER_BYTES)
    if len(header) < PMTILES_HEADER_BYTES or not header.startswith(PMTILES_MAGIC):
        return f"{path.name} is not a PMTiles version 3 archive", 0
    if header[PMTILES_TILE_TYPE_AT] != PMTILES_VECTOR_TYPE:
        return f"{path.name} holds raster tiles; a vector (MVT) archive is needed", 0
    absurd = _header_problem(header, path.stat().st_size)
    if absurd:
        return f"{path.name} is damaged or truncated: its header {absurd}", 0
    return "", header[PMTILES_MAX_ZOOM_AT]


def _header_problem(header: bytes, size: int) -> str:
    """What a PMTiles v3 header says that cannot be ('' when nothing): a section past the end of the file, zooms
    out of order or past 30, bounds off the globe."""
    sections = struct.unpack_from("<8Q", header, 8)
    for (offset, length), name in zip(zip(sections[::2], sections[1::2], strict=True),
                                      ("root directory", "metadata", "leaf directories", "tile data"), strict=True):
        if offset + length > size or (name == "root directory" and (offset < PMTILES_HEADER_BYTES or not length)):
            return f"puts its {name} at bytes {offset:,}-{offset + length:,} of a {size:,}-byte file"
    min_zoom, max_zoom = header[PMTILES_MAX_ZOOM_AT - 1], header[PMTILES_MAX_ZOOM_AT]
    if not min_zoom <= max_zoom <= MAX_PMTILES_ZOOM:
        return f"gives zooms {min_zoom} to {max_zoom}"
    west, south, east, north = (value / 1e7 for value in struct.unpack_from("<4i", header, 102))
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return f"gives bounds {west:g}, {south:g}, {east:g}, {north:g}"
    return ""


def vector_basemap_setting() -> tuple[LocalBasemap | None, str]:
    """The local PMTiles basemap the app serves (or None), and why a configured one cannot be used ('' when fine)."""
    wanted = os.environ.get(VECTOR_BASEMAP_ENV, "").strip()
    path = Path(wanted) if wanted else Path(DEFAULT_VECTOR_BASEMAP)
    path = (path if path.is_absolute() else STATIC_DIR / path).resolve()
    if not wanted and not path.is_file():
        return None, ""
    if not path.is_relative_to(STATIC_DIR.resolve()) or path.suffix != ".pmtiles":
        return None, f"{VECTOR_BASEMAP_ENV} must name a .pmtiles file inside {STATIC_DIR} (the folder the app serves)"
    problem, max_zoom = _archive_problem(path)
    if problem:
        return None, f"{VECTOR_BASEMAP_ENV}: {problem}"
    return LocalBasemap(f"{STATIC_URL}/{quote(path.relative_to(STATIC_DIR.resolve()).as_posix())}", max_zoom), ""


def public_url() -> str:
    """The address permalinks point to: $ATLAS_PUBLIC_URL, else this machine's app."""
    return os.environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL
