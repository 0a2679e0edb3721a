"""Draw a build's charts, and write the committee pack, in a second process while the build makes the sites.

vl-convert holds the interpreter's lock while it draws, and a build with no chart cache spends a second
or two drawing (Altair's import included) while nothing else runs; writing the committee pack (Word)
takes a few tenths of a second more at a few thousand contracts. So a build forks a helper once the view
is worked out: it draws every chart (taking what the chart cache holds) and the pack's images, writes
the pack into a folder of its own and exits, while the build makes both sites' pages and runs the engine,
which need only the charts' slots. The charts stage then waits for it, takes its new drawings into the
build's store, so that every chart is found there as a warm build finds them in the cache, and moves the
pack into the built site.

The helper is forked only where that is safe (see `forks`: where it is not, as in a `serve` whose
server shares the process, the charts are drawn and the pack written in the build's own process).
Whatever the helper does, the result is the same: its drawings and its pack are the same functions'
output, taken only if it exits cleanly; otherwise the build draws and writes them itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from safe_commissioning.sites.charts import ChartRenderer
from safe_commissioning.sites.forks import Forked


class ChartHelper:
    """A forked process drawing charts into `folder`/drawings and writing files into `folder`/files, or none where
    one cannot run safely (see `forks`)."""

    def __init__(self, forked: Forked | None, folder: Path) -> None:
        self.forked = forked
        self.folder = folder

    @classmethod
    def start(cls, work: Callable[[ChartRenderer, Path], str], reuse: Path, folder: Path) -> ChartHelper:
        """Fork a helper that calls `work` with a renderer reusing `reuse` and storing its new drawings into the
        helper's folder, and a folder for the files it writes; where that is safe."""

        def run() -> str:
            return work(ChartRenderer(reuse=reuse, store=folder / "drawings"), folder / "files")

        return cls(Forked.start(run, folder.with_name(folder.name + ".result")), folder)

    def take(self, store: Path, site: Path) -> str | None:
        """Wait for the helper; if it finished cleanly, move its drawings into `store` and its files into the same
        places in `site`, and return what its work returned. None if it failed or none was forked."""
        if self.forked is None:
            return None
        value = self.forked.value()
        self.forked = None
        if isinstance(value, str):
            drawings, files = self.folder / "drawings", self.folder / "files"
            if drawings.is_dir():
                store.mkdir(parents=True, exist_ok=True)
                for drawn in sorted(drawings.iterdir()):
                    drawn.replace(store / drawn.name)
            for path in sorted(files.rglob("*")) if files.is_dir() else []:
                if path.is_file():
                    target = site / path.relative_to(files)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    path.replace(target)
        shutil.rmtree(self.folder, ignore_errors=True)
        return value if isinstance(value, str) else None

    def stop(self) -> None:
        """End the helper if it is still running (the build failed or was stopped)."""
        if self.forked is not None:
            self.forked.stop()
