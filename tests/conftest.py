"""Shared fixtures: workbooks are built in code, in temporary folders (no binary test files).

`make test` runs the suite on every core with pytest-xdist, `--dist loadgroup`: each test module is
one group, so a module's module-scoped builds are made once, on one worker (see group_of and
pytest_xdist_make_scheduler).
"""

from __future__ import annotations

import compileall
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from safe_commissioning.pipeline import BuildResult
from safe_commissioning.sites.engines import ENGINES
from safe_commissioning.workbook.schema.sheets import SETTINGS, SHEETS, SHEETS_BY_NAME

from .sites import ENGINE, ENGINES_UNDER_TEST, build_sites, building_with

REPORT_DATE = date(2024, 9, 30)
# The Policies sheet's eight review dates, by field (spelled out here: the tests' own list, not the schema's).
POLICY_REVIEW_FIELDS = (
    "safeguarding_policy_reviewed",
    "safer_recruitment_policy_reviewed",
    "whistleblowing_policy_reviewed",
    "complaints_policy_reviewed",
    "anti_bullying_policy_reviewed",
    "equality_and_diversity_policy_reviewed",
    "health_and_safety_policy_reviewed",
    "data_protection_policy_reviewed",
)
# The same eight as the Policies sheet's headers.
POLICY_HEADERS = (
    "Safeguarding policy reviewed",
    "Safer recruitment policy reviewed",
    "Whistleblowing policy reviewed",
    "Complaints policy reviewed",
    "Anti-bullying policy reviewed",
    "Equality and diversity policy reviewed",
    "Health and safety policy reviewed",
    "Data protection policy reviewed",
)
# The Safeguarding sheet's ten clause elements of MS2, by field (the tests' own list, not the schema's).
CLAUSE_FIELDS = (
    "clause_safeguarding_reference",
    "clause_legislation_reference",
    "clause_safer_recruitment",
    "clause_safeguarding_policy",
    "clause_whistleblowing_policy",
    "clause_induction_and_training",
    "clause_cascade_of_partnership_messages",
    "clause_signs_of_abuse_and_extra_familial_harm",
    "clause_reporting_and_co_operation",
    "clause_allegations_and_lado",
)
TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
SAMPLE = PROJECT / "source" / "commissioning.xlsx"
# Where the browser tests put their review screenshots (build/screenshots/ unless SC_SCREENSHOTS says otherwise).
SCREENSHOTS = Path(os.environ.get("SC_SCREENSHOTS", PROJECT / "build" / "screenshots"))
# When this run started. The screenshots are taken in an xdist worker, but the summary is written by
# the process that started the workers, which loads only this conftest: it names those taken since.
_STARTED = time.time()


def pytest_configure(config: pytest.Config) -> None:
    """Byte-compile the package once, before any worker starts.

    test_output checks that a refused build leaves the project's folders byte for byte as they were;
    a worker importing a module for the first time meanwhile would write its .pyc there.
    """
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(PROJECT / "safe_commissioning", quiet=1)


# Modules whose tests share no costly module fixture: each test function is a group of its own, so
# their many subprocess builds spread over the workers.
SPREAD_BY_FUNCTION = {"test_output"}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where this run's browser screenshots are."""
    shots = sorted(p.name for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= _STARTED)
    if shots:
        terminalreporter.write_line(f"browser screenshots for review in {SCREENSHOTS}: {', '.join(shots)}")


def group_of(nodeid: str) -> str:
    """The xdist group of a test, from its node ID: its module (so a module's builds are made once), or for

    - the site tests that run on each engine (the engine's name leads their parameters): module and engine;
    - the browser tests: one group for the page audit of each site (test_pages), one for all the others
      (one worker takes the review screenshots);
    - SPREAD_BY_FUNCTION: the module and the test function.

    Node IDs, not items, because the scheduler runs where nothing was collected.
    """
    path, _, test = nodeid.partition("::")
    function, _, params = test.partition("[")
    params = params.removesuffix("]")
    module = Path(path).stem
    if Path(path).parent.name == "browser":
        return f"browser-{params}" if module == "test_pages" else "browser"
    engine = params.split("-", 1)[0]
    if engine in ENGINES:
        return f"{module}-{engine}"
    if module in SPREAD_BY_FUNCTION:
        return f"{module}-{function}"
    return module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Schedule by group_of under --dist loadgroup.

    pytest-xdist 3.8 marks a test's group by rewriting `item._nodeid`, which pytest 9 no longer reads,
    so its own loadgroup hands out single tests; its loadscope scheduler with group_of as the scope does
    what loadgroup means. Keeps the collection order (pyproject.toml: --no-loadscope-reorder).
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

    class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return GroupScheduling(config, log)


def cost_rank(item: pytest.Item) -> int:
    """0 for browser tests, 1 for slow ones, 2 for the rest."""
    if item.get_closest_marker("browser"):
        return 0
    return 1 if item.get_closest_marker("slow") else 2


@pytest.hookimpl(trylast=True)  # after pytest's own reordering
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the modules with browser tests first and those with slow tests next, so the workers start
    on the longest groups. Each module's tests stay together and in order."""
    modules: dict[Path, int] = {}
    for item in items:
        modules[item.path] = min(modules.get(item.path, 2), cost_rank(item))
    order = {path: (rank, n) for n, (path, rank) in enumerate(modules.items())}
    items.sort(key=lambda item: order[item.path])


