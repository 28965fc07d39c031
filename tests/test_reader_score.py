"""The project's reader score: per document and overall, with the development set's matching rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.reader_score import folded, main, same


def test_spellings_match_after_folding_articles_accents_and_generic_words() -> None:
    assert same("al-Qusayr", "Qusayr") and same("Idlib governorate", "Idlib") and same("Ma'arrat", "Maarrat")
    assert not same("Hama", "Homs") and folded("The Saraqib city") == "saraqib"


def test_a_small_folder_is_scored(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "01_note.txt").write_text("Published: 2019-05-03\nOn 2 May 2019 an airstrike hit Saraqib, killing "
                                          "seven people.\n", encoding="utf-8")
    truth = {"document_date": "2019-05-03",
             "syrian_places": [{"canonical": "Saraqib", "as_written": ["Saraqib"]},
                               {"canonical": "Kafr Nowhere", "as_written": ["Kafr Nowhere"]}],
             "incidents": [{"place": "Saraqib", "date_start": "2019-05-02", "date_end": "2019-05-02",
                            "types": ["airstrike"]}]}
    (tmp_path / "01_note.truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "places on 1 docs: recall 0.50, precision 1.00" in printed
    assert "incidents on 1 docs: recall 1.00, precision 1.00" in printed


def test_an_empty_folder_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main([str(tmp_path)]) == 1 and "no NN_*.txt documents" in capsys.readouterr().err
