"""The command line: build (default), check, template, serve, record, requests, merge. Exit codes: 0 ok, 1 invalid
workbook, 2 usage."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from safe_commissioning import __version__
from safe_commissioning.history.changes import BaselineError
from safe_commissioning.history.snapshots import SnapshotNotSaved, SnapshotRefused
from safe_commissioning.output import OutputBusy, OutputRefused, Stopped, stop_on_signals
from safe_commissioning.pipeline import BuildRefused, build, default_progress, options_from, summary
from safe_commissioning.publication import PublishInterrupted
from safe_commissioning.returns_cli import add_verbs, run_merge, run_requests
from safe_commissioning.rules.action_log import unassigned
from safe_commissioning.rules.assessment import assess
from safe_commissioning.rules.attention import needs_attention
from safe_commissioning.sites.engines import DEFAULT_ENGINE, ENGINES, SiteBuildFailed, engine_missing
from safe_commissioning.words import plural
from safe_commissioning.workbook.cells.values import EARLIEST_DATE, LATEST_DATE, date_bounds_message
from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.report import Finding, Report
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.template import write_template

DEFAULT_WORKBOOK = Path("source/commissioning.xlsx")  # the sample workbook, in a checkout
DEFAULT_OUT = Path("build")
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
PROG = "python build.py"  # how the README runs it; the installed command and `python -m` name themselves

DESCRIPTION = """\
Build the safe commissioning sites from the master commissioning workbook.

verbs:
  build            read and validate the workbook, then build both sites into OUT/internal
                   and OUT/public (the default verb)
  check            validate the workbook only and list every problem with its cell
  template OUT     write an empty workbook with every sheet, header, drop-down list and an
                   Instructions sheet
  serve            build, serve both sites on localhost (internal at /, public at /public/),
                   rebuild what changed when the workbook, templates or docs change, reload
                   the open page, and show the workbook's errors on every page
  record           build, then save this report date's snapshot of the data files into the
                   history folder (HISTORY/YYYY-MM-DD); refuses to replace one without --force
  requests         write each provider a workbook of what the council holds about it and what
                   it needs (build/requests/<report date>/)
  merge RETURN...  check providers' returns, print every change cell by cell, and write the
                   merged workbook (<stem>-merged.xlsx, or --in-place after a dated copy)

Every build reads the history folder (--history, default: the history folder beside the
workbook, source/history): the snapshots dated before the report date give the dashboard's
trends and the What changed page's baseline (--since overrides the baseline).

