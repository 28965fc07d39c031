"""The health-care figures a dataset carries per event (facilities damaged and destroyed, health workers killed,
injured, detained, ambulances hit), read with the dataset's mapping and keyed by the ids its import gives."""

from __future__ import annotations

import pandas as pd

from geo import schema
from geo.errors import UsageError
from geo.imports.mapping import Mapping, guess_mapping
from geo.imports.readers import read_records_bytes
from geo.imports.rows import SAFE_ID

NO_FIGURES = pd.DataFrame(columns=list(schema.HEALTH_CARE_COLUMNS))


def carries_health_care(mapping: Mapping) -> bool:
    """Whether a mapping names health-care figures and the id column that keys them."""
    return bool(mapping.health_care) and schema.ID in mapping.columns


def health_care_figures(frame: pd.DataFrame, mapping: Mapping) -> pd.DataFrame:
    """One row per event of a read table with any figure above zero: the incident id the import gives it and each
    figure (the sum of the columns the mapping lists; a cell that is not a whole number counts 0)."""
    if not carries_health_care(mapping):
        return NO_FIGURES.copy()
    raw_ids = frame[mapping.columns[schema.ID]].fillna("").astype(str).str.strip()
    figures = {}
    for measure, columns in mapping.health_care.items():
        present = [c for c in columns if c in frame.columns]
        numbers = [pd.to_numeric(frame[c], errors="coerce").fillna(0).clip(lower=0) for c in present]
        figures[measure] = sum(numbers) if numbers else pd.Series(0, index=frame.index)
    rows = pd.DataFrame({schema.INCIDENT_ID: mapping.id_prefix + raw_ids.str.replace(SAFE_ID, "-", regex=True),
                         **{m: figures.get(m, 0) for m in schema.HEALTH_CARE_MEASURES}})
    counted = rows[list(schema.HEALTH_CARE_MEASURES)].astype(int)
    kept = rows[(raw_ids != "") & (counted.sum(axis=1) > 0)]
    return kept.assign(**{m: kept[m].astype(int).astype(str) for m in schema.HEALTH_CARE_MEASURES})


def health_care_rows(raw: bytes, name: str, mapping: Mapping | None = None) -> pd.DataFrame:
    """The health-care figures of a dataset file (its mapping guessed unless given); refused in one line when the
    mapping names none."""
    table = read_records_bytes(raw, name)
    chosen = mapping or guess_mapping(list(table.frame.columns))
    if not carries_health_care(chosen):
        raise UsageError(f"{name}: its mapping ({chosen.name}) names no health-care figures or no id column; a "
                         "mapping's health_care maps each figure to the columns that hold it")
    return health_care_figures(table.frame, chosen)
