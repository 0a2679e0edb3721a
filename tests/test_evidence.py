"""Each rule's evidence is data, and every page, file and list reads that one object.

The provider page once worked out its insurance and policy tables from the raw cells and
disagreed with INS and POL: a local authority's page said "INS Not applicable" above a table of
"Not recorded" cover, and a policy dated after the report date, which POL ignores, showed as a
plain "No". These tests build a workbook in code with one provider for each way the evidence can
fall, render the provider pages, and check that every row of the tables says what the rule's
element says, and that the rule's status follows from its elements.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from safe_commissioning.opendata.datafiles import compliance_rows
from safe_commissioning.resources import TEMPLATES
from safe_commissioning.rules.assessment import Assessment, ProviderAssessment, assess
from safe_commissioning.rules.attention import needs_attention
from safe_commissioning.rules.results import Element, Status
from safe_commissioning.rules.upcoming import coming_up
from safe_commissioning.sites.internal.navigation import WHOLE_SITE, shared_context
from safe_commissioning.sites.internal.records import record_pages
from safe_commissioning.sites.model import build_view
from safe_commissioning.sites.pages import PageRenderer
from safe_commissioning.sites.views.fixes import element_fix
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import read_workbook

from .conftest import (
    POLICY_REVIEW_FIELDS,
    REPORT_DATE,
    Rows,
    complete_sheets,
    contract,
    headers,
    provider,
    row,
    safeguarding,
    write_xlsx,
)
from .sites import TODAY

AFTER_REPORT = date(2024, 12, 1)  # REPORT_DATE is 30 September 2024
CURRENT = date(2024, 6, 1)
STALE = date(2021, 6, 1)
POLICY_FIELDS = POLICY_REVIEW_FIELDS
INSURED: dict[str, object] = {
    "employers_liability": 10_000_000,
    "public_liability": 10_000_000,
    "professional_indemnity": 2_000_000,
    "insurance_expiry_date": date(2025, 3, 31),
}
# name → (Providers row values, Policies row values or None for no row)
PROVIDERS: dict[str, tuple[dict[str, object], dict[str, object] | None]] = {
    "Council Homes": (
        {"organisation_type": "Local authority", "insurance_expiry_date": date(2025, 1, 31)},
        dict.fromkeys(POLICY_FIELDS, CURRENT),
    ),
    "Health Trust": ({"organisation_type": "NHS body", **INSURED}, None),
    "Future Policy Ltd": (
        INSURED,
        {**dict.fromkeys(POLICY_FIELDS, CURRENT), "safeguarding_policy_reviewed": AFTER_REPORT},
    ),
    "All Future Ltd": (INSURED, dict.fromkeys(POLICY_FIELDS, AFTER_REPORT)),
    "Short Cover Ltd": (
        {
            "employers_liability": 5_000_000,
            "professional_indemnity": 2_000_000,
            "insurance_expiry_date": date(2024, 1, 31),
        },
        {"safeguarding_policy_reviewed": STALE, "whistleblowing_policy_reviewed": CURRENT},
    ),
    "Uninsured Ltd": ({}, dict.fromkeys(POLICY_FIELDS, STALE)),
    "In Order Ltd": (INSURED, dict.fromkeys(POLICY_FIELDS, CURRENT)),
}


def sheets() -> dict[str, Rows]:
    names = list(PROVIDERS)
    return complete_sheets(
        Contracts=[
            headers("Contracts"),
            *(contract(contract_id=f"C-{n}", supplier=name) for n, name in enumerate(names, start=1)),
        ],
        Providers=[
            headers("Providers"),
            *(provider(provider=name, **values) for name, (values, _) in PROVIDERS.items()),
        ],
        Policies=[
            headers("Policies"),
            *(row("Policies", provider=name, **dates) for name, (_, dates) in PROVIDERS.items() if dates is not None),
        ],
        Safeguarding=[
            headers("Safeguarding"),
            # C-1 has evidence of every kind; the others only a row
            safeguarding(
                contract_id="C-1",
                self_assessment_date=AFTER_REPORT,
                clause_safeguarding_reference="Yes",
                clause_legislation_reference="No",
                partnership_updates="Yes",
                safeguarding_metrics="Yes",
                last_thematic_check=STALE,
                staff_in_contact=4,
            ),
            *(safeguarding(contract_id=f"C-{n}") for n in range(2, len(names) + 1)),
        ],
        DBS=[
            headers("DBS"),
            row(
                "DBS",
                contract_id="C-1",
                staff_reference="S1",
                contact_level="Direct",
                certificate_number="001234567890",
                issue_date=CURRENT,
            ),
            row("DBS", contract_id="C-1", staff_reference="S2", contact_level="Regular", issue_date=CURRENT),
            row(
                "DBS",
                contract_id="C-1",
                staff_reference="S3",
                contact_level="Direct",
                certificate_number="001234567891",
                issue_date=AFTER_REPORT,
            ),
            row(
                "DBS",
                contract_id="C-1",
                staff_reference="S4",
                contact_level="Occasional",
                certificate_number="001234567892",
                issue_date=STALE,
            ),
        ],
        Monitoring=[
            headers("Monitoring"),
            row("Monitoring", contract_id="C-1", meeting_date=date(2024, 8, 15), safeguarding_discussed="Yes"),
            row("Monitoring", contract_id="C-1", meeting_date=date(2024, 2, 15), safeguarding_discussed="No"),
        ],
    )


@pytest.fixture(scope="module")
def assessment(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    path = write_xlsx(tmp_path_factory.mktemp("evidence") / "wb.xlsx", sheets())
    workbook, report = read_workbook(path, as_of=None, today=TODAY)
    assert workbook is not None, [f.message for f in report.errors]
    assert workbook.report_date == REPORT_DATE
    return assess(workbook)


@pytest.fixture(scope="module")
def provider_pages(assessment: Assessment) -> dict[str, str]:
    """Each provider's rendered page (HTML), by provider name."""
    view = build_view(assessment, Report())
    renderer = PageRenderer(TEMPLATES, shared_context(view), whole_site=WHOLE_SITE)
    pages = [p for p in record_pages(view) if p.template == "internal/provider.html.j2"]
    return {page.title or "": renderer.render_record(page).body for page in pages}