exit codes: 0 success (warnings allowed), 1 invalid workbook or failed build, 2 usage error
"""


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise argparse.ArgumentTypeError(date_bounds_message(day, in_a_cell=False))
    return day


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1-65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The argument parser, shared by --help and the tests that keep the README in step."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--workbook",
        type=Path,
        default=None,  # DEFAULT_WORKBOOK where it exists: see _default_workbook
        metavar="PATH",
        help=f"the master workbook, .xlsx or .ods (default {DEFAULT_WORKBOOK}, where it exists)",
    )
    common.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the report date (default: the workbook's Report date setting, else today)",
    )
    common.add_argument("--quiet", action="store_true", help="print only problems and errors")

    main_parser = argparse.ArgumentParser(
        prog=prog,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main_parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = main_parser.add_subparsers(dest="verb", metavar="VERB")
    building = argparse.ArgumentParser(add_help=False)
    building.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"where the sites go: DIR/internal and DIR/public (default {DEFAULT_OUT})",
    )
    building.add_argument(
        "--since",
        type=Path,
        default=None,
        metavar="DIR",
        help="an earlier build's internal/data folder: the What changed page compares this build with it "
        "(default: the latest snapshot in the history before the report date)",
    )
    building.add_argument(
        "--history",
        type=Path,
        default=None,
        metavar="DIR",
        help="the folder of snapshots, one per report date, read for trends and What changed "
        f"(default: history beside the workbook, {DEFAULT_WORKBOOK.parent / 'history'})",
    )
    building.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help="the static-site engine that builds the main pages: mkdocs (MkDocs with Material for MkDocs, "
        f"the default) or zensical (Material's successor); the sites look and work the same (default {DEFAULT_ENGINE})",
    )
    verbs.add_parser("build", parents=[common, building], help="build both sites (default)")
    check_parser = verbs.add_parser("check", parents=[common], help="validate the workbook only")
    check_parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people, json for tools, github for Actions annotations",
    )
    template_parser = verbs.add_parser("template", help="write an empty workbook to start from")
    template_parser.add_argument("output", type=Path, metavar="OUT.xlsx")
    template_parser.add_argument("--force", action="store_true", help="overwrite OUT.xlsx if it exists")
    serve_parser = verbs.add_parser(
        "serve", parents=[common, building], help="build, serve both sites, rebuild on change"
    )
    serve_parser.add_argument(
        "--port", type=_port, default=8000, help="port on localhost, 1-65535, or 0 for any free one (default 8000)"
    )
    record_parser = verbs.add_parser(
        "record", parents=[common, building], help="build, then save this report date's snapshot into the history"
    )
    record_parser.add_argument(
        "--force", action="store_true", help="replace the snapshot of the same report date if one is recorded"
    )
    add_verbs(verbs, common)
    return main_parser


def main(argv: Sequence[str] | None = None, *, today: date | None = None, prog: str = PROG) -> int:
    """Run one command; return its exit code. `prog` is how the messages name the command."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (arguments[0].startswith("-") and arguments[0] not in ("-h", "--help", "--version")):
        arguments.insert(0, "build")
    try:
        options = parser(prog).parse_args(arguments)
    except SystemExit as exit_:  # argparse has printed the usage error, the help or the version
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_OK
    options.prog = prog
    if options.verb != "template" and options.workbook is None:
        if not DEFAULT_WORKBOOK.is_file():
            print(
                f"{prog}: error: no --workbook given, and there is no {DEFAULT_WORKBOOK} in {Path.cwd()}: "
                "give the master workbook with --workbook PATH",
                file=sys.stderr,
            )
            return EXIT_USAGE
        options.workbook = DEFAULT_WORKBOOK
    missing = engine_missing(options.engine) if hasattr(options, "engine") else None
    if missing:
        print(f"{prog}: error: {missing}", file=sys.stderr)
        return EXIT_USAGE
    today = today or date.today()
    stop_on_signals()
    try:
        if options.verb == "check":
            return _check(options, today)
        if options.verb == "template":
            return _template(options.output, force=options.force, prog=prog)
        if options.verb == "requests":
            return run_requests(options, today)
        if options.verb == "merge":
            return run_merge(options, today)
        if options.verb == "serve":
            from safe_commissioning.serve import serve

            return serve(options, today)
        return _build(options, today)
    except (KeyboardInterrupt, Stopped) as stop:
        signum = stop.signum if isinstance(stop, Stopped) else signal.SIGINT
        print(f"Stopped ({signal.Signals(signum).name}).", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:  # the reader went away (e.g. `check | head`): end quietly
        _silence_stdout()
        return EXIT_OK


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _print_findings(report: Report, file_name: str, stream: TextIO, *, warnings: bool = True) -> None:
    for finding in report.sorted():
        if finding.severity is Severity.ERROR or warnings:
            print(f"{finding.severity.value}: {finding.format(file_name)}", file=stream)


def _counts(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def _check(options: argparse.Namespace, today: date) -> int:
    workbook, report = read_workbook(options.workbook, as_of=options.as_of, today=today)
    if workbook is not None:  # the warnings only the rules can give, as a build gives them: items nobody owns
        assessment = assess(workbook)
        report.extend(unassigned(assessment, needs_attention(assessment)).findings)
    code = EXIT_OK if report.ok else EXIT_INVALID
    try:
        _print_check(options, report)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (e.g. `check --format json | head`): the verdict stands
        _silence_stdout()
    return code


def _print_check(options: argparse.Namespace, report: Report) -> None:
    if options.format == "json":
        sys.stdout.write(report.to_json())
    elif options.format == "github":
        for finding in report.sorted():
            print(github_annotation(finding, options.workbook))
        print(f"{options.workbook.name}: {_counts(report)}")
    else:
        _print_findings(report, options.workbook.name, sys.stdout, warnings=not options.quiet)
        print(
            f"{options.workbook.name}: {_counts(report)}"
            + ("" if report.ok else ": fix the errors and run check again")
        )


def github_annotation(finding: Finding, workbook: Path) -> str:
    """A GitHub Actions workflow command that annotates the run with one finding."""
    level = "error" if finding.severity is Severity.ERROR else "warning"

    def escape(text: str, *, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    title = escape(f"Workbook {finding.code}", property_value=True)
    return f"::{level} file={escape(str(workbook), property_value=True)},title={title}::{escape(finding.format(workbook.name))}"


def _ignore_unraisable(unraisable: object) -> None:
    """Drop errors raised while an abandoned build's objects are cleaned up."""


def stopped_words(stop: Stopped, out: Path) -> str:
    """What a stopped build did to the output folder, in words."""
    if stop.published:
        return f"the new sites were already published in {out}."
    return f"nothing was published; the previous sites in {out} are unchanged."


def _template(output: Path, *, force: bool, prog: str = PROG) -> int:
    if output.suffix.lower() != ".xlsx":
        print(f"error: {output} must end in .xlsx", file=sys.stderr)
        return EXIT_USAGE
    if output.exists() and not force:
        print(f"error: {output} already exists: give another name, or add --force to overwrite it", file=sys.stderr)
        return EXIT_USAGE
    try:
        write_template(output)
    except OSError as error:
        print(f"error: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"Wrote the template to {output}: fill it in, then run {prog} check --workbook {output}")
    return EXIT_OK


# How a build that stops before publishing says so: the message's start ({prog}: the command's name) and end,
# and the exit code.
FAILURE_WORDS: tuple[tuple[type[Exception], str, str, int], ...] = (
    (BaselineError, "{prog}: error: --since: ", "", EXIT_USAGE),
    (SnapshotRefused, "{prog}: error: ", ". Nothing was built.", EXIT_USAGE),
    (SnapshotNotSaved, "error: ", ".", EXIT_INVALID),
    (OutputRefused, "{prog}: error: ", ". Nothing was built.", EXIT_USAGE),
    (OutputBusy, "error: ", ". Nothing was built.", EXIT_INVALID),
    (PublishInterrupted, "error: ", ".", EXIT_INVALID),
)
FAILURES = tuple(kind for kind, _, _, _ in FAILURE_WORDS)


def _build(options: argparse.Namespace, today: date) -> int:
    progress = default_progress(options.quiet)
    progress.say(f"Building from {options.workbook}")
    try:
        result = build(options_from(options, today), progress)
    except FAILURES as error:
        _, prefix, suffix, code = next(words for words in FAILURE_WORDS if isinstance(error, words[0]))
        print(f"{prefix.format(prog=options.prog)}{error}{suffix}", file=sys.stderr)
        return code
    except Stopped as stop:
        # A stop can land inside a library writing a zip in memory (Word, Excel); the half-written archive's
        # clean-up at exit would print a traceback of its own. The build is abandoned: stay quiet about it.
        sys.unraisablehook = _ignore_unraisable
        print(f"Build stopped ({stop}): {stopped_words(stop, options.out)}", file=sys.stderr)
        return 128 + stop.signum
    except BuildRefused as refused:
        _print_findings(refused.report, options.workbook.name, sys.stderr, warnings=False)
        print(
            f"{options.workbook.name}: {_counts(refused.report)}. Nothing was built; "
            f"the previous sites in {options.out} are unchanged.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except (SiteBuildFailed, OSError) as error:
        print(f"error: {error}. The previous sites in {options.out} are unchanged.", file=sys.stderr)
        return EXIT_INVALID
    for skipped in result.history.skipped if result.history else ():
        print(f"warning: {skipped.message}", file=sys.stderr)
    if not options.quiet:
        for line in summary(result, options.out, options.prog):
            print(line)
    return EXIT_OK


def console() -> int:
    """The installed `safe-commissioning` command."""
    return main(prog="safe-commissioning")
