"""Reading other organisations' files into raw text records: CSV (HXL too), JSON arrays, GeoJSON."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from geo import schema
from geo.errors import InputFileError
from geo.files.text import decode_bytes

MAX_IMPORT_BYTES = 25_000_000
MAX_JSON_DEPTH = 20
MAX_IMPORT_COLUMNS = 500
MAX_IMPORT_ROWS = 200_000
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SNIFF_CHARACTERS = 20_000
FIELD_LIMIT_LOCK = threading.Lock()
GEOMETRY_FIELD = "__geometry__"


@dataclass
class RawTable:
    """Records as text, each with the line (CSV) or position (JSON) it came from."""

    frame: pd.DataFrame
    lines: list[int]
    file_format: str
    encoding: str
    notes: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str, str]] = field(default_factory=list)


def _depth(value: object, limit: int) -> int:
    """Nesting depth of a JSON value, stopping once past limit."""
    stack, deepest = [(value, 1)], 0
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else []
        stack.extend((child, level + 1) for child in children)
    return deepest


def _check_columns(count: int, name: str) -> None:
    """Refuse a table wider than the import limit, before any work on its rows."""
    if count > MAX_IMPORT_COLUMNS:
        raise InputFileError(f"{name}: {count:,} columns, over the limit of {MAX_IMPORT_COLUMNS}; "
                             "keep the columns you need and import again")


def _is_hxl(row: list[str]) -> bool:
    """An HXL hashtag row: most non-empty cells start with '#'."""
    cells = [cell.strip() for cell in row if cell.strip()]
    return bool(cells) and sum(cell.startswith("#") for cell in cells) / len(cells) > 0.6


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Raise the csv module's field-size limit for one read, and put the previous limit back."""
    with FIELD_LIMIT_LOCK:
        previous = csv.field_size_limit(limit)
        try:
            yield
        finally:
            csv.field_size_limit(previous)


def _dialect(text: str) -> tuple[type[csv.Dialect] | csv.Dialect, str]:
    """The CSV dialect (comma, semicolon, tab or pipe separated) sniffed from the start, and its name."""
    try:
        delimiter = csv.Sniffer().sniff(text[:SNIFF_CHARACTERS], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return csv.excel, DELIMITERS[","]
    # only the separator is sniffed: a guessed quote character (a lone ' in a name) would split rows apart
    dialect = type("Sniffed", (csv.excel,), {"delimiter": delimiter})
    return dialect, DELIMITERS.get(delimiter, repr(delimiter))


def _csv_rows(text: str, name: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """(header, numbered rows, separator) of a CSV text; an unterminated quote fails the whole file."""
    dialect, separator = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    try:
        with _field_limit(MAX_IMPORT_BYTES):
            header = [cell.strip() for cell in next(reader, [])]
            _check_columns(len(header), name)
            rows = []
            for row in reader:
                rows.append((reader.line_num, row))
                if len(rows) > MAX_IMPORT_ROWS:
                    raise InputFileError(f"{name}: more than {MAX_IMPORT_ROWS:,} rows, the import limit; "
                                         "split the file")
    except csv.Error as error:
        raise InputFileError(f"{name}: a quoted field is never closed; the file ends inside quotes at line "
                             f"{reader.line_num} ({error})") from None
    return header, rows, separator


def _read_csv(text: str, encoding: str, name: str) -> RawTable:
    """CSV rows in the file's own dialect; ragged rows are rejected with their line."""
    header, rows, separator = _csv_rows(text, name)
    if not header:
        raise InputFileError(f"{name}: the file has no header row")
    if len(set(header)) != len(header) or not all(header):
        raise InputFileError(f"{name}: the header row has empty or repeated column names")
    table = RawTable(pd.DataFrame(), [], "csv", encoding)
    data, lines = [], []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if not data and _is_hxl(row):
            table.notes.append(f"line {line}: HXL hashtag row, read as tags, not data")
            continue
        if len(row) != len(header):
            if len(row) > MAX_IMPORT_COLUMNS:
                raise InputFileError(f"{name}: line {line} has {len(row):,} fields, over the limit of "
                                     f"{MAX_IMPORT_COLUMNS} columns")
            table.rejected.append((line, "", f"{len(row)} fields", f"ragged row: {len(row)} fields, "
                                                                    f"the header has {len(header)}"))
            continue
        data.append(row)
        lines.append(line)
    table.notes.append(f"read as {separator}-separated values")
    table.frame = pd.DataFrame(data, columns=header, dtype=str)
    table.lines = lines
    return table


def _flatten(record: dict) -> dict[str, str]:
    """A flat record of text; one level of nesting becomes dotted keys, lists are joined by ';'."""
    flat: dict[str, str] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, item in value.items():
                flat[f"{key}.{inner}"] = "" if item is None else json.dumps(item) if isinstance(item, dict | list) \
                    else str(item)
        elif isinstance(value, list):
            flat[key] = ";".join("" if item is None else str(item) for item in value)
        else:
            flat[str(key)] = "" if value is None else str(value)
    return flat


def _read_json(text: str, encoding: str, name: str) -> RawTable:
    """A JSON array of flat objects, or a GeoJSON FeatureCollection (properties plus geometry)."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise InputFileError(f"{name}: JSON nested too deeply to read") from None
    except json.JSONDecodeError as error:
        raise InputFileError(f"{name}: not valid JSON ({error.msg} at line {error.lineno})") from None
    if _depth(document, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise InputFileError(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels; expected flat records")
    file_format = "json"
    if isinstance(document, dict) and document.get(schema.GEOJSON_TYPE) == "FeatureCollection":
        file_format = "geojson"
        document = [{**(feature.get("properties") or {}), GEOMETRY_FIELD: json.dumps(feature.get("geometry"))}
                    for feature in document.get("features") or [] if isinstance(feature, dict)]
    if not isinstance(document, list):
        raise InputFileError(f"{name}: expected a JSON array of records or a GeoJSON FeatureCollection")
    if len(document) > MAX_IMPORT_ROWS:
        raise InputFileError(f"{name}: {len(document):,} records, over the import limit of {MAX_IMPORT_ROWS:,}; "
                             "split the file")
    table = RawTable(pd.DataFrame(), [], file_format, encoding)
    records, lines, keys = [], [], set()
    for position, record in enumerate(document, start=1):
        if not isinstance(record, dict):
            table.rejected.append((position, "", type(record).__name__, "not a JSON object"))
            continue
        _check_columns(len(record), name)
        records.append(_flatten(record))
        keys.update(records[-1])
        _check_columns(len(keys), name)
        lines.append(position)
    table.frame = pd.DataFrame(records, dtype=str).fillna("")
    table.lines = lines
    return table


def read_records_bytes(raw: bytes, name: str) -> RawTable:
    """Read records from bytes (an upload); the name's ending or the content decides the format."""
    if len(raw) > MAX_IMPORT_BYTES:
        limit = MAX_IMPORT_BYTES / 1e6
        raise InputFileError(f"{name}: {len(raw) / 1e6:.1f} MB is over the {limit:.0f} MB import limit")
    text, encoding = decode_bytes(raw, name)
    text = text.lstrip("\ufeff")
    looks_json = name.lower().endswith((".json", ".geojson")) or text.lstrip()[:1] in ("[", "{")
    table = _read_json(text, encoding, name) if looks_json else _read_csv(text, encoding, name)
    if table.frame.empty and not table.rejected:
        raise InputFileError(f"{name}: no records found")
    return table
