"""pyproject.toml stays in step with the requirements and with where the package looks for its files."""

from __future__ import annotations

import tomllib
from pathlib import Path

from safe_commissioning import resources

PROJECT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def requirement_lines(path: Path) -> list[str]:
    """The requirements of a `.in` file, without comments, blank lines or constraint options."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("-")]


def test_the_package_depends_on_what_the_build_requires() -> None:
    # Zensical, the second engine, is an optional extra; a checkout's site.in installs it for make site.
    site = requirement_lines(PROJECT / "requirements/site.in")
    assert sorted(PYPROJECT["project"]["dependencies"]) == sorted(r for r in site if not r.startswith("zensical"))
    assert PYPROJECT["project"]["optional-dependencies"]["zensical"] == [r for r in site if r.startswith("zensical")]


def test_the_dev_extra_runs_the_suite_as_configured() -> None:
    # `pip install .[dev] && pytest` must work: pytest's options need xdist, and the site tests both engines.
    dev = PYPROJECT["project"]["optional-dependencies"]["dev"]
    assert sorted(dev) == sorted(
        [*requirement_lines(PROJECT / "requirements/dev.in"), f"{PYPROJECT['project']['name']}[zensical]"]
    )
    assert "--dist" in PYPROJECT["tool"]["pytest"]["ini_options"]["addopts"]
    assert "pytest-xdist" in dev


def test_the_build_backend_is_a_development_requirement() -> None:
    assert PYPROJECT["build-system"]["build-backend"] == "hatchling.build"
    assert "hatchling" in requirement_lines(PROJECT / "requirements/dev.in")


def test_the_version_is_read_from_the_package() -> None:
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "safe_commissioning/__init__.py"


def test_the_wheel_carries_what_resources_looks_for() -> None:
    carried = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    wanted = {
        path.name: f"safe_commissioning/project/{path.name}"
        for path in (resources.CONFIG, resources.TEMPLATES, resources.STATIC_DOCS)
    }
    assert carried == wanted
    assert all((PROJECT / source).exists() for source in carried)


def test_the_console_command_is_the_command_line() -> None:
    assert PYPROJECT["project"]["scripts"] == {"safe-commissioning": "safe_commissioning.cli:console"}
