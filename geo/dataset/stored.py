"""The incidents file as stored, before the revision log is applied: its path and its text table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo import config, schema
from geo.files.columnar import load_incidents_parquet
from geo.files.tables import read_table


def incidents_path(data_dir: Path) -> Path:
    """The incidents file of a data directory: GeoParquet when present, else CSV."""
    parquet = data_dir / config.INCIDENTS_PARQUET_FILE
    return parquet if parquet.is_file() else data_dir / config.INCIDENTS_FILE


def read_incidents_table(data_dir: Path) -> pd.DataFrame:
    """The stored incidents as text columns, from GeoParquet or CSV (the revision log not applied)."""
    path = incidents_path(data_dir)
    if path.suffix == ".parquet":
        return load_incidents_parquet(path)
    return read_table(path, schema.INCIDENT_COLUMNS)


def read_curation(data_dir: Path) -> pd.DataFrame:
    """The folded curation state (records whose status, merge, claims or version differ from the default)."""
    path = data_dir / config.CURATION_FILE
    if not path.is_file():
        return pd.DataFrame({column: pd.Series(dtype=object) for column in schema.CURATION_COLUMNS})
    return read_table(path, schema.CURATION_COLUMNS)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV bytes the way the data files are written."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
