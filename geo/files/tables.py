"""Reading and atomically writing the data directory's files, every cell kept as text."""

from __future__ import annotations

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
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def read_feature_collection(path: Path) -> dict:
    """Read a GeoJSON FeatureCollection as a plain dict."""
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    try:
        collection = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise InputFileError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(collection, dict) or collection.get(schema.GEOJSON_TYPE) != "FeatureCollection":
        raise InputFileError(f"{path}: expected a GeoJSON FeatureCollection")
    return collection


def write_table(path: Path, frame: pd.DataFrame) -> None:
    """Write a frame as UTF-8 CSV atomically."""
    atomic_write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def write_feature_collection(path: Path, collection: dict) -> None:
    """Write a FeatureCollection as indented, diffable JSON atomically."""
    atomic_write_text(path, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")


