"""`python -m geo import | undo | history`: datasets in, imports taken back out, the audit log."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from geo import config, schema
from geo.dataset.load import incidents_path, read_incidents_table
from geo.dataset.store import read_audit, undo_batch
from geo.dataset.validate import validate_data_dir
from geo.escape import neutralised_csv
from geo.files.atomic import atomic_write_text
from geo.files.columnar import save_incidents_parquet
from geo.files.tables import write_table
from geo.files.text import read_limited_bytes
from geo.imports.mapping import load_mapping, save_mapping
from geo.imports.plan import commit_import, plan_import
from geo.imports.readers import MAX_IMPORT_BYTES


def add_import_commands(commands: argparse._SubParsersAction) -> None:
    """Register import, undo and history."""
    importing = commands.add_parser("import", help="import a dataset (CSV with HXL, JSON, GeoJSON, ACLED)")
    importing.add_argument("file", type=Path)
    importing.add_argument("--mapping", type=Path, help="a saved column mapping (JSON)")
    importing.add_argument("--save-mapping", type=Path, help="save the mapping used, for reuse")
    importing.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    importing.add_argument("--keep-duplicates", action="store_true", help="import possible duplicates too")
    importing.add_argument("--rejects", type=Path, help="write the rejected rows (line, field, value, reason)")
    importing.add_argument("--why", default="", help="reason for the change, kept in the audit log")
    importing.add_argument("--by", default=getpass.getuser(), help="who makes the change (default: your login name)")
    importing.set_defaults(run=command_import)
    undo = commands.add_parser("undo", help="take an import back out (see history)")
    undo.add_argument("batch")
    undo.add_argument("--why", default="")
    undo.add_argument("--by", default=getpass.getuser(), help="who makes the change (default: your login name)")
    undo.set_defaults(run=command_undo)
    history = commands.add_parser("history", help="the audit log of changes to the data")
    history.set_defaults(run=command_history)


def command_import(args: argparse.Namespace) -> int:
    """Plan, report, and (unless --dry-run) save an import."""
    raw = read_limited_bytes(args.file, MAX_IMPORT_BYTES, "import ")
    mapping = load_mapping(args.mapping) if args.mapping else None
    plan = plan_import(args.data, raw, args.file.name, mapping, args.keep_duplicates)
    summary = {**plan.result.summary(), "mapping": plan.mapping.name, "encoding": plan.table.encoding,
               "seconds": round(plan.seconds, 2), "batch": plan.source[schema.ID], "dry_run": args.dry_run}
    if args.save_mapping:
        save_mapping(plan.mapping, args.save_mapping)
    if args.rejects:
        atomic_write_text(args.rejects, neutralised_csv(plan.result.rejections))
    if not args.dry_run and len(plan.result.accepted):
        entry = commit_import(args.data, plan, args.why, args.by)
        summary["saved"] = len(entry["incident_ids"])
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
    print()
    if not len(plan.result.accepted):
        first = plan.result.rejections["reason"].iloc[0] if len(plan.result.rejections) else "no rows"
        print(f"error: nothing imported: all {summary['rows_read']} rows were rejected (first: {first})",
              file=sys.stderr)
        return 1
    return 0


def command_undo(args: argparse.Namespace) -> int:
    """Undo one import."""
    entry = undo_batch(args.data, args.batch, args.why, args.by)
    print(f"removed {len(entry['incident_ids'])} incidents of {args.batch}", file=sys.stderr)
    return 0


def command_history(args: argparse.Namespace) -> int:
    """Print the audit log, one line per change."""
    for entry in read_audit(args.data):
        print(f"{entry['at']}  {entry['by']}  {entry['action']:6}  {entry['batch']}  "
              f"{len(entry.get('incident_ids', []))} incidents  {entry.get('why', '')}")
    return 0


def add_storage_command(commands: argparse._SubParsersAction) -> None:
    """Register convert (CSV <-> GeoParquet)."""
    convert = commands.add_parser("convert", help="store incidents as GeoParquet (big sets) or CSV (editable)")
    convert.add_argument("--to", required=True, choices=("parquet", "csv"))
    convert.set_defaults(run=command_convert)


def command_convert(args: argparse.Namespace) -> int:
    """Rewrite the incidents in the other format, check the result, then remove the old file."""

    source = incidents_path(args.data)
    target = args.data / (config.INCIDENTS_PARQUET_FILE if args.to == "parquet" else config.INCIDENTS_FILE)
    if source == target:
        print(f"{target.name} is already the incidents file", file=sys.stderr)
        return 0
    frame = read_incidents_table(args.data)
    if args.to == "parquet":
        save_incidents_parquet(frame, target)
    else:
        write_table(target, frame)
        source.unlink()
    problems = validate_data_dir(args.data)
    if problems:
        print(f"error: the converted data does not validate: {problems[0]}", file=sys.stderr)
        return 1
    if args.to == "parquet":
        source.unlink()
    print(f"incidents now in {target.name} ({len(frame)} rows)", file=sys.stderr)
    return 0
