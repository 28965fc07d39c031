"""Curation under pressure: any sequence undone restores the data; two processes at once; a kill mid-change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import config, schema
from geo.dataset import curate, history, merging
from geo.dataset.records import current_records
from geo.dataset.revisions import read_revisions
from geo.dataset.validate import validate_data_dir
from geo.errors import RecordRefusedError
from geo.files.journal import FAULT_ENV
from tests.conftest import PROJECT
from tests.test_curation import NEW, SOURCE, files, state_bytes

RECORDS = [f"ia-{n:04d}" for n in range(1, 9)]
FIELD_VALUES = {schema.KILLED: ["", "3", "40"], schema.INJURED: ["", "7"], schema.CONFIDENCE: ["weak", "fair"],
                schema.DESCRIPTION: ["Retold in other words.", "{{7*7}} <b>not markup</b>"],
                schema.DATE_TEXT: ["mid-May", ""]}

edits = st.tuples(st.just("edit"), st.sampled_from(RECORDS), st.sampled_from(sorted(FIELD_VALUES)),
                  st.integers(0, 2))
statuses = st.tuples(st.just("status"), st.sampled_from(RECORDS), st.sampled_from(schema.REVIEW_STATUSES))
merges = st.tuples(st.just("merge"), st.sampled_from(RECORDS), st.sampled_from(RECORDS))
corroborations = st.tuples(st.just("corroborate"), st.sampled_from(RECORDS), st.sampled_from(["", "5", "12"]))
adds = st.tuples(st.just("add"))
operations = st.lists(st.one_of(edits, statuses, merges, corroborations, adds), min_size=1, max_size=8)


def _apply(data: Path, operation: tuple) -> dict:
    """Run one generated operation."""
    kind, *args = operation
    if kind == "edit":
        record, field, pick = args
        values = FIELD_VALUES[field]
        return curate.edit_incident(data, record, {field: values[pick % len(values)]}, "property test", "Hy")
    if kind == "status":
        return curate.set_status(data, args[0], args[1], "property test", "Hy")
    if kind == "merge":
        return merging.merge(data, args[0], [args[1]], "property test", "Hy")
    if kind == "corroborate":
        return curate.corroborate(data, args[0], SOURCE, {schema.KILLED: args[1]} if args[1] else {}, "", "Hy")
    return curate.add_incident(data, NEW, "property test", "Hy")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_any_sequence_of_changes_undone_restores_the_data_byte_for_byte(sequence: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(PROJECT / "data", data)
        before, done = state_bytes(data), []
        for operation in sequence:
            unchanged = files(data)
            try:
                done.append(_apply(data, operation))
            except RecordRefusedError:
                assert files(data) == unchanged, operation
        for revision in reversed(done):
            history.undo_revision(data, revision["rev"], "", "Hy")
        assert state_bytes(data) == before


def _geo(data: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m geo --data DATA ...` in its own process."""
    return subprocess.run([sys.executable, "-m", "geo", "--data", str(data), *args], cwd=PROJECT, text=True,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=120)


def test_two_processes_editing_one_record_from_the_same_read_one_lands_one_is_refused(data_copy: Path) -> None:
    commands = [[sys.executable, "-m", "geo", "--data", str(data_copy), "incident", "edit", "ia-0003",
                 f"{field}={value}", "--why", "race", "--expect-version", "1"]
                for field, value in ((schema.KILLED, "11"), (schema.INJURED, "4"))]
    running = [subprocess.Popen(c, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for c in commands]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in running]
    assert sorted(code for code, _ in results) == [0, 1]
    refused = next(text for code, text in results if code == 1)
    assert "changed since you read it" in refused and refused.count("\n") == 1
    [revision] = read_revisions(data_copy)
    landed = revision["changes"]["ia-0003"]["after"]
    record = current_records(data_copy).incidents.set_index(schema.ID).loc["ia-0003"]
    assert all(record[field] == value for field, value in landed.items())


def test_two_processes_editing_different_fields_without_a_version_both_land(data_copy: Path) -> None:
    running = [subprocess.Popen([sys.executable, "-m", "geo", "--data", str(data_copy), "incident", "edit", "ia-0003",
                                 assignment, "--why", "both"], cwd=PROJECT, stderr=subprocess.PIPE, text=True)
               for assignment in ("killed=11", "injured=4")]
    assert [p.wait(timeout=120) for p in running] == [0, 0]
    record = current_records(data_copy).incidents.set_index(schema.ID).loc["ia-0003"]
    assert (record[schema.KILLED], record[schema.INJURED]) == ("11", "4")


@pytest.mark.parametrize("step", ["revision:half", "revision:appended", "stage:incidents.csv", "intent"])
def test_a_merge_killed_at_any_point_leaves_valid_data(data_copy: Path, step: str) -> None:
    before = state_bytes(data_copy)
    env = {FAULT_ENV: step}
    if step in ("stage:incidents.csv", "intent"):  # the kill falls in the fold that this merge triggers
        env[config.FOLD_EVERY_ENV] = "1"
    killed = _geo(data_copy, "incident", "merge", "ia-0001", "ia-0002", "--why", "killed midway", env=env)
    assert killed.returncode == 70, killed.stderr
    assert validate_data_dir(data_copy) == []
    after = state_bytes(data_copy)
    merged = current_records(data_copy).curation.set_index(schema.ID)[schema.MERGED_INTO].get("ia-0002", "")
    assert after == before if step == "revision:half" else merged == "ia-0001"
    again = _geo(data_copy, "incident", "edit", "ia-0003", "killed=5", "--why", "after the kill")
    assert again.returncode == 0, again.stderr
    assert all(json.loads(line) for line in (data_copy / config.REVISIONS_FILE).read_text().splitlines())
