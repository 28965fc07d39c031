"""Documents the reader must answer clearly and in bounded time: Arabic only, no dates, 2 MB, a 5,000-row log,
HTML with scripts (texts written for these tests)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from geo.cli.main import main

PROSE = ("On 3 June 2019 warplanes struck the market in Saraqib, killing 12 people. Later the same day artillery "
         "fire hit Ariha, wounding six. Residents fled towards the border. ")


def _extract(path: Path, capsys: pytest.CaptureFixture, *extra: str) -> tuple[int, dict, str, float]:
    started = time.perf_counter()
    code = main(["extract", str(path), *extra])
    seconds = time.perf_counter() - started
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if code == 0 else {}, captured.err, seconds


def test_an_arabic_only_document_says_what_the_reader_can_do_with_it(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "arabic.txt"
    path.write_text("قصفت الطائرات مدينة حلب وإدلب يوم الثلاثاء وقتل عشرة مدنيين في سراقب.\n", encoding="utf-8")
    code, out, err, _ = _extract(path, capsys, "--date", "2020-01-07")
    assert code == 0 and "Traceback" not in err
    assert "mostly in Arabic script" in out["documents"][0]["notes"][0] and "note:" in err
    assert main(["places", str(path)]) == 0
    names = {f["properties"]["id"] for f in json.loads(capsys.readouterr().out)["features"]}
    assert {"sy-aleppo", "sy-idlib", "sy-saraqeb"} <= names


def test_a_document_without_dates_gives_undated_candidates_flagged_for_review(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Warplanes struck the hospital in Ariha, killing four.\n", encoding="utf-8")
    code, out, err, _ = _extract(path, capsys)
    [candidate] = out["incidents"]
    assert code == 0 and candidate["date_start"] == "" and "date" in candidate["needs_review"]
    assert any("no date of its own" in note for note in out["documents"][0]["notes"])


def test_a_two_megabyte_document_is_read_in_bounded_time(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "long.txt"
    path.write_text((PROSE * 14_000)[:2_000_000], encoding="utf-8")
    code, out, err, seconds = _extract(path, capsys, "--date", "2020-01-01")
    assert code == 0 and seconds < 60
    assert {c["place_id"] for c in out["incidents"]} == {"sy-saraqeb", "sy-ariha-172994"}
    assert max(c["evidence"]["tellings"] for c in out["incidents"]) > 10_000


def test_a_log_of_five_thousand_rows_gives_five_thousand_candidates(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture) -> None:
    rows = [f"Date: {day % 28 + 1:02d}/{day % 12 + 1:02d}/2019 | Location: Idlib : Qaryat Test{day} | "
            f"Airstrike on houses | Killed: {day % 9} | Injured: {day % 5}" for day in range(5000)]
    path = tmp_path / "log.txt"
    path.write_text("Published: 1 January 2020\n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, _, seconds = _extract(path, capsys)
    assert code == 0 and len(out["incidents"]) == 5000 and seconds < 30
    assert out["incidents"][7]["killed"] == 7 and out["incidents"][7]["place_text"] == "Qaryat Test7"


def test_html_scripts_and_styles_are_not_read_as_text(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><style>p{color:red}</style><script>var s='On 2 May 2019 jets bombed Douma';"
                    "alert(1)</script></head><body><p>On 4 May 2019 shelling hit Ariha.</p></body></html>",
                    encoding="utf-8")
    code, out, err, _ = _extract(path, capsys)
    assert code == 0 and [c["place_id"] for c in out["incidents"]] == ["sy-ariha-172994"]
    assert all("alert" not in c["evidence"]["text"] for c in out["incidents"])


def test_a_binary_file_gets_one_line_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    code, _, err, _ = _extract(path, capsys)
    assert code == 1 and "Traceback" not in err and err.count("\n") <= 2


def _read(text: str, gazetteer) -> tuple[object, float]:
    """Read a text against the project's gazetteer, timed."""
    from datetime import date

    from geo.reader.document import read_document

    started = time.perf_counter()
    reading = read_document(text, gazetteer, date(2020, 1, 1))
    return reading, time.perf_counter() - started


