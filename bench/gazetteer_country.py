"""Prints what the whole-country gazetteer costs and gives: load time, memory, look-up speed, and how many of the
development documents' places it knows (with and without the vendored open material).

python -m bench.gazetteer_country [--documents ../shared/reader-dev]
Load time and memory are measured in fresh processes (three runs; memory is resident-set growth over the imports).
Look-ups: 10,000 spellings (a third exact, a third transliteration variants, a third misspelt) answered by the
gazetteer's indexes (dict, skeleton, rapidfuzz over a length and first-letters bucket), against the peer approach of
rapidfuzz.process.extractOne over every spelling (timed on 300, scaled to 10,000).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from geo import config
from geo.gazetteer.lookup import Gazetteer, _load_gazetteer
from geo.gazetteer.vendor import ADMIN_FILE, OSM_FILE, WIKIDATA_FILE

PROJECT = Path(__file__).resolve().parent.parent
LOAD_PROBE = ("import resource, time; from geo.gazetteer.lookup import load_gazetteer; "
              "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; t = time.perf_counter(); "
              "g = load_gazetteer(); print(time.perf_counter() - t, "
              "(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, len(g.places))")
VENDORED = (WIKIDATA_FILE, OSM_FILE, ADMIN_FILE)


def load_figures(runs: int = 3) -> list[tuple[float, float, int]]:
    """(seconds, MB, places) of loading the gazetteer in fresh processes."""
    figures = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True, check=True,
                             cwd=PROJECT).stdout.split()
        figures.append((float(out[0]), float(out[1]), int(out[2])))
    return figures


def _spellings(gazetteer: Gazetteer, count: int, randomly: random.Random) -> list[str]:
    """Exact spellings, variants (vowels changed) and misspellings (a letter dropped) of Syrian places."""
    names = sorted({name for place in gazetteer.places.values() if place.in_syria
                    for name in (place.name, *place.alt_names) if name.isascii() and len(name) > 5})
    chosen = [randomly.choice(names) for _ in range(count)]
    variants = [name.replace("ou", "u").replace("i", "e", 1) for name in chosen[count // 3: 2 * count // 3]]
    misspelt = [name[:len(name) // 2] + name[len(name) // 2 + 1:] for name in chosen[2 * count // 3:]]
    return chosen[:count // 3] + variants + misspelt


def lookup_figures(gazetteer: Gazetteer, count: int = 10_000) -> tuple[float, int, float]:
    """(seconds for count look-ups, how many answered, brute-force seconds scaled to count)."""
    names = _spellings(gazetteer, count, random.Random(5))
    started = time.perf_counter()
    answered = sum(gazetteer._resolve(name, True) is not None for name in names)
    ours = time.perf_counter() - started
    keys = list(gazetteer._exact)
    sample = names[:300]
    started = time.perf_counter()
    for name in sample:
        process.extractOne(name.lower(), keys, scorer=fuzz.ratio, score_cutoff=88)
    return ours, answered, (time.perf_counter() - started) * count / len(sample)


def known_share(gazetteer: Gazetteer, documents: list[Path]) -> tuple[int, int]:
    """(known, all) Syrian places of the truth files below governorate level that the gazetteer resolves."""
    known = total = 0
    for document in documents:
        truth = json.loads(document.with_suffix(".truth.json").read_text(encoding="utf-8"))
        for place in truth["syrian_places"]:
            spellings = [place["canonical"], *place.get("as_written", [])]
            found = [gazetteer.lookup(name, fuzzy=False) for name in spellings]
            if any(match and match.place.kind == "governorate" for match in found):
                continue
            total += 1
            known += any(match and match.place.in_syria for match in found)
    return known, total


def _without_vendored() -> Gazetteer:
    """The gazetteer as it was before the open material: GeoNames extract and curated places only."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(config.DEFAULT_DATA_DIR, copy, ignore=shutil.ignore_patterns(*VENDORED))
        return _load_gazetteer(str(copy), str(copy / "none.geojson"), 0)


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.gazetteer_country")
    parser.add_argument("--documents", type=Path, default=PROJECT.parent / "shared" / "reader-dev")
    arguments = parser.parse_args(argv)
    for seconds, megabytes, places in load_figures():
        print(f"load: {seconds:.2f} s, {megabytes:.0f} MB resident growth, {places:,} places (targets 1.5 s, 150 MB)")
    gazetteer = _load_gazetteer(str(config.DEFAULT_DATA_DIR), str(PROJECT / "none.geojson"), 0)
    ours, answered, brute = lookup_figures(gazetteer)
    print(f"10,000 look-ups: {ours:.2f} s through the indexes ({answered:,} answered); "
          f"extractOne over all {len(gazetteer._exact):,} spellings: {brute:.1f} s")
    documents = sorted(arguments.documents.glob("[0-9][0-9]_*.txt"))
    if not documents:
        print(f"no development documents in {arguments.documents}: coverage not measured")
        return 0
    before = _without_vendored()
    for label, chosen in (("01-12", documents[:12]), ("13-22", documents[12:22]), ("all", documents)):
        old, new = known_share(before, chosen), known_share(gazetteer, chosen)
        print(f"documents {label}: places below governorate known {old[0]}/{old[1]} before, "
              f"{new[0]}/{new[1]} with the open material")
    return 0


if __name__ == "__main__":
    sys.exit(main())
