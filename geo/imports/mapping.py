"""Column mappings from other datasets to the data contract: presets, a guess, saving and loading."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from geo import schema
from geo.errors import InputFileError, UsageError
from geo.files.atomic import atomic_write_text
from geo.files.safe_names import path_inside
from geo.imports.readers import GEOMETRY_FIELD
from geo.labels import COLUMN_LABELS, TYPE_LABELS

VOCABULARY = json.loads((Path(__file__).resolve().parent / "vocabulary.json").read_text(encoding="utf-8"))
TARGETS = tuple(VOCABULARY["targets"])
SYNONYMS = {target: tuple(names) for target, names in VOCABULARY["synonyms"].items()}
TYPE_SYNONYMS = VOCABULARY["type_synonyms"]
NULL_WORDS = tuple(VOCABULARY["null_words"])
GEOMETRY_STANDS_FOR = ("latitude", "longitude")
MAPPINGS_DIR = "mappings"  # where a data folder (and the team database, among its stored files) keeps mappings
TARGET_DATE, TARGET_PLACE, TARGET_TIME_PRECISION = "date", "place", "time_precision"


@dataclass
class Mapping:
    """How the columns of one dataset become the contract's fields."""

    name: str = "guessed"
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    type_values: dict[str, str] = field(default_factory=dict)
    precision_values: dict[str, str] = field(default_factory=dict)
    weapon_values: dict[str, str] = field(default_factory=dict)
    confidence_values: dict[str, str] = field(default_factory=dict)
    null_values: list[str] = field(default_factory=lambda: list(NULL_WORDS))
    date_order: str = ""
    id_prefix: str = ""
    counts_from_text: bool = False
    source_title: str = ""
    health_care: dict[str, list[str]] = field(default_factory=dict)  # a health-care figure: the columns summed

    def to_json(self) -> str:
        """The mapping as indented JSON."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)


def _key(name: str) -> str:
    """Column name folded for comparison."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def preset_mapping(name: str) -> Mapping:
    """A known dataset's preset mapping by name ('acled', 'insecurity_insight', 'syrian_archive')."""
    presets = {Mapping(**preset["mapping"]).name: Mapping(**preset["mapping"]) for preset in VOCABULARY["presets"]}
    if name not in presets:
        raise UsageError(f"no preset mapping {name!r}; known: {', '.join(presets)}")
    return presets[name]


def preset_names() -> list[str]:
    """The known datasets' preset mappings, by name."""
    return [Mapping(**preset["mapping"]).name for preset in VOCABULARY["presets"]]


def field_label(target: str) -> str:
    """One of our fields in words ('admin1' -> 'Governorate')."""
    return COLUMN_LABELS.get(target, target.replace("_", " ").capitalize())


def mapping_summary(mapping: Mapping) -> str:
    """What a mapping does, in one line and in words: each of our fields and the dataset's column it is read from
    (as the dataset spells it), and the fixed values."""
    read = [f"{field_label(target)} from its column {column!r}" for target, column in mapping.columns.items()]
    fixed = [f"{field_label(target)}: {TYPE_LABELS.get(value, value)} for every row"
             for target, value in mapping.constants.items() if value]
    return "; ".join(read + fixed) or "nothing mapped yet"


def guess_mapping(columns: list[str]) -> Mapping:
    """The mapping of a known dataset, else one matched by column names (contract names map to themselves)."""
    names = set(columns)
    if GEOMETRY_FIELD in names:
        names |= set(GEOMETRY_STANDS_FOR)
    for preset in VOCABULARY["presets"]:
        if set(preset["signature"]) <= names:
            return Mapping(**preset["mapping"])
    folded = {_key(column): column for column in columns}
    found = {}
    for target, synonyms in SYNONYMS.items():
        match = next((folded[s] for s in synonyms if s in folded), None)
        if match and match not in found.values():
            found[target] = match
    if schema.DATE_START in folded:
        found[TARGET_DATE] = folded[schema.DATE_START]
    if schema.PLACE_ID in folded and TARGET_PLACE not in found:
        found[TARGET_PLACE] = folded[schema.PLACE_ID]
    return Mapping("guessed", found, {} if schema.TYPE in found else {schema.TYPE: ""}, {}, {})


def type_of(value: str, mapping: Mapping) -> str:
    """Our incident type for a source value, or '' when there is none."""
    folded = value.strip().lower()
    if folded in schema.INCIDENT_TYPES:
        return folded
    return mapping.type_values.get(folded) or TYPE_SYNONYMS.get(folded, "")


def precision_of(value: str, mapping: Mapping) -> str:
    """Our geo_precision for a source code ('(2) 25 km Precision' -> region), or '' when unknown."""
    text = value.strip()
    if text in schema.GEO_PRECISIONS:
        return text
    for code, ours in mapping.precision_values.items():
        if text == code or text.startswith(code):
            return ours
    return ""


def read_mapping_bytes(content: bytes, where: str) -> Mapping:
    """A saved mapping's JSON, checked for unknown keys and targets (`where` names it in the one-line refusal)."""
    try:
        mapping = Mapping(**json.loads(content.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError) as error:
        raise InputFileError(f"{where}: not a mapping file ({error})") from None
    unknown = sorted(set(mapping.columns) - set(TARGETS))
    if unknown:
        raise InputFileError(f"{where}: unknown target field {unknown[0]!r}; use {', '.join(TARGETS)}")
    figures = sorted(set(mapping.health_care) - set(schema.HEALTH_CARE_MEASURES))
    if figures or not all(isinstance(v, list) for v in mapping.health_care.values()):
        raise InputFileError(f"{where}: health_care maps {', '.join(schema.HEALTH_CARE_MEASURES)} to lists of "
                             "columns")
    return mapping


def load_mapping(path: Path) -> Mapping:
    """A saved mapping file, checked for unknown keys and targets."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise InputFileError(f"{path}: not a mapping file ({error})") from None
    return read_mapping_bytes(content, str(path))


def save_mapping(mapping: Mapping, path: Path) -> None:
    """Save a mapping for reuse."""
    atomic_write_text(path, mapping.to_json() + "\n")


def readable_mappings(files: dict[str, bytes]) -> dict[str, Mapping]:
    """Saved mappings by name from their files' contents (`name.json` by path); one that is not a mapping is left
    out, not fatal."""
    found = {}
    for path, content in sorted(files.items()):
        try:
            found[Path(path).stem] = read_mapping_bytes(content, path)
        except InputFileError:
            continue
    return found


def saved_mappings(folder: Path) -> dict[str, Mapping]:
    """A data folder's mappings saved for reuse, by name (a file that is not a mapping is left out)."""
    return readable_mappings({str(path): path.read_bytes() for path in folder.glob("*.json") if path.is_file()})


def keep_mapping(folder: Path, mapping: Mapping, name: str) -> str:
    """Save a mapping in a folder under a safe form of the name; that name."""
    target = path_inside(folder, name, ".json")
    save_mapping(replace(mapping, name=target.stem), target)
    return target.stem
