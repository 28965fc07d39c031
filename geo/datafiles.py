"""Reading and atomically writing the data directory's files, every cell kept as text."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from geo import config
from geo.errors import InputFileError


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
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise InputFileError(f"{path}: expected a GeoJSON FeatureCollection")
    return collection


def atomic_write_text(path: Path, text: str) -> None:
    """Write text to path atomically: temp file in the same folder, fsync, rename."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """Write bytes to path atomically: temp file in the same folder, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_table(path: Path, frame: pd.DataFrame) -> None:
    """Write a frame as UTF-8 CSV atomically."""
    atomic_write_text(path, frame.to_csv(index=False, lineterminator="\n"))


def write_feature_collection(path: Path, collection: dict) -> None:
    """Write a FeatureCollection as indented, diffable JSON atomically."""
    atomic_write_text(path, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")


def load_sources(data_dir: Path) -> pd.DataFrame:
    """Load sources.csv as text columns."""
    from geo.schema import SOURCE_COLUMNS, SOURCE_OPTIONAL_COLUMNS

    return read_table(data_dir / config.SOURCES_FILE, SOURCE_COLUMNS + SOURCE_OPTIONAL_COLUMNS)


def load_totals(data_dir: Path) -> pd.DataFrame:
    """Load totals.csv (reported totals, never drawn as points); empty frame if absent."""
    from geo.schema import TOTAL_COLUMNS

    path = data_dir / config.TOTALS_FILE
    if not path.is_file():
        return pd.DataFrame(columns=list(TOTAL_COLUMNS))
    return read_table(path, TOTAL_COLUMNS)


def incidents_path(data_dir: Path) -> Path:
    """The incidents file of a data directory: GeoParquet when present, else CSV."""
    parquet = data_dir / config.INCIDENTS_PARQUET_FILE
    return parquet if parquet.is_file() else data_dir / config.INCIDENTS_FILE


def read_incidents_table(data_dir: Path) -> pd.DataFrame:
    """The incidents as text columns, from GeoParquet or CSV."""
    from geo.schema import INCIDENT_COLUMNS

    path = incidents_path(data_dir)
    if path.suffix == ".parquet":
        from geo.columnar import load_incidents_parquet

        return load_incidents_parquet(path)
    return read_table(path, INCIDENT_COLUMNS)
