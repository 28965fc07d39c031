"""The attack run's inputs: each refused or processed within its bound, with the limit named; safe defaults."""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
import time
import tomllib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo import config
from geo.dataset.store import read_audit
from geo.errors import InputFileError
from geo.imports.plan import commit_import, plan_import
from geo.imports.readers import MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, read_records_bytes
from geo.reader.document import read_document
from tests.conftest import PROJECT, snapshot

FORMULAS = ["=1+1", "+1+1", "-1+1", "\t=1+1", "@SUM(A1)", '=HYPERLINK("http://evil.example","x")']


def _seconds(action) -> tuple[float, object]:
    """(seconds taken, result or exception) of one call."""
    started = time.perf_counter()
    try:
        outcome = action()
    except InputFileError as error:
        outcome = error
    return time.perf_counter() - started, outcome


def test_a_two_million_column_header_is_refused_at_once() -> None:
    raw = (",".join(f"c{i}" for i in range(2_000_000)) + "\n1\n").encode()
    seconds, outcome = _seconds(lambda: read_records_bytes(raw, "wide.csv"))
    assert isinstance(outcome, InputFileError) and f"limit of {MAX_IMPORT_COLUMNS}" in str(outcome)
    assert seconds < 10


def test_json_records_with_too_many_keys_are_refused() -> None:
    raw = json.dumps([{f"k{i}": i for i in range(MAX_IMPORT_COLUMNS + 1)}]).encode()
    with pytest.raises(InputFileError, match="columns, over the limit"):
        read_records_bytes(raw, "wide.json")


def test_too_many_rows_are_refused_with_the_limit_named() -> None:
    raw = ("a\n" + "1\n" * (MAX_IMPORT_ROWS + 5)).encode()
    with pytest.raises(InputFileError, match=f"{MAX_IMPORT_ROWS:,} rows"):
        read_records_bytes(raw, "long.csv")


def _zigzag(vertices: int) -> list[list[float]]:
    """A self-intersecting ring of that many vertices around Idlib."""
    ring = [[36.6 + math.cos(i * 14 * math.pi / vertices) * (0.3 if i % 2 else 0.1),
             35.9 + math.sin(i * 6 * math.pi / vertices) * 0.3] for i in range(vertices)]
    return [*ring, ring[0]]


def test_a_huge_self_intersecting_polygon_is_rejected_before_any_repair(data_copy: Path) -> None:
    features = [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [_zigzag(150_000)]},
                 "properties": {"date": "2019-05-02", "type": "airstrike", "description": "big"}},
                {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [_zigzag(400)]},
                 "properties": {"date": "2019-05-03", "type": "airstrike", "description": "small"}}]
    raw = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    seconds, plan = _seconds(lambda: plan_import(data_copy, raw, "shapes.geojson"))
    assert seconds < 20
    reasons = " ".join(plan.result.rejections["reason"])
    assert "150,001 vertices, over the limit of 5,000" in reasons
    assert list(plan.result.accepted["description"]) == ["small"]


def _hostile_text(size: int) -> str:
    """size characters of dated strike reports naming thousands of places no gazetteer knows."""
    chunks = [f"On {day % 28 + 1} May 2019 an airstrike hit Khan{day} and Tell{day % 97} near Saraqib, "
              f"killing {day % 40} people; Abc{day} Deir{day} Ras{day} Ain{day}. " for day in range(size // 100)]
    return "".join(chunks)[:size]


def test_the_reader_stays_linear_on_hostile_text() -> None:
    """No pattern backtracks or compares every name with every other: ten times the text takes about ten times as
    long (a quadratic reader would take a hundred), and never more than 5 s per 100 kB on this machine's 2 cores
    (steady about 1.4 s for this text; the figures for ordinary documents are bench.reader_speed's)."""
    from geo.gazetteer.lookup import load_gazetteer

    gazetteer = load_gazetteer()
    read_document(_hostile_text(10_000), gazetteer, date(2020, 1, 1))  # first use: patterns compiled, caches filled
    small, reading = _seconds(lambda: read_document(_hostile_text(100_000), gazetteer, date(2020, 1, 1)))
    large, _ = _seconds(lambda: read_document(_hostile_text(1_000_000), gazetteer, date(2020, 1, 1)))
    assert reading.incidents and small <= 5.0 and large <= 50.0
    assert large <= 20 * small


def test_a_document_over_the_reader_limit_is_refused_with_the_limit() -> None:
    from geo.gazetteer.lookup import load_gazetteer

    with pytest.raises(InputFileError, match=f"{config.MAX_DOCUMENT_BYTES:,}"):
        read_document("x" * (config.MAX_DOCUMENT_BYTES + 1), load_gazetteer())


def test_the_server_listens_on_this_machine_only_and_hides_tracebacks() -> None:
    settings = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["client"]["showErrorDetails"] == "none"
    assert settings["client"]["disableDataExport"] is True
    assert settings["server"]["enableXsrfProtection"] is True


def _formula_rows() -> bytes:
    """A CSV whose rows are all rejected, each for a type that is a formula."""
    frame = pd.DataFrame({"date": "2019-05-02", "place": "Saraqib", "description": "x", "type": FORMULAS})
    return frame.to_csv(index=False).encode()


def test_rejected_rows_written_by_the_cli_are_neutralised(data_copy: Path, tmp_path: Path) -> None:
    upload, rejects = tmp_path / "formulas.csv", tmp_path / "rejects.csv"
    upload.write_bytes(_formula_rows())
    before = snapshot(data_copy)
    subprocess.run([sys.executable, "-m", "geo", "--data", str(data_copy), "import", str(upload), "--rejects",
                    str(rejects)], cwd=PROJECT, capture_output=True, text=True, check=False)
    table = pd.read_csv(rejects, dtype=str, keep_default_na=False)
    cells = [cell for cell in table.to_numpy().ravel() if cell]
    assert len(table) == len(FORMULAS) and any(cell.startswith("'=") for cell in cells)
    assert not [cell for cell in cells if cell.lstrip("\t")[:1] in "=+-@" and not cell.startswith("'")]
    assert snapshot(data_copy) == before


def test_the_audit_names_no_server_account(data_copy: Path) -> None:
    raw = b"date,place,type,description\n2019-05-02,Saraqib,airstrike,one strike\n"
    commit_import(data_copy, plan_import(data_copy, raw, "one.csv"))
    entry = read_audit(data_copy)[-1]
    assert entry["by"] == "not given" and entry["by"] != os.environ.get("USER", "root")


def test_neutralised_download_of_any_table() -> None:
    from geo.escape import neutralised_csv

    table = pd.read_csv(io.StringIO(neutralised_csv(pd.DataFrame({"a": FORMULAS, "b": 1}))), dtype=str)
    assert all(cell.startswith("'") for cell in table["a"]) and set(table["b"]) == {"1"}
