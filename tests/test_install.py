"""`pip install .` gives a working tool: the wheel carries the templates, assets and configuration.

The wheel is built offline (hatchling is in the dev requirements) and installed into a fresh
virtual environment that borrows the dependencies from the development one through a `.pth`
file, so no network is needed. Everything then runs outside the repository, so nothing can be
imported from the checkout by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from safe_commissioning import __version__

pytestmark = pytest.mark.slow
PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "source" / "commissioning.xlsx"


def run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command with no help from this checkout: no PYTHONPATH, in a folder outside it."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    finished = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the project's wheel installed in it; its folder."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, PROJECT], root)
    (wheel,) = wheels.glob("*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], root)
    python = venv / "bin" / "python"
    site_packages = Path(
        run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], root).stdout.strip()
    )
    # The dependencies come from the development environment, after the new one's own packages.
    borrowed = {Path(sysconfig.get_path(kind)).resolve() for kind in ("purelib", "platlib")}
    (site_packages / "development-dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(borrowed)))
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel], root)
    return venv


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder outside the repository, holding a copy of the sample workbook."""
    assert PROJECT not in tmp_path.resolve().parents
    shutil.copy(SAMPLE, tmp_path / "commissioning.xlsx")
    return tmp_path


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path, elsewhere: Path) -> None:
    where = run(
        [
            installed / "bin" / "python",
            "-c",
            "import safe_commissioning, safe_commissioning.resources as r; print(safe_commissioning.__file__); print(r.CONFIG)",
        ],
        elsewhere,
    ).stdout.split()
    package, config = (Path(line) for line in where)
    assert installed.resolve() in package.resolve().parents
    assert config.resolve() == package.resolve().parent / "project" / "mkdocs.yml"
    assert config.is_file()


def _build_command(installed: Path, elsewhere: Path) -> list[str | Path]:
    """The installed command, given the copy of the sample workbook outside the checkout."""
    return [installed / "bin" / "safe-commissioning", "--workbook", elsewhere / "commissioning.xlsx"]


def test_the_console_command_builds_both_sites(installed: Path, elsewhere: Path) -> None:
    out = elsewhere / "sites"
    command = _build_command(installed, elsewhere)
    said = run([*command, "--out", out], elsewhere).stdout
    assert f"Internal site: {out / 'internal' / 'index.html'}" in said
    assert "python build.py" not in said  # the installed command names itself in its hints
    assert (out / "internal" / "index.html").is_file()
    assert (out / "public" / "index.html").is_file()
    assert [page for page in (out / "internal" / "contracts").glob("*.html") if page.name != "index.html"]
    assert (out / "internal" / "assets" / "stylesheets" / "dashboard.css").is_file()


def test_the_installed_tool_builds_with_zensical_too(installed: Path, elsewhere: Path) -> None:
    out = elsewhere / "sites"
    command = _build_command(installed, elsewhere)
    run([*command, "--out", out, "--engine", "zensical", "--quiet"], elsewhere)
    assert (out / "internal" / "index.html").is_file()
    assert (out / "public" / "index.html").is_file()


def test_the_installed_tool_says_its_version_and_its_help(installed: Path, elsewhere: Path) -> None:
    version = run([installed / "bin" / "safe-commissioning", "--version"], elsewhere)
    assert version.stdout.strip() == f"safe-commissioning {__version__}"
    helped = run([installed / "bin" / "python", "-m", "safe_commissioning", "--help"], elsewhere)
    assert helped.stdout.startswith("usage: python -m safe_commissioning")
    assert "template OUT" in helped.stdout


def test_outside_a_checkout_a_missing_default_workbook_is_named(installed: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    missing = subprocess.run(
        [installed / "bin" / "safe-commissioning", "--out", tmp_path / "sites"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2
    assert missing.stderr == (
        f"safe-commissioning: error: no --workbook given, and there is no source/commissioning.xlsx in {tmp_path.resolve()}: "
        "give the master workbook with --workbook PATH\n"
    )
    assert not (tmp_path / "sites").exists()
