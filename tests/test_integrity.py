"""Nothing lost, ever: concurrent writers, a kill or a full disk mid-change, undo and redo (issue scenarios)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from geo.dataset.audit import batch_states, read_audit
from geo.dataset.load import load_sources
from geo.dataset.stored import read_incidents_table
from geo.dataset.validate import validate_data_dir
from geo.files.journal import FAULT_ENV, JOURNAL_DIR
from tests.conftest import PROJECT, snapshot

TOWNS = ["Saraqib", "Douma", "Idlib", "Aleppo", "Homs", "Hama", "Daraa", "Manbij"]
CONTRACT = ("sources.csv", "places.geojson", "incidents.csv", "totals.csv")


def _dataset(path: Path, number: int, rows: int) -> Path:
    """A CSV of `rows` distinct airstrikes (file `number` has its own year, so no row duplicates another file's)."""
    lines = ["date,place,type,description"]
    lines += [f"{1990 + number}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d},{TOWNS[i % len(TOWNS)]},airstrike,"
              f"Strike {i} of file {number}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _geo(data: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m geo --data DATA ...`."""
    return subprocess.run([sys.executable, "-m", "geo", "--data", str(data), *args], cwd=PROJECT, text=True,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=300)


def _consistent(data: Path) -> None:
    """The data validates, no journal is left, and the audit agrees with what is on disk."""
    assert validate_data_dir(data) == [] and not (data / JOURNAL_DIR).exists()
    entries, ids = read_audit(data), set(read_incidents_table(data)["id"])
    sources = set(load_sources(data)["id"])
    for batch, state in batch_states(entries).items():
        imported = next(e for e in reversed(entries) if e["batch"] == batch and e["action"] in ("import", "redo"))
        assert (batch in sources) == (state == "imported"), batch
        assert set(imported["incident_ids"]) <= ids if state == "imported" else not set(imported["incident_ids"]) & ids


@pytest.mark.parametrize("writers", [4, 8])
def test_concurrent_imports_keep_every_row_and_one_audit_entry_each(data_copy: Path, tmp_path: Path,
                                                                    writers: int) -> None:
    before = len(read_incidents_table(data_copy))
    files = [_dataset(tmp_path / f"file{n}.csv", n, 60) for n in range(writers)]
    with ThreadPoolExecutor(writers) as pool:
        runs = list(pool.map(lambda f: _geo(data_copy, "import", str(f)), files))
    assert [run.returncode for run in runs] == [0] * writers, [run.stderr for run in runs]
    assert len(read_incidents_table(data_copy)) == before + 60 * writers
    assert sorted(e["action"] for e in read_audit(data_copy)) == ["import"] * writers
    _consistent(data_copy)


def test_import_racing_undo_ends_in_a_state_the_audit_tells(data_copy: Path, tmp_path: Path) -> None:
    for round_number in range(3):
        first = _dataset(tmp_path / f"a{round_number}.csv", 2 * round_number, 40)
        second = _dataset(tmp_path / f"b{round_number}.csv", 2 * round_number + 1, 40)
        assert _geo(data_copy, "import", str(first)).returncode == 0
        batch = read_audit(data_copy)[-1]["batch"]
        with ThreadPoolExecutor(2) as pool:
            undo = pool.submit(_geo, data_copy, "undo", batch)
            other = pool.submit(_geo, data_copy, "import", str(second))
            assert undo.result().returncode == 0 and other.result().returncode == 0
        assert batch_states(read_audit(data_copy))[batch] == "undone"
        _consistent(data_copy)


SAVE_DOCUMENT = """
import sys
from pathlib import Path
import pandas as pd
from geo import schema
from geo.dataset.store import save_import
from geo.gazetteer.lookup import load_gazetteer
from geo.imports.documents import document_source
data, title = Path(sys.argv[1]), sys.argv[2]
source = document_source(data, title, "", "2019-05-01", "news", f"A text about {title}.")
row = {c: "" for c in schema.INCIDENT_COLUMNS} | {"id": source["id"] + "-1", "date_start": "2019-05-01",
       "date_end": "2019-05-01", "date_precision": "day", "type": "airstrike", "place_id": "sy-saraqeb",
       "geo_precision": "settlement", "confidence": "weak", "source_ids": source["id"], "description": title}
save_import(data, pd.DataFrame([row]), [], source, load_gazetteer(), "test", "tester", document_text=title)
"""


def test_two_document_saves_at_once_both_land(data_copy: Path) -> None:
    def save(title: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", SAVE_DOCUMENT, str(data_copy), title], cwd=PROJECT, text=True,
                              capture_output=True, env={**os.environ, "PYTHONPATH": str(PROJECT)}, timeout=120)

    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(save, ["First report", "Second report"]))
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    assert {"First report", "Second report"} <= set(read_incidents_table(data_copy)["description"])
    assert len(list((data_copy / "documents").glob("*.txt"))) == 2
    _consistent(data_copy)


FAULT_STEPS = ["stage:sources.csv", "stage:places.geojson", "stage:incidents.csv", "stage:audit.jsonl", "intent",
               "committed", "rename:sources.csv", "rename:incidents.csv", "rename:audit.jsonl"]


@pytest.mark.parametrize("step", FAULT_STEPS)
def test_a_kill_at_any_step_leaves_the_before_or_the_after_state(data_copy: Path, tmp_path: Path, step: str) -> None:
    upload = _dataset(tmp_path / "one.csv", 1, 30)
    before = {name: (data_copy / name).read_bytes() for name in CONTRACT}
    killed = _geo(data_copy, "import", str(upload), env={FAULT_ENV: step})
    assert killed.returncode == 70
    assert _geo(data_copy, "validate").returncode == 0
    _consistent(data_copy)
    after_state = bool(read_audit(data_copy))
    if not after_state:
        assert {name: (data_copy / name).read_bytes() for name in CONTRACT} == before
    retry = _geo(data_copy, "import", str(upload))
    assert retry.returncode == (1 if after_state else 0), retry.stderr
    assert len(read_incidents_table(data_copy)) == 27 + 30
    _consistent(data_copy)


@pytest.mark.parametrize("step", ["stage:incidents.csv", "intent"])
def test_a_full_disk_is_one_line_and_nothing_changes(data_copy: Path, tmp_path: Path, step: str) -> None:
    upload = _dataset(tmp_path / "one.csv", 1, 30)
    before = snapshot(data_copy)
    run = _geo(data_copy, "import", str(upload), env={FAULT_ENV: f"enospc:{step}"})
    assert run.returncode == 1 and "disk is full" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(data_copy) == {**before, ".atlas.lock": b""}
    assert _geo(data_copy, "import", str(upload)).returncode == 0


def _small_filesystem(folder: Path) -> bool:
    """Mount a 1 MB tmpfs on folder (as root, where the machine allows it)."""
    folder.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def test_a_really_full_filesystem_changes_nothing(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    mounted = _small_filesystem(disk)
    try:
        data = disk / "data"
        data.mkdir()
        for name in CONTRACT:
            shutil.copy2(PROJECT / "data" / name, data / name)
        before = snapshot(data)
        env = {} if mounted else {FAULT_ENV: "enospc:stage:incidents.csv"}
        run = _geo(data, "import", str(_dataset(tmp_path / "big.csv", 3, 20_000)), env=env)
        assert run.returncode == 1 and "disk is full" in run.stderr and "Traceback" not in run.stderr
        assert snapshot(data) == {**before, ".atlas.lock": b""}
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=False)


def test_undo_then_redo_restores_the_data_byte_for_byte(data_copy: Path, tmp_path: Path) -> None:
    assert _geo(data_copy, "import", str(_dataset(tmp_path / "one.csv", 1, 25))).returncode == 0
    imported = {name: (data_copy / name).read_bytes() for name in CONTRACT}
    batch = read_audit(data_copy)[-1]["batch"]
    assert _geo(data_copy, "undo", batch).returncode == 0
    assert (data_copy / "originals" / f"{batch}.jsonl").is_file()
    assert len(read_incidents_table(data_copy)) == 27
    redo = _geo(data_copy, "redo", batch)
    assert redo.returncode == 0, redo.stderr
    assert {name: (data_copy / name).read_bytes() for name in CONTRACT} == imported
    assert [e["action"] for e in read_audit(data_copy)] == ["import", "undo", "redo"]
    assert _geo(data_copy, "redo", batch).returncode == 1
    _consistent(data_copy)


def test_a_file_imported_again_after_undo_gets_a_new_batch(data_copy: Path, tmp_path: Path) -> None:
    upload = _dataset(tmp_path / "one.csv", 1, 10)
    assert _geo(data_copy, "import", str(upload)).returncode == 0
    first = read_audit(data_copy)[-1]["batch"]
    assert _geo(data_copy, "import", str(upload)).returncode == 1
    assert _geo(data_copy, "undo", first).returncode == 0
    assert _geo(data_copy, "import", str(upload)).returncode == 0
    second = read_audit(data_copy)[-1]["batch"]
    assert second == f"{first}-2" and batch_states(read_audit(data_copy)) == {first: "undone", second: "imported"}
    assert _geo(data_copy, "undo", second).returncode == 0
    _consistent(data_copy)


def test_undoing_a_batch_whose_rows_are_gone_says_so(data_copy: Path, tmp_path: Path) -> None:
    assert _geo(data_copy, "import", str(_dataset(tmp_path / "one.csv", 1, 5))).returncode == 0
    batch = read_audit(data_copy)[-1]["batch"]
    incidents = data_copy / "incidents.csv"
    incidents.write_text("".join(line for line in incidents.read_text().splitlines(keepends=True)
                                 if batch not in line), encoding="utf-8")
    run = _geo(data_copy, "undo", batch)
    assert run.returncode == 1 and "none of the 5 incidents" in run.stderr


def test_build_keeps_the_mentions_imports_recorded(data_copy: Path, tmp_path: Path) -> None:
    upload = tmp_path / "far.csv"
    upload.write_text("date,place,type,description\n2019-05-02,Jisr al-Shughur,airstrike,one strike\n")
    assert _geo(data_copy, "import", str(upload)).returncode == 0
    batch = read_audit(data_copy)[-1]["batch"]
    docs = tmp_path / "docs"
    docs.mkdir()
    assert _geo(data_copy, "build", "--docs", str(docs)).returncode == 0
    places = (data_copy / "places.geojson").read_text(encoding="utf-8")
    assert batch in places and validate_data_dir(data_copy) == []


def test_undoing_an_import_whose_new_place_another_import_now_uses_keeps_the_place_and_redo_restores_it(
        data_copy: Path, tmp_path: Path) -> None:
    """The race CI once met, made certain: import A adds a place, import B's rows use it too, A is undone. The place
    stays (B needs it) without citing A's source, which leaves; redo puts the citation back."""
    first, second = (tmp_path / "a.csv", tmp_path / "b.csv")
    first.write_text("date,place,type,description\n1991-01-02,Tallbisah,airstrike,One\n", encoding="utf-8")
    second.write_text("date,place,type,description\n1992-01-02,Tallbisah,airstrike,Two\n", encoding="utf-8")
    assert _geo(data_copy, "import", str(first)).returncode == 0
    batch = read_audit(data_copy)[-1]["batch"]
    assert _geo(data_copy, "import", str(second)).returncode == 0
    undone = _geo(data_copy, "undo", batch)
    assert undone.returncode == 0, undone.stderr

    def mentions() -> list[str]:
        places = json.loads((data_copy / "places.geojson").read_text(encoding="utf-8"))["features"]
        return next(f["properties"]["mentions"] for f in places if f["properties"]["name"] == "Tallbisah")

    assert batch not in mentions()
    _consistent(data_copy)
    assert _geo(data_copy, "redo", batch).returncode == 0
    assert batch in mentions()
    _consistent(data_copy)
