"""The fix named: for each element a rule found short, what to change and where (`sites/views/fixes.py`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.rules.assessment import Assessment, assess
from safe_commissioning.sites.views.fixes import element_fixes
from safe_commissioning.workbook.reading import read_workbook

from .conftest import CLAUSE_FIELDS, Rows, contract, headers, minimal_sheets, provider, row, safeguarding, write_xlsx
from .sites import TODAY, build_sites
from .test_action_log import text

CLAUSES_YES = dict.fromkeys(CLAUSE_FIELDS[:8], "Yes")  # the rest are set by the tests: one No, one not recorded


def staff(reference: str, **values: object) -> list[object]:
    base: dict[str, object] = {
        "contract_id": "C-1",
        "staff_reference": reference,
        "role": "Support worker",
        "contact_level": "Direct",
        "certificate_number": "001234567890",
    }
    base.update(values)
    return row("DBS", **base)


def sheets() -> dict[str, Rows]:
    """One contract short in every way a fix can name (report date 30 Sep 2024)."""
    return minimal_sheets(
        Contracts=[headers("Contracts"), contract(monitoring_frequency="Quarterly")],
        Providers=[headers("Providers"), provider(public_liability=5_000_000.0, ofsted_rating="Not applicable")],
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(
                self_assessment_date=date(2021, 7, 9),
                **CLAUSES_YES,
                clause_reporting_and_co_operation="No",
                partnership_updates="Yes",
                safeguarding_metrics="Yes",
                last_thematic_check=date(2024, 6, 1),
                staff_in_contact=3,
            ),
        ],
        DBS=[
            headers("DBS"),
            staff("S01", issue_date=date(2021, 3, 1)),  # row 2: the recheck fell due on 1 Mar 2024
            staff("S02", issue_date=date(2020, 1, 1), recheck_date=date(2024, 8, 31)),  # row 3
            staff("S03", certificate_number=None, issue_date=date(2024, 1, 1)),  # row 4: no number
        ],
        Policies=[
            headers("Policies"),
            row("Policies", provider="Acme Care Ltd", safeguarding_policy_reviewed=date(2023, 1, 11)),
        ],
    )


@pytest.fixture(scope="module")
def assessment(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    path = write_xlsx(tmp_path_factory.mktemp("fixes") / "wb.xlsx", sheets())
    workbook, report = read_workbook(path, as_of=None, today=TODAY)
    assert workbook is not None, report
    return assess(workbook)


def fixes_of(assessment: Assessment, rule_id: str) -> list[tuple[str, str]]:
    [c] = assessment.contracts
    [result] = [t for t in c.results if t.rule_id == rule_id]
    return [(f.where, f.sentence) for f in element_fixes(result.elements, assessment.workbook)]


def test_a_dbs_recheck_names_the_dates_to_enter_and_not_the_certificate_number(assessment: Assessment) -> None:
    assert fixes_of(assessment, "MS4") == [
        (
            "DBS!F2, DBS!G2",
            "DBS!F2: issued 1 Mar 2021, so the recheck fell due on 1 Mar 2024: enter the new certificate's issue "
            "date in DBS!F2, or a recheck date in DBS!G2",
        ),
        (
            "DBS!G3",
            "DBS!G3: the recheck fell due on 31 Aug 2024: once it is done, enter the new certificate's issue date "
            "in DBS!F3 and the next recheck date in DBS!G3",
        ),
        ("DBS!E4", "DBS!E4: no DBS number: enter the certificate number in DBS!E4"),
    ]


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        (
            "MS1",
            [
                (
                    "Safeguarding!B2",
                    "Safeguarding!B2: self-assessment dated 9 Jul 2021, before 30 Sep 2022: enter the date of the "
                    "provider's latest partnership self-assessment in Safeguarding!B2",
                )
            ],
        ),
        (
            "MS2",
            [
                (
                    "Safeguarding!K2",
                    "Safeguarding!K2: Reporting and co-operation: No: enter Yes in Safeguarding!K2 once the "
                    "contract includes it",
                ),
                (
                    "Safeguarding!L2",
                    "Safeguarding!L2: Allegations and LADO: not recorded: enter Yes or No in Safeguarding!L2",
                ),
            ],
        ),
        (
            "MS5",
            [("Monitoring", "No monitoring meeting recorded: hold one and add it to the Monitoring sheet")],
        ),
        ("MS6", []),  # met: nothing to change
        (
            "POL",
            [
                (
                    "Policies!B2",
                    "Policies!B2: review dated 11 Jan 2023, before 30 Sep 2023: enter the date of its latest "
                    "review in Policies!B2",
                ),
                *(
                    (
                        f"Policies!{column}2",
                        f"Policies!{column}2: no review date recorded: enter the date of its latest review in "
                        f"Policies!{column}2",
                    )
                    for column in "CDEFGHI"
                ),
            ],
        ),
        (
            "INS",
            [
                (
                    "Providers!M2",
                    "Providers!M2: employer's liability not recorded (minimum £10m): enter the cover on the "
                    "provider's certificate in Providers!M2",
                ),
                (
                    "Providers!N2",
                    "Providers!N2: public liability £5m is below the £10m minimum: enter in Providers!N2 the cover "
                    "of a certificate of at least £10m once the provider has one",
                ),
                (
                    "Providers!O2",
                    "Providers!O2: professional indemnity not recorded (minimum £2m): enter the cover on the "
                    "provider's certificate in Providers!O2",
                ),
                (
                    "Providers!P2",
                    "Providers!P2: no expiry date recorded: enter the certificate's expiry date in Providers!P2",
                ),
            ],
        ),
    ],
)
def test_each_rule_names_what_to_change_and_where(
    assessment: Assessment, rule_id: str, expected: list[tuple[str, str]]
) -> None:
    assert fixes_of(assessment, rule_id) == expected


def test_the_contract_page_names_the_fix_in_its_rating_box(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_sites(write_xlsx(tmp_path / "wb.xlsx", sheets()), out)
    page = (out / "internal" / "contracts" / "c-1.html").read_text(encoding="utf-8")
    rating = text(page[page.index('id="rating"') : page.index('id="contract"')])
    assert (
        "DBS!F2: issued 1 Mar 2021, so the recheck fell due on 1 Mar 2024: enter the new certificate's issue date "
        "in DBS!F2, or a recheck date in DBS!G2"
    ) in rating
    evidence = page[page.index('id="evidence-table"') :].split("</table>", 1)[0]
    assert "Cell to change" in evidence
    assert "DBS&#33;E2" not in evidence  # the certificate number needs no change
    assert "DBS&#33;F2, DBS&#33;G2" in evidence
