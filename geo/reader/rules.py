"""The reader's vocabulary: words that signal incident types, weapons, actors, facilities and counts."""

from __future__ import annotations

import re

from geo import schema

STRIKE = r"(?:struck|strik\w*|bomb\w*|hit|destroy\w*|attack\w*|target\w*|shell\w*|collaps\w*|burn\w*|raid\w*)"
TYPE_RULES: list[tuple[str, str, re.Pattern]] = [
    (kind, weapon, re.compile(pattern, re.IGNORECASE)) for kind, weapon, pattern in [
        ("chemical_attack", "sarin", r"\bsarin\b"),
        ("chemical_attack", "chlorine", r"\bchlorine\b"),
        ("chemical_attack", "chemical", r"\b(?:chemical (?:attack|weapons? attack)|gass(?:ed|ing)|nerve agent)\b"),
        ("cluster_munitions", "cluster munitions", r"\bcluster (?:munitions?|bombs?)\b"),
        ("incendiary_weapons", "incendiary", r"\bincendiary\b"),
        ("barrel_bomb", "barrel bomb", r"\bbarrel[- ]bombs?\b"),
        ("attack_on_health_care", "", r"\b(?:hospitals?|clinics?|medical (?:facilit\w+|cent\w+|points?)"
                                      r"|health (?:care|facilit\w+))\b.{0,80}?\b" + STRIKE
                                      + r"|\b" + STRIKE + r"\b.{0,80}?\b(?:hospitals?|clinics?"
                                      r"|medical facilit\w+|health facilit\w+)\b"),
        ("attack_on_school", "", r"\bschools?\b.{0,60}?\b" + STRIKE + r"|\b" + STRIKE + r"\b.{0,60}?\bschools?\b"),
        ("attack_on_market", "", r"\b" + STRIKE + r"\b.{0,60}?\bmarkets?\b"),
        ("attack_on_civil_defense", "", r"\b" + STRIKE + r"\b.{0,60}?\b(?:civil defen[cs]e|first responders)\b"),
        ("massacre", "", r"\bmassacres?\b"),
        ("siege", "", r"\b(?:siege|besieged)\b"),
        ("aid_obstruction", "", r"\bprevent\w* (?:humanitarian|aid|medical)|block\w* (?:aid|humanitarian)"),
        ("displacement", "", r"\b(?:displac\w+|uprooted|forcibly (?:displaced|transferred)|fleeing|fled"
                             r"|exodus|evacuation)\b"),
        ("airstrike", "", r"\b(?:air ?strikes?|airstrikes?|air force|jets?|warplanes?|bomb(?:ing|ed|s)?"
                          r"|aerial)\b"),
        ("shelling", "", r"\b(?:shelling|shelled|artillery|mortars?|rockets?)\b"),
        ("ground_offensive", "", r"\b(?:offensive|assault|stormed|battle)\b"),
    ]]
ACTORS = [
    ("Russian forces", re.compile(r"\bRussia(?:n)?(?:'s|’s)?(?: forces| air force| jets| bombs)?\b")),
    ("Syrian government forces", re.compile(
        r"\b(?:Syrian (?:government|regime|air force|army)|government forces|(?:the )?Assad regime"
        r"|pro-Assad forces|regime forces|Syrian Regime)\b", re.IGNORECASE)),
    ("Hezbollah", re.compile(r"\bHezbollah\b")),
    ("Iran-backed militias", re.compile(r"\bIranian (?:militias|forces)\b|\bmilitias under Russian and Iranian\b")),
    ("Islamic State", re.compile(r"\b(?:Islamic State|ISIS|Daesh)\b")),
]
FACILITY = re.compile(r"(?:(?P<name>(?:[Aa]l-|[Aa]l )?[A-Z][\w'’-]+)\s+)?(?P<what>field hospital|hospital"
                      r"|clinic|medical cent(?:re|er)|medical facilit(?:y|ies)|school|bakery|market)s?\b")
TOTAL_MARKERS = re.compile(r"\b(?:since (?:the start|\w+ \d{4}|\d{4})|up until|in total|documents the deaths"
                           r"|death toll|toll of|record of|at least \d[\d,]* (?:attacks|massacres))\b",
                           re.IGNORECASE)

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "a hundred": 100, "a thousand": 1000,
                "half a million": 500_000, "a million": 1_000_000}
NUMBER = (r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+million)?|half a million|a million|a hundred"
          r"|a thousand|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
          r"|forty|fifty)")
QUALIFIER = r"(?:(?:about|some|around|approximately|nearly|almost|at least|more than|over|up to)\s+)?"
COUNT_RULES: list[tuple[str, re.Pattern]] = [
    (measure, re.compile(pattern, re.IGNORECASE)) for measure, pattern in [
        (schema.KILLED, r"\b(?:kill\w*|deaths of|death of)\s+" + QUALIFIER + NUMBER + r"\b"),
        (schema.KILLED, r"\b" + QUALIFIER + NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:were\s+)?(?:killed|dead|died|corpses"
                   r"|bodies|deaths)\b"),
        (schema.INJURED, r"\b(?:injur\w*|wound\w*)\s+" + QUALIFIER + NUMBER + r"\b"),
        (schema.INJURED, r"\b" + QUALIFIER + NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:were\s+)?(?:injured|wounded)\b"),
        (schema.DISPLACED, r"\b(?:displac\w*|uproot\w*)\s+" + QUALIFIER + NUMBER + r"\b"),
        (schema.DISPLACED, r"\b" + QUALIFIER + NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:were\s+|have been\s+)?"
                      r"(?:displaced|uprooted|fled)\b"),
        (schema.DISPLACED, r"\bdisplacement of\s+" + QUALIFIER + NUMBER + r"\b"),
        ("massacres", r"\b" + QUALIFIER + NUMBER + r"\s+massacres\b"),
        ("attacks", r"\b" + QUALIFIER + NUMBER + r"\s+(?:[\w-]+\s+){0,2}?attacks\b"),
    ]]


def incident_type_of(sentence: str) -> tuple[str, str] | None:
    """The most specific incident type (and weapon) a sentence signals, or None."""
    for kind, weapon, pattern in TYPE_RULES:
        if pattern.search(sentence):
            return kind, weapon
    return None


def perpetrator_in(sentence: str) -> str:
    """Actors the sentence names, in a normalised spelling, joined with ' and '."""
    return " and ".join(name for name, pattern in ACTORS if pattern.search(sentence))


def facility_in(sentence: str) -> str:
    """The facility a sentence names ('Al-Quds hospital', 'clinic'), or ''."""
    found = FACILITY.search(sentence)
    if not found:
        return ""
    name = found.group(schema.NAME)
    keep_name = name and name.lower() not in ("the", "a", "an", "every", "one", "its", "his", "their")
    return f"{name} {found.group('what')}" if keep_name else found.group("what")


def number_value(text: str) -> int:
    """'6,686' -> 6686, 'nine' -> 9, '1.3 million' -> 1300000, 'a million' -> 1000000."""
    words = text.lower().strip()
    if words in WORD_NUMBERS:
        return WORD_NUMBERS[words]
    if words.endswith("million"):
        return int(round(float(words.split()[0]) * 1_000_000))
    return int(float(words.replace(",", "")))


def find_counts(sentence: str) -> dict[str, int]:
    """Killed / injured / displaced figures a sentence states (first figure of each)."""
    counts: dict[str, int] = {}
    for measure, pattern in COUNT_RULES:
        found = pattern.search(sentence)
        if found and measure not in counts:
            counts[measure] = number_value(found.group("n"))
    return counts
