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
from collections.abc import Callable
from pathlib import Path

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
        if not can_fork():
            return None
        parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # nothing buffered is written twice
        pid = os.fork()
        if pid == 0:  # the helper: never returns
            status = 1
            try:
                _die_with(parent)
                for number in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(number, signal.SIG_DFL)
                value = work()
                if result is not None:
                    result.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                status = 0
            finally:
                os._exit(status)  # no cleanup of the build's: its lock, staging and streams are the parent's
        return cls(pid, result)

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
