"""Every change to the facility register can be taken back: a correction, a merge, a retraction, a link, the
figures of an import; an undo is a change of its own (so it is undone the same way); an undo that a later change
stands on, and a change made from a facility at an older version, are refused in one line with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import schema
from geo.cli.main import main as geo
from geo.facilities.book import folder_book
from geo.facilities.changes import FacilityError
from geo.facilities.register import FILES, read_register, same_register

QUDS, YABROUD = "fa-al-quds-hospital", "fa-hospital-in-yabroud"


def _files(folder: Path) -> dict[str, bytes]:
    """The register's files and the audit log, byte for byte."""
    return {name: (folder / name).read_bytes() for name in (*FILES, "audit.jsonl") if (folder / name).is_file()}


def _facility(folder: Path, facility_id: str) -> dict:
    """One facility's row as it is on disk."""
    rows = read_register(folder).facilities.set_index(schema.ID)
    return rows.loc[facility_id].to_dict()


def test_a_correction_is_undone_and_the_undo_undone_with_the_version_raised_each_time(data_copy: Path) -> None:
    book = folder_book(data_copy, "Rima")
    before = _facility(data_copy, QUDS)
    book.correct(QUDS, {schema.OPERATOR: "a medical charity"}, "the source names who supports it")
    number = book.entries()[-1]["change"]
    book.undo(number, "the charity is not named for this hospital")
    undone = _facility(data_copy, QUDS)
    assert undone[schema.OPERATOR] == before[schema.OPERATOR] and undone[schema.VERSION] == "3"
    book.undo(number + 1, "it was named after all")
    assert _facility(data_copy, QUDS)[schema.OPERATOR] == "a medical charity"
    with pytest.raises(FacilityError, match=f"already undone by change {number + 2}"):
        book.undo(number + 1, "twice")


def _sorted(register):
    """A register's rows in a fixed order, without the facilities' versions (which an undo raises)."""
    plain = {table: frame.drop(columns=[schema.VERSION], errors="ignore")
             for table, frame in register._asdict().items()}
    return register._replace(**{table: frame.sort_values(list(frame.columns)).reset_index(drop=True)
                                for table, frame in plain.items()})


def test_a_merge_and_a_retraction_are_taken_back_whole(data_copy: Path) -> None:
    book = folder_book(data_copy, "Rima")
    start = read_register(data_copy)
    book.merge(YABROUD, QUDS, "a test merge")
    book.review("fa-clinic-in-al-qusayr", schema.STATUS_RETRACTED, "a test retraction")
    merged = read_register(data_copy)
    assert set(merged.strikes[schema.FACILITY_ID]) <= {QUDS, "fa-clinic-in-al-qusayr", "fa-field-hospital-in-saraqeb"}
    numbers = [entry["change"] for entry in book.entries()[-2:]]
    book.undo(numbers[1], "put the clinic back")
    book.undo(numbers[0], "they are two hospitals")
    back = read_register(data_copy)
    assert same_register(_sorted(back), _sorted(start))  # the same rows (a moved link goes back at the end)
    assert back.facilities.set_index(schema.ID)[schema.VERSION].to_dict() == {
        QUDS: "3", "fa-clinic-in-al-qusayr": "3", YABROUD: "3", "fa-field-hospital-in-saraqeb": "1"}


def test_an_undo_that_a_later_change_stands_on_is_refused_with_nothing_written(data_copy: Path) -> None:
    book = folder_book(data_copy, "Rima")
    added = book.add({schema.NAME: "Test clinic", schema.KIND: "clinic", schema.PLACE_ID: "sy-aleppo"}, "test")
    adding = book.entries()[-1]["change"]
    book.correct(added, {schema.OPERATOR: "a charity"}, "test")
    held = _files(data_copy)
    with pytest.raises(FacilityError, match="a later change altered the facilities it made"):
        book.undo(adding, "too early")
    book.link("ia-0016", added, True, "test")
    book.undo(adding + 1, "the correction first")
    with pytest.raises(FacilityError, match="later changes link"):
        book.undo(adding, "the link still stands on it")
    assert _files(data_copy) != held  # the correction's undo was written; the refused ones were not
    refused = _files(data_copy)
    with pytest.raises(FacilityError, match="no facility change number 999"):
        book.undo(999, "no such change")
    assert _files(data_copy) == refused


def test_a_change_from_a_stale_version_is_refused_and_the_command_line_lists_and_undoes(data_copy: Path,
                                                                                       capsys) -> None:
    assert geo(["--data", str(data_copy), "facilities", "edit", QUDS, "operator=a charity", "--why", "test",
                "--expect-version", "1"]) == 0
    held = _files(data_copy)
    assert geo(["--data", str(data_copy), "facilities", "retract", QUDS, "--why", "stale", "--expect-version",
                "1"]) == 1
    assert "is at version 2, not 1" in capsys.readouterr().err and _files(data_copy) == held
    assert geo(["--data", str(data_copy), "facilities", "changes", "--facility", QUDS]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1 and "facility correct" in listed[0]
    number = listed[0].split()[0]
    assert geo(["--data", str(data_copy), "facilities", "undo", number, "--why", "not so"]) == 0
    assert _facility(data_copy, QUDS)[schema.OPERATOR] == ""
    capsys.readouterr()
    assert geo(["--data", str(data_copy), "facilities", "changes", "--facility", QUDS]) == 0
    assert "[undone]" in capsys.readouterr().out


def test_an_imports_health_care_figures_are_undone_with_one_change(data_copy: Path, tmp_path: Path) -> None:
    from tests.test_facilities_import import ONE_EVENT_EACH

    upload = tmp_path / "events.csv"
    upload.write_text(ONE_EVENT_EACH, encoding="utf-8")
    assert geo(["--data", str(data_copy), "import", str(upload)]) == 0
    book = folder_book(data_copy, "Rima")
    assert len(read_register(data_copy).health_care) == 2
    book.undo(book.entries()[-1]["change"], "figures to be checked")
    assert read_register(data_copy).health_care.empty
