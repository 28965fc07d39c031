"""Reading and atomically writing the data directory's files, every cell kept as text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from geo import schema
from geo.errors import InputFileError
from geo.files.atomic import atomic_write_text


def read_table(path: Path, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a CSV with every cell as text ("NA" and "007" survive); add missing known columns empty."""
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    return read_table_bytes(path.read_bytes(), columns)


def read_table_bytes(content: bytes, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV file's content as read_table reads the file."""
    frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def read_feature_collection(path: Path) -> dict:
    """Read a GeoJSON FeatureCollection as a plain dict."""
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    return read_feature_collection_bytes(path.read_bytes(), str(path))


def read_feature_collection_bytes(content: bytes, name: str) -> dict:
    """A GeoJSON file's content (called `name` in errors) as read_feature_collection reads the file."""
    try:
        collection = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f" at line {error.lineno}" if isinstance(error, json.JSONDecodeError) else ""
        raise InputFileError(f"{name}: not valid JSON ({getattr(error, 'msg', 'not UTF-8')}{where})") from None
    if not isinstance(collection, dict) or collection.get(schema.GEOJSON_TYPE) != "FeatureCollection":
        raise InputFileError(f"{name}: expected a GeoJSON FeatureCollection")
    return collection


def write_table(path: Path, frame: pd.DataFrame) -> None:
    """Write a frame as UTF-8 CSV atomically."""
    atomic_write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def write_feature_collection(path: Path, collection: dict) -> None:
    """Write a FeatureCollection as indented, diffable JSON atomically."""
    atomic_write_text(path, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")


