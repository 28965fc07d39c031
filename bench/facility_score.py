"""Scores the facilities the reader gives its incidents against the truth files' `facility` field.

python -m bench.facility_score DIR [--misses]   (e.g. ../shared/reader-dev)
A truth incident's facility is found when a candidate at the same place with overlapping dates (the rules of
bench.reader_score, type aside) names the same facility: the same kind ('the field hospital in al-Jiza' and
'al-Jiza field hospital' are both a field hospital) and, when both carry a proper name, names at least 80% alike.
Precision counts every candidate that names a facility: it is right when such a truth incident names the same one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rapidfuzz import fuzz

from bench.reader_score import Tally, _names, _run, folded, same
from geo.reader.facilities import facility_mentions

NAMES_ALIKE = 80


def same_facility(first: str, second: str) -> bool:
    """Two writings of one facility: the same kind and, where both are named, alike names."""
    one, other = facility_mentions(first), facility_mentions(second)
    if not one or not other or one[0].kind != other[0].kind:
        return False
    if one[0].kind == "other" and folded(one[0].what) != folded(other[0].what):
        return False
    names = folded(one[0].name), folded(other[0].name)
    return not all(names) or fuzz.ratio(*names) >= NAMES_ALIKE


def _at(candidate: dict, incident: dict, names: list[str]) -> bool:
    """A candidate at the truth incident's place with overlapping dates."""
    written = [candidate.get(k) for k in ("place_text", "place_name") if candidate.get(k)]
    if not any(same(n, c) or (folded(n) and folded(n) in folded(c)) for n in names for c in written):
        return False
    start = candidate.get("date_start") or ""
    return bool(start) and start <= incident["date_end"] and (candidate.get("date_end") or start) >= incident[
        "date_start"]


def score_facilities(document: Path, truth: dict) -> Tally:
    """One document's facilities: found, missed and extra."""
    places = {p["canonical"]: p for p in truth["syrian_places"]}
    output = _run("extract", str(document), "--date", truth["document_date"]).get("incidents", [])
    pairs = [(incident, _names(places.get(incident["place"], {"canonical": incident["place"]})))
             for incident in truth["incidents"]]
    wanted = [(incident, names) for incident, names in pairs if incident.get("facility")]
    missed = tuple(f"{i['id']} {i['facility']}" for i, names in wanted
                   if not any(_at(c, i, names) and same_facility(c.get("facility", ""), i["facility"])
                              for c in output))
    named = [c for c in output if c.get("facility")]
    extra = tuple(f"{c.get('place_text')} {c.get('date_start')}: {c['facility']}" for c in named
                  if not any(_at(c, i, names) and same_facility(c["facility"], i["facility"])
                             for i, names in wanted))
    return Tally(len(wanted) - len(missed), len(missed), len(extra), missed, extra)


def main(argv: list[str] | None = None) -> int:
    """Print per document and overall facility recall and precision."""
    parser = argparse.ArgumentParser(prog="python -m bench.facility_score")
    parser.add_argument("folder", type=Path, help="a folder of NN_*.txt documents with NN_*.truth.json beside them")
    parser.add_argument("--misses", action="store_true", help="also list what each document missed and added")
    arguments = parser.parse_args(argv)
    documents = sorted(arguments.folder.glob("[0-9][0-9]_*.txt"))
    if not documents:
        print(f"error: no NN_*.txt documents with truth files in {arguments.folder}", file=sys.stderr)
        return 1
    total = Tally()
    for document in documents:
        tally = score_facilities(document, json.loads(document.with_suffix(".truth.json").read_text("utf-8")))
        total.add(tally)
        print(f"{document.stem[:42]:<42} found {tally.found:>2} missed {tally.missed:>2} extra {tally.extra:>2}")
        for label, items in (("missed", tally.what_missed), ("extra", tally.what_extra)):
            if arguments.misses and items:
                print(f"    {label}: " + "; ".join(items))
    print(f"facilities on {len(documents)} docs: recall {total.recall():.2f} (goal 0.80), "
          f"precision {total.precision():.2f} (goal 0.85)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
