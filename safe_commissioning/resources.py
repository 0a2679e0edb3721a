"""Where the files the sites are made from live: `site_templates/`, `docs/` and `mkdocs.yml`.

In a checkout they sit at the top of the repository, beside the package. An installed wheel
carries them inside the package, in `safe_commissioning/project/` (see pyproject.toml's
force-include); that copy wins when present. `mkdocs.yml` names its theme override relative to
itself, so it works from either place.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent  # the repository, when running from a checkout (an installed package: site-packages)


def _home() -> Path:
    """The folder holding mkdocs.yml, site_templates/ and docs/: the installed copy, else the checkout."""
    carried = files("safe_commissioning") / "project"
    if carried.joinpath("mkdocs.yml").is_file():
        # Installed from a wheel, the package is unpacked on disk: the resource is a real folder.
        return Path(str(carried))
    return CHECKOUT


HOME = _home()
CONFIG = HOME / "mkdocs.yml"  # the theme and Markdown settings both sites share
TEMPLATES = HOME / "site_templates"  # the Jinja templates of every page, and the theme override
STATIC_DOCS = HOME / "docs"  # hand-written pages and assets
# What every engine's output depends on besides the pages: the configuration and the template override.
THEME = (CONFIG, TEMPLATES / "overrides")
