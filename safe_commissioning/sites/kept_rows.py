"""The HTML of long lists' rows that `serve` keeps from one build to the next (see `pages.PageRenderer`)."""

from __future__ import annotations

from collections.abc import Hashable

from markupsafe import Markup


class KeptRows:
    """The HTML of the rows of long lists that the last build rendered, each for one record (see `PageRenderer`).

    `serve` keeps one between builds: `start` begins a build, and what it does not use again is forgotten.
    """

    def __init__(self) -> None:
        self.now: dict[Hashable, tuple[object, Markup]] = {}
        self.last: dict[Hashable, tuple[object, Markup]] = {}
        self.taken = 0  # rows this build used again

    def start(self) -> None:
        self.last, self.now, self.taken = self.now, {}, 0

    def take(self, key: Hashable, item: object) -> Markup | None:
        """The HTML kept for `key`, if it was rendered from this very object."""
        kept = self.now.get(key) or self.last.get(key)
        if kept is None or kept[0] is not item:
            return None
        self.now[key] = kept
        self.taken += 1
        return kept[1]

    def keep(self, key: Hashable, item: object, html: Markup) -> None:
        self.now[key] = (item, html)  # the object is held, so no other can take its id while the HTML is kept

    def carry(self, site: str) -> None:
        """Keep the rows the last build had for `site` (a key's first item, see `PageRenderer`) for the next one: this
        build took the site whole from the last (see `BuildMemory.take_site`), rendering none of its rows. Without
        this, an edit the public site does not show would cost the next edit it does show every row of its lists."""
        for key, kept in self.last.items():
            if isinstance(key, tuple) and key[:1] == (site,):
                self.now.setdefault(key, kept)
