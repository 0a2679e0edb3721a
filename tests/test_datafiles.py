"""The internal machine-readable files of SPEC §4: names, columns, fixed words, ISO dates, Excel safety.

A workbook is built in code, read and assessed, and the data files are written; the files are then
read back as a tool would read them (csv / json) and checked against SPEC's table of columns.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.opendata.datafiles import cell_value, write_internal_data
from safe_commissioning.pipeline import BuildOptions, build
from safe_commissioning.rules.action_log import unassigned
from safe_commissioning.rules.assessment import assess
from safe_commissioning.rules.attention import needs_attention
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Provider

from .conftest import Rows, Text, contract, headers, provider, row, safeguarding, write_xlsx
from .test_rules import GOOD_CONTRACT, GOOD_EVIDENCE, GOOD_PROVIDER, workbook_of

REPORT = date(2025, 6, 30)
SPEC_CONTRACTS = [
    "contract_id",
    "title",
    "supplier",
    "status",
    "start_date",
    "end_date",
    "days_to_expiry",
    "expiry_band",
    "decision_due",
    "rag",
]
SPEC_COMPLIANCE = ["contract_id", "rule_id", "status", "detail"]
SPEC_PLACEMENTS = ["financial_year", "placement_type", "commissioned", "decommissioned"]
RULE_ORDER = ["MS1", "MS2", "MS3", "MS4", "MS5", "MS6", "POL", "OFS", "INS"]
STATUS_WORDS = {"met", "partly_met", "not_met", "not_evidenced", "not_applicable"}
CONTRACT_STATUS_WORDS = {"not_started", "active", "expired"}
BAND_WORDS = {"expired", "0-90", "91-180", "181-365", "over-365"}
RAG_WORDS = {"red", "amber", "green", "not_applicable"}
PLACEMENT_TYPES = {"Residential", "IFA", "Semi-independent", "Other"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMULA_TITLE = '=HYPERLINK("http://evil.example","click")'

Table = list[dict[str, str]]


def read_csv(path: Path) -> tuple[list[str], Table]:
    """A CSV file's header and rows, read the way a tool reads it (a byte-order mark is allowed)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    return header, [dict(zip(header, values, strict=True)) for values in rows[1:]]


