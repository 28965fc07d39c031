"""Prints how long a gazetteer with 20,000 imported places takes to load and to answer 10,000 look-ups.

python -m bench.gazetteer_growth [--places 20000]
The places are written as a GeoNames country dump (invented names, Latin and Arabic), imported with
`python -m geo gazetteer import` into a scratch copy of data/, then the gazetteer is loaded afresh.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from geo.cli.main import main as geo
from geo.gazetteer.lookup import _load_gazetteer, load_gazetteer

PROJECT = Path(__file__).resolve().parent.parent
SYLLABLES = ["kaf", "ra", "tal", "mar", "deir", "ain", "sha", "bul", "hab", "qas", "zor", "nab", "lat", "mis", "jub"]
ARABIC = ["كفر", "تل", "عين", "دير", "مرج", "قصر", "بيت", "خربة"]


def _name(randomly: random.Random) -> str:
    """An invented two-word village name."""
    return " ".join("".join(randomly.choice(SYLLABLES) for _ in range(2)).title() for _ in range(2))


def _dump(count: int, randomly: random.Random) -> tuple[str, list[str]]:
    """A GeoNames-format dump of count populated places, and their names."""
    rows, names = [], []
    for number in range(count):
        name = f"{_name(randomly)} {number}"
        arabic = f"{randomly.choice(ARABIC)} {number}"
        lat, lon = 32.5 + randomly.random() * 4.5, 36.0 + randomly.random() * 6
        rows.append("\t".join([str(9_000_000 + number), name, name, f"{name.upper()},{arabic}", f"{lat:.4f}",
                               f"{lon:.4f}", "P", "PPL", "SY", "", "09", "", "", "", "300", "", "400",
                               "Asia/Damascus", "2024-01-01"]))
        names.append(name)
    return "\n".join(rows) + "\n", names


def main() -> None:
    """Import, load, look up; print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.gazetteer_growth")
    parser.add_argument("--places", type=int, default=20_000)
    count = parser.parse_args().places
    randomly = random.Random(7)
    text, names = _dump(count, randomly)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(PROJECT / "data", data)
        (Path(folder) / "SY.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        geo(["--data", str(data), "gazetteer", "import", str(Path(folder) / "SY.txt"), "--by", "bench"])
        print(f"import of {count:,} places: {time.perf_counter() - started:.2f} s")
        _load_gazetteer.cache_clear()
        started = time.perf_counter()
        gazetteer = load_gazetteer(data_dir=str(data))
        print(f"gazetteer load with {count:,} imported places: {time.perf_counter() - started:.2f} s "
              f"({len(gazetteer.places):,} places in all)")
        asked = [randomly.choice(names) if n % 2 else f"{randomly.choice(names)}x" for n in range(10_000)]
        asked = [name.upper() if n % 3 == 0 else name for n, name in enumerate(asked)]
        started = time.perf_counter()
        found = sum(gazetteer.lookup(name) is not None for name in asked)
        print(f"10,000 look-ups (half known, a third in capitals, misses tried fuzzily): "
              f"{time.perf_counter() - started:.2f} s, {found:,} resolved")


if __name__ == "__main__":
    main()
