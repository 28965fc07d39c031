"""Casualty and displacement figures in text: digits, words, ranges, 'at least', explicit zeros, variants."""

from __future__ import annotations

import re
from functools import lru_cache

from geo import schema

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19, "a dozen": 12}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
WORD_NUMBER = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five"
               r"|six|seven|eight|nine))?|a dozen|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
               r"|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten)")
FIGURE = (r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|half a|a|" + WORD_NUMBER + r")"
          r"(?:\s+(?:hundred|thousand|million))?")
NOT_A_DATE = (r"(?!\s*(?:-|–|to|and)?\s*\d*\s*(?:January|February|March|April|May|June|July|August|September"
              r"|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b)")
NUMBER = (rf"(?P<between>between\s+)?(?<!\bno )(?P<n>{FIGURE}){NOT_A_DATE}"
          rf"(?:\s*(?(between)and|(?:-|–|to))\s*(?P<n2>{FIGURE}){NOT_A_DATE})?")
QUALIFIER = (r"(?:(?:about|some|around|approximately|roughly|nearly|almost|at least|more than|over|upwards of"
             r"|up to|as many as|an estimated|a further|another)\s+)?")
GAP = r"\s+(?:(?!and\b|or\b)[\w-]+\s+){0,4}?(?:(?:were|was|had been|have been|are|people)\s+)?"
COUNT_RULES: list[tuple[str, re.Pattern]] = [
    (measure, re.compile(pattern, re.IGNORECASE)) for measure, pattern in [
        (schema.KILLED, r"\b(?:kill\w*|deaths of|death of|left)\s+" + QUALIFIER + NUMBER + r"\b(?!\s+(?:days?|weeks?"
                        r"|months?|hours?|km|kilometres?|metres?))"),
        (schema.KILLED, r"\b" + QUALIFIER + NUMBER + GAP + r"(?:killed|dead|died|corpses|bodies|deaths|lost their"
                        r" lives)\b"),
        (schema.KILLED, r"\bkilled\s*:\s*" + QUALIFIER + NUMBER + r"\b"),
        (schema.KILLED, r"\b" + QUALIFIER + NUMBER + r"\s+(?:people|civilians|persons|children|men|women|villagers)"
                        r",[^,.;\n]{1,60},\s+(?:were|had been|have been)\s+killed\b"),
        (schema.KILLED, r"\b(?:the dead|the death toll|deaths|the toll|the number of dead)\s+(?:at|to|of|was|stood at"
                        r"|rose to|reached)\s+" + QUALIFIER + NUMBER + r"\b"),
        (schema.INJURED, r"\b(?:injur\w*|wound\w*|hurt)\s+" + QUALIFIER + NUMBER + r"\b"),
        (schema.INJURED, r"\b" + QUALIFIER + NUMBER + GAP + r"(?:injured|wounded|hurt|treated)\b"),
        (schema.INJURED, r"\binjured\s*:\s*" + QUALIFIER + NUMBER + r"\b"),
        (schema.DISPLACED, r"\b(?:displac\w*|uproot\w*)\s*:?\s+" + QUALIFIER + NUMBER + r"\b"),
        (schema.DISPLACED, r"\b" + QUALIFIER + NUMBER + GAP + r"(?:displaced|uprooted|fled|left|evacuated)\b"),
        (schema.DISPLACED, r"\bdisplacement of\s+" + QUALIFIER + NUMBER + r"\b"),
        ("massacres", r"\b" + QUALIFIER + NUMBER + r"\s+massacres\b"),
        ("attacks", r"\b" + QUALIFIER + NUMBER + r"\s+(?:[\w-]+\s+){0,2}?attacks\b"),
    ]]
ZERO_RULES = [
    (re.compile(r"\b(?:no one|nobody|none|no civilians?|no people) (?:was|were)? ?(?:killed|hurt)(?P<both> or "
                r"(?:injured|wounded|hurt))?\b|\bkilled\s*:\s*(?:none|0|nil)\b", re.IGNORECASE), schema.KILLED),
    (re.compile(r"\b(?:no one|nobody|no civilians?) (?:was|were)? ?(?:injured|wounded)\b|\binjured\s*:\s*(?:none|0"
                r"|nil)\b", re.IGNORECASE), schema.INJURED),
]
COUNT_WORDS = re.compile(r"kill|dead|death|died|corpse|bodies|lives|injur|wound|hurt|treated|displac|uproot|fled"
                         r"|left|evacuat|massacre|attacks", re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d\d")
MONTH_BEFORE = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November"
                          r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?,?\s+(?:\d{1,2},?\s+)?$"
                          r"|\b(?:in|of|since|until|during)\s+$", re.IGNORECASE)
NOT_A_COUNT = re.compile(r"^(?:a|half a)$", re.IGNORECASE)


def number_value(text: str) -> int:
    """'6,686' -> 6686, 'thirty-nine' -> 39, '1.3 million' -> 1300000, 'a thousand' -> 1000."""
    words = re.sub(r"\s+", " ", text.lower().strip()).replace("-", " ")
    scale = 1
    for name, size in SCALES.items():
        if words.endswith(" " + name) or words == name:
            scale, words = size, words[: -len(name)].strip() or "a"
    if words in ("a", "half a"):
        return int((0.5 if words == "half a" else 1) * scale)
    if words in UNITS or words in TENS:
        return (UNITS.get(words) or TENS[words]) * scale
    parts = words.split()
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS:
        return (TENS[parts[0]] + UNITS[parts[1]]) * scale
    return int(round(float(words.replace(",", "")) * scale))


def _is_a_year(text: str, match: re.Match) -> bool:
    """'May 2019 a drone strike killed five': 2019 is the year of a date, not a toll."""
    return bool(YEAR.fullmatch(match.group("n"))) and bool(MONTH_BEFORE.search(text[max(0, match.start("n") - 12):
                                                                                  match.start("n")]))


@lru_cache(maxsize=4096)
def _figures(text: str) -> tuple[tuple[str, int, int | None, int], ...]:
    """(measure, value, upper value of a range or None, position) of every figure found."""
    found = []
    if not COUNT_WORDS.search(text):
        return ()
    for measure, pattern in COUNT_RULES:
        for match in pattern.finditer(text):
            if NOT_A_COUNT.match(match.group("n")) or _is_a_year(text, match):
                continue
            upper = number_value(match.group("n2")) if match.group("n2") else None
            found.append((measure, number_value(match.group("n")), upper, match.start()))
    for pattern, measure in ZERO_RULES:
        for match in pattern.finditer(text):
            found.append((measure, 0, None, match.start()))
            if measure == schema.KILLED and match.groupdict().get("both"):
                found.append((schema.INJURED, 0, None, match.start()))
    return tuple(sorted(found, key=lambda item: item[3]))


def find_counts(text: str) -> dict[str, int]:
    """Killed / injured / displaced figures a text states (the first of each)."""
    counts: dict[str, int] = {}
    for measure, value, _, _ in _figures(text):
        counts.setdefault(measure, value)
    return counts


def count_details(text: str) -> dict:
    """The first figure of each measure plus ranges ('killed_range') and other figures ('killed_variants')."""
    details: dict = {}
    for measure, value, upper, _ in _figures(text):
        if measure not in details:
            details[measure] = value
            if upper is not None and upper > value:
                details[f"{measure}_range"] = [value, upper]
        elif value != details[measure] and value not in details.get(f"{measure}_variants", []):
            details.setdefault(f"{measure}_variants", []).append(value)
    return details
