"""`python build.py serve`: build, serve both sites on localhost, rebuild on change.

The internal site is served at `/` and the public site at `/public/`. Each HTML page served gets one
script more (never written to the built files): it asks the server how the latest build went, and the
server answers as soon as that changes (the question is held open until then), so the page reloads the
moment a new build is published, and while the workbook has errors shows them in a banner at the top
of every page, above the last good site, which stays served.

Watches the workbook, the history folder, the templates and the hand-written docs (see `watch`: file-system
events, and polling in case one is missed). A change is built as soon as the workbook's save is
complete; Excel's `~$` lock files are ignored. While the workbook is mid-save or invalid the last
good site stays up and the problems are printed. The builds are done by a builder process (`Builder`),
where one can be forked, so that they use helper processes as a plain build does.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import signal
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from safe_commissioning.history.changes import BaselineError
from safe_commissioning.output import OutputBusy, OutputRefused, Stopped
from safe_commissioning.pipeline import (
    BuildOptions,
    BuildRefused,
    build,
    default_progress,
    history_folder,
    options_from,
    output_folder,
    summary,
)
from safe_commissioning.publication import PublishInterrupted
from safe_commissioning.sites.engines import SiteBuildFailed
from safe_commissioning.sites.forks import fork
from safe_commissioning.sites.memory import BuildMemory
from safe_commissioning.watch import Watch, snapshot


@dataclass
class ServeState:
    """How the latest build went: its number (each published build adds one) and the problems that stopped it.

    `version` counts every change of either, so that a page can ask to hear of the next one (`as_json`)."""

    build: int = 0
    problems: list[str] = field(default_factory=list)
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def published(self) -> None:
        with self.changed:
            self.build += 1
            self.problems = []
            self.version += 1
            self.changed.notify_all()

    def failed(self, problems: Sequence[str]) -> None:
        with self.changed:
            self.problems = list(problems)
            self.version += 1
            self.changed.notify_all()

    def as_json(self, after: int | None = None, wait: float = 0.0) -> bytes:
        """The state as JSON: at once, or, given the `version` a page has seen (`after`), once it has changed or
        `wait` seconds have passed, so that a page hears of a new build the moment it is published."""
        with self.changed:
            if after is not None:
                self.changed.wait_for(lambda: self.version != after, timeout=wait)
            state = {"build": self.build, "problems": self.problems, "version": self.version}
            return json.dumps(state).encode("utf-8")


STATE_PATH = "/__serve/state"
WATCH_SCRIPT = f"""<script>(function () {{
  var seen = null, version = null, banner = null;
  function show(problems) {{
    if (!problems.length) {{ if (banner) {{ banner.remove(); banner = null; }} return; }}
    if (!banner) {{
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.className = "sc-serve-errors";
      document.body.insertBefore(banner, document.body.firstChild);
    }}
    banner.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "The workbook has errors, so this is the last good site. Fix them and save the workbook:";
    var list = document.createElement("ul");
    problems.forEach(function (problem) {{
      var item = document.createElement("li"); item.textContent = problem; list.appendChild(item);
    }});
    banner.appendChild(title); banner.appendChild(list);
  }}
  function poll() {{
    var address = "{STATE_PATH}" + (version === null ? "" : "?after=" + version);
    fetch(address, {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (state) {{
      if (seen !== null && state.build !== seen) {{ location.reload(); return; }}
      seen = state.build; version = state.version; show(state.problems);
      setTimeout(poll, 0);
    }}).catch(function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();</script>
<style>.sc-serve-errors{{position:sticky;top:0;z-index:10;background:#d4351c;color:#fff;padding:.6rem 1rem;font:0.8rem/1.4 sans-serif}}.sc-serve-errors ul{{margin:.3rem 0 0 1.2rem}}</style>
"""


class SitesHandler(SimpleHTTPRequestHandler):
    """Serves OUT/internal at `/` and OUT/public at `/public/`, each HTML page with the watching script."""

    out: Path = Path("build")
    state: ServeState = ServeState()
    wait_seconds = 20.0  # how long a page's question (`?after=`) is held open when nothing changes

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal for build messages."""

    def translate_path(self, path: str) -> str:
        address = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        site, rest = (
            ("public", address[len("/public") :])
            if address == "/public" or address.startswith("/public/")
            else ("internal", address)
        )
        root = (self.out / site).resolve()
        # A part that is not one name (`..\x` or `C:` on Windows) would lead out of the site: dropped.
        parts = [part for part in rest.split("/") if part not in ("", ".", "..") and Path(part).name == part]
        return str(root.joinpath(*parts))

    def do_GET(self) -> None:
        address = urllib.parse.urlsplit(self.path)
        if address.path == STATE_PATH:
            after = urllib.parse.parse_qs(address.query).get("after", [""])[0]
            seen = int(after) if after.isdigit() else None
            self._send(self.state.as_json(seen, self.wait_seconds), "application/json")
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir() and (target / "index.html").is_file() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            page = target.read_bytes()
            at = page.rfind(b"</body>")
            script = WATCH_SCRIPT.encode("utf-8")
            self._send(page[:at] + script + page[at:] if at >= 0 else page + script, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def sites_handler(out: Path, state: ServeState) -> type[SitesHandler]:
    """A handler class serving `out`'s two sites and reporting `state`."""
    return type("Handler", (SitesHandler,), {"out": out, "state": state})


def _options(options: argparse.Namespace, today: date) -> BuildOptions:
    return options_from(options, today)


def _rebuild(
    options: argparse.Namespace, today: date, memory: BuildMemory | None = None, state: ServeState | None = None
) -> bool:
    progress = default_progress(options.quiet)
    state = state or ServeState()
    try:
        result = build(_options(options, today), progress, memory)
    except BuildRefused as refused:
        problems = [finding.format(options.workbook.name) for finding in refused.report.errors]
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print("The workbook has errors: still serving the last good site.", file=sys.stderr)
        state.failed(problems)
        return False
    except (SiteBuildFailed, BaselineError, OutputBusy, OutputRefused, PublishInterrupted, OSError) as error:
        print(f"error: {error}. Still serving the last good site.", file=sys.stderr)
        state.failed([str(error)])
        return False
    state.published()
    for line in summary(result, options.out, options.prog):
        print(line)
    return True


class Builder:
    """serve's builds, done in a process of their own where that is safe, else in this one.

    serve's web server and its watch are threads, and a process with threads cannot fork safely (see
    `sites.forks`): its builds would make the charts, the committee pack and the public workbooks all on
    one core. So where it can, serve forks a builder before it starts any thread: one process, with no
    thread, that keeps the memory of the last builds and does every build when asked, with the helpers a
    plain build has. It dies with serve (its parent-death signal); if it ends early, builds go on here.
    """

    def __init__(self, options: argparse.Namespace, today: date) -> None:
        self.options, self.today = options, today
        self.memory: BuildMemory | None = None  # the builds done in this process: their memory
        self.pid: int | None = None
        self.requests: BinaryIO | None = None  # to the builder: a byte for each build wanted
        self.replies: BinaryIO | None = None  # from it: each build's outcome, pickled

    @classmethod
    def start(cls, options: argparse.Namespace, today: date, listening: socket.socket) -> Builder:
        """A builder: forked, where that is safe, and then before any other work (`listening`, serve's socket,
        is closed in it); else one that builds in this process."""
        builder = cls(options, today)
        asked, asking = os.pipe()
        replies, replying = os.pipe()

        def serve_builds() -> None:  # in the builder
            listening.close()
            os.close(asking)
            os.close(replies)
            builder._serve_builds(os.fdopen(asked, "rb", buffering=0), os.fdopen(replying, "wb"))

        builder.pid = fork(serve_builds)
        os.close(asked)
        os.close(replying)
        if builder.pid is None:
            os.close(asking)
            os.close(replies)
        else:
            builder.requests, builder.replies = os.fdopen(asking, "wb", buffering=0), os.fdopen(replies, "rb")
        return builder

    def _serve_builds(self, requests: BinaryIO, replies: BinaryIO) -> None:
        """In the builder: build at each request, until serve closes its end or the builder is stopped."""
        with contextlib.suppress(KeyboardInterrupt, Stopped, BrokenPipeError):
            while requests.read(1):
                state = ServeState()
                built = self._build_here(state)
                for stream in (sys.stdout, sys.stderr):
                    stream.flush()
                pickle.dump((built, state.problems), replies)
                replies.flush()
                # While waiting for the next save: Altair, which a chart drawn anew needs, imported once for every
                # helper forked from now on (importing starts no thread; only drawing does, see `forks`)
                import safe_commissioning.sites.drawings  # noqa: F401

    def _build_here(self, state: ServeState) -> bool:
        if self.memory is None:  # rebuild only what changed since the last build
            self.memory = BuildMemory.load(self.options.out.absolute() / ".cache" / "engine", records=True)
        return _rebuild(self.options, self.today, self.memory, state)

    def build(self, state: ServeState) -> bool:
        """Build (in the builder, if there is one) and record the outcome in `state`: whether it was published."""
        if self.requests is not None and self.replies is not None:
            try:
                self.requests.write(b"b")
                built, problems = pickle.load(self.replies)
            except (OSError, EOFError, pickle.UnpicklingError):
                print("The builder process ended: building in this process from now on.", file=sys.stderr)
                self.close()
            else:
                if built:
                    state.published()
                else:
                    state.failed(problems)
                return bool(built)
        return self._build_here(state)

    def close(self) -> None:
        """Stop the builder: let it finish what it is doing, for a while, then end it."""
        if self.requests is not None:
            with contextlib.suppress(OSError):
                self.requests.close()  # an idle builder reads the end and exits
            self.requests = None
        if self.replies is not None:
            self.replies.close()
            self.replies = None
        if self.pid is None:
            return
        for sent in (None, signal.SIGTERM, signal.SIGKILL):
            if sent is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, sent)
            deadline = time.monotonic() + STOP_SECONDS
            while time.monotonic() < deadline:
                with contextlib.suppress(ChildProcessError):
                    if os.waitpid(self.pid, os.WNOHANG)[0] == 0:
                        time.sleep(0.05)
                        continue
                self.pid = None
                return


STOP_SECONDS = 5.0  # how long the builder is given to end (its build stopped cleanly) before it is made to


def serve(options: argparse.Namespace, today: date) -> int:
    """Build, then serve the internal site and rebuild whenever a watched file settles after a change."""
    folder = output_folder(_options(options, today))
    try:  # before any work: the output folder must be ours to replace, and free
        folder.open()
    except OutputRefused as error:
        print(f"{options.prog}: error: {error}. Nothing was built.", file=sys.stderr)
        return 2
    except OutputBusy as error:
        print(f"error: {error}.", file=sys.stderr)
        return 1
    finally:
        folder.close()
    state = ServeState()
    handler = sites_handler(options.out.absolute(), state)
    try:  # and the port must be free, before a build that would be wasted
        server = ThreadingHTTPServer(("127.0.0.1", options.port), handler)
    except OSError as error:
        print(
            f"{options.prog}: error: --port {options.port}: cannot listen on 127.0.0.1:{options.port} "
            f"({error.strerror or error}): give another port with --port N",
            file=sys.stderr,
        )
        return 2
    builder = Builder.start(options, today, server.socket)  # before any thread
    try:
        _serve(options, today, server, builder, state)
    finally:
        builder.close()
        server.server_close()
    return 0


def _serve(
    options: argparse.Namespace, today: date, server: ThreadingHTTPServer, builder: Builder, state: ServeState
) -> None:
    """Build, start the server, then rebuild at every change until stopped."""
    site = options.out / "internal"
    history = history_folder(_options(options, today))
    seen = snapshot(options.workbook, history)  # before the first build: a save made during it is built next
    built = builder.build(state)
    if not built and not site.exists():
        print("Nothing to serve yet: fix the workbook and save it, and the site will be built.", file=sys.stderr)
        site.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    print(f"Serving the internal site at {address}/ and the public site at {address}/public/ (Ctrl+C to stop)")
    watch = Watch(options.workbook, history)
    try:
        while True:
            seen = watch.next_change(seen)
            print("Change detected: rebuilding…", flush=True)
            builder.build(state)
    finally:
        watch.close()
        server.shutdown()
