"""Import safety: random valid records survive import -> save -> load; a killed write loses nothing."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import schema
from geo.dataset.load import load_incidents
from geo.dataset.validate import validate_data_dir
from geo.files import atomic
from geo.files.atomic import atomic_write_text
from geo.files.tables import read_table
from geo.imports.plan import commit_import, plan_import
from tests.conftest import PROJECT

PLACES = ["sy-douma", "sy-saraqeb", "sy-al-qusayr", "sy-hazano", "sy-gov-idlib", "sy-east-ghouta"]
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
               min_size=1, max_size=80).filter(lambda t: t.strip() == t and t.strip())
COUNT = st.one_of(st.just(""), st.integers(0, 100_000).map(str))


@st.composite
def records(draw) -> dict:
    """One valid record in the contract's own columns."""
    first = draw(st.dates(date(2011, 1, 1), date(2024, 12, 31)))
    last = first + pd.Timedelta(days=draw(st.integers(0, 400)))
    return {"id": f"t-{draw(st.uuids()).hex[:12]}", "date_start": first.isoformat(),
            "date_end": last.date().isoformat() if hasattr(last, "date") else last.isoformat(),
            "date_precision": draw(st.sampled_from(schema.DATE_PRECISIONS)),
            "type": draw(st.sampled_from(schema.INCIDENT_TYPES)), "place_id": draw(st.sampled_from(PLACES)),
            "description": draw(TEXT), "perpetrator": draw(st.one_of(st.just(""), TEXT)),
            "killed": draw(COUNT), "injured": draw(COUNT),
            "confidence": draw(st.sampled_from(schema.CONFIDENCE_LEVELS))}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records(), min_size=1, max_size=6, unique_by=lambda r: r["id"]))
def test_valid_records_survive_import_save_load(data_copy: Path, rows: list[dict]) -> None:
    for path in ("incidents.csv", "sources.csv", "places.geojson", "audit.jsonl"):
        original = Path(PROJECT / "data" / path)
        if original.exists():
            (data_copy / path).write_bytes(original.read_bytes())
        else:
            (data_copy / path).unlink(missing_ok=True)
    raw = pd.DataFrame(rows).to_csv(index=False).encode("utf-8")
    plan = plan_import(data_copy, raw, "records.csv", keep_duplicates=True)
    assert plan.result.rejections.empty, plan.result.rejections.to_dict("records")
    commit_import(data_copy, plan, "property test")
    stored = load_incidents(data_copy).set_index("id")
    for row in rows:
        kept = stored.loc[row["id"]]
        for field in ("date_start", "date_end", "type", "place_id", "description", "perpetrator", "confidence"):
            assert kept[field] == row[field]
        for field in ("killed", "injured"):
            assert ("" if pd.isna(kept[field]) else str(kept[field])) == row[field]
    assert validate_data_dir(data_copy) == []


def test_a_write_that_fails_halfway_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "incidents.csv"
    target.write_text("id\nold\n")

    def failing_fsync(_descriptor: int) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        atomic_write_text(target, "id\nnew\n" * 1000)
    assert target.read_text() == "id\nold\n" and [p.name for p in tmp_path.iterdir()] == ["incidents.csv"]


WRITER = """
import sys
from pathlib import Path
from geo.imports.plan import commit_import, plan_import
data = Path(sys.argv[1])
raw = ("date,place,type,description\\n" + "".join(
    f"2019-05-{1 + i % 28:02d},Saraqib,airstrike,Strike number {i} on the town.\\n" for i in range(40000))).encode()
plan = plan_import(data, raw, "many.csv", keep_duplicates=True)
print("planned", flush=True)
commit_import(data, plan, "killed midway")
print("committed", flush=True)
"""


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_an_import_killed_midway_leaves_data_that_loads(data_copy: Path, delay: float) -> None:
    before = read_table(data_copy / "incidents.csv")
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(data_copy)], cwd=PROJECT,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert child.stdout.readline().strip() == "planned"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert validate_data_dir(data_copy) == []
    after = read_table(data_copy / "incidents.csv")
    assert len(after) in (len(before), len(before) + 40000)
    assert load_incidents(data_copy) is not None
