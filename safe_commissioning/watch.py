"""Notice a saved workbook as soon as the save is complete, for `serve`.

An officer saves in Excel and looks at the browser: the wait between the two is the whole of
`serve`'s worth. So the folders are watched for file-system events where the platform gives them
(inotify, FSEvents, ReadDirectoryChangesW, through watchdog, which MkDocs already brings), and
polled once a second as well, because events can be missed (a network share, a folder renamed
under the watch) and some platforms have none.

A change is built once it is complete, not after a fixed wait. Excel and LibreOffice save by
writing a new file and renaming it over the old one, so the workbook is complete the moment the
name changes; a program that writes in place is complete once the file ends with a zip's end of
central directory and has stopped changing for a moment. Excel's `~$` lock files are ignored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from safe_commissioning.resources import STATIC_DOCS, TEMPLATES

POLL_SECONDS = 1.0  # the longest a change waits to be noticed when no event comes
STEADY_SECONDS = 0.1  # a complete workbook must stay unchanged this long: a save is not still under way
SAVE_TIMEOUT_SECONDS = 10.0  # after this, build what is there: the build says if the file is damaged
_END_OF_ZIP = b"PK\x05\x06"  # a zip's end of central directory record: the last thing a save writes
_ZIP_TAIL = 22 + 65_535  # the record, and the longest comment that may follow it

Snapshot = dict[Path, tuple[int, int, int]]  # each file's size, modification time and inode


def watched_files(workbook: Path, history: Path | None = None) -> Iterable[Path]:
    """The workbook, every snapshot file, every template and every hand-written docs file, lock files excluded."""
    yield workbook
    for folder in _folders(history):
        yield from (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("~$"))


def snapshot(workbook: Path, history: Path | None = None) -> Snapshot:
    """Size, modification time and inode of every watched file (missing files are left out)."""
    state: Snapshot = {}
    for path in watched_files(workbook, history):
        try:
            stat = path.stat()
        except OSError:
            continue
        state[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return state


def save_complete(workbook: Path) -> bool:
    """Whether the workbook, an .xlsx or .ods zip package, has been written to its end."""
    try:
        with workbook.open("rb") as file:
            size = file.seek(0, 2)
            file.seek(max(0, size - _ZIP_TAIL))
            tail = file.read()
    except OSError:
        return False
    return _END_OF_ZIP in tail


class Watch:
    """Wakes `serve` when a watched file may have changed: at once on an event, else at the next poll."""

    def __init__(self, workbook: Path, history: Path | None = None) -> None:
        self.workbook = workbook
        self.history = history
        self.pause: Callable[[float], None] = time.sleep  # between looks at a save under way
        self._woken = threading.Event()
        self._observer: Any = _observer(workbook, history, self._woken)

    @property
    def events(self) -> bool:
        """Whether file-system events are watched (else only polling)."""
        return self._observer is not None

    def next_change(self, seen: Snapshot) -> Snapshot:
        """Wait until the watched files differ from `seen` and the workbook's save is complete; their new state."""
        while True:
            self._woken.wait(POLL_SECONDS)
            self._woken.clear()
            current = snapshot(self.workbook, self.history)
            if current != seen:
                return self._settled(current, seen)

    def _settled(self, current: Snapshot, seen: Snapshot) -> Snapshot:
        """`current` once the workbook is complete: at once if a whole new file was renamed over it (Excel's and
        LibreOffice's save), else once it has stayed so for a moment (or the save has taken too long)."""
        before, now = seen.get(self.workbook), current.get(self.workbook)
        if before is not None and now is not None and now[2] != before[2] and save_complete(self.workbook):
            return current
        deadline = time.monotonic() + SAVE_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.workbook.exists() and not save_complete(self.workbook):
                self.pause(STEADY_SECONDS)
                current = snapshot(self.workbook, self.history)
                continue
            self.pause(STEADY_SECONDS)
            steady = snapshot(self.workbook, self.history)
            if steady == current:
                return steady
            current = steady
        return current

    def close(self) -> None:
        """Stop watching for events."""
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=2)


def _folders(history: Path | None) -> list[Path]:
    folders = [TEMPLATES, STATIC_DOCS]
    if history is not None and history.is_dir():
        folders.append(history)
    return folders


def _observer(workbook: Path, history: Path | None, woken: threading.Event) -> Any:
    """A started watchdog observer that sets `woken` on any event in the watched folders; None without one."""
    try:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:  # watchdog comes with MkDocs; without it, polling alone
        return None

    class Wake(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type not in ("opened", "closed_no_write"):  # reading a file is no change
                woken.set()

    try:
        observer = Observer()
        observer.daemon = True
        observer.schedule(Wake(), str(workbook.parent.absolute()), recursive=False)
        for folder in _folders(history):
            observer.schedule(Wake(), str(folder), recursive=True)
        observer.start()
    except (OSError, RuntimeError):  # no inotify watches left, a folder gone: polling still works
        return None
    return observer