@pytest.fixture(scope="module")
def contract_pages(assessment: Assessment) -> dict[str, str]:
    """Each contract's rendered page (HTML), by contract ID."""
    view = build_view(assessment, Report())
    renderer = PageRenderer(TEMPLATES, shared_context(view), whole_site=WHOLE_SITE)
    pages = [p for p in record_pages(view) if p.template == "internal/contract.html.j2"]
    return {(page.title or "").split(":")[0]: renderer.render_record(page).body for page in pages}


def table_rows(page: str, table_id: str) -> list[tuple[str, ...]]:
    """The body rows of one table on a page, each cell as plain text."""
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    if found is None:
        return []
    body = found.group(0).split("<tbody>", 1)[1]
    return [
        tuple(
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        )
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def shown(status_cell: str) -> str:
    """A status cell without its symbol: `✔ Met` → `Met`."""
    return status_cell.split(" ", 1)[1] if " " in status_cell else status_cell


def of(assessment: Assessment, name: str) -> ProviderAssessment:
    return assessment.by_provider[name]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Council Homes", "A local authority is not asked for insurance certificates."),
        ("Health Trust", "An NHS body is not asked for insurance certificates."),
    ],
)
def test_an_exempt_providers_page_says_insurance_does_not_apply_instead_of_a_table_of_not_recorded(
    assessment: Assessment, provider_pages: dict[str, str], name: str, words: str
) -> None:
    ins = of(assessment, name).result("INS")
    assert ins.status is Status.NOT_APPLICABLE
    assert ins.detail == words
    assert {e.status for e in ins.elements} == {Status.NOT_APPLICABLE}
    page = provider_pages[name]
    assert table_rows(page, "insurance-table") == []
    insurance = page.split('id="insurance"', 1)[1].split('id="policies"', 1)[0]
    assert words in insurance
    assert "Not recorded" not in insurance


