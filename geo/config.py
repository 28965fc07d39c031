"""Paths and constants shared by the library, the CLI and the app."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DATA_DIR_ENV = "ATLAS_DATA_DIR"

INCIDENTS_FILE = "incidents.csv"
INCIDENTS_PARQUET_FILE = "incidents.parquet"
SOURCES_FILE = "sources.csv"
PLACES_FILE = "places.geojson"
TOTALS_FILE = "totals.csv"
GAZETTEER_ADDITIONS_FILE = "gazetteer_additions.geojson"
CURATED_PLACES_FILE = Path("gazetteer") / "curated_places.geojson"
GOVERNORATES_FILE = Path("boundaries") / "syria_governorates.geojson"
COUNTRY_FILE = Path("boundaries") / "syria.geojson"

DOCS_DIR_ENV = "ATLAS_DOCS_DIR"
DEFAULT_DOCS_DIR = PROJECT_ROOT.parent / "shared" / "seeds"
TILES_URL_ENV = "ATLAS_TILES_URL"
TILES_ATTRIBUTION_ENV = "ATLAS_TILES_ATTRIBUTION"
PUBLIC_URL_ENV = "ATLAS_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8501/"

MAX_DOCUMENT_BYTES = 20_000_000
SYRIA_BOUNDS = (35.7, 32.3, 42.4, 37.35)


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Return the data directory: the explicit one, else $ATLAS_DATA_DIR, else the project's data/."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DATA_DIR_ENV)
    return Path(from_env) if from_env else DEFAULT_DATA_DIR


def resolve_docs_dir() -> Path:
    """Folder holding the source documents' text: $ATLAS_DOCS_DIR, else ../shared/seeds."""
    from_env = os.environ.get(DOCS_DIR_ENV)
    return Path(from_env) if from_env else DEFAULT_DOCS_DIR


def tiles_setting() -> tuple[str | None, str]:
    """The configured tile server URL template and attribution; (None, '') means the offline basemap."""
    return os.environ.get(TILES_URL_ENV) or None, os.environ.get(TILES_ATTRIBUTION_ENV, "")


def public_url() -> str:
    """The address permalinks point to: $ATLAS_PUBLIC_URL, else this machine's app."""
    return os.environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL
