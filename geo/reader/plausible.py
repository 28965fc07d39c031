"""Whether a name the open material knows is used as a place here: thousands of village names are also words,
people's names or parts of longer names ('Side by Side', 'Wadi Salma', 'Kurdish'), so a one-word name known only
from that material counts on its own only where the text treats it as a place."""

from __future__ import annotations

import re

from geo.gazetteer.names import is_arabic
from geo.gazetteer.place import Place
from geo.reader.mention import Mentions
from geo.reader.rules import vocabulary_words

PLACE_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|of|on|from|to|into|towards?|across|between|hit|struck|shelled|bombed"
    r"|targeted|besieged|village|town|city|neighbourhood|district|camp)\s+(?:the\s+)?|[|:\t][ \t]*|[-–—][ \t]+)$",
    re.IGNORECASE)
ORGANISATION_BEFORE = re.compile(r"\b(?:charity|charities|NGO|organi[sz]ation|group|foundation|society|association"
                                 r"|company|agency|network|campaign|initiative|brigade|battalion)\s+$", re.IGNORECASE)
REPEATED_AROUND = re.compile(r"^(\w+) (?:in|to|by|for|and) $")  # 'Side by Side', 'Step by Step': a set phrase
# the last name of a line, after a comma: 'the central clinic, Kafr Batikh'
LAST_IN_LINE_AFTER_COMMA = (re.compile(r",[ \t]+$"), re.compile(r"^[ \t]*(?:\n|$)"))
ALTERNATIVE_BEFORE = re.compile(r"[A-Z][\w'’-]*[ \t]*\([ \t]*$")  # 'Saraqeb (Saraqib)': another spelling
LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*•\d.)]+[ \t]*)?$")
CELL_END = re.compile(r"^[ \t]*(?:$|\n|[,;|:\t(]|[-–—][ \t])")
PLACE_CUE_AFTER = re.compile(r"^(?:,?\s+(?:a|an|the)?\s*(?:\w+\s+)?(?:village|town|city|hamlet|countryside|district"
                             r"|area|neighbourhood|suburb|camp)\b|\s*\(|\s*[|:\t]|\s*[-–—]\s|\s*,\s*\d{1,2}\s+[A-Z])")
LIST_JOIN = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or|/|\()\s*(?:the\s+)?$")
NAME_BEFORE = re.compile(r"\b([A-Z][\w'’-]*)[ \t]+$")
PERSON_AFTER = re.compile(r"^(?:,\s*\d{1,3}\s*(?:,|years?\b)|\s+(?:said|told|says|added|recalled|explained|asked"
                          r"|and his|and her)\b)")
ADJECTIVE = re.compile(r"(?:ish|ian|ese)$", re.IGNORECASE)
FACILITY_NAME_ROLE = "facility name"
NOT_NAMES = frozenset(vocabulary_words("not_place_names"))
FUNCTION_WORDS = frozenset(["in", "on", "at", "near", "from", "to", "into", "the", "and", "or", "of", "by", "for",
                           "with", "as", "a", "an", "but", "when", "after", "before", "since", "during", "then",
                           "while", "both", "across", "inside", "outside", "towards", "toward", "around"])


def in_a_set_phrase_or_organisation(text: str, start: int, end: int) -> bool:
    """A one-word name after 'the charity' or repeated around a small word ('Hand in Hand'): not a place."""
    written = text[start:end]
    repeated = REPEATED_AROUND.match(text[max(0, start - len(written) - 4):start])
    following = re.match(r" (?:in|to|by) (\w+)", text[end:end + len(written) + 4])  # not 'Hama and Hama countryside'
    organisation = ORGANISATION_BEFORE.search(text[max(0, start - 40):start])
    return bool(organisation or (repeated and repeated.group(1) == written)
                or (following and following.group(1) == written))


def used_as_place(text: str, start: int, end: int, place: Place, previous_end: int | None) -> bool:
    """False for a one-word name inside an organisation's name or a set phrase ('the charity Side by Side'), and for
    one known only from the open material that stands where no place is spoken of."""
    written = text[start:end]
    if is_arabic(written) or len(written.split()) > 1:
        return True
    before = text[max(0, start - 40):start]
    if written.lower() in NOT_NAMES or in_a_set_phrase_or_organisation(text, start, end):
        return False
    if not place.from_open_material:
        return True
    if ADJECTIVE.search(written) or PERSON_AFTER.match(text[end:end + 20]):
        return False
    name_before = NAME_BEFORE.search(before)
    if name_before and name_before.group(1).lower() not in FUNCTION_WORDS and not before.rstrip().endswith((".", ":")):
        return False
    if previous_end is not None and LIST_JOIN.match(text[previous_end:start]):
        return True
    if ALTERNATIVE_BEFORE.search(before) or (LAST_IN_LINE_AFTER_COMMA[0].search(before)
                                             and LAST_IN_LINE_AFTER_COMMA[1].match(text[end:end + 3])):
        return True
    if LINE_START.search(before):
        return bool(CELL_END.match(text[end:end + 40]))
    return bool(PLACE_CUE_BEFORE.search(before) or PLACE_CUE_AFTER.match(text[end:end + 40]))


def facilities_named_again(mentions: Mentions, named: set[str]) -> Mentions:
    """'the Al-Nour hospital in X' then 'at Al-Nour': a village-sized name first written as a facility's stays that
    facility (a town's name before 'hospital' still names the town)."""
    if not named and not any(role == FACILITY_NAME_ROLE for _, _, _, role, _ in mentions.kinds):
        return mentions
    named, kept = set(named), Mentions()
    for mention in mentions:
        if mention.role == FACILITY_NAME_ROLE and mention.place.kind not in ("city", "town") \
                and not mention.place.curated:
            named.add(mention.text)
        elif mention.text in named:
            mention = mention._replace(role=FACILITY_NAME_ROLE)
        kept.append(mention)
    return kept
