"""The output folder: what a build may replace, one build at a time, and a publication that is all or nothing.

A build writes only these places inside `OUT`: its staging folder `OUT/.staging-*`, the chart cache
`OUT/.cache`, the lock `OUT/.build.lock`, the journal `OUT/.publishing.json` and the two sites
`OUT/internal` and `OUT/public` (or, where one of those is a symbolic link, the folder it points to).

- A site folder is replaced only if it is absent, empty, or a previous build's: every file in it is
  listed in the marker that build left (`.safe-commissioning-site.json`). Anything else is refused
  before any work, naming the files, so a build never deletes a file it did not write.
- `OUT` may not be `/`, the home folder, the project's own folders or the workbook's folder, nor
  contain any of them.
- One build at a time holds the lock; a second one stops at once.
- Publishing is journalled (see `publication`): a build that is killed part way is finished by the
  next build, which reads the journal first.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from safe_commissioning import publication
from safe_commissioning.publication import BUILT_BY, JOURNAL, STAGING_PREFIX

MARKER = ".safe-commissioning-site.json"
LOCK = ".build.lock"
_SHOWN_FILES = 5  # files named in a refusal; the rest are counted


class OutputRefused(Exception):
    """The output folder cannot be used as asked; nothing was written. The message says why and what to do."""


class OutputBusy(Exception):
    """Another build holds the output folder's lock."""