def sheets() -> dict[str, Rows]:
    """Four contracts, written out of ID order, with text Excel would run as a formula."""
    contracts: list[Sequence[object]] = [
        [*headers("Contracts"), "Budget code"],
        [
            *contract(
                contract_id="C-2",
                title=Text(FORMULA_TITLE),
                start_date=date(2023, 4, 1),
                end_date=date(2025, 6, 25),
                procurement_route="Spot purchase",
            ),
            "BC-1",
        ],
        [*contract(contract_id="C-1", title="-Minus first", end_date=date(2026, 3, 31)), "BC-2"],
        [*contract(contract_id="C-3", title="@SUM(A1)", works_with_children="No"), "BC-3"],
        [
            *contract(
                contract_id="C-4",
                title="+44 helpline",
                end_date=date(2025, 9, 28),
                procurement_route="Request for quotation",
                risk="Low",
            ),
            "BC-4",
        ],
    ]
    return {
        "Settings": [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", REPORT]],
        "Contracts": contracts,
        "Providers": [headers("Providers"), provider(ofsted_rating="Good")],
        "Safeguarding": [
            headers("Safeguarding"),
            safeguarding(contract_id="C-1", self_assessment_date=date(2025, 1, 1)),
            safeguarding(contract_id="C-2"),
            safeguarding(contract_id="C-4"),
        ],
        "Placements": [
            headers("Placements"),
            row(
                "Placements",
                placement_id="P1",
                placement_type="IFA",
                provider="Acme Care Ltd",
                source="Spot purchase",
                start_date=date(2024, 3, 31),
                end_date=date(2024, 4, 1),
            ),
            row(
                "Placements",
                placement_id="P2",
                placement_type="Residential",
                provider="Acme Care Ltd",
                source="Commissioning Alliance framework",
                start_date=date(2024, 4, 1),
            ),
        ],
    }


def write_data(workbook_path: Path, folder: Path) -> Path:
    """Read, assess and write the internal data files of one workbook into `folder`."""
    workbook, report = read_workbook(workbook_path, as_of=None, today=REPORT)
    assert workbook is not None, report.summary()
    assessment = assess(workbook)
    report.extend(unassigned(assessment, needs_attention(assessment)).findings)  # as the build's view adds them
    write_internal_data(assessment, report, folder)
    return folder


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    return write_data(write_xlsx(folder / "commissioning.xlsx", sheets()), folder / "data")


# --- Names and columns -------------------------------------------------------------------------------------------------


def test_the_four_spec_files_are_written(data: Path) -> None:
    for name in ("contracts.csv", "compliance.csv", "placements_by_year.csv", "validation.json"):
        assert (data / name).is_file(), name


def test_contracts_csv_starts_with_the_spec_columns_in_order(data: Path) -> None:
    header, _ = read_csv(data / "contracts.csv")
    assert header[: len(SPEC_CONTRACTS)] == SPEC_CONTRACTS


def test_compliance_csv_starts_with_the_spec_columns_in_order(data: Path) -> None:
    header, _ = read_csv(data / "compliance.csv")
    assert header[: len(SPEC_COMPLIANCE)] == SPEC_COMPLIANCE


def test_placements_by_year_csv_has_exactly_the_spec_columns(data: Path) -> None:
    header, _ = read_csv(data / "placements_by_year.csv")
    assert header == SPEC_PLACEMENTS


def test_validation_json_holds_every_finding_with_severity_sheet_cell_message(data: Path) -> None:
    payload = json.loads((data / "validation.json").read_text(encoding="utf-8"))
    findings = payload["findings"] if isinstance(payload, dict) else payload
    assert findings, "the extra column should give a warning"
    for finding in findings:
        assert {"severity", "sheet", "cell", "message"} <= set(finding), finding
        assert finding["severity"] in {"error", "warning"}
    extra = [f for f in findings if "Budget code" in f["message"]]
    assert [(f["severity"], f["sheet"], f["cell"]) for f in extra] == [("warning", "Contracts", "W1")]


# --- Rows and values ---------------------------------------------------------------------------------------------------


def test_one_contracts_row_per_contract_with_the_expected_values(data: Path) -> None:
    _, rows = read_csv(data / "contracts.csv")
    found = {r["contract_id"]: tuple(r[c] for c in SPEC_CONTRACTS[3:]) for r in rows}
    # The Safeguarding rows hold little evidence (not_evidenced, nothing not_met) and the provider is rated
    # Good: amber. C-3 does not work with children.
    assert found == {
        # status, start_date, end_date, days_to_expiry, expiry_band, decision_due, rag
        "C-1": ("active", "2023-04-01", "2026-03-31", "274", "181-365", "2025-06-30", "amber"),
        "C-2": ("expired", "2023-04-01", "2025-06-25", "-5", "expired", "2025-05-25", "amber"),
        "C-3": ("active", "2023-04-01", "2026-03-31", "274", "181-365", "2025-06-30", "not_applicable"),
        "C-4": ("active", "2023-04-01", "2025-09-28", "90", "0-90", "2025-06-28", "amber"),
    }


def test_fixed_words_only(data: Path) -> None:
    _, contracts = read_csv(data / "contracts.csv")
    _, compliance = read_csv(data / "compliance.csv")
    _, years = read_csv(data / "placements_by_year.csv")
    assert {r["status"] for r in contracts} <= CONTRACT_STATUS_WORDS
    assert {r["expiry_band"] for r in contracts} <= BAND_WORDS
    assert {r["rag"] for r in contracts} <= RAG_WORDS
    assert {r["status"] for r in compliance} <= STATUS_WORDS
    assert {r["rule_id"] for r in compliance} == set(RULE_ORDER)
    assert {r["placement_type"] for r in years} <= PLACEMENT_TYPES
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["financial_year"]) for r in years)


def test_dates_are_iso(data: Path) -> None:
    _, rows = read_csv(data / "contracts.csv")
    for record in rows:
        for column in ("start_date", "end_date", "decision_due"):
            assert ISO_DATE.fullmatch(record[column]), (column, record[column])


def test_blank_is_empty_never_a_placeholder(data: Path) -> None:
    assert cell_value(None) == ""
    for name in ("contracts.csv", "compliance.csv", "placements_by_year.csv"):
        _, rows = read_csv(data / name)
        cells = {value for record in rows for value in record.values()}
        assert not cells & {"None", "none", "nan", "NaN", "NaT", "null"}, name


def test_one_compliance_row_per_contract_and_rule_in_rule_order(data: Path) -> None:
    _, rows = read_csv(data / "compliance.csv")
    contract_ids = sorted({r["contract_id"] for r in rows})
    assert contract_ids == ["C-1", "C-2", "C-3", "C-4"]
    assert len(rows) == 4 * 9
    for contract_id in contract_ids:
        assert [r["rule_id"] for r in rows if r["contract_id"] == contract_id] == RULE_ORDER
    assert {r["status"] for r in rows if r["contract_id"] == "C-3"} == {"not_applicable"}
    assert all(r["detail"].strip() for r in rows)


def test_placements_by_year_counts(data: Path) -> None:
    _, rows = read_csv(data / "placements_by_year.csv")
    found = {
        (r["financial_year"], r["placement_type"]): (r["commissioned"], r["decommissioned"])
        for r in rows
        if (r["commissioned"], r["decommissioned"]) != ("0", "0")
    }
    assert found == {
        ("2023-24", "IFA"): ("1", "0"),
        ("2024-25", "IFA"): ("0", "1"),
        ("2024-25", "Residential"): ("1", "0"),
    }


