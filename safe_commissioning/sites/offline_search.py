"""Search that works when a site is opened from disk or a file share (`file://`), as well as when served.

Material's search runs in a web worker that fetches `search/search_index.json`; a browser refuses both
on `file://`, and the search box goes dead. After a site is built, `write_offline_search` writes the
engine's index (as Material's search plugin shapes it, whichever engine built the site) as a script, `search/search_index.js`, which sets the global `__index`: the name and place
Material's bundle itself loads on `file://` (without it every page opened from disk logs
"__index is not defined"; with it Material still hides its box, as its worker cannot start). A page
opened from disk loads the script with an ordinary `<script>` (which browsers allow there), and
`assets/javascripts/offline-search.js` puts a search box of its own in place of Material's. Served
over http(s) nothing changes: Material's search is used and the script is never loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

SCRIPT = Path("search") / "search_index.js"
GLOBAL = "__index"  # what Material's bundle reads on file://


def write_offline_search(site_dir: Path, docs: Sequence[Mapping[str, object]]) -> None:
    """Write `search/search_index.js`: every search entry (location, title, text) of the built site."""
    index = {"docs": list(docs)}
    # JSON is JavaScript; "</" and the two line separators JSON allows but old engines do not are escaped.
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    script = f"window.{GLOBAL} = {payload};\n"
    (site_dir / SCRIPT).parent.mkdir(exist_ok=True)
    (site_dir / SCRIPT).write_text(script, encoding="utf-8", newline="\n")
