"""`python build.py serve`: build, serve both sites on localhost, rebuild on change.

The internal site is served at `/` and the public site at `/public/`. Each HTML page served gets one
script more (never written to the built files): it asks the server twice a second how the latest
build went, reloads the page once a new build is published, and while the workbook has errors shows
them in a banner at the top of every page, above the last good site, which stays served.

Watches the workbook, the history folder, the templates and the hand-written docs (see `watch`: file-system
events, and polling in case one is missed). A change is built as soon as the workbook's save is
complete; Excel's `~$` lock files are ignored. While the workbook is mid-save or invalid the last
good site stays up and the problems are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from safe_commissioning.history.changes import BaselineError
from safe_commissioning.output import OutputBusy, OutputRefused
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
from safe_commissioning.sites.memory import BuildMemory
from safe_commissioning.watch import Watch, snapshot


@dataclass
class ServeState:
    """How the latest build went: its number (each published build adds one) and the problems that stopped it."""

    build: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def published(self) -> None:
        with self.lock:
            self.build += 1
            self.problems = []

    def failed(self, problems: Sequence[str]) -> None:
        with self.lock:
            self.problems = list(problems)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "problems": self.problems}).encode("utf-8")


STATE_PATH = "/__serve/state"
WATCH_SCRIPT = f"""<script>(function () {{
  var seen = null, banner = null;
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
    fetch("{STATE_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (state) {{
      if (seen !== null && state.build !== seen) {{ location.reload(); return; }}
      seen = state.build; show(state.problems);
    }}).catch(function () {{}}).then(function () {{ setTimeout(poll, 500); }});
  }}
  poll();
}})();</script>
<style>.sc-serve-errors{{position:sticky;top:0;z-index:10;background:#d4351c;color:#fff;padding:.6rem 1rem;font:0.8rem/1.4 sans-serif}}.sc-serve-errors ul{{margin:.3rem 0 0 1.2rem}}</style>
"""


class SitesHandler(SimpleHTTPRequestHandler):
    """Serves OUT/internal at `/` and OUT/public at `/public/`, each HTML page with the watching script."""

    out: Path = Path("build")
    state: ServeState = ServeState()

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
        if urllib.parse.urlsplit(self.path).path == STATE_PATH:
            self._send(self.state.as_json(), "application/json")
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
    site = options.out / "internal"
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
    memory = BuildMemory.load(options.out.absolute() / ".cache" / "engine", records=True)  # rebuild only what changed
    built = _rebuild(options, today, memory, state)
    if not built and not site.exists():
        print("Nothing to serve yet: fix the workbook and save it, and the site will be built.", file=sys.stderr)
        site.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    print(f"Serving the internal site at {address}/ and the public site at {address}/public/ (Ctrl+C to stop)")
    history = history_folder(_options(options, today))
    watch = Watch(options.workbook, history)
    seen = snapshot(options.workbook, history)
    try:
        while True:
            seen = watch.next_change(seen)
            print("Change detected: rebuilding…")
            _rebuild(options, today, memory, state)
    finally:
        watch.close()
        server.shutdown()
        server.server_close()