def test_a_policy_dated_after_the_report_date_is_shown_as_ignored_as_pol_ignores_it(
    assessment: Assessment, provider_pages: dict[str, str]
) -> None:
    pol = of(assessment, "Future Policy Ltd").result("POL")
    assert pol.status is Status.PARTLY_MET
    assert "dated after the report date and ignored: safeguarding" in pol.detail
    first = table_rows(provider_pages["Future Policy Ltd"], "policies-table")[0]
    assert first[:4] == ("Safeguarding policy", "1 Dec 2024", first[2], "dated after the report date: ignored")
    assert shown(first[2]) == "Not evidenced"
    assert [shown(r[2]) for r in table_rows(provider_pages["Future Policy Ltd"], "policies-table")[1:]] == ["Met"] * 7


def test_policies_all_dated_after_the_report_date_are_not_evidenced_row_by_row(
    assessment: Assessment, provider_pages: dict[str, str]
) -> None:
    assert of(assessment, "All Future Ltd").result("POL").status is Status.NOT_EVIDENCED
    rows = table_rows(provider_pages["All Future Ltd"], "policies-table")
    assert {(shown(r[2]), r[3]) for r in rows} == {("Not evidenced", "dated after the report date: ignored")}


@pytest.mark.parametrize("name", sorted(PROVIDERS))
@pytest.mark.parametrize(("rule_id", "table_id"), [("INS", "insurance-table"), ("POL", "policies-table")])
def test_every_row_of_the_table_says_what_the_rules_element_says(
    assessment: Assessment, provider_pages: dict[str, str], name: str, rule_id: str, table_id: str
) -> None:
    result = of(assessment, name).result(rule_id)
    rows = table_rows(provider_pages[name], table_id)
    if result.status is Status.NOT_APPLICABLE or not result.elements:
        assert rows == []
        assert html.escape(result.detail, quote=False) in provider_pages[name]
        return
    assert [(r[0], shown(r[-3]), r[-2], r[-1]) for r in rows] == [
        (e.name, e.label, e.note, e.where) for e in result.elements
    ]


@pytest.mark.parametrize("name", sorted(PROVIDERS))
@pytest.mark.parametrize("rule_id", ["INS", "POL"])
def test_the_rules_status_follows_from_its_elements(assessment: Assessment, name: str, rule_id: str) -> None:
    result = of(assessment, name).result(rule_id)
    statuses = {e.status for e in result.elements}
    if result.status is Status.MET:
        assert statuses == {Status.MET}
    elif result.status is Status.NOT_APPLICABLE:
        assert statuses <= {Status.NOT_APPLICABLE}
    elif result.status is Status.NOT_EVIDENCED:
        assert statuses <= {Status.NOT_EVIDENCED}
    else:
        assert statuses - {Status.MET}, "a rule short of met has an element short of met"
    if rule_id == "POL" and result.status is Status.PARTLY_MET:
        assert Status.MET in statuses


def test_each_element_names_its_own_cell(assessment: Assessment) -> None:
    ins = of(assessment, "Short Cover Ltd").result("INS")
    assert [(e.name, e.status.value, e.where.split("!")[0]) for e in ins.elements] == [
        ("Employer's liability", "not_met", "Providers"),
        ("Public liability", "not_evidenced", "Providers"),
        ("Professional indemnity", "met", "Providers"),
        ("Certificates valid until", "not_met", "Providers"),
    ]
    assert len({e.where for e in ins.elements}) == 4
    pol = of(assessment, "Short Cover Ltd").result("POL")
    assert all(e.where.startswith("Policies!") for e in pol.elements)
    assert len({e.where for e in pol.elements}) == 8


def test_the_data_file_carries_the_same_verdicts(assessment: Assessment) -> None:
    rows = {(r[0], r[1]): r[2:] for r in compliance_rows(assessment)}
    for c in assessment.contracts:
        for t in c.results:
            assert rows[c.contract_id, t.rule_id] == (t.status.value, t.detail, t.evidence)


