"""A broken revision log is named by file and line everywhere it is read, and can be set aside (kept) so the atlas
opens again: one changed byte, lines that are JSON but not revisions, values the contract refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import schema
from geo.cli.main import main
from geo.dataset import curate
from geo.dataset.revision_checks import SET_ASIDE_FILE
from geo.dataset.storage import record_store
from geo.escape import markdown_text
from tests.test_app import APP

LOG = "revisions.jsonl"


def _two_edits(data: Path) -> list[bytes]:
    """Two corrections of one record; the log's lines."""
    store = record_store(data)
    curate.edit_incident(store, "ia-0003", {schema.KILLED: "2"}, "first", "tester")
    curate.edit_incident(store, "ia-0003", {schema.INJURED: "5"}, "second", "tester")
    return (data / LOG).read_bytes().splitlines(keepends=True)


def _broken_second_line(data: Path, breaking) -> bytes:
    """Two corrections, then the log's second line replaced by breaking(that line); the new line."""
    lines = _two_edits(data)
    broken = breaking(lines[1])
    (data / LOG).write_bytes(lines[0] + broken + b"".join(lines[2:]))
    return broken


def _with_value(line: bytes, field: str, value: str) -> bytes:
    """The revision rewritten by hand to set one field."""
    revision = json.loads(line)
    revision["changes"]["ia-0003"]["after"][field] = value
    return (json.dumps(revision) + "\n").encode()


BROKEN = {"one changed byte": lambda line: line.replace(b'",', b'";', 1),
          "an empty object": lambda line: b"{}\n", "a list": lambda line: b"[1]\n", "null": lambda line: b"null\n",
          "killed -3": lambda line: _with_value(line, schema.KILLED, "-3"),
          "a month 13": lambda line: _with_value(line, schema.DATE_START, "2030-13-45")}


@pytest.mark.parametrize("shape", list(BROKEN))
def test_every_command_names_the_broken_line_in_one_sentence(data_copy: Path, shape: str,
                                                             capsys: pytest.CaptureFixture) -> None:
    _broken_second_line(data_copy, BROKEN[shape])
    for words in (["validate"], ["incident", "show", "ia-0003"],
                  ["export", "--format", "csv", "-o", str(data_copy.parent / "out.csv")],
                  ["incident", "edit", "ia-0003", "killed=4", "--why", "w"]):
        code = main(["--data", str(data_copy), *words])
        captured = capsys.readouterr()
        err = captured.err + captured.out
        assert code == 1, words
        assert "Traceback" not in err and (f"{LOG} line 2" in err or f"{LOG}: line 2" in err), (words, err)


def test_a_set_aside_line_is_kept_and_the_atlas_opens(data_copy: Path, capsys: pytest.CaptureFixture) -> None:
    broken = _broken_second_line(data_copy, BROKEN["killed -3"])
    assert main(["--data", str(data_copy), "revisions", "set-aside", "2"]) == 0
    kept = json.loads((data_copy / SET_ASIDE_FILE).read_text(encoding="utf-8"))
    assert kept["line"] == 2 and kept["text"].encode() + b"\n" == broken
    assert main(["--data", str(data_copy), "validate"]) == 0
    assert main(["--data", str(data_copy), "incident", "show", "ia-0003"]) == 0
    assert record_store(data_copy).book().get("ia-0003")[schema.KILLED] == "2"


def test_the_app_says_which_line_and_sets_it_aside_on_a_click(data_copy: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_second_line(data_copy, BROKEN["an empty object"])
    monkeypatch.setenv("ATLAS_DATA_DIR", str(data_copy))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception and markdown_text("revisions.jsonl line 2") in app.error[0].value
    app.button(key="w_set_aside").click().run()
    assert not app.exception and not app.error and app.get("component_instance")
    assert (data_copy / SET_ASIDE_FILE).is_file()