class Stopped(BaseException):
    """The build was asked to stop by a signal (SIGTERM from a cancelled job, SIGINT from Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.published = False  # whether the new sites were already switched in when it came


def stop_on_signals() -> None:
    """Turn SIGTERM into `Stopped`, as Python already turns Ctrl-C into KeyboardInterrupt."""

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    with contextlib.suppress(ValueError, AttributeError):  # only the main thread may set handlers
        signal.signal(signal.SIGTERM, stop)


@dataclass(frozen=True)
class Place:
    """Where one site is published: `OUT/name`, or the folder that `OUT/name` links to."""

    name: str
    path: Path  # the folder that is replaced
    shown: str  # how messages name it


def refuse_unsafe_out(out: Path, *, workbook: Path, project: Path, protected: Sequence[str]) -> None:
    """Refuse an output folder that is a file, `/`, the home folder, or holds or sits in protected folders."""
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"--out {out} is a file, not a folder: give a folder for the sites")
    resolved = out.resolve()
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError):  # no home folder known: nothing to guard
        home = Path(resolved.anchor)
    if resolved == Path(resolved.anchor):
        raise OutputRefused(f"--out {out} is the root of the file system: give a folder of its own for the sites")
    if home != Path(home.anchor) and (resolved == home or resolved in home.parents):
        raise OutputRefused(
            f"--out {out} is {'the home folder' if resolved == home else 'above the home folder'}: "
            "give a folder of its own for the sites, such as build"
        )
    guarded = [(project.resolve(), "the project's folder", False)]
    guarded += [((project / name).resolve(), f"the project's {name} folder", True) for name in protected]
    guarded.append((workbook.resolve().parent, "the folder holding the workbook", False))
    for folder, what, inside_too in guarded:
        if resolved == folder or resolved in folder.parents:
            raise OutputRefused(
                f"--out {out} {'is' if resolved == folder else 'contains'} {what} ({folder}): "
                "a build replaces what is in its output folder, so give a folder of its own, such as build"
            )
        if inside_too and folder in resolved.parents:
            raise OutputRefused(
                f"--out {out} lies inside {what} ({folder}): give a folder of its own outside it, such as build"
            )


def places(out: Path, names: Sequence[str], refuse: Callable[[Path], None] | None = None) -> dict[str, Place]:
    """Where each site goes; a symbolic link is followed to the folder it names (which must be ours to replace)."""
    found: dict[str, Place] = {}
    for name in names:
        link = out / name
        shown = str(link)
        if link.is_symlink():
            target = Path(os.path.realpath(link))
            if not target.parent.is_dir():
                raise OutputRefused(
                    f"{shown} links to {target}, whose folder {target.parent} does not exist: create it or fix the link"
                )
            if refuse is not None:
                refuse(target)
            found[name] = Place(name, target, f"{shown} (linked to {target})")
        else:
            if link.exists() and not link.is_dir():
                raise OutputRefused(f"{shown} is a file, not a site folder: move it away or choose another --out")
            found[name] = Place(name, link, shown)
    return found


def unknown_files(folder: Path) -> list[str]:
    """Files in `folder` that the marker of the build that wrote it does not list (all of them, with no marker)."""
    if not folder.exists():
        return []
    listed: set[str] = set()
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            written = json.loads(marker.read_text(encoding="utf-8"))
            if written.get("built_by") == BUILT_BY:
                listed = {str(name) for name in written["files"]} | {MARKER}
    return [relative for relative, entry in _walk(folder) if relative not in listed or entry.is_symlink()]


def _walk(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Each file under `folder`, and each link to a folder, by its path from `folder`, as os.walk finds them
    without following links: a folder's files then its links to folders, by name, then its folders in turn.
    Read from each folder's listing (no call to the system per file: a site has thousands)."""

    def visit(path: str, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        folders = [entry for entry in entries if _is_dir(entry)]
        for entry in [entry for entry in entries if not _is_dir(entry)] + [e for e in folders if e.is_symlink()]:
            yield prefix + entry.name, entry
        for entry in folders:
            if not entry.is_symlink():
                yield from visit(entry.path, prefix + entry.name + "/")

    return visit(os.fspath(folder), "")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # following links, as os.walk sorts folders from files
    except OSError:
        return False


def refuse_foreign(place: Place) -> None:
    """Refuse to replace a site folder holding files that no build wrote."""
    strangers = unknown_files(place.path)
    if not strangers:
        return
    shown = ", ".join(strangers[:_SHOWN_FILES]) + (
        f" and {len(strangers) - _SHOWN_FILES} more" if len(strangers) > _SHOWN_FILES else ""
    )
    raise OutputRefused(
        f"{place.shown} holds files that no build wrote ({shown}): the build replaces that folder whole, so move "
        "them out of it, or choose another --out"
    )


def write_marker(site: Path, kind: str) -> None:
    """List every file of a finished site in its marker, so a later build knows the folder is its own to replace."""
    files = sorted(relative for relative, entry in _walk(site) if entry.is_file() and entry.name != MARKER)
    text = json.dumps({"built_by": BUILT_BY, "site": kind, "files": files}, indent=0, ensure_ascii=False)
    (site / MARKER).write_text(text + "\n", encoding="utf-8")


class Lock:
    """An exclusive lock on `OUT/.build.lock`, held for the whole build, released by the OS if the build dies."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise OutputBusy at once."""
        handle = (self.out / LOCK).open("ab")
        try:
            _lock_file(handle)
        except (BlockingIOError, PermissionError):  # held by another process (EAGAIN; EACCES on some systems)
            handle.close()
            raise OutputBusy(f"another build is writing {self.out}: wait for it to finish, then build again") from None
        except OSError:
            # Some network drives cannot lock files at all (ENOLCK, EOPNOTSUPP): build unlocked rather
            # than refuse every build; the journal still keeps publishing whole.
            pass
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                _unlock_file(self._file)
            self._file.close()
            self._file = None


if sys.platform == "win32":  # pragma: no cover - the project is tested on Linux
    import msvcrt

    def _lock_file(handle: IO[bytes]) -> None:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError as error:  # Windows says "locked" as EACCES or EDEADLOCK
            raise BlockingIOError(*error.args) from None

    def _unlock_file(handle: IO[bytes]) -> None:
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_file(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_file(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class OutputFolder:
    """The output folder for one build: checked, locked, with a staging folder, and published all at once."""

    def __init__(self, out: Path, names: Sequence[str], *, workbook: Path, project: Path, protected: Sequence[str]):
        self.out = out
        self.names = tuple(names)
        self._guard = {"workbook": workbook, "project": project, "protected": tuple(protected)}
        self._lock = Lock(out)
        self._locked = False
        self.finished: list[str] = []  # what an interrupted earlier publication left, now finished
        self.published = False
        self.staging: Path | None = None

    def _refuse_unsafe(self, folder: Path) -> None:
        refuse_unsafe_out(folder, **self._guard)  # type: ignore[arg-type]

    def open(self) -> None:
        """Check where the sites would go, before any work; nothing is written unless a killed build left a journal."""
        self._refuse_unsafe(self.out)
        self.places = places(self.out, self.names, self._refuse_unsafe)
        if (self.out / JOURNAL).is_file():  # an earlier build was killed while publishing: finish that first
            self._take()
        for place in self.places.values():
            refuse_foreign(place)

    def _take(self) -> None:
        if self._locked:
            return
        self._lock.acquire()
        self._locked = True
        self.finished = publication.recover(self.out)
        publication.remove_stale(self.out)

    def make_staging(self) -> Path:
        """Create `OUT` if need be, lock it, and make this build's staging folder inside it."""
        self.out.mkdir(parents=True, exist_ok=True)
        self._take()
        # Absolute, since MkDocs resolves relative folders against its config file, not the current folder.
        self.staging = self.out.absolute() / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        self.staging.mkdir()
        return self.staging

    def publish(self, built: Mapping[str, Path]) -> None:
        """Replace every site with its newly built folder, as one journalled step (see `publication`)."""
        for name, site in built.items():
            refuse_foreign(self.places[name])  # again: someone may have added files while the sites were built
            write_marker(site, name)
        journal = self.out / JOURNAL
        steps = publication.plan_for({name: self.places[name].path for name in built})
        publication.prepare(journal, steps, built)
        with publication.signals_held():
            publication.commit(journal, steps, self.out)
            self.published = True
        publication.finish(journal, steps)

    def close(self) -> None:
        """Remove this build's staging folder and release the lock."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        if self._locked:
            self._lock.release()
            self._locked = False
