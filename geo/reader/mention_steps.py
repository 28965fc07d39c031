"""Steps over a whole column of place mentions, each reading a mention beside the one before it: a list that goes
on naming governorates, roles carried across a list, and a spelling shared by several places ranked by area.

Each step first asks whether any kind of mention it could change is present at all, so that a text naming one
place a million times costs it one look, not a million."""

from __future__ import annotations

import re

from geo import schema
from geo.gazetteer.lookup import Gazetteer, Place
from geo.gazetteer.names import name_skeleton
from geo.reader.mention import Mentions

LIST_AFTER_GOVERNORATE = re.compile(r"(?:,|\band|\bor|\bfollowed by|\bthen)\s+$")
PARENTHESISED = re.compile(r"^\s*\(\s*$")
BETWEEN_BEFORE = re.compile(r"\bbetween\s+$")
LIST_JOINER = re.compile(r"^\s*\)?\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?(?:camps? (?:at|in)\s+)?$")
CARRIED_ROLES = ("reference", "destination")


def governorates_in_lists(text: str, mentions: Mentions, gazetteer: Gazetteer) -> Mentions:
    """'most deaths were in Aleppo governorate, then Idlib and Hama': a list begun with a governorate goes on
    naming governorates."""
    if not any(place.kind == "governorate" for _, place, *_ in mentions.kinds):
        return mentions
    upgraded, previous = Mentions(), None
    for mention in mentions:
        between = text[previous.end:mention.start] if previous else ""
        if previous and previous.place.kind == "governorate" and mention.place.kind in ("city", "town") \
                and not re.search(r"[.;\n]", between) and LIST_AFTER_GOVERNORATE.search(between):
            same_name = gazetteer.governorate(mention.place.admin1)
            if same_name and name_skeleton(same_name.admin1) == name_skeleton(mention.place.name):
                mention = mention._replace(place=same_name)
        upgraded.append(mention)
        previous = mention
    return upgraded


def roles_across_lists(text: str, mentions: Mentions) -> Mentions:
    """A place listed right after a destination ('for Tal Rifaat, Nubl and al-Zahraa') is a destination too; one
    in brackets after a name ('Saraqeb (Saraqib)') takes that name's role."""
    if "(" not in text and not any(role in CARRIED_ROLES for _, _, _, role, _ in mentions.kinds):
        return mentions
    roled, previous = Mentions(), None
    for mention in mentions:
        between = text[previous.end:mention.start] if previous else ""
        if previous and PARENTHESISED.match(between):
            mention = mention._replace(role=previous.role)
        elif previous and previous.role == "reference" and mention.role == "location" \
                and BETWEEN_BEFORE.search(text[max(0, previous.start - 10):previous.start]) \
                and re.fullmatch(r"\s+and\s+", between):
            mention = mention._replace(role="reference")  # 'a hamlet between Ariha and Jisr al-Shughur'
        elif previous and previous.role == "destination" and mention.role == "location" \
                and LIST_JOINER.match(re.sub(r"\s*\([^)]*\)", "", between)):
            mention = mention._replace(role="destination")
        roled.append(mention)
        previous = mention
    return roled


def ranked_by_area(mentions: Mentions, gazetteer: Gazetteer) -> Mentions:
    """A spelling shared by places in several governorates: the one in the governorate the text speaks of most
    is chosen, the others are kept, ranked, as alternatives (and the mention needs review)."""
    rivals: dict[tuple[str, str], list[Place]] = {}  # the places each spelling may name, once per spelling
    areas: dict[str, int] = {}
    for (written, place, *_), count in zip(mentions.kinds, mentions.counts(), strict=True):
        key = (written, place.id)
        if key not in rivals:
            places = [p for p in gazetteer.candidates(written) if p.in_syria and p.kind in schema.POINT_KINDS] \
                if place.resolved else []
            rivals[key] = places if len({p.admin1 for p in places}) > 1 and place in places else []
        if place.in_syria and place.admin1 and not rivals[key]:
            areas[place.admin1] = areas.get(place.admin1, 0) + count
    if not any(rivals.values()):
        return mentions
    ranked = Mentions()
    for mention in mentions:
        places = rivals[(mention.text, mention.place.id)]
        if places:
            order = sorted(places, key=lambda p: (-areas.get(p.admin1, 0), places.index(p)))
            mention = mention._replace(place=order[0], alternatives=tuple(p.id for p in order[1:]))
        ranked.append(mention)
    return ranked
