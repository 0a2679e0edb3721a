"""The OCDS release package validates against the OCDS 1.1.5 schemas, offline."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from safe_commissioning.opendata.ocds import DEFAULT_PREFIX, EXTENSIONS, release_package
from safe_commissioning.opendata.register import register
from safe_commissioning.workbook.reading import read_workbook

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
            ["Contact", "commissioning@test.gov.uk"],
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


# The OCDS changes for re-users: identifiers, extensions, safe ocids, dates, categories ----------


def package_of(tmp_path: Path, settings: Rows, contracts: Rows, providers: Rows) -> tuple[dict[str, Any], list[str]]:
    """The release package of a workbook built from these rows, and the findings' (cell, code)."""
    contact = [] if any(setting[0] == "Contact" for setting in settings) else [["Contact", "commissioning@test.gov.uk"]]
    sheets: dict[str, Rows] = {
        "Settings": [
            ["Setting", "Value"],
            ["Organisation", "Test Council"],
            ["Report date", REPORT_DATE],
            *settings,
            *contact,
        ],
        "Contracts": [headers("Contracts"), *contracts],
        "Providers": [headers("Providers"), *providers],
        "Safeguarding": [headers("Safeguarding")],
    }
    workbook, report = read_workbook(write_xlsx(tmp_path / "o.xlsx", sheets), as_of=None, today=REPORT_DATE)
    assert workbook is not None, [f.format() for f in report.errors]
    package = release_package(register(workbook), workbook.settings, workbook.report_date)
    assert errors_of(package) == []
    return package, [f"{f.location}:{f.code}" for f in report]


def supplier_of(release: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in release["parties"] if "supplier" in p["roles"])


PREFIX = [["OCDS prefix", "ocds-abc123"]]


def test_suppliers_of_the_same_slug_or_number_never_share_a_party_id(tmp_path: Path) -> None:
    providers = [
        provider(provider="Acme Care"),
        provider(provider="ACME-Care"),  # another provider, but the same slug
        provider(provider="Twin One", company_number="01234567"),
        provider(provider="Twin Two", company_number="01234567"),  # a number typed on two rows
    ]
    contracts = [
        contract(contract_id=f"C-{n}", supplier=name, works_with_children="No")
        for n, name in enumerate(["Acme Care", "ACME-Care", "Twin One", "Twin Two", "Acme Care"], start=1)
    ]
    package, _ = package_of(tmp_path, PREFIX, contracts, providers)
    ids = [supplier_of(r)["id"] for r in package["releases"]]
    assert ids == [
        "supplier-acme-care",
        "supplier-acme-care-2",
        "supplier-twin-one",  # a number given for two providers is published for neither
        "supplier-twin-two",
        "supplier-acme-care",
    ]
    by_name = {supplier_of(r)["name"]: supplier_of(r)["id"] for r in package["releases"]}
    assert len(set(by_name.values())) == len(by_name) == 4


def test_extensions_are_declared_exactly_when_used(tmp_path: Path) -> None:
    plain, _ = package_of(tmp_path, PREFIX, [contract(works_with_children="No")], [provider()])
    assert "extensions" not in plain
    assert "details" not in supplier_of(plain["releases"][0])
    flagged, _ = package_of(tmp_path, PREFIX, [contract(works_with_children="No")], [provider(sme="Yes", vcse="No")])
    assert supplier_of(flagged["releases"][0])["details"] == {"scale": "sme", "vcse": False}
    assert flagged["extensions"] == [
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyScale_extension/v1.1.5/extension.json",
        "https://raw.githubusercontent.com/Crown-Commercial-Service/ocds_partyDetails_vcse_extension/main/extension.json",
    ]
    vcse_only, _ = package_of(tmp_path, PREFIX, [contract(works_with_children="No")], [provider(vcse="Yes")])
    assert vcse_only["extensions"] == [EXTENSIONS["vcse"]]


def test_the_ocid_is_safe_and_one_to_one_for_a_hostile_contract_id(tmp_path: Path) -> None:
    hostile = ['C 1/../"x"<script>?#%', "C-1", "C 1", "Ç-1"]
    contracts = [contract(contract_id=c, works_with_children="No") for c in hostile]
    package, _ = package_of(tmp_path, PREFIX, contracts, [provider()])
    ocids = {r["contracts"][0]["id"]: r["ocid"] for r in package["releases"]}
    assert ocids["C-1"] == "ocds-abc123-C-1"
    assert ocids["C 1"] == "ocds-abc123-C%201"
    assert ocids["Ç-1"] == "ocds-abc123-%C3%87-1"
    assert len(set(ocids.values())) == len(hostile)
    for ocid in ocids.values():
        assert re.fullmatch(r"[A-Za-z0-9._~%-]+", ocid), ocid


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2023, 4, 1), date(2026, 3, 31), "2023-04-01T00:00:00Z", id="running: its start date"),
        pytest.param(date(2022, 4, 1), date(2024, 3, 31), "2024-03-31T00:00:00Z", id="ended: its end date"),
        pytest.param(date(2025, 1, 1), date(2026, 3, 31), "2024-09-30T00:00:00Z", id="not started: the report date"),
    ],
)
def test_the_release_date_comes_from_the_contracts_own_dates(
    tmp_path: Path, start: date, end: date, expected: str
) -> None:
    package, _ = package_of(tmp_path, PREFIX, [contract(start_date=start, end_date=end)], [provider()])
    assert package["releases"][0]["date"] == expected
    assert package["publishedDate"] == "2024-09-30T00:00:00Z"


