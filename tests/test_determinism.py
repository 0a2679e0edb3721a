"""Builds are byte-identical whatever the time zone, locale, hash seed or folder (SPEC §5).

The sites are built by `build.py` in real processes, because the time zone and the hash seed are
read once when a process (and the JavaScript engine inside vl-convert) starts: changing them in
this process would prove nothing. The workbook's dates sit on month, year and financial-year
boundaries, where a chart drawn in local time puts a tick, a bar end or a label on the wrong day.
"""

from __future__ import annotations

import hashlib
import locale
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from .conftest import contract, headers, minimal_sheets, provider, row, safeguarding, write_xlsx

PROJECT = Path(__file__).resolve().parent.parent

# (contract, start, end): terms ending on the last day of a month, a year and a financial year,
# and on the first day of a year, all within the dashboard's timeline of the next 12 months.
TERMS = (
    ("C-1", date(2023, 4, 1), date(2024, 10, 31)),
    ("C-2", date(2024, 1, 1), date(2024, 12, 31)),
    ("C-3", date(2023, 10, 1), date(2025, 1, 1)),
    ("C-4", date(2022, 4, 1), date(2025, 3, 31)),
    ("C-5", date(2024, 4, 1), date(2025, 6, 30)),
)
CASELOAD_DATES = (date(2023, 12, 31), date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 1), date(2024, 9, 30))


def _boundary_workbook(path: Path) -> Path:
    """A valid workbook whose every date chart has something to draw on a boundary."""
    contracts = [contract(contract_id=cid, start_date=start, end_date=end) for cid, start, end in TERMS]
    placements = [
        row(
            "Placements",
            placement_id=f"P-{number}",
            placement_type=kind,
            provider="Acme Care Ltd",
            source="Spot purchase" if number % 2 else "Commissioning Alliance framework",
            start_date=start,
            end_date=end,
        )
        for number, (kind, start, end) in enumerate(
            (
                ("Residential", date(2023, 4, 1), date(2024, 3, 31)),
                ("IFA", date(2023, 12, 31), None),
                ("Residential", date(2024, 1, 1), None),
                ("Semi-independent", date(2024, 3, 31), date(2024, 4, 1)),
            ),
            start=1,
        )
    ]
    caseload = [
        row("Caseload", date=day, children_in_care=40 + n, of_which_uasc=5 + n % 2, children_in_need=90 - n)
        for n, day in enumerate(CASELOAD_DATES)
    ]
    sheets = minimal_sheets(
        Contracts=[headers("Contracts"), *contracts],
        Providers=[headers("Providers"), provider()],
        Safeguarding=[headers("Safeguarding"), *(safeguarding(contract_id=cid) for cid, _, _ in TERMS)],
        Placements=[headers("Placements"), *placements],
        Caseload=[headers("Caseload"), *caseload],
    )
    return write_xlsx(path, sheets)


def _other_locale() -> str:
    """A locale unlike C.UTF-8 (decimal comma, other month names) if this machine has one, else plain C."""
    saved = locale.setlocale(locale.LC_ALL)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "en_GB.UTF-8", "en_US.UTF-8"):
            try:
                locale.setlocale(locale.LC_ALL, name)
            except locale.Error:
                continue
            return name
        return "C"
    finally:
        locale.setlocale(locale.LC_ALL, saved)


def _build(workbook: Path, out: Path, cwd: Path, **env: str) -> None:
    """Run `build.py` from `cwd` in a fresh process with `env` over this one's environment."""
    finished = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--workbook", str(workbook), "--out", str(out), "--quiet"],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr


def _tree(root: Path) -> dict[str, str]:
    """Every file of both sites under `root` with the SHA-256 of its bytes (the chart cache left out)."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for site in ("internal", "public")
        for path in sorted((root / site).rglob("*"))
        if path.is_file()
    }


# Render one timeline in a process with the given time zone and print its SVG as the site inlines it.
RENDER_TIMELINE = """
import sys
from safe_commissioning.sites.charts import ChartRenderer
from safe_commissioning.sites.figures import timeline
rows = [
    {"label": "C-4", "start": "2024-10-01", "end": "2025-03-31", "band": "0-90 days"},
    {"label": "C-5", "start": "2024-10-01", "end": "2025-06-30", "band": "0-90 days"},
]
chart = timeline(rows, today="2025-04-01", band_order=["0-90 days"], colours=["#b4232a"])
sys.stdout.write(ChartRenderer().render("timeline", chart, "Timeline", "Terms", (), ()).svg)
"""


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_a_contract_ending_31_march_is_drawn_at_31_march_in_any_time_zone(zone: str) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", RENDER_TIMELINE],
        cwd=PROJECT,
        env={**os.environ, "TZ": zone},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    svg = finished.stdout
    ticks = {label: float(x) for x, label in re.findall(r'translate\(([\d.]+),\d+\)"[^>]*>([A-Z][a-z]{2} \d{4})<', svg)}
    day = (ticks["Apr 2025"] - ticks["Mar 2025"]) / 31
    report_date = float(re.findall(r'<line transform="translate\(([\d.]+),0\)"[^>]*stroke="#222"', svg)[0])
    first_bar_end = float(re.findall(r'<path d="M0,[\d.]+h([\d.]+)v', svg)[0])
    assert report_date == pytest.approx(ticks["Apr 2025"]), "the April tick is not at 1 April, where the report date is"
    assert first_bar_end == pytest.approx(ticks["Apr 2025"] - day), "the term ending 31 March is not drawn to 31 March"


@pytest.mark.slow
def test_builds_are_byte_identical_across_time_zones_locales_hash_seeds_and_folders(tmp_path: Path) -> None:
    workbook = _boundary_workbook(tmp_path / "commissioning.xlsx")
    utc = tmp_path / "utc" / "build"
    kiritimati = tmp_path / "elsewhere" / "deeper" / "out"  # a different folder, run from a different directory
    kiritimati.parent.mkdir(parents=True)
    _build(workbook, utc, PROJECT, TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8", PYTHONHASHSEED="0")
    other = _other_locale()
    _build(
        workbook, kiritimati, kiritimati.parent, TZ="Pacific/Kiritimati", LC_ALL=other, LANG=other, PYTHONHASHSEED="1"
    )

    internal = utc / "internal"
    for page, chart in (
        ("index.html", "timeline"),
        ("expiries.html", "timeline-full"),
        ("placements.html", "caseload"),
    ):
        assert f'id="{chart}-title"' in (internal / page).read_text(encoding="utf-8"), f"{page} has no {chart} chart"

    first, second = _tree(utc), _tree(kiritimati)
    differing = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    assert not differing, (
        f"{len(differing)} files differ between TZ=UTC and TZ=Pacific/Kiritimati (locale {other}, "
        f"PYTHONHASHSEED=1, another folder): " + ", ".join(differing)
    )
