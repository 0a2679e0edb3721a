"""The verdict first, actions recorded, an owner on every item, and safeguarding settled before a service starts."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.rules.assessment import assess
from safe_commissioning.rules.attention import needs_attention
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Workbook

from .conftest import Rows, contract, headers, minimal_sheets, row, safeguarding, summary, write_xlsx
from .sites import TODAY, build_sites
from .test_attention import PROVIDERS_WITH_INADEQUATE, alert, placement


def logged(
    about: str, taken_on: date, action_taken: str, by: str = "", next_review: date | None = None
) -> list[object]:
    return row("Actions", about=about, taken_on=taken_on, action_taken=action_taken, by=by, next_review=next_review)


def settings(*extra: list[object]) -> Rows:
    return [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Report date", date(2024, 9, 30)],
        ["OCDS prefix", "ocds-abc123"],
        *extra,
    ]


def read(tmp_path: Path, **sheets: Rows) -> tuple[Workbook | None, Report]:
    return read_workbook(write_xlsx(tmp_path / "wb.xlsx", minimal_sheets(**sheets)), as_of=None, today=TODAY)


def text(page: str) -> str:
    """The words of a page, tags gone and character references read (values are escaped, brackets included)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).replace(" ,", ",")


# The action log: read, checked, shown beside its item ---------------------------------------------------


def test_an_about_that_names_no_record_is_an_error_naming_the_cell_and_the_nearest_match(tmp_path: Path) -> None:
    workbook, report = read(
        tmp_path,
        Providers=PROVIDERS_WITH_INADEQUATE,
        Placements=[headers("Placements"), placement(placement_id="P-2302")],
        Actions=[
            headers("Actions"),
            logged("P-2302", date(2024, 9, 1), "Reviewed with the social worker"),
            logged("P-2320", date(2024, 9, 2), "Typed wrong"),
            logged("Nothing like it at all", date(2024, 9, 2), "Names nothing"),
        ],
    )
    assert workbook is None
    assert summary(report.errors) == [
        ("Actions", "A3", "unknown-action-subject"),
        ("Actions", "A4", "unknown-action-subject"),
    ]
    assert "did you mean 'P-2302'?" in report.errors[0].message
    assert "did you mean" not in report.errors[1].message


def test_an_about_is_matched_whatever_its_case_and_takes_the_record_s_spelling(tmp_path: Path) -> None:
    workbook, report = read(tmp_path, Actions=[headers("Actions"), logged("acme care ltd", date(2024, 9, 1), "Called")])
    assert workbook is not None, [f.message for f in report.errors]
    assert workbook.actions[0].about == "Acme Care Ltd"


def test_a_workbook_without_an_actions_sheet_is_not_warned_about(tmp_path: Path) -> None:
    workbook, report = read(tmp_path)
    assert workbook is not None
    assert not [f for f in report.warnings if "Actions" in f.message or f.sheet == "Actions"]


