"""The commands the README and docs/ give are the ones the code has: every `python -m geo ...` line parses with the
command line's own parser (its subcommand and every option exist), and every benchmark named is a module with a
main() (running them is each benchmark's own business: they take minutes)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from geo.cli.main import build_parser

PROJECT = Path(__file__).resolve().parent.parent
DOCUMENTS = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
COMMAND = re.compile(r"(?:^ {4}|`)(?:[A-Z_]+=\S+ )?(python -m (?:geo|bench\.\w+)(?: [^`#\n]*)?)", re.MULTILINE)


def _commands() -> list[tuple[str, str]]:
    """(document, command) for every command line a document gives, in a code block or in backticks."""
    found = []
    for document in DOCUMENTS:
        for match in COMMAND.finditer(document.read_text(encoding="utf-8")):
            found.append((document.name, match.group(1).strip().rstrip("\\").strip()))
    return found


def test_the_documents_give_commands_to_check() -> None:
    commands = _commands()
    assert len(commands) > 40 and {name for name, _ in commands} >= {"README.md", "data.md", "team.md",
                                                                      "benchmarks.md"}


@pytest.mark.parametrize(("document", "command"), [c for c in _commands() if c[1].startswith("python -m geo ")])
def test_every_geo_command_in_the_documents_parses(document: str, command: str) -> None:
    words = shlex.split(command.replace("...", "").replace("|", " "))[3:]
    if not words or words[0] in ("COMMAND", "[--data"):
        return  # the usage line itself
    try:
        build_parser().parse_args(words)
    except SystemExit as refused:
        pytest.fail(f"{document}: {command!r} does not parse ({refused})")


def test_every_benchmark_in_the_documents_is_there() -> None:
    named = {command.split()[2] for _, command in _commands() if command.startswith("python -m bench.")}
    assert len(named) >= 13
    for module in named:
        source = PROJECT / (module.replace(".", "/") + ".py")
        assert source.is_file() and "def main(" in source.read_text(encoding="utf-8"), module
