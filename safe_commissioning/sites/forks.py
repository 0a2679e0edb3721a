"""Work done beside the build in a forked process, on the machine's second core, where that is safe.

A build is one Python process, and most of its time is spent holding the interpreter's lock: one core.
A fork shares what the build has worked out already (no copying, no pickling of the view), so a part of
the work that writes only its own files (the charts' drawings, half of a site's record pages) can be
done beside the rest.

A process is forked only where that is safe and it can be made to die with the build: on Linux (the
parent-death signal, so not even a SIGKILL of the build leaves it behind), and only while the process
has no thread but its own (`serve`'s server is a thread, and vl-convert starts threads once it has
drawn), whose locks a fork would copy held, for ever. Its result is taken only if it exits cleanly;
otherwise the build does that work itself, so the outcome never depends on whether, or how well, a
helper ran.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from safe_commissioning.sites.open_data import human_size

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent dies


class Forked:
    """A forked process doing one piece of work (see `start`), until `wait` or `stop`."""

    def __init__(self, pid: int, result: Path | None) -> None:
        self.pid: int | None = pid
        self.result = result

    @classmethod
    def start(cls, work: Callable[[], object], result: Path | None = None) -> Forked | None:
        """Fork a process that calls `work` (pickling what it returns into `result`, if given) and exits;
        None, and nothing done, where a fork is not safe."""

        def helper() -> None:
            for number in (signal.SIGINT, signal.SIGTERM):
                signal.signal(number, signal.SIG_DFL)
            value = work()
            if result is not None:
                result.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

        pid = fork(helper)
        return cls(pid, result) if pid is not None else None

    def wait(self) -> bool:
        """Wait for the process to end: True if it did its work and exited cleanly."""
        if self.pid is None:
            return False
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status) == 0

    def value(self) -> object | None:
        """Wait for the process; what its work returned, or None if it did not finish cleanly."""
        if not self.wait() or self.result is None:
            return None
        try:
            value: object = pickle.loads(self.result.read_bytes())
            return value
        except (OSError, pickle.UnpicklingError, EOFError):
            return None
        finally:
            self.result.unlink(missing_ok=True)

    def stop(self) -> None:
        """End the process if it is still running (the build failed or was stopped)."""
        if self.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = None


def fork(work: Callable[[], None]) -> int | None:
    """Fork a process that dies with this one, calls `work` and exits (status 0 if `work` returned, 1 if it
    raised); its process ID, or None, and nothing done, where a fork is not safe (see `can_fork`)."""
    if not can_fork():
        return None
    parent = os.getpid()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # nothing buffered is written twice
    pid = os.fork()
    if pid == 0:  # the new process: never returns
        status = 1
        try:
            _die_with(parent)
            work()
            status = 0
        finally:
            os._exit(status)  # no cleanup of the parent's: its lock, staging, streams and sockets are its own
    return pid


def can_fork() -> bool:
    """Only on Linux, and only while this process has one thread: not one of Python's (serve's server), nor one a
    library started (vl-convert's runtime, once a chart was drawn in this process), whose locks a fork would copy
    held, for ever."""
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies; exit now if the parent is gone already."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0 or os.getppid() != parent:
        os._exit(1)


class FilesBeside:
    """Files written by a forked helper while the build goes on, put into the built site once its engine has run.

    The engine copies a site's files as it builds, so the helper writes them into a folder of its own; the pages
    give each one's size as a placeholder (`sizes`), which `placed` turns into the size written."""

    def __init__(self, folder: Path, site_folder: str) -> None:
        self.folder = folder  # where the helper writes
        self.site_folder = site_folder  # where the files go in the built site, e.g. "data"
        self.writers: dict[str, Callable[[Path], object]] = {}
        self.helper: Forked | None = None

    @property
    def sizes(self) -> dict[str, str]:
        """Each file being written (by name) and the placeholder that stands for its size meanwhile (named after this
        helper's folder too, so that two never share one)."""
        helper = "".join(character for character in self.folder.name if character.isalnum())
        return {name: f"scslot7size{helper}{index}" for index, name in enumerate(self.writers)}

    def start(self, writers: Mapping[str, Callable[[Path], object]]) -> bool:
        """Fork a helper calling each writer with its file's path (by name); False, and nothing done, where a fork
        is not safe."""
        self.folder.mkdir(parents=True, exist_ok=True)
        folder = self.folder

        def write() -> None:
            for name, writer in writers.items():
                writer(folder / name)

        self.helper = Forked.start(write)
        if self.helper is not None:
            self.writers = dict(writers)
        return self.helper is not None

    def placed(self, site: Path) -> dict[str, str]:
        """Wait for the helper and move its files into `site`, or write them here if it did not finish cleanly;
        return each placeholder and the size it stands for."""
        if self.helper is None:
            return {}
        done = self.helper.wait()
        self.helper = None
        placeholders, sizes = self.sizes, {}
        for name, writer in self.writers.items():
            target = site / self.site_folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if done and (self.folder / name).is_file():
                (self.folder / name).replace(target)
            else:
                target.unlink(missing_ok=True)  # never write through a link to a kept or published file
                writer(target)  # the same file, or the same error, from here
            sizes[placeholders[name]] = human_size(target.stat().st_size)
        return sizes

    def stop(self) -> None:
        """End the helper if it is still running (the build failed or was stopped)."""
        if self.helper is not None:
            self.helper.stop()
