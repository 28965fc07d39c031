"""The incident words are tried only where one of their literal prefixes occurs: the answer is the one a plain
search gives, on the development documents, on mixed-case and awkward text, and whatever letters fold to ASCII."""

from __future__ import annotations

import random
import re
import sys

import pytest

from geo.reader.literal_starts import FOLDS_TO_ASCII, first_match_start, literal_starts, starts_finder
from geo.reader.rules import _any_signal, first_signal
from tests.conftest import PROJECT

SHARED = PROJECT.parent / "shared"


def _searched(text: str) -> int:
    """Where a plain search finds the first incident word, or -1."""
    found = _any_signal().search(text)
    return found.start() if found else -1


def test_the_prefilter_gives_the_searchs_answer_on_every_sentence_of_the_development_documents() -> None:
    documents = sorted((SHARED / "reader-dev").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.*"))
    if not documents:
        pytest.skip("../shared is not beside the project")
    sentences = [s for d in documents for s in re.split(r"(?<=[.!?\n])", d.read_text(errors="replace")) if s]
    assert len(sentences) > 1000
    assert [first_signal(s) for s in sentences] == [_searched(s) for s in sentences]


def test_the_prefilter_gives_the_searchs_answer_on_awkward_text() -> None:
    words = ["Struck", "HOSPITAL", "hit", "white", "whiteHelmets", "ſarin", "İdlib", "air", "AIR FORCE", "fled",
             "Fleeing", "the", "market", "bombs", "shelled", "", "-", "civil defence", "\u212aILLED", "sub-munitions"]
    chosen = random.Random(7)
    texts = [" ".join(chosen.choice(words) for _ in range(chosen.randint(0, 12))) for _ in range(3000)]
    assert [first_signal(t) for t in texts] == [_searched(t) for t in texts]


def test_a_pattern_that_may_begin_with_a_class_or_a_repeat_has_no_prefixes_and_is_searched_plainly() -> None:
    assert literal_starts(re.compile(r"\b[a-z]+ed\b")) is None
    assert literal_starts(re.compile(r"(?:x)?hospital")) is None
    assert literal_starts(re.compile(r"\b(?:Air|air force|bomb)s?", re.I)) == ("air", "bomb")
    assert first_match_start(re.compile(r"\d+"), None, "on 12 May") == 3
    finder = starts_finder(re.compile(r"\b(?:struck|truck|hit)", re.I))
    assert [found.start() for found in finder.finditer("struck hit")] == [0, 1, 7]  # overlapping, in text order


def test_the_letters_that_ignorecase_folds_to_ascii_are_all_known() -> None:
    ascii_word = re.compile(r"[a-z]", re.IGNORECASE)
    folding = {chr(c) for c in range(0x80, sys.maxunicode + 1) if ascii_word.fullmatch(chr(c))}
    assert folding == set(FOLDS_TO_ASCII)
