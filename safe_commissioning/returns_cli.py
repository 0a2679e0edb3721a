"""The `requests` and `merge` verbs (reference §6): their options, what they print, and their exit codes.

Exit codes as for every verb: 0 success, 1 a workbook or return refused (nothing written), 2 usage.
`merge` prints every change cell by cell, DBS certificate numbers included, as reference §6 asks: to the
terminal only. Nothing here writes a log, and no site page reads a return.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from safe_commissioning.returns.changes import Plan
from safe_commissioning.returns.fingerprints import canonical
from safe_commissioning.returns.merge import Merged, MergeOptions, MergeRefused, added_row, prepare, target_paths, write
from safe_commissioning.returns.request_book import write_request
from safe_commissioning.returns.requests import find_provider, make_request, providers_to_ask
from safe_commissioning.rules.assessment import assess
from safe_commissioning.words import long_date, plural
from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.report import Finding
from safe_commissioning.workbook.reading import read_workbook

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
DEFAULT_REQUESTS = Path("build/requests")


def add_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add `requests` and `merge` to the command line's verbs."""
    requests = verbs.add_parser(
        "requests",
        parents=[common],
        help="write each provider a workbook of what the council holds and what it needs",
        description="Write one workbook per provider with an active or not-yet-started contract that works with "
        "children (or per --provider named): what the council holds about it, what it needs (What we need), and "
        "the Return sheet merge reads. DBS certificate numbers already held are never written out.",
    )
    requests.add_argument(
        "--provider", action="append", default=[], metavar="NAME", help="ask this provider only (repeatable)"
    )
    requests.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"where the requests go (default {DEFAULT_REQUESTS}/<report date>)",
    )
    merge = verbs.add_parser(
        "merge",
        parents=[common],
        help="fold providers' returns into the master workbook, cell by cell",
        description="Check each return as the master is checked, print every change cell by cell, and write the "
        "merged workbook with a row per return on its Returns sheet. Every other cell, sheet, format, drop-down "
        "list, comment, column width and defined name of the master is kept as it was.",
    )
    merge.add_argument("returns", nargs="+", type=Path, metavar="RETURN.xlsx", help="the returned request workbooks")
    where = merge.add_mutually_exclusive_group()
    where.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="MERGED.xlsx",
        help="where the merged workbook goes (default <workbook stem>-merged.xlsx beside the workbook)",
    )
    where.add_argument(
        "--in-place",
        action="store_true",
        help="replace the master itself, after copying it to <stem>.before-merge-<date>.xlsx",
    )
    merge.add_argument("--dry-run", action="store_true", help="print the changes and write nothing")
    merge.add_argument(
        "--force", action="store_true", help="take a return even where the master row changed since the request"
    )


def run_requests(options: argparse.Namespace, today: date) -> int:
    """Write the requests; 1 when the master has errors (nothing written), 2 for an unknown provider."""
    workbook, report = read_workbook(options.workbook, as_of=options.as_of, today=today)
    if workbook is None:
        _print_findings([(options.workbook.name, f) for f in report.errors])
        print(f"{options.workbook.name} has errors: no requests were written. Fix them and try again.", file=sys.stderr)
        return EXIT_INVALID
    assessment = assess(workbook)
    names: list[str] = []
    for wanted in options.provider:
        found = find_provider(assessment, wanted)
        if found is None:
            print(f"{options.prog}: error: no provider named '{wanted}' on the Providers sheet", file=sys.stderr)
            return EXIT_USAGE
        names.append(found)
    names = list(dict.fromkeys(names)) or providers_to_ask(assessment)
    out = options.out or DEFAULT_REQUESTS / assessment.report_date.isoformat()
    if not names:
        print("No provider has an active or not-yet-started contract that works with children: nothing to ask.")
        return EXIT_OK
    for name in names:
        request = make_request(assessment, name, requested_on=today)
        try:
            write_request(request, out / request.file_name)
        except OSError as error:
            print(f"error: cannot write {out / request.file_name}: {error.strerror or error}", file=sys.stderr)
            return EXIT_INVALID
        if not options.quiet:
            print(
                f"{out / request.file_name}: {name}, {plural(len(request.needs), 'item')} needed, "
                f"due by {long_date(request.due_by)}"
            )
    print(
        f"Wrote {plural(len(names), 'request')} to {out}. Email each to its provider; when they come back, run "
        f"{options.prog} merge RETURN.xlsx … --workbook {options.workbook}"
    )
    return EXIT_OK


def run_merge(options: argparse.Namespace, today: date) -> int:
    """Merge the returns; 1 when anything is refused (nothing written), 2 for usage."""
    for path in (options.workbook, *options.returns):
        if not path.is_file():
            print(f"{options.prog}: error: {path} does not exist or is not a file", file=sys.stderr)
            return EXIT_USAGE
    merge_options = MergeOptions(
        options.workbook, tuple(options.returns), today, options.out, options.in_place, options.force, options.as_of
    )
    target, backup = target_paths(merge_options)
    if options.out is not None and options.out.suffix.lower() != ".xlsx":
        print(f"{options.prog}: error: --out {options.out} must end in .xlsx", file=sys.stderr)
        return EXIT_USAGE
    if backup is not None and backup.exists() and not options.dry_run:
        print(f"{options.prog}: error: {backup} already exists: move it away first", file=sys.stderr)
        return EXIT_USAGE
    try:
        merged = prepare(merge_options)
    except MergeRefused as refused:
        _print_findings(refused.findings)
        print(f"Refused: {refused.reason}.", file=sys.stderr)
        return EXIT_INVALID
    _print_findings(merged.findings)
    for index, plan in enumerate(merged.plans):
        _print_plan(merged, index, plan)
    if options.dry_run:
        print(f"Dry run: nothing was written (the merged workbook would go to {target}).")
        return EXIT_OK
    try:
        write(merged, options.workbook)
    except OSError as error:
        print(f"error: cannot write {target}: {error.strerror or error}. Nothing was changed.", file=sys.stderr)
        return EXIT_INVALID
    copy = f" (the master as it was is in {backup})" if backup else ""
    print(
        f"Wrote the merged workbook to {target}{copy}. Check it with {options.prog} check --workbook {target}, "
        "then build."
    )
    return EXIT_OK


def _print_plan(merged: Merged, index: int, plan: Plan) -> None:
    identity = plan.returned.identity
    asked = f", requested on {identity.requested_on.isoformat()}" if identity and identity.requested_on else ""
    print(f"{plan.returned.path.name} ({plan.provider}{asked}):")
    for change in plan.cells:
        print(f"  {change.address}: {_shown(change.old)} → {_shown(change.new)}")
    for number, added in enumerate(plan.added):
        print(f"  {added.sheet} row {added_row(merged, index, number)} added: {added.key}")
    for removed in plan.removed:
        print(f"  {removed.sheet} row {removed.row} removed (its cells emptied): {removed.key}")
    print(f"  {plural(plan.count, 'change')}")


def _shown(value: object) -> str:
    return canonical(value) or "(blank)"


def _print_findings(findings: list[tuple[str, Finding]]) -> None:
    for file_name, finding in findings:
        level = "error" if finding.severity is Severity.ERROR else "warning"
        location = finding.location
        print(f"{level}: {file_name}: {location + ': ' if location else ''}{finding.message}", file=sys.stderr)
