"""Prints gazetteer load time, look-up throughput and reader time on a 100 kB document."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from bench.reader_shapes import main as hostile_shapes

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SPELLINGS = ["Aleppo", "Qusair", "Khan Shaykhoun", "Idleb", "Deir Ez-Zour", "Saraqib", "حلب", "Yabrud",
             "Eastern Ghuta", "Nowhere-on-earth"]


def _distinct_spellings(gazetteer, count: int) -> list[str]:
    """Real spellings from the gazetteer, then misspelt copies, until there are count distinct ones."""
    names = sorted({n for p in gazetteer.places.values() for n in (p.name, *p.alt_names)})
    spellings, suffix = list(names), 0
    while len(spellings) < count:
        suffix += 1
        spellings += [f"{name[:-1]}{chr(97 + suffix % 26)}{suffix}" for name in names]
    return spellings[:count]


def main() -> None:
    """Measure and print."""
    started = time.perf_counter()
    from geo.gazetteer.lookup import load_gazetteer

    gazetteer = load_gazetteer()
    print(f"gazetteer load (imports included): {time.perf_counter() - started:.2f} s, {len(gazetteer.places)} places")
    started = time.perf_counter()
    for number in range(10_000):
        gazetteer.lookup(f"{SPELLINGS[number % len(SPELLINGS)]}")
    print(f"10,000 look-ups (10 spellings, answers cached): {time.perf_counter() - started:.3f} s")
    distinct = _distinct_spellings(gazetteer, 10_000)
    started = time.perf_counter()
    found = sum(gazetteer.lookup(name) is not None for name in distinct)
    print(f"10,000 look-ups of distinct spellings (no cache hits; fuzzy on misses): "
          f"{time.perf_counter() - started:.3f} s, {found} resolved")
    from geo.reader.document import read_document

    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    started = time.perf_counter()
    read_document("Shelling hit Aleppo on 3 May 2019.", gazetteer, date(2020, 6, 30))
    print(f"first reading in a process (builds the table of invisible characters once): "
          f"{time.perf_counter() - started:.2f} s")
    for size in (100_000, 1_000_000, 5_000_000):
        for label, text in (("seed text repeated", _repeated(seeds, size)), ("varied names", _varied(size))):
            started, cpu = time.perf_counter(), time.process_time()
            reading = read_document(text, gazetteer, date(2020, 6, 30))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"reader on {size / 1e6:g} MB ({label}): {seconds:.2f} s ({cpu:.2f} s of CPU; "
                  f"{cpu / size * 1e5:.2f} CPU s per 100 kB; {len(reading.mentions)} place mentions, "
                  f"{len(reading.incidents)} candidates)")
    print("hostile shapes, each in a fresh process (python -m bench.reader_shapes --sizes 1,5,20):")
    hostile_shapes(["--sizes", "1,5,20"])


def _repeated(text: str, size: int) -> str:
    """The text repeated to size bytes."""
    while len(text.encode()) < size:
        text += "\n\n" + text
    return text.encode()[:size].decode(errors="ignore")


def _varied(size: int) -> str:
    """Sentences with dates and new capitalised names throughout (no look-up is ever repeated)."""
    return "".join(f"On {n % 28 + 1} May 2019 an airstrike hit Khan{n} and Tell{n % 97} near Saraqib, killing "
                   f"{n % 40} people; Abc{n} Deir{n} Ras{n} Ain{n}. " for n in range(size // 100))[:size]


if __name__ == "__main__":
    main()
