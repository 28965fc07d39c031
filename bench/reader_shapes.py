"""The reader on hostile shapes of text: ordinary prose, one name repeated, white space, nested HTML, a toll on
every line. Each case runs in a fresh process, so that its peak memory is its own; prints seconds, seconds and CPU
seconds per 100 kB (CPU seconds do not count other work on a busy machine) and peak memory over the text's size."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

SHAPES = ("ordinary text", "one repeated name", "white space", "nested html", "a toll per line")
PROSE = ("On 3 June 2019 warplanes struck the market in Saraqib, killing 12 people. Later the same day artillery "
         "fire hit Ariha, wounding six, and residents fled towards the border. ")


def shaped_text(shape: str, size: int) -> tuple[bytes, str]:
    """size bytes of one shape, and the file name it would arrive under."""
    if shape == "ordinary text":
        return (PROSE * (size // len(PROSE) + 1))[:size].encode(), "prose.txt"
    if shape == "one repeated name":
        return ("Aleppo " * (size // 7 + 1))[:size].encode(), "name.txt"
    if shape == "white space":
        return ("On 3 May 2019 jets hit Ariha." + " " * size + "Then shelling hit Idlib.").encode(), "space.txt"
    if shape == "nested html":
        depth = size // 11
        return ("<div>" * depth + "Ariha" + "</div>" * depth).encode()[:size], "nested.html"
    return ("killed\n" * (size // 7 + 1))[:size].encode(), "killed.txt"


def _status_kilobytes(field: str) -> int:
    """A figure of /proc/self/status in kB (0 where there is no /proc)."""
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    return next((int(line.split()[1]) for line in lines if line.startswith(field + ":")), 0)


def _reset_peak() -> int:
    """Reset the process's peak resident memory to what it holds now (the gazetteer's load peaks higher than it
    stays, and would hide the reading's own peak) and return that, in bytes."""
    clear = Path("/proc/self/clear_refs")
    if clear.exists():
        clear.write_text("5")
    return (_status_kilobytes("VmRSS") * 1024) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(shape: str, size: int) -> dict:
    """Read one shaped document from its bytes (decoding and HTML included) and report time and peak memory."""
    from geo.files.text import document_from_bytes
    from geo.gazetteer.lookup import load_gazetteer
    from geo.reader.document import read_document

    gazetteer = load_gazetteer()
    raw, name = shaped_text(shape, size)
    before = _reset_peak()
    started, cpu_started = time.perf_counter(), time.process_time()
    reading = read_document(document_from_bytes(raw, name).text, gazetteer, date(2020, 1, 1))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = _status_kilobytes("VmHWM") * 1024 or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": seconds, "cpu": cpu, "growth": max(0, peak - before), "mentions": len(reading.mentions),
            "candidates": len(reading.incidents)}


def main(argv: list[str] | None = None) -> None:
    """Run every shape at every size, each in its own process, and print a line per case."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,5,20", help="megabytes, comma-separated")
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "BYTES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return
    for megabytes in (float(size) for size in args.sizes.split(",")):
        size = min(int(megabytes * 1_000_000), 19_900_000)
        for shape in SHAPES:
            run = subprocess.run([sys.executable, "-m", "bench.reader_shapes", "--one", shape, str(size)],
                                 capture_output=True, text=True, check=True)
            found = json.loads(run.stdout)
            per_100_kb, cpu_per_100_kb = (found[key] / (size / 100_000) for key in ("seconds", "cpu"))
            print(f"{shape:>18} {size / 1e6:5.1f} MB: {found['seconds']:6.2f} s ({per_100_kb:.2f} s, "
                  f"{cpu_per_100_kb:.2f} CPU s per 100 kB), "
                  f"peak memory +{found['growth'] / 1e6:.0f} MB "
                  f"({found['growth'] / size:.1f}x the text), {found['mentions']} mentions, "
                  f"{found['candidates']} candidates", flush=True)


if __name__ == "__main__":
    main()