@pytest.mark.parametrize("run", [" " * 200_000, " \n" * 100_000, "\t \n \n" * 50_000, "\u00a0" * 200_000])
def test_a_long_run_of_white_space_is_read_in_linear_time(run: str, gazetteer) -> None:
    """Every pattern that could walk a run of white space again from each of its characters (quadratic: 100,000
    spaces took 38 s) now meets runs of at most two; the reading is bounded well below that."""
    reading, seconds = _read(f"On 3 May 2019 jets struck Ariha.{run}Shelling hit Saraqib on 4 May 2019.", gazetteer)
    assert seconds < 10, f"{seconds:.1f} s for {len(run):,} characters of white space"
    assert {c["place_id"] for c in reading.incidents} == {"sy-ariha-172994", "sy-saraqeb"}


def test_deeply_nested_html_becomes_text_in_one_pass(gazetteer) -> None:
    """200,000 nested elements (their text a long run of spaces) and unclosed tags are read in bounded time."""
    from geo.files.text import document_from_bytes

    markup = "<div>" * 200_000 + "On 3 May 2019 jets struck Ariha." + "</div>" * 200_000 + "<script" * 50_000
    started = time.perf_counter()
    text = document_from_bytes(markup.encode(), "nested.html").text
    reading, _ = _read(text, gazetteer)
    assert time.perf_counter() - started < 10
    assert [c["place_id"] for c in reading.incidents] == ["sy-ariha-172994"] and "<div" not in text


def test_invisible_format_characters_inside_a_name_are_folded_away(gazetteer) -> None:
    """'Al<zero-width joiner>eppo' is Aleppo, not a new place 'Al'; so with a soft hyphen or a direction mark."""
    for hidden in ("\u200d", "\u00ad", "\u200f", "\u2066", "\ufeff"):
        reading, _ = _read(f"On 3 May 2019 an airstrike hit a market in Al{hidden}eppo, killing 4.", gazetteer)
        assert [c["place_id"] for c in reading.incidents] == ["sy-aleppo"], repr(hidden)
        assert hidden not in reading.text and "Aleppo" in reading.text


def test_the_reading_offsets_point_into_the_text_it_returns(gazetteer) -> None:
    """Highlighting uses reading.text: every mention's span spells its words there, after white space was cut."""
    reading, _ = _read("Jets   struck\u200b   Saraqib\r\n\r\n\r\n\r\nand  Ariha on 4 May 2019.", gazetteer)
    assert [reading.text[m.start:m.end] for m in reading.mentions] == ["Saraqib", "Ariha"]
    assert "\r" not in reading.text and "\n\n\n" not in reading.text


def test_a_name_repeated_a_hundred_thousand_times_is_kept_in_columns(gazetteer) -> None:
    """Mentions are three arrays of integers and one entry per distinct finding (a PlaceMention object each cost
    about 160 bytes: 1 MB of one name needed 58 times its size)."""
    import pickle

    reading, _ = _read("Aleppo " * 100_000, gazetteer)
    mentions = reading.mentions
    assert len(mentions) == 100_000 and len(mentions.kinds) == 1
    assert mentions.starts.itemsize * 3 * len(mentions) <= 12 * 100_000
    assert mentions[-1].start == 7 * 99_999 and mentions[-1].place.id == "sy-aleppo"
    assert [m.start for m in mentions[1:3]] == [7, 14]
    again = pickle.loads(pickle.dumps(mentions))  # a worker process sends its reading back this way
    assert again == mentions and again[5] == mentions[5]


def test_a_clause_longer_than_any_sentence_is_cut_into_bounded_parts() -> None:
    """A run of names with no stop is read in parts of at most LONGEST_CLAUSE characters, cut at spaces."""
    from geo.reader.segments import LONGEST_CLAUSE, segment

    text = "Idlib " * 5_000
    units = list(segment(text))
    assert all(unit.end - unit.start <= LONGEST_CLAUSE for unit in units) and len(units) >= 15
    assert all(later.start == earlier.end for earlier, later in zip(units, units[1:], strict=False))
    assert all(text[unit.start] == " " for unit in units[1:])  # cut between words, never inside one


def test_white_space_is_cut_the_same_way_without_touching_single_spaces() -> None:
    """Single spaces stay as they are; runs become two spaces, a tab a cell break, a no-break space a space."""
    from geo.files.text import prepared_text

    assert prepared_text("a b  c\t d\u00a0e   f") == "a b  c\td e  f"
