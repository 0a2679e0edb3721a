"""`python build.py serve`: build, serve the internal site on localhost, rebuild on change.

Watches the workbook, the history folder, the templates and the hand-written docs by polling (Excel saves by
writing a new file and renaming it, which file-event watchers can miss). A change is built only
once the workbook has stopped changing; Excel's `~$` lock files are ignored. While the workbook
is mid-save or invalid the last good site stays up and the problems are printed.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
import time
from collections.abc import Iterable
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .changes import BaselineError
from .memory import BuildMemory
from .output import OutputBusy, OutputRefused, PublishInterrupted
from .pipeline import BuildOptions, BuildRefused, build, default_progress, history_folder, output_folder, summary
from .site import PROJECT, SiteBuildFailed

POLL_SECONDS = 1.0
SETTLE_SECONDS = 1.0  # the workbook must be unchanged this long before a rebuild


def watched_files(workbook: Path, history: Path | None = None) -> Iterable[Path]:
    """The workbook, every snapshot file, every template and every hand-written docs file, lock files excluded."""
    yield workbook
    folders = [PROJECT / "site_templates", PROJECT / "docs"]
    if history is not None and history.is_dir():
        folders.append(history)
    for folder in folders:
        yield from (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("~$"))


def snapshot(workbook: Path, history: Path | None = None) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every watched file (missing files are left out)."""
    state: dict[Path, tuple[int, int]] = {}
    for path in watched_files(workbook, history):
        try:
            stat = path.stat()
        except OSError:
            continue
        state[path] = (stat.st_size, stat.st_mtime_ns)
    return state


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for build messages."""


def _options(options: argparse.Namespace, today: date) -> BuildOptions:
    return BuildOptions(
        options.workbook,
        options.out,
        options.as_of,
        today,
        options.since,
        history=options.history,
        engine=options.engine,
    )


def _rebuild(options: argparse.Namespace, today: date, memory: BuildMemory | None = None) -> bool:
    progress = default_progress(options.quiet)
    try:
        result = build(_options(options, today), progress, memory)
    except BuildRefused as refused:
        for finding in refused.report.errors:
            print(f"error: {finding.format(options.workbook.name)}", file=sys.stderr)
        print("The workbook has errors: still serving the last good site.", file=sys.stderr)
        return False
    except (SiteBuildFailed, BaselineError, OutputBusy, OutputRefused, PublishInterrupted, OSError) as error:
        print(f"error: {error}. Still serving the last good site.", file=sys.stderr)
        return False
    for line in summary(result, options.out):
        print(line)
    return True


def serve(options: argparse.Namespace, today: date) -> int:
    """Build, then serve the internal site and rebuild whenever a watched file settles after a change."""
    folder = output_folder(_options(options, today))
    try:  # before any work: the output folder must be ours to replace, and free
        folder.open()
    except OutputRefused as error:
        print(f"python build.py: error: {error}. Nothing was built.", file=sys.stderr)
        return 2
    except OutputBusy as error:
        print(f"error: {error}.", file=sys.stderr)
        return 1
    finally:
        folder.close()
    site = options.out / "internal"
    handler = functools.partial(_QuietHandler, directory=str(site.resolve()))
    try:  # and the port must be free, before a build that would be wasted
        server = ThreadingHTTPServer(("127.0.0.1", options.port), handler)
    except OSError as error:
        print(
            f"python build.py: error: --port {options.port}: cannot listen on 127.0.0.1:{options.port} "
            f"({error.strerror or error}): give another port with --port N",
            file=sys.stderr,
        )
        return 2
    memory = BuildMemory(options.out.absolute() / ".cache" / "engine")  # rebuild only what a change touches
    built = _rebuild(options, today, memory)
    if not built and not site.exists():
        print("Nothing to serve yet: fix the workbook and save it, and the site will be built.", file=sys.stderr)
        site.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving the internal site at http://127.0.0.1:{server.server_port}/ (Ctrl+C to stop)")
    history = history_folder(_options(options, today))
    seen = snapshot(options.workbook, history)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(options.workbook, history)
            if current == seen:
                continue
            time.sleep(SETTLE_SECONDS)
            settled = snapshot(options.workbook, history)
            if settled != current:
                continue  # still being written: look again next round
            seen = settled
            print("Change detected: rebuilding…")
            _rebuild(options, today, memory)
    finally:
        server.shutdown()
        server.server_close()
