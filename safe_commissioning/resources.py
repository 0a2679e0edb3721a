"""Where the files the sites are made from live: `site_templates/`, `docs/` and `mkdocs.yml`.

In a checkout they sit at the top of the repository, beside the package. An installed wheel
carries them inside the package, in `safe_commissioning/project/`; that copy wins when present.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent  # the repository, when running from a checkout
_INSTALLED = PACKAGE / "project"
HOME = _INSTALLED if (_INSTALLED / "mkdocs.yml").is_file() else CHECKOUT

CONFIG = HOME / "mkdocs.yml"  # the theme and Markdown settings both sites share
TEMPLATES = HOME / "site_templates"  # the Jinja templates of every page, and the theme override
STATIC_DOCS = HOME / "docs"  # hand-written pages and assets
# What every engine's output depends on besides the pages: the configuration and the template override.
THEME = (CONFIG, TEMPLATES / "overrides")