def test_rows_are_sorted_the_same_whatever_the_workbook_order(data: Path, tmp_path: Path) -> None:
    shuffled = sheets()
    contracts = shuffled["Contracts"]
    shuffled["Contracts"] = [contracts[0], *reversed(contracts[1:])]
    other = write_data(write_xlsx(tmp_path / "shuffled.xlsx", shuffled), tmp_path / "data")
    assert (other / "contracts.csv").read_bytes() == (data / "contracts.csv").read_bytes()
    assert (other / "placements_by_year.csv").read_bytes() == (data / "placements_by_year.csv").read_bytes()
    _, first = read_csv(data / "compliance.csv")
    _, second = read_csv(other / "compliance.csv")
    assert [tuple(r[c] for c in SPEC_COMPLIANCE) for r in first] == [
        tuple(r[c] for c in SPEC_COMPLIANCE) for r in second
    ]
    _, rows = read_csv(data / "contracts.csv")
    ids = [r["contract_id"] for r in rows]
    assert ids == sorted(ids)


# --- Safe to open in Excel ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contract_id", "written"),
    [
        pytest.param("C-2", "'" + FORMULA_TITLE, id="= prefixed"),
        pytest.param("C-1", "'-Minus first", id="- prefixed"),
        pytest.param("C-3", "'@SUM(A1)", id="@ prefixed"),
        pytest.param("C-4", "'+44 helpline", id="+ prefixed"),
    ],
)
def test_formula_like_text_is_prefixed_with_an_apostrophe(data: Path, contract_id: str, written: str) -> None:
    _, rows = read_csv(data / "contracts.csv")
    assert next(r["title"] for r in rows if r["contract_id"] == contract_id) == written


def test_numbers_stay_numbers(data: Path) -> None:
    _, rows = read_csv(data / "contracts.csv")
    days = {r["contract_id"]: r["days_to_expiry"] for r in rows}
    assert days["C-2"] == "-5"  # a negative number is a number, not formula-like text
    assert all(re.fullmatch(r"-?\d+", value) for value in days.values())
    _, years = read_csv(data / "placements_by_year.csv")
    assert all(r["commissioned"].isdigit() and r["decommissioned"].isdigit() for r in years)


@pytest.mark.parametrize(
    ("title", "written"),
    [
        pytest.param("\tTabbed", "'\tTabbed", id="tab"),
        pytest.param("\rCarriage return", "'\rCarriage return", id="carriage return"),
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param("Plain title", "Plain title", id="plain text untouched"),
        pytest.param("Mid-word - dash = fine", "Mid-word - dash = fine", id="only the first character matters"),
    ],
)
def test_every_formula_trigger_is_defused(tmp_path: Path, title: str, written: str) -> None:
    hostile = Provider(row=3, provider="-Dash Care", organisation_type="Company")
    contracts = (
        replace(GOOD_CONTRACT, title=title),
        replace(GOOD_CONTRACT, row=3, contract_id="C-2", supplier="-Dash Care"),
    )
    workbook = workbook_of(
        contracts=contracts,
        providers=(GOOD_PROVIDER, hostile),
        safeguarding=(GOOD_EVIDENCE, replace(GOOD_EVIDENCE, contract_id="C-2")),
        report_date=REPORT,
    )
    write_internal_data(assess(workbook), Report(), tmp_path)
    _, rows = read_csv(tmp_path / "contracts.csv")
    by_id = {r["contract_id"]: r for r in rows}
    assert by_id["C-1"]["title"] == written
    assert by_id["C-2"]["supplier"] == "'-Dash Care"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(-5, -5, id="negative int"),
        pytest.param(-2.5, -2.5, id="negative float"),
        pytest.param(12500.0, 12500, id="whole float"),
        pytest.param(date(2024, 2, 29), "2024-02-29", id="date"),
        pytest.param("-5", "'-5", id="text that looks negative"),
        pytest.param("@x", "'@x", id="at sign"),
    ],
)
def test_cell_value(value: object, expected: object) -> None:
    assert cell_value(value) == expected


# --- Through the full build --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_build_writes_the_same_data_files_into_the_internal_site(data: Path, tmp_path: Path) -> None:
    workbook = write_xlsx(tmp_path / "commissioning.xlsx", sheets())
    out = tmp_path / "build"
    build(BuildOptions(workbook=workbook, out=out, as_of=None, today=REPORT))
    built = out / "internal" / "data"
    for name in ("contracts.csv", "compliance.csv", "placements_by_year.csv"):
        assert (built / name).read_bytes() == (data / name).read_bytes(), name
    payload = json.loads((built / "validation.json").read_text(encoding="utf-8"))
    assert payload == json.loads((data / "validation.json").read_text(encoding="utf-8"))
