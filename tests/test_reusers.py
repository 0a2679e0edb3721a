"""The re-users' recipes in guides/re-users.md work: two councils' sites combined with DuckDB and OCDS Kit.

Two sites are built: the sample workbook's and a small council's built here with another Organisation
and OCDS prefix, sharing one supplier. The guide's SQL runs as written in DuckDB over both sites'
`contracts.csv`, and both `ocds.json` packages compile into one record package with OCDS Kit, offline.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from ocdskit.combine import merge

from .conftest import PROJECT, SAMPLE, Rows, contract, headers, provider, safeguarding, write_xlsx
from .sites import build_sites
from .test_ocds import errors_of

GUIDE = PROJECT / "guides" / "re-users.md"
RELEASE_SCHEMA = PROJECT / "tests" / "schemas" / "ocds-1.1.5" / "release-schema.json"  # vendored, as test_ocds reads it


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def councils(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """council-a (the sample) and council-b (built here), each site's data folder where the guide expects it."""
    folder = tmp_path_factory.mktemp("councils")
    other: dict[str, Rows] = {
        "Settings": [
            ["Setting", "Value"],
            ["Organisation", "Other Borough Council"],
            ["Report date", date(2024, 9, 30)],
            ["OCDS prefix", "ocds-xyz789"],
            ["Contact", "procurement@other.gov.uk"],
        ],
        "Contracts": [
            headers("Contracts"),
            contract(contract_id="OB-1", supplier="Coram", title="Adoption support", total_value=250000),
            contract(contract_id="OB-2", supplier="Local Youth Trust", title="Youth clubs", total_value=80000),
        ],
        "Providers": [
            headers("Providers"),
            provider(provider="Coram", organisation_type="Charity"),
            provider(provider="Local Youth Trust", organisation_type="Charity", ppon="PLYT-0001-0001"),
        ],
        "Safeguarding": [headers("Safeguarding"), safeguarding(contract_id="OB-1"), safeguarding(contract_id="OB-2")],
    }
    for name, workbook in (("council-a", SAMPLE), ("council-b", write_xlsx(folder / "other.xlsx", other))):
        out = folder / f"build-{name}"
        build_sites(workbook, out)
        shutil.copytree(out / "public" / "data", folder / name / "data")
    return folder


def test_the_guide_is_linked_from_the_readme() -> None:
    assert "(guides/re-users.md)" in (PROJECT / "README.md").read_text(encoding="utf-8")


def test_duckdb_reads_both_registers_into_one_table_and_joins_their_suppliers(
    councils: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sql,) = _blocks("sql")
    monkeypatch.chdir(councils)
    connection = duckdb.connect()
    shared = connection.execute(sql).fetchall()  # the guide's statements as written; the last one's rows
    count = connection.execute("SELECT count(*) FROM contracts").fetchone()
    sample = len((councils / "council-a" / "data" / "contracts.csv").read_text("utf-8-sig").splitlines()) - 1
    assert count == (sample + 2,)
    assert [(name, councils_) for name, councils_, _ in shared] == [("Coram", 2)]
    prefixes = connection.execute(
        "SELECT DISTINCT regexp_extract(filename, '(council-[ab])', 1) FROM contracts ORDER BY 1"
    ).fetchall()
    assert prefixes == [("council-a",), ("council-b",)]


def test_ocdskit_compiles_both_packages_into_one_record_package(councils: Path) -> None:
    (python,) = _blocks("python")
    assert "merge(packages, schema=schema, return_package=True" in python  # the call made below
    packages: list[dict[str, Any]] = [
        json.loads((councils / name / "data" / "ocds.json").read_text(encoding="utf-8"))
        for name in ("council-a", "council-b")
    ]
    assert all(errors_of(package) == [] for package in packages)
    schema = json.loads(RELEASE_SCHEMA.read_text(encoding="utf-8"))
    record_package = next(merge(packages, schema=schema, return_package=True, published_date="2024-09-30T00:00:00Z"))
    records = {record["ocid"]: record for record in record_package["records"]}
    assert len(records) == sum(len(p["releases"]) for p in packages)
    assert {ocid.rsplit("-", 1)[0] for ocid in records if ocid.startswith("ocds-xyz789")} == {"ocds-xyz789-OB"}
    coram = [
        ocid
        for ocid, record in records.items()
        if any(party["name"] == "Coram" for party in record["compiledRelease"]["parties"])
    ]
    assert {ocid.split("-")[1] for ocid in coram} == {"213czf", "xyz789"}  # one supplier, both councils
    other = records["ocds-xyz789-OB-2"]["compiledRelease"]["parties"][1]
    assert other["identifier"] == {"scheme": "GB-PPON", "id": "PLYT-0001-0001", "legalName": "Local Youth Trust"}
