"""Draw a cold build's charts in a second process while the build makes the public site.

vl-convert holds the interpreter's lock while it draws, and a build with no chart cache spends a second
or two drawing (Altair's import included) while nothing else runs. So a cold build forks a helper once
the view is worked out: it draws every chart and the committee pack's images into a folder of its own
and exits, while the build makes the public site, which shows no charts. The charts stage then waits
for it, takes its drawings into the build's store and finds every chart there, as a warm build finds
them in the cache.

The helper is forked only when there is no chart cache to reuse, and only where that is safe (see
`forks`: where it is not, as in `serve`, the charts are drawn in the build's own process). Whatever the
helper does, the result is the same: its drawings are the same functions' output, taken only if it
exits cleanly; anything it did not draw, the build draws itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from safe_commissioning.sites.charts import ChartRenderer
from safe_commissioning.sites.forks import Forked


class ChartHelper:
    """A forked process drawing charts into `folder`, or none where one cannot run safely (see `forks`)."""

    def __init__(self, forked: Forked | None, folder: Path) -> None:
        self.forked = forked
        self.folder = folder

    @classmethod
    def start(cls, draw: Callable[[ChartRenderer], object], reuse: Path, folder: Path) -> ChartHelper:
        """Fork a helper that calls `draw` with a renderer storing into `folder`, if the build is cold and it is safe."""
        if reuse.is_dir() and any(reuse.iterdir()):
            return cls(None, folder)
        return cls(Forked.start(lambda: draw(ChartRenderer(reuse=reuse, store=folder))), folder)

    def take(self, store: Path) -> None:
        """Wait for the helper; if it finished cleanly, move its drawings into `store`. Nothing if none was forked."""
        if self.forked is None:
            return
        if self.forked.wait() and self.folder.is_dir():
            store.mkdir(parents=True, exist_ok=True)
            for drawn in sorted(self.folder.iterdir()):
                drawn.replace(store / drawn.name)
        self.forked = None
        shutil.rmtree(self.folder, ignore_errors=True)

    def stop(self) -> None:
        """End the helper if it is still running (the build failed or was stopped)."""
        if self.forked is not None:
            self.forked.stop()