def test_evidence_a_rule_ignores_never_falls_due_in_coming_up(assessment: Assessment) -> None:
    upcoming = coming_up(assessment, 3650)
    subjects = {u.subject for u in upcoming}
    assert "Council Homes" not in {u.subject for u in upcoming if "(INS)" in u.what}
    assert not [u for u in upcoming if u.subject == "All Future Ltd" and "(POL)" in u.what]
    future = [u.what for u in upcoming if u.subject == "Future Policy Ltd" and "(POL)" in u.what]
    assert future
    assert all("safeguarding policy" not in what for what in future)
    assert "In Order Ltd" in subjects


def test_no_action_for_a_provider_rule_the_action_list_does_not_name(assessment: Assessment) -> None:
    # POL and INS turn a contract amber, never red: they have no red-rule action.
    found = needs_attention(assessment)
    assert not [a for a in found if a.kind == "red-rule" and a.what.startswith(("POL", "INS"))]


def to_change(element: Element, assessment: Assessment) -> str:
    """The cells the page names for an element: the ones to change where a fix is named, else those it was read from."""
    fix = element_fix(element, assessment.workbook)
    return fix.where if fix is not None else element.where


def test_the_contract_page_shows_where_each_minimum_expectation_falls_short_as_the_rule_weighed_it(
    assessment: Assessment, contract_pages: dict[str, str]
) -> None:
    c = assessment.by_contract["C-1"]
    rows = table_rows(contract_pages["C-1"], "evidence-table")
    expected = [
        (t.rule_id, e.name, e.label, e.note, to_change(e, assessment))
        for t in c.results
        if t.rule_id.startswith("MS")
        for e in t.elements
        if e.status is not Status.MET
    ]
    assert [(r[0], r[1], shown(r[3]), r[4], r[5]) for r in rows] == expected
    assert ("MS1", "Self-assessment", "1 Dec 2024", "Not evidenced", "dated after the report date: ignored") in {
        (r[0], r[1], r[2], shown(r[3]), r[4]) for r in rows
    }
    staff = {r[1]: (shown(r[3]), r[4]) for r in rows if r[0] == "MS4"}
    assert staff == {
        "S2": ("Not met", "no DBS number"),
        "S3": ("Not evidenced", "issued after the report date: ignored"),
        "Declared in contact with children": ("Partly met", "2 not recorded on the DBS sheet"),
    }
    assert "001234567890" not in contract_pages["C-1"]  # certificate numbers are never shown
    s2 = next(r for r in rows if r[1] == "S2")
    assert s2[5] == "DBS!E3"  # the number is missing: only its cell is to change, not the issue date's


@pytest.mark.parametrize("rule_id", ["MS1", "MS2", "MS3", "MS4", "MS5", "MS6"])
def test_a_minimum_expectations_status_follows_from_its_elements(assessment: Assessment, rule_id: str) -> None:
    for c in assessment.contracts:
        result = c.result(rule_id)
        statuses = {e.status for e in result.elements}
        if result.status is Status.MET:
            assert statuses <= {Status.MET}, (c.contract_id, result.detail)
        elif result.status is not Status.NOT_APPLICABLE and result.elements:
            assert statuses - {Status.MET}, (c.contract_id, result.detail)


def test_every_contract_pages_shortfalls_are_its_rules_elements_short_of_met(
    assessment: Assessment, contract_pages: dict[str, str]
) -> None:
    for c in assessment.contracts:
        rows = table_rows(contract_pages[c.contract_id], "evidence-table")
        assert [(r[0], r[1], shown(r[3]), r[4], r[5]) for r in rows] == [
            (t.rule_id, e.name, e.label, e.note, to_change(e, assessment))
            for t in c.results
            if t.rule_id.startswith("MS")
            for e in t.elements
            if e.status is not Status.MET
        ], c.contract_id
