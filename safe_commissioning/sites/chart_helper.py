"""Draw a cold build's charts in a second process while the build makes the public site.

vl-convert holds the interpreter's lock while it draws, and a build with no chart cache spends a second
or two drawing (Altair's import included) while nothing else runs. So a cold build forks a helper once
the view is worked out: it draws every chart and the committee pack's images into a folder of its own
and exits, while the build makes the public site, which shows no charts. The charts stage then waits
for it, takes its drawings into the build's store and finds every chart there, as a warm build finds
them in the cache.

The helper is forked only where that is safe and it can be made to die with the build: on Linux (the
parent-death signal, so not even a SIGKILL of the build leaves it behind), while the process has no
thread but its own (`serve`'s server is a thread, and vl-convert starts threads once it has drawn: then
the charts are drawn in the build's own process), and only when there is no chart cache to reuse.
Whatever the helper does, the result is the same: its drawings are the same functions' output, taken
only if it exits cleanly; anything it did not draw, the build draws itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from safe_commissioning.sites.charts import ChartRenderer

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent dies


class ChartHelper:
    """A forked process drawing charts into `folder`, or none (`pid` None) where one cannot run safely."""

    def __init__(self, pid: int | None, folder: Path) -> None:
        self.pid = pid
        self.folder = folder

    @classmethod
    def start(cls, draw: Callable[[ChartRenderer], object], reuse: Path, folder: Path) -> ChartHelper:
        """Fork a helper that calls `draw` with a renderer storing into `folder`, if the build is cold and it is safe."""
        if not _can_fork() or (reuse.is_dir() and any(reuse.iterdir())):
            return cls(None, folder)
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
                draw(ChartRenderer(reuse=reuse, store=folder))
                status = 0
            finally:
                os._exit(status)  # no cleanup of the build's: its lock, staging and streams are the parent's
        return cls(pid, folder)

    def take(self, store: Path) -> None:
        """Wait for the helper; if it finished cleanly, move its drawings into `store`. Nothing if none was forked."""
        if self.pid is None:
            return
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) == 0 and self.folder.is_dir():
            store.mkdir(parents=True, exist_ok=True)
            for drawn in sorted(self.folder.iterdir()):
                drawn.replace(store / drawn.name)
        shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self) -> None:
        """End the helper if it is still running (the build failed or was stopped)."""
        if self.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.pid = None


def _can_fork() -> bool:
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
