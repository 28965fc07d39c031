"""`python -m geo import | undo | history`: datasets in, imports taken back out, the audit log."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from geo import schema
from geo.database.batches import redo_database_batch, undo_database_batch
from geo.database.facilities import book_as
from geo.database.imports import commit_database_import, plan_database_import
from geo.database.overview import audit_entries
from geo.dataset.audit import batch_states, read_audit
from geo.dataset.store import convert_incidents, redo_batch, undo_batch
from geo.errors import AtlasError
from geo.escape import neutralised_csv, terminal_text
from geo.facilities.book import folder_book
from geo.files.atomic import atomic_write_text
from geo.files.text import read_limited_bytes
from geo.imports.mapping import load_mapping, save_mapping
from geo.imports.plan import ImportPlan, commit_import, plan_import
from geo.imports.readers import MAX_IMPORT_BYTES


def add_import_commands(commands: argparse._SubParsersAction) -> None:
    """Register import, undo and history."""
    importing = commands.add_parser("import", help="import a dataset (CSV with HXL, JSON, GeoJSON, ACLED)")
    importing.add_argument("file", type=Path)
    importing.add_argument("--mapping", type=Path, help="a saved column mapping (JSON)")
    importing.add_argument("--save-mapping", type=Path, help="save the mapping used, for reuse")
    importing.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing (no "
                           "data, no --save-mapping; only the --rejects report you ask for)")
    importing.add_argument("--keep-duplicates", action="store_true", help="import possible duplicates too")
    importing.add_argument("--rejects", type=Path, help="write the rejected rows (line, field, value, reason)")
    importing.add_argument("--why", default="", help="reason for the change, kept in the audit log")
    importing.add_argument("--by", default=getpass.getuser(), help="who makes the change (default: your login name)")
    importing.set_defaults(run=command_import)
    for name, action, helped in (("undo", command_undo, "take an import back out (kept, so redo can restore it)"),
                                 ("redo", command_redo, "put an undone import back exactly as it was")):
        changing = commands.add_parser(name, help=helped)
        changing.add_argument("batch")
        changing.add_argument("--why", default="")
        changing.add_argument("--by", default=getpass.getuser(), help="who makes the change (default: your login)")
        changing.set_defaults(run=action)
    history = commands.add_parser("history", help="the audit log of changes to the data")
    history.set_defaults(run=command_history)


def command_import(args: argparse.Namespace) -> int:
    """Plan, report, and (unless --dry-run) save an import."""
    raw = read_limited_bytes(args.file, MAX_IMPORT_BYTES, "import ")
    mapping = load_mapping(args.mapping) if args.mapping else None
    if args.database:
        plan, gazetteer = plan_database_import(args.database, raw, args.file.name, mapping, args.keep_duplicates)
    else:
        plan = plan_import(args.data, raw, args.file.name, mapping, args.keep_duplicates)
    summary = {**plan.result.summary(), "mapping": plan.mapping.name, "encoding": plan.table.encoding,
               "seconds": round(plan.seconds, 2), "batch": plan.source[schema.ID], "dry_run": args.dry_run,
               "with_health_care_figures": len(plan.health_care)}
    if args.save_mapping and args.dry_run:
        print(f"note: --dry-run writes nothing: the mapping was not saved to {args.save_mapping}", file=sys.stderr)
    elif args.save_mapping:
        save_mapping(plan.mapping, args.save_mapping)
    if args.rejects:
        atomic_write_text(args.rejects, neutralised_csv(plan.result.rejections))
    if not args.dry_run and len(plan.result.accepted):
        entry = commit_database_import(args.database, plan, gazetteer, args.why, args.by) if args.database else \
            commit_import(args.data, plan, args.why, args.by)
        summary["saved"] = len(entry["incident_ids"])
        if len(plan.health_care):
            summary.update(_record_health_care(args, plan, entry))
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
    print()
    if not len(plan.result.accepted):
        first = plan.result.rejections["reason"].iloc[0] if len(plan.result.rejections) else "no rows"
        print(f"error: nothing imported: all {summary['rows_read']} rows were rejected (first: {first})",
              file=sys.stderr)
        return 1
    return 0


def _record_health_care(args: argparse.Namespace, plan: ImportPlan, entry: dict) -> dict:
    """Record the health-care figures of the incidents an import saved; how many, or why none (the import stands)."""
    book = book_as(args.database, args.by) if args.database else folder_book(args.data, args.by)
    try:
        return {"health_care_recorded": int(book.imported_health_care(
            plan.health_care, entry["incident_ids"], f"health-care figures of {entry['batch']}"))}
    except AtlasError as refused:
        print(f"warning: the incidents are saved, but not their health-care figures: {refused}; `facilities "
              "health-care FILE` records them later", file=sys.stderr)
        return {"health_care_recorded": 0}


def command_undo(args: argparse.Namespace) -> int:
    """Undo one import (what it took out is kept for redo)."""
    entry = undo_database_batch(args.database, args.batch, args.why, args.by) if args.database else \
        undo_batch(args.data, args.batch, args.why, args.by)
    print(f"removed {len(entry['incident_ids'])} incidents of {args.batch} (kept; `redo {args.batch}` restores them)",
          file=sys.stderr)
    if entry["missing"]:
        print(f"warning: {entry['missing']} incidents of {args.batch} were already missing from the data",
              file=sys.stderr)
    return 0


def command_redo(args: argparse.Namespace) -> int:
    """Redo one undone import."""
    entry = redo_database_batch(args.database, args.batch, args.why, args.by) if args.database else \
        redo_batch(args.data, args.batch, args.why, args.by)
    print(f"restored {len(entry['incident_ids'])} incidents of {args.batch}", file=sys.stderr)
    return 0


def command_history(args: argparse.Namespace) -> int:
    """Print the audit log, one line per change, and each batch's state now."""
    entries = audit_entries(args.database) if args.database else read_audit(args.data)
    states = batch_states(entries)
    for entry in entries:
        state = f"[{states[entry['batch']]} now]" if entry.get("batch") in states else ""
        print(terminal_text(f"{entry['at']}  {entry['by']}  {entry['action']:7}  {entry['batch']}  "
                            f"{len(entry.get('incident_ids', []))} incidents  {entry.get('why', '')}  {state}"
                            ).rstrip())
    return 0


def add_storage_command(commands: argparse._SubParsersAction) -> None:
    """Register convert (CSV <-> GeoParquet)."""
    convert = commands.add_parser("convert", help="store incidents as GeoParquet (big sets) or CSV (editable)")
    convert.add_argument("--to", required=True, choices=("parquet", "csv"))
    convert.set_defaults(run=command_convert)


def command_convert(args: argparse.Namespace) -> int:
    """Rewrite the incidents in the other format, checked, in one change."""
    entry = convert_incidents(args.data, args.to == "parquet")
    if entry is None:
        print(f"the incidents are already stored as {args.to}", file=sys.stderr)
        return 0
    print(f"incidents now stored as {args.to} ({entry['rows']} rows)", file=sys.stderr)
    return 0
