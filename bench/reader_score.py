"""Scores the reader on a folder of documents with truth files: per document and overall, places and incidents.

python -m bench.reader_score DIR   (e.g. ../shared/reader-dev)
It runs `python -m geo places` and `python -m geo extract` in this process and matches their output with the
rules of the development set's own score.py: a Syrian place is found when an output place in Syria carries one
of its spellings; an incident is found when one candidate has the same place, overlapping dates and a type the
truth accepts (each candidate matches one incident). Spellings match after folding case, accents, articles and
generic words ('governorate', 'city', ...), or when they are 88% alike and five letters or more.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from geo.cli.main import main as geo

ARTICLE = re.compile(r"^(al|el|ad|ar|as|ash|at|az|an|ad-|the)[\s\-']+")
GENERIC = re.compile(r"\b(governorate|province|countryside|city|district|subdistrict|region|area|town|village|"
                     r"neighbou?rhood|the)\b")


@dataclass
class Tally:
    """Found, missed and extra counts of one measure."""

    found: int = 0
    missed: int = 0
    extra: int = 0
    what_missed: tuple[str, ...] = ()
    what_extra: tuple[str, ...] = ()

    def recall(self) -> float:
        """Share of the truth found."""
        return self.found / max(self.found + self.missed, 1)

    def precision(self) -> float:
        """Share of the output that is true."""
        return self.found / max(self.found + self.extra, 1)

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.found, self.missed, self.extra = (self.found + other.found, self.missed + other.missed,
                                               self.extra + other.extra)


def folded(text: object) -> str:
    """A spelling folded for comparison."""
    value = unicodedata.normalize("NFKD", str(text or "")).casefold()
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = ARTICLE.sub("", GENERIC.sub(" ", re.sub(r"[ʿʾ`'’‘]", "", value)).strip())
    return re.sub(r"[\s\-_.,()]+", "", value)


def same(first: object, second: object) -> bool:
    """Two spellings of one name."""
    a, b = folded(first), folded(second)
    return bool(a) and bool(b) and (a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 88))


def _run(*args: str) -> dict:
    """The JSON a `python -m geo` command prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = geo(list(args))
    if code != 0:
        raise RuntimeError(f"geo {args[0]} exited {code}")
    return json.loads(out.getvalue())


def _names(place: dict) -> list[str]:
    """A truth place's canonical name and its spellings."""
    return [place["canonical"], *place.get("as_written", [])]


def score_places(document: Path, truth: dict) -> Tally:
    """Syrian places of one document: found, missed, extra."""
    output = [f["properties"] for f in _run("places", str(document)).get("features", [])]
    syrian = [p for p in output if p.get("in_syria") or str(p.get("country_code", "")).upper() == "SY"]
    spelled = [[p.get("name"), *(p.get("as_written") or [])] for p in syrian]
    missed = tuple(place["canonical"] for place in truth["syrian_places"]
                   if not any(same(n, m) for n in _names(place) for spellings in spelled for m in spellings))
    extra = tuple(spellings[0] for spellings in spelled
                  if not any(same(n, m) for place in truth["syrian_places"] for n in _names(place) for m in spellings))
    return Tally(len(truth["syrian_places"]) - len(missed), len(missed), len(extra), missed, extra)


def _matches(candidate: dict, incident: dict, names: list[str]) -> bool:
    """Same place, overlapping dates, an accepted type."""
    written = [candidate.get(k) for k in ("place_text", "place_name", "place", "place_id") if candidate.get(k)]
    if not any(same(n, c) or (folded(n) and folded(n) in folded(c)) for n in names for c in written):
        return False
    start = candidate.get("date_start") or ""
    end = candidate.get("date_end") or start
    types = set(incident.get("types", [])) | set(incident.get("acceptable_extra_types", []))
    return bool(start) and start <= incident["date_end"] and end >= incident["date_start"] \
        and bool(({candidate.get("type")} | set(candidate.get("types") or [])) & types)


def score_incidents(document: Path, truth: dict) -> Tally:
    """Incidents of one document: found, missed, extra candidates."""
    places = {p["canonical"]: p for p in truth["syrian_places"]}
    output = _run("extract", str(document), "--date", truth["document_date"]).get("incidents", [])
    used: set[int] = set()
    for incident in truth["incidents"]:
        names = _names(places.get(incident["place"], {"canonical": incident["place"]}))
        hit = next((i for i, c in enumerate(output) if i not in used and _matches(c, incident, names)), None)
        if hit is not None:
            used.add(hit)
    missed = tuple(f"{i['id']} {i['place']} {i['date_start']} {'/'.join(i['types'])}" for i in truth["incidents"]
                   if not any(_matches(output[u], i, _names(places.get(i["place"], {"canonical": i["place"]})))
                              for u in used))
    extra = tuple(f"{c.get('place_text')} {c.get('date_start')} {c.get('type')}" for i, c in enumerate(output)
                  if i not in used)
    return Tally(len(used), len(truth["incidents"]) - len(used), len(output) - len(used), missed, extra)


def _print_misses(places: Tally, incidents: Tally) -> None:
    """What one document's places and incidents missed, and what they added."""
    for label, items in (("places missed", places.what_missed), ("places extra", places.what_extra),
                         ("incidents missed", incidents.what_missed), ("incidents extra", incidents.what_extra)):
        if items:
            print(f"    {label}: " + "; ".join(items))


def main(argv: list[str] | None = None) -> int:
    """Print per document and overall recall and precision."""
    parser = argparse.ArgumentParser(prog="python -m bench.reader_score")
    parser.add_argument("folder", type=Path, help="a folder of NN_*.txt documents with NN_*.truth.json beside them")
    parser.add_argument("--misses", action="store_true", help="also list what each document missed and added")
    arguments = parser.parse_args(argv)
    folder = arguments.folder
    documents = sorted(folder.glob("[0-9][0-9]_*.txt"))
    if not documents:
        print(f"error: no NN_*.txt documents with truth files in {folder}", file=sys.stderr)
        return 1
    totals = {"places": Tally(), "incidents": Tally()}
    print(f"{'document':<42} {'places R':>8} {'P':>5} {'incidents R':>11} {'P':>5}")
    for document in documents:
        truth = json.loads(document.with_suffix(".truth.json").read_text(encoding="utf-8"))
        places, incidents = score_places(document, truth), score_incidents(document, truth)
        totals["places"].add(places)
        totals["incidents"].add(incidents)
        print(f"{document.stem[:42]:<42} {places.recall():>8.2f} {places.precision():>5.2f} "
              f"{incidents.recall():>11.2f} {incidents.precision():>5.2f}")
        if arguments.misses:
            _print_misses(places, incidents)
    for measure, tally in totals.items():
        print(f"{measure} on {len(documents)} docs: recall {tally.recall():.2f}, precision {tally.precision():.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