@pytest.mark.parametrize(
    ("category", "expected"),
    [(None, "services"), ("Goods", "goods"), ("works", "works"), ("Services", "services")],
)
def test_main_procurement_category_comes_from_the_main_category_column(
    tmp_path: Path, category: str | None, expected: str
) -> None:
    package, _ = package_of(tmp_path, PREFIX, [contract(main_category=category)], [provider()])
    assert package["releases"][0]["tender"]["mainProcurementCategory"] == expected


def test_the_publisher_and_buyer_carry_the_organisation_identifier(tmp_path: Path) -> None:
    settings = [
        *PREFIX,
        ["Organisation identifier", "gb-lae-lnd"],
        ["Address", "Guildhall"],
        ["Town", "London"],
        ["Postcode", "EC2V 7HH"],
        ["Contact", "commissioning@example.gov.uk"],
        ["Telephone", "020 7606 3030"],
        ["Department", "Children's Services"],
    ]
    package, findings = package_of(tmp_path, settings, [contract()], [provider()])
    assert package["publisher"] == {"name": "Test Council", "scheme": "GB-LAE", "uid": "LND"}
    buyer = package["releases"][0]["parties"][0]
    assert buyer == {
        "id": "GB-LAE-LND",
        "name": "Test Council",
        "identifier": {"scheme": "GB-LAE", "id": "LND", "legalName": "Test Council"},
        "address": {
            "streetAddress": "Guildhall",
            "locality": "London",
            "postalCode": "EC2V 7HH",
            "countryName": "United Kingdom",
        },
        "contactPoint": {
            "name": "Children's Services",
            "email": "commissioning@example.gov.uk",
            "telephone": "020 7606 3030",
        },
        "roles": ["buyer", "procuringEntity"],
    }
    assert package["releases"][0]["buyer"] == {"id": "GB-LAE-LND", "name": "Test Council"}
    assert not [f for f in findings if "organisation-identifier" in f]


def test_a_ppon_identifier_is_accepted(tmp_path: Path) -> None:
    settings = [*PREFIX, ["Organisation identifier", "GB-PPON-PABC-1234-DEFG"]]
    package, _ = package_of(tmp_path, settings, [contract()], [provider()])
    assert package["publisher"] == {"name": "Test Council", "scheme": "GB-PPON", "uid": "PABC-1234-DEFG"}


@pytest.mark.parametrize("identifier", ["LND", "GB-LAE-", "GB-COH-01234567", "GB-LAE-LONDON", "GB LAE LND"])
def test_a_malformed_organisation_identifier_is_a_warning_at_its_cell_and_not_used(
    tmp_path: Path, identifier: str
) -> None:
    settings = [*PREFIX, ["Organisation identifier", identifier]]
    package, findings = package_of(tmp_path, settings, [contract()], [provider()])
    assert "Settings!B5:organisation-identifier" in findings
    assert package["publisher"] == {"name": "Test Council"}
    assert package["releases"][0]["parties"][0]["id"] == "buyer-test-council"


@pytest.mark.parametrize(
    ("settings", "cell"),
    [
        pytest.param([["OCDS prefix", "ocds-213czf"]], "Settings!B4", id="the example, typed in"),
        pytest.param([["OCDS prefix", None]], "Settings!B4", id="blank"),
        pytest.param([], "Settings", id="no OCDS prefix row"),
    ],
)
def test_the_example_prefix_is_a_warning_whether_typed_or_blank(tmp_path: Path, settings: Rows, cell: str) -> None:
    package, findings = package_of(tmp_path, settings, [contract()], [provider()])
    assert f"{cell}:ocds-prefix" in findings
    assert package["releases"][0]["ocid"] == "ocds-213czf-C-1"


def test_a_registered_prefix_is_not_a_warning(tmp_path: Path) -> None:
    _, findings = package_of(tmp_path, PREFIX, [contract()], [provider()])
    assert not [f for f in findings if "ocds-prefix" in f]


def test_a_charity_number_is_an_additional_identifier_beside_a_company_number(tmp_path: Path) -> None:
    providers = [
        provider(company_number="00061625", charity_number="1012345"),
        provider(provider="Helping Hands", organisation_type="Charity", charity_number="1099999"),
    ]
    contracts = [contract(), contract(contract_id="C-2", supplier="Helping Hands")]
    package, _ = package_of(tmp_path, PREFIX, contracts, providers)
    both, charity = (supplier_of(r) for r in package["releases"])
    assert both["identifier"] == {"scheme": "GB-COH", "id": "00061625", "legalName": "Acme Care Ltd"}
    assert both["additionalIdentifiers"] == [{"scheme": "GB-CHC", "id": "1012345", "legalName": "Acme Care Ltd"}]
    assert charity["id"] == "GB-CHC-1099999"
    assert "additionalIdentifiers" not in charity


def test_a_package_with_every_new_field_still_validates(tmp_path: Path) -> None:
    settings = [*PREFIX, ["Organisation identifier", "GB-LAE-LND"], ["Contact", "https://example.gov.uk/contact"]]
    providers = [provider(company_number="00061625", charity_number="1012345", sme="No", vcse="Yes")]
    contracts = [contract(contract_id="A/B 1", main_category="Works", total_value=10_000)]
    package, _ = package_of(tmp_path, settings, contracts, providers)
    assert package["releases"][0]["parties"][0]["contactPoint"] == {
        "name": "Test Council",
        "url": "https://example.gov.uk/contact",
    }
    broken = json.loads(json.dumps(package))
    broken["extensions"] = "not a list"
    assert errors_of(broken)