@pytest.fixture(scope="module", params=ENGINES_UNDER_TEST)
def engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run each test that takes this once per engine; build_sites and the search helpers follow it."""
    with building_with(request.param) as name:
        yield name


@pytest.fixture(scope="session")
def sample_sites(tmp_path_factory: pytest.TempPathFactory) -> SampleSites:
    """`sample_sites(engine)` → the out folder and result of both sites built from the sample workbook
    with `engine` (the default engine if none is named).

    Built once per engine per session (per xdist worker), for the tests that only read the sites.
    """
    built: dict[str, tuple[Path, BuildResult]] = {}

    def get(engine: str = ENGINE) -> tuple[Path, BuildResult]:
        if engine not in built:
            out = tmp_path_factory.mktemp(f"sample-{engine}") / "build"
            built[engine] = out, build_sites(SAMPLE, out, engine=engine)
        return built[engine]

    return get


Rows = Sequence[Sequence[object]]
MakeWorkbook = Callable[..., Path]
# The sample_sites fixture: `sample_sites(engine=ENGINE)` → (out folder, build result).
SampleSites = Callable[..., tuple[Path, BuildResult]]


def headers(sheet: str) -> list[str]:
    """The SPEC headers of a sheet, in order."""
    return [column.header for column in SHEETS_BY_NAME[sheet].columns]


def row(sheet: str, **values: object) -> list[object]:
    """A row for `sheet` with the given fields (by record field name) and blanks elsewhere."""
    columns = SHEETS_BY_NAME[sheet].columns
    unknown = set(values) - {c.field for c in columns}
    assert not unknown, f"unknown fields for {sheet}: {unknown}"
    return [values.get(column.field) for column in columns]


class Text(str):
    """A cell written as text even if it starts with '=' (openpyxl would otherwise store a formula)."""


def write_xlsx(path: Path, sheets: Mapping[str, Rows]) -> Path:
    """Write exactly these sheets (first row is the header row) to `path` with openpyxl."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for values in rows:
            sheet.append(list(values))
            for cell, value in zip(sheet[sheet.max_row], values, strict=False):
                if isinstance(value, Text):
                    cell.value = str(value)
                    cell.data_type = "s"
    book.save(path)
    return path


def contract(**values: object) -> list[object]:
    """A valid Contracts row, overridable field by field."""
    base: dict[str, object] = {
        "contract_id": "C-1",
        "title": "Family support",
        "supplier": "Acme Care Ltd",
        "service_area": "Children's Social Care",
        "procurement_route": "Strategic purchasing",
        "start_date": date(2023, 4, 1),
        "end_date": date(2026, 3, 31),
        "works_with_children": "Yes",
        "risk": "High",
    }
    base.update(values)
    return row("Contracts", **base)


def provider(**values: object) -> list[object]:
    """A valid Providers row, overridable field by field."""
    base: dict[str, object] = {"provider": "Acme Care Ltd", "organisation_type": "Company"}
    base.update(values)
    return row("Providers", **base)


def safeguarding(**values: object) -> list[object]:
    """A valid Safeguarding row, overridable field by field."""
    base: dict[str, object] = {"contract_id": "C-1"}
    base.update(values)
    return row("Safeguarding", **base)


def placement(**values: object) -> list[object]:
    """A valid Placements row, overridable field by field."""
    base: dict[str, object] = {
        "placement_id": "P-1",
        "placement_type": "Residential",
        "provider": "Acme Care Ltd",
        "source": "Spot purchase",
        "start_date": date(2024, 1, 8),
    }
    return row("Placements", **(base | values))


def minimal_sheets(**overrides: Rows) -> dict[str, Rows]:
    """The three required sheets with one valid contract, plus Settings; any sheet can be replaced or added."""
    sheets: dict[str, Rows] = {
        "Settings": [
            ["Setting", "Value"],
            ["Organisation", "Test Council"],
            ["Report date", REPORT_DATE],
            ["OCDS prefix", "ocds-abc123"],
            ["Contact", "commissioning@test.gov.uk"],
        ],
        "Contracts": [headers("Contracts"), contract()],
        "Providers": [headers("Providers"), provider()],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
    }
    for name, rows in overrides.items():
        sheets[name.replace("_", " ")] = rows
    return sheets


OPTIONAL_SHEETS = tuple(sheet.name for sheet in SHEETS if not sheet.required and sheet is not SETTINGS)


def complete_sheets(overrides: Mapping[str, Rows] | None = None, **more: Rows) -> dict[str, Rows]:
    """The minimal valid workbook with every optional sheet present (headers only): it reads with no findings.

    Sheets are replaced by name, either in `overrides` or as keywords (underscores for spaces).
    """
    sheets = minimal_sheets()
    for name in OPTIONAL_SHEETS:
        sheets[name] = [headers(name)]
    sheets.update(overrides or {})
    for name, rows in more.items():
        sheets[name.replace("_", " ")] = rows
    return sheets


@pytest.fixture
def make_workbook(tmp_path: Path) -> MakeWorkbook:
    """`make_workbook({"Contracts": [[headers...], [row...]]})` → path of a new .xlsx in tmp_path."""
    counter = iter(range(1_000_000))

    def make(sheets: Mapping[str, Rows], name: str | None = None) -> Path:
        return write_xlsx(tmp_path / (name or f"workbook-{next(counter)}.xlsx"), sheets)

    return make


@pytest.fixture
def sample_workbook() -> Path:
    """The committed sample workbook the README builds."""
    return SAMPLE


def summary(findings: Any) -> list[tuple[str, str, str]]:
    """(sheet, cell, code) of each finding, for short assertions."""
    return [(f.sheet, f.cell, f.code) for f in findings]
