"""`python -m geo incident show | add | edit | corroborate | status | retract | merge | history | restore | undo`,
`duplicates`, and `place edit`, `source edit`, `correction undo`: one record at a time, checked, logged, undoable."""

from __future__ import annotations

import argparse
import json
import sys

from geo import schema
from geo.cli.database import store_of, target_of
from geo.database.duplicates import candidates_of, mark_distinct_to
from geo.database.lookup import retracted_now
from geo.database.reference_edits import edit_reference, undo_reference
from geo.dataset import curate, history, merging
from geo.dataset.duplicates import Window
from geo.dataset.load import load_incidents
from geo.dataset.query import IncidentFilter
from geo.errors import InputFileError, RecordRefusedError
from geo.files.text import read_limited_bytes

MAX_RECORD_BYTES = 1_000_000


def _said(revision: dict) -> int:
    """Report a revision on stderr; exit status 0."""
    print(f"revision {revision['rev']}: {revision['action']} {', '.join(revision['changes'])} "
          f"by {revision['by']}", file=sys.stderr)
    return 0


def command_show(args: argparse.Namespace) -> int:
    """Print one record (an alias shows the record it was merged into)."""
    book = store_of(args).book()
    record = book.get(args.id)
    if record is None:
        raise RecordRefusedError(f"no incident {args.id!r} in {args.data}")
    while record[schema.MERGED_INTO] and record[schema.MERGED_INTO] != args.id:
        print(f"{record[schema.ID]} was merged into {record[schema.MERGED_INTO]}", file=sys.stderr)
        record = book.get(record[schema.MERGED_INTO])
    for field in schema.INCIDENT_COLUMNS + tuple(c for c in schema.CURATION_COLUMNS if c != schema.ID):
        value = record.get(field, "")
        if field in schema.COUNT_COLUMNS:
            value = merging.figure_text(value, record[schema.CLAIMS], field)
        print(f"{field}: {value}")
    print(f"aliases: {', '.join(book.merged_into(record[schema.ID]))}")
    return 0


def _assignments(pairs: list[str]) -> dict[str, str]:
    """FIELD=VALUE words as a dict (refused when one has no '=')."""
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise RecordRefusedError(f"{bad[0]!r}: write FIELD=VALUE (e.g. killed=12)")
    return dict(p.split("=", 1) for p in pairs)


def command_add(args: argparse.Namespace) -> int:
    """Add an incident from a JSON object of contract fields (and optionally its status)."""
    raw = read_limited_bytes(args.json, MAX_RECORD_BYTES, "record file ")
    try:
        fields = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputFileError(f"{args.json}: not a JSON object ({error})") from None
    if not isinstance(fields, dict):
        raise InputFileError(f"{args.json}: not a JSON object of fields")
    status = str(fields.pop(schema.STATUS, schema.STATUS_DRAFT))
    fields.pop(schema.ID, None)
    return _said(curate.add_incident(store_of(args), fields, args.why, args.by, status))


def command_edit(args: argparse.Namespace) -> int:
    """Change fields of one incident."""
    return _said(curate.edit_incident(store_of(args), args.id, _assignments(args.assignments), args.why, args.by,
                                      args.expect_version))


def command_corroborate(args: argparse.Namespace) -> int:
    """Attach another source (and its own figures) to an incident."""
    figures = {f: str(getattr(args, f)) for f in schema.COUNT_COLUMNS if getattr(args, f) is not None}
    return _said(curate.corroborate(store_of(args), args.id, args.source, figures, args.why, args.by,
                                    args.expect_version))


def command_status(args: argparse.Namespace) -> int:
    """Move an incident to a review status."""
    return _said(curate.set_status(store_of(args), args.id, args.status, args.why, args.by, args.expect_version))


def command_retract(args: argparse.Namespace) -> int:
    """Retract an incident (soft delete)."""
    return _said(curate.retract(store_of(args), args.id, args.why, args.by, args.expect_version))


def command_merge(args: argparse.Namespace) -> int:
    """Merge records into one."""
    return _said(merging.merge(store_of(args), args.keep, args.others, args.why, args.by))


def command_history(args: argparse.Namespace) -> int:
    """Every revision of one record."""
    for row in history.record_history(store_of(args), args.id):
        what = "added" if row["added"] else "taken out" if row["taken_out"] else ""
        print(f"revision {row['rev']} (version {row['to_version']}) {row['at']} {row['by']}: {row['action']}"
              f"{' ' + what if what else ''} — {row['why'] or 'no reason given'}")
        for field, before, after in ([] if row["added"] else row["fields"]):
            print(f"    {field}: {before!r} -> {after!r}")
    return 0


def command_restore(args: argparse.Namespace) -> int:
    """Make a record as it was after an earlier revision (as a new revision)."""
    return _said(history.restore_revision(store_of(args), args.id, args.revision, args.why, args.by))


def command_undo(args: argparse.Namespace) -> int:
    """Undo one revision (as a new revision)."""
    return _said(history.undo_revision(store_of(args), args.revision, args.why, args.by))


def command_retracted(args: argparse.Namespace) -> int:
    """The ids no longer on the map (retracted or merged), as CSV on stdout."""
    gone = retracted_now(args.database) if args.database else history.retracted_list(load_incidents(args.data))
    gone.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def command_duplicates(args: argparse.Namespace) -> int:
    """Ranked duplicate candidates as CSV on stdout (or remember that a pair is not one event)."""
    if args.distinct:
        decision = mark_distinct_to(target_of(args), *args.distinct, args.why, args.by)
        print(f"{' and '.join(decision['pair'])}: remembered as not the same event", file=sys.stderr)
        return 0
    chosen = IncidentFilter(args.date_from, args.date_to, tuple(args.types), governorates=tuple(args.governorates))
    found, _ = candidates_of(target_of(args), Window(args.days, args.km), chosen)
    found.to_csv(sys.stdout, index=False, lineterminator="\n")
    print(f"{len(found)} candidate pairs (±{args.days} days, {args.km:g} km or the records' precision)",
          file=sys.stderr)
    return 0


def command_correct(args: argparse.Namespace) -> int:
    """Correct fields of a place or a source."""
    entry = edit_reference(target_of(args), args.command, args.id, _assignments(args.assignments), args.why,
                           args.by)
    print(f"correction {entry['edit']}: {args.command} {args.id} by {entry['by']}", file=sys.stderr)
    return 0


def command_undo_correction(args: argparse.Namespace) -> int:
    """Undo a place or source correction."""
    entry = undo_reference(target_of(args), args.number, args.why, args.by)
    print(f"correction {args.number} undone (as correction {entry['edit']})", file=sys.stderr)
    return 0
