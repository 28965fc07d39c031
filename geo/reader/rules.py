"""The reader's vocabulary (kept as data in vocabulary.json): incident types, weapons, actors, non-events."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo import schema
from geo.reader.literal_starts import first_match_start, starts_finder

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.json")
NEAR = 80


@dataclass(frozen=True)
class TypeRule:
    """One way of recognising an incident type: patterns, or a facility word near an attack verb."""

    type: str
    weapon: str
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The compiled vocabulary."""

    types: tuple[TypeRule, ...]
    unnamed: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    not_an_event: tuple[re.Pattern, ...]
    not_an_event_unless_casualties: tuple[re.Pattern, ...]
    totals: tuple[re.Pattern, ...]
    actors: tuple[tuple[str, re.Pattern], ...]
    agent: re.Pattern


def _compiled(patterns: list[str]) -> tuple[re.Pattern, ...]:
    """Compile a list of case-insensitive patterns into one alternation (one search instead of many)."""
    return (re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE),) if patterns else ()


def _near_attack(facility: str, attack: str) -> tuple[re.Pattern, ...]:
    """A facility word within a short distance of an attack verb, either side."""
    return _compiled([rf"\b{facility}\b.{{0,{NEAR}}}?\b{attack}", rf"\b{attack}\b.{{0,{NEAR}}}?\b{facility}\b"])


@lru_cache(maxsize=2)
def _vocabulary_text(path: str) -> str:
    """The vocabulary file's text, read once."""
    return Path(path).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vocabulary(path: str = str(VOCABULARY_FILE)) -> Vocabulary:
    """Load and compile the vocabulary file once."""
    data = json.loads(_vocabulary_text(path))
    attack = data["attack_verb"]
    types = tuple(TypeRule(entry[schema.TYPE], entry[schema.WEAPON],
                           _near_attack(entry["near_attack"], attack) if "near_attack" in entry
                           else _compiled(entry["patterns"])) for entry in data["types"])
    unknown = [entry[schema.TYPE] for entry in data["types"] if entry[schema.TYPE] not in schema.INCIDENT_TYPES]
    if unknown:
        raise ValueError(f"{path}: types not in the data contract: {', '.join(unknown)}")
    return Vocabulary(
        types=types,
        unnamed=tuple((entry["what"], _compiled(entry["patterns"])) for entry in data["no_contract_type"]),
        not_an_event=tuple(re.compile(pattern) if "CONTEXT" in pattern else re.compile(pattern, re.IGNORECASE)
                           for pattern in data["not_an_event"]),
        not_an_event_unless_casualties=_compiled(data["not_an_event_unless_casualties"]),
        totals=_compiled(data["totals"]),
        actors=tuple((name, re.compile(pattern)) for name, pattern in data["actors"]),
        agent=re.compile(data["agent"]))


def vocabulary_words(section: str) -> list | dict:
    """A plain section of the vocabulary file: a space-separated word list as a list, a mapping as it is."""
    value = json.loads(_vocabulary_text(str(VOCABULARY_FILE)))[section]
    return value.split() if isinstance(value, str) else value


def type_order() -> dict[str, int]:
    """Each type's rank in the vocabulary (most specific first)."""
    order: dict[str, int] = {}
    for rule in vocabulary().types:
        order.setdefault(rule.type, len(order))
    return order


@lru_cache(maxsize=1)
def _any_signal() -> re.Pattern:
    """One pattern that matches wherever some type's pattern does."""
    return re.compile("|".join(f"(?:{p.pattern})" for rule in vocabulary().types for p in rule.patterns),
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _signal_starts() -> re.Pattern | None:
    """Where an incident signal could begin: the literal words every one begins with."""
    return starts_finder(_any_signal())


def first_signal(text: str) -> int:
    """Where the earliest word signalling an incident type starts, or -1."""
    return first_match_start(_any_signal(), _signal_starts(), text)


def incident_types_of(text: str) -> tuple[list[str], str]:
    """Every incident type the text signals, most specific first, and the first weapon named."""
    types, weapon = _types_of(text)
    return list(types), weapon


@lru_cache(maxsize=4096)
def _types_of(text: str) -> tuple[tuple[str, ...], str]:
    """incident_types_of, remembered for the texts read last (a clause is asked about more than once)."""
    types: list[str] = []
    weapon = ""
    text = _without_unnamed(text)
    if first_signal(text) < 0:
        return (), ""
    for rule in vocabulary().types:
        if rule.type not in types and any(pattern.search(text) for pattern in rule.patterns):
            types.append(rule.type)
            weapon = weapon or rule.weapon
    return tuple(types), weapon


def incident_type_of(sentence: str) -> tuple[str, str] | None:
    """The most specific incident type (and weapon) a sentence signals, or None."""
    types, weapon = incident_types_of(sentence)
    return (types[0], weapon) if types else None


def _without_unnamed(text: str) -> str:
    """The text with the violence no contract type fits blanked out ('a car bomb' is not an air strike)."""
    for _, patterns in vocabulary().unnamed:
        for pattern in patterns:
            text = pattern.sub(lambda found: " " * len(found.group(0)), text)
    return text


def unnamed_kind(text: str) -> str:
    """What a text describes when it is violence no contract type fits ('explosive device'), else ''."""
    return next((what for what, patterns in vocabulary().unnamed if any(p.search(text) for p in patterns)), "")


def is_not_an_event(text: str, casualties: bool = False) -> bool:
    """True for denials and lines marked CONTEXT; for control changes, talks and aid unless people were harmed."""
    words = vocabulary()
    return any(pattern.search(text) for pattern in words.not_an_event) or (
        not casualties and any(pattern.search(text) for pattern in words.not_an_event_unless_casualties))


def has_total_marker(text: str) -> bool:
    """True when the text speaks of a cumulative figure ('since 2015', 'in total', 'across the province')."""
    return any(pattern.search(text) for pattern in vocabulary().totals)


SHORT_AGENTS = ("IS", "ISIS", "Daesh", "SDF", "Hezbollah")


def perpetrator_in(text: str) -> str:
    """Who the text says did it, as written ('Russian jets', 'government forces'), or ''."""
    found = [re.sub(r"^(?:the|a|its|their) ", "", match.group(0).strip())
             for match in vocabulary().agent.finditer(text)]  # 'the Turkish border' names no agent
    agents = [agent for agent in found if len(agent.split()) > 1 or agent in SHORT_AGENTS]
    return " and ".join(dict.fromkeys(agents))


def actors_in(text: str) -> list[str]:
    """The normalised names of the actors a text names."""
    return [name for name, pattern in vocabulary().actors if pattern.search(text)]
