"""Reading user files: encodings named, bad files refused with one line, nothing else."""

from pathlib import Path

import pytest

from geo.errors import InputFileError
from geo.files.text import decode_bytes, html_to_text, read_text_file

ARABIC = "قصف مستشفى في حلب"


@pytest.mark.parametrize(("raw", "encoding"), [
    (b"Aleppo", "utf-8"),
    ("\ufeffAleppo".encode("utf-8"), "utf-8-sig"),
    (ARABIC.encode("utf-16"), "utf-16"),
    (ARABIC.encode("cp1256"), "cp1256"),
])
def test_encodings_are_detected_and_named(raw: bytes, encoding: str) -> None:
    text, used = decode_bytes(raw)
    assert used == encoding and text.lstrip("\ufeff") in ("Aleppo", ARABIC)


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b"\x00\x01\x02binary\x00" * 50), "binary"),
    (lambda p: p.mkdir(), "folder"),
    (lambda p: p.write_bytes(b"a" * 2_000), "limit"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "input.txt"
    make(path)
    with pytest.raises(InputFileError, match=reason) as caught:
        read_text_file(path, limit=1_000)
    assert "\n" not in str(caught.value)


def test_html_is_reduced_to_its_visible_text() -> None:
    text = html_to_text("<p>Jets hit <b>Douma</b> &amp; Harasta</p><script>alert(1)</script>")
    assert "Douma & Harasta" in " ".join(text.split()) and "alert" not in text


GERMAN = "Größere Schäden am Krankenhaus in Aleppo, berichtet die Ärztin über die Straße."
FRENCH = "L'hôpital de Ma'arrat a été frappé; les équipes de secours décrivent « des dégâts très étendus » – œuvre."
ARABIC_REPORT = "قصف جوي على مستشفى في معرة النعمان وسقوط ضحايا من المدنيين"


@pytest.mark.parametrize(("text", "encoding", "named"), [
    (GERMAN, "cp1252", "cp1252"), (FRENCH, "cp1252", "cp1252"), (GERMAN, "latin-1", "cp1252"),
    (ARABIC_REPORT, "cp1256", "cp1256"), (ARABIC_REPORT, "utf-16-le", "utf-16-le"),
    (GERMAN + ARABIC, "utf-16", "utf-16"),
])
def test_code_pages_are_told_apart_on_evidence(text: str, encoding: str, named: str) -> None:
    decoded, used = decode_bytes(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text and used == named and "\ufffd" not in decoded


def test_an_uncertain_encoding_is_refused_with_the_candidates() -> None:
    with pytest.raises(InputFileError, match="cannot be told for sure") as caught:
        decode_bytes(bytes(range(0xC0, 0xFF)) * 3)
    assert "would fit" in str(caught.value) and "UTF-8" in str(caught.value)
