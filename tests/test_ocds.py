"""The OCDS release package validates against the OCDS 1.1.5 schemas, offline."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from safe_commissioning.ocds import DEFAULT_PREFIX, release_package
from safe_commissioning.opendata import register
from safe_commissioning.workbook import read_workbook

from .conftest import REPORT_DATE, Rows, contract, headers, provider, safeguarding, write_xlsx

SCHEMAS = Path(__file__).parent / "schemas" / "ocds-1.1.5"


def validator() -> Draft4Validator:
    """A validator for release packages whose $ref to the release schema resolves to the local copy."""
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text(encoding="utf-8"))
    release = json.loads((SCHEMAS / "release-schema.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resources(
        [
            (package["id"], Resource.from_contents(package, default_specification=DRAFT4)),
            (release["id"], Resource.from_contents(release, default_specification=DRAFT4)),
        ]
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def errors_of(document: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(document)]


def test_the_sample_register_validates(tmp_path: Path, sample_workbook: Path) -> None:
    workbook, _ = read_workbook(sample_workbook, as_of=None, today=date(2026, 1, 1))
    assert workbook is not None
    package = release_package(register(workbook), workbook.settings, workbook.report_date)
    assert errors_of(package) == []
    assert len(package["releases"]) == sum(c.publish for c in workbook.contracts)


@pytest.fixture
def identified(tmp_path: Path) -> dict[str, Any]:
    sheets: dict[str, Rows] = {
        "Settings": [
            ["Setting", "Value"],
            ["Organisation", "Test Council"],
            ["Report date", REPORT_DATE],
            ["OCDS prefix", "ocds-abc123"],
        ],
        "Contracts": [
            headers("Contracts"),
            contract(contract_id="C-1", total_value="£120,000", extension_end_date=date(2027, 3, 31)),
            contract(contract_id="C-2", supplier="Helping Hands", annual_value=5000, start_date=date(2025, 1, 1)),
            contract(
                contract_id="C-3", supplier="Nameless Trust", end_date=date(2024, 3, 31), start_date=date(2023, 1, 1)
            ),
        ],
        "Providers": [
            headers("Providers"),
            provider(company_number="01234567", sme="Yes", postcode="EC2V 7HH"),
            provider(provider="Helping Hands", charity_number="1012345"),
            provider(provider="Nameless Trust"),
        ],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
    }
    workbook, report = read_workbook(write_xlsx(tmp_path / "ocds.xlsx", sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None, [f.format() for f in report.errors]
    return release_package(register(workbook), workbook.settings, workbook.report_date)


def test_identified_suppliers_validate(identified: dict[str, Any]) -> None:
    assert errors_of(identified) == []


def test_releases_carry_stable_ocids_parties_awards_and_contracts(identified: dict[str, Any]) -> None:
    releases = {r["ocid"]: r for r in identified["releases"]}
    assert set(releases) == {"ocds-abc123-C-1", "ocds-abc123-C-2", "ocds-abc123-C-3"}
    first = releases["ocds-abc123-C-1"]
    roles = {party["name"]: party["roles"] for party in first["parties"]}
    assert roles == {"Test Council": ["buyer", "procuringEntity"], "Acme Care Ltd": ["supplier"]}
    supplier = next(p for p in first["parties"] if "supplier" in p["roles"])
    assert supplier["identifier"] == {"scheme": "GB-COH", "id": "01234567", "legalName": "Acme Care Ltd"}
    assert supplier["id"] == "GB-COH-01234567"
    assert supplier["details"] == {"scale": "sme"}
    assert len(first["awards"]) == 1
    assert len(first["contracts"]) == 1
    ocds_contract = first["contracts"][0]
    assert ocds_contract["value"] == {"amount": 120000, "currency": "GBP"}
    assert ocds_contract["period"] == {
        "startDate": "2023-04-01T00:00:00Z",
        "endDate": "2026-03-31T00:00:00Z",
        "maxExtentDate": "2027-03-31T00:00:00Z",
    }
    assert ocds_contract["awardID"] == first["awards"][0]["id"]
    assert first["awards"][0]["suppliers"] == [{"id": "GB-COH-01234567", "name": "Acme Care Ltd"}]


def test_charity_numbers_identify_charities_and_status_follows_the_report_date(identified: dict[str, Any]) -> None:
    releases = {r["ocid"]: r for r in identified["releases"]}
    charity = next(p for p in releases["ocds-abc123-C-2"]["parties"] if "supplier" in p["roles"])
    assert charity["identifier"]["scheme"] == "GB-CHC"
    assert charity["id"] == "GB-CHC-1012345"
    assert releases["ocds-abc123-C-2"]["contracts"][0]["status"] == "pending"
    assert releases["ocds-abc123-C-3"]["contracts"][0]["status"] == "terminated"
    assert releases["ocds-abc123-C-1"]["contracts"][0]["status"] == "active"
    unidentified = next(p for p in releases["ocds-abc123-C-3"]["parties"] if "supplier" in p["roles"])
    assert "identifier" not in unidentified


def test_the_example_prefix_is_used_until_one_is_set(tmp_path: Path) -> None:
    sheets: dict[str, Rows] = {
        "Contracts": [headers("Contracts"), contract()],
        "Providers": [headers("Providers"), provider()],
        "Safeguarding": [headers("Safeguarding"), safeguarding()],
    }
    workbook, report = read_workbook(write_xlsx(tmp_path / "p.xlsx", sheets), as_of=REPORT_DATE, today=REPORT_DATE)
    assert workbook is not None
    assert ("Settings", "", "ocds-prefix") not in [
        (f.sheet, f.cell, f.code) for f in report
    ]  # no Settings sheet at all
    package = release_package(register(workbook), workbook.settings, workbook.report_date)
    assert package["releases"][0]["ocid"] == f"{DEFAULT_PREFIX}-C-1"
    assert errors_of(package) == []


def test_a_broken_package_fails_validation(identified: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(identified))
    broken["releases"][0]["date"] = "30/09/2024"
    broken["releases"][0]["contracts"][0]["value"]["currency"] = "POUNDS"
    assert len(errors_of(broken)) >= 2