@pytest.fixture(scope="module")
def logged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A child placed with an Inadequate provider, reviewed once with a next review now passed; a red contract with
    no manager; a contract starting tomorrow with lapsed DBS checks."""
    folder = tmp_path_factory.mktemp("logged")
    sheets = minimal_sheets(
        Settings=settings(["Placements lead", "Pat Lead"]),
        Contracts=[
            headers("Contracts"),
            contract(contract_id="C-1"),  # no contract manager
            contract(
                contract_id="C-2", title="New service", start_date=date(2024, 10, 1), contract_manager="Jo Officer"
            ),
        ],
        Providers=PROVIDERS_WITH_INADEQUATE,
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(contract_id="C-1", self_assessment_date=date(2021, 7, 9)),
            safeguarding(contract_id="C-2", self_assessment_date=date(2024, 6, 1)),
        ],
        DBS=[
            headers("DBS"),
            row(
                "DBS",
                contract_id="C-2",
                staff_reference="S01",
                contact_level="Direct",
                certificate_number="001234567890",
                issue_date=date(2021, 3, 1),
            ),
        ],
        Placements=[headers("Placements"), placement(placement_id="P-2302")],
        Quality_alerts=[headers("Quality alerts"), alert(alert_id="QA-9", category="Complaint")],
        Actions=[
            headers("Actions"),
            logged("P-2302", date(2024, 8, 1), "Placement reviewed with the social worker", "A. Worker"),
            logged(
                "P-2302",
                date(2024, 9, 2),
                "Child seen; <b>plan</b> to move agreed",
                "A. Worker",
                next_review=date(2024, 9, 16),
            ),
            logged(
                "C-1", date(2024, 9, 20), "Asked the provider for its self-assessment", next_review=date(2024, 10, 20)
            ),
        ],
    )
    out = folder / "build"
    build_sites(write_xlsx(folder / "wb.xlsx", sheets), out)
    return out / "internal"


def test_each_item_shows_its_latest_action_and_next_review(logged_site: Path) -> None:
    page = (logged_site / "index.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr class="sc-action sc-action--([a-z-]+)">(.*?)</tr>', page, re.S)[:1])
    placed = text(rows["inadequate-placement"])
    assert "Latest action: 2 Sep 2024, A. Worker: Child seen; <b>plan</b> to move agreed" in placed
    assert "Next review: 16 Sep 2024 (14 days ago)" in placed
    assert "<b>plan</b>" not in page  # escaped wherever it lands


def test_a_passed_review_is_itself_an_item_and_the_action_removes_nothing(logged_site: Path) -> None:
    html = (logged_site / "index.html").read_text(encoding="utf-8")
    kinds = re.findall(r'<tr class="sc-action sc-action--([a-z-]+)">', html)
    assert kinds[0] == "inadequate-placement"  # still there, though an action is logged
    assert "review-overdue" in kinds
    body = text(html)
    assert "Next review passed" in body
    assert "Next review passed Placement P-2302 The next review was due on 16 Sep 2024 (14 days ago)" in body


def test_the_contract_and_provider_pages_and_the_pack_know_the_log(logged_site: Path) -> None:
    contract_page = text((logged_site / "contracts" / "c-1.html").read_text(encoding="utf-8"))
    assert "Action log" in contract_page
    assert "20 Sep 2024 (C-1): Asked the provider for its self-assessment Next review: 20 Oct 2024." in contract_page
    provider_page = text((logged_site / "providers" / "risky-homes-ltd.html").read_text(encoding="utf-8"))
    assert "2 Sep 2024, A. Worker (P-2302): Child seen;" in provider_page
    pack = text((logged_site / "committee-pack.html").read_text(encoding="utf-8"))
    assert "Latest action" in pack
    assert "20 Sep 2024: Asked the provider for its self-assessment Next review 20 Oct 2024." in pack


# An owner on every item -------------------------------------------------------------------------------


def test_every_item_has_an_owner_or_says_not_assigned_with_a_warning(logged_site: Path) -> None:
    html = (logged_site / "index.html").read_text(encoding="utf-8")
    owners = {
        kind: text(cells).strip()
        for kind, cells in re.findall(
            r'<tr class="sc-action sc-action--([a-z-]+)">.*?<td data-label="Owner">(.*?)</td>', html, re.S
        )
    }
    assert owners["inadequate-placement"] == "Pat Lead"  # no contract: the Placements lead
    assert owners["open-alert"] == "Pat Lead"
    assert owners["red-rule"] in ("Not assigned", "Jo Officer")
    quality = text((logged_site / "data-quality.html").read_text(encoding="utf-8"))
    assert "needs attention and has no owner: enter the Contract manager of C-1" in quality


def test_without_a_placements_lead_a_placement_item_is_not_assigned(tmp_path: Path) -> None:
    workbook, _ = read(tmp_path, Providers=PROVIDERS_WITH_INADEQUATE, Placements=[headers("Placements"), placement()])
    assert workbook is not None
    items = needs_attention(assess(workbook))
    assert [(a.kind, a.managers) for a in items if a.kind == "inadequate-placement"] == [("inadequate-placement", ())]


# Before a service starts -------------------------------------------------------------------------------


def test_a_contract_not_yet_started_that_fails_an_expectation_needs_attention(logged_site: Path) -> None:
    html = (logged_site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="sc-action sc-action--red-rule">(.*?)</tr>', html, re.S)
    new = [text(r) for r in rows if "C-2 New service" in r]
    assert new
    assert "Starts in 1 day: MS4 not met" in new[0]
    assert "Jo Officer" in new[0]


# The verdict first -------------------------------------------------------------------------------------


def test_the_dashboard_opens_with_the_verdict_in_the_pack_s_words(logged_site: Path) -> None:
    html = (logged_site / "index.html").read_text(encoding="utf-8")
    verdict = text(html[html.index('id="position"') : html.index('id="needs-attention"')])
    assert "Of the 1 active contract working with children, 1 is rated red, 0 amber and 0 green" in verdict
    count = len(re.findall(r'<tr class="sc-action ', html))
    assert f"{count} things need attention, including 1 child placed with a provider rated Inadequate" in verdict
    pack = text((logged_site / "committee-pack.html").read_text(encoding="utf-8"))
    assert f"{count} things need attention, including 1 child placed with a provider rated Inadequate." in pack
    assert 'href="coming-up.html"' in html
    assert (logged_site / "coming-up.html").exists()
