"""What needs attention, and what is coming up: one workbook per kind of problem, each named first."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.rules.assessment import Assessment, assess
from safe_commissioning.rules.attention import KINDS, Action, needs_attention
from safe_commissioning.rules.upcoming import Upcoming, by_manager, coming_up, grouped
from safe_commissioning.sites.internal.links import links_for
from safe_commissioning.workbook.reading import read_workbook

from .conftest import REPORT_DATE, Rows, contract, headers, minimal_sheets, provider, row, safeguarding, write_xlsx
from .sites import TODAY, build_sites

INADEQUATE = provider(provider="Risky Homes Ltd", ofsted_rating="Inadequate", ofsted_inspection_date=date(2024, 7, 15))


def assessed(tmp_path: Path, **sheets: Rows) -> Assessment:
    workbook, report = read_workbook(
        write_xlsx(tmp_path / "wb.xlsx", minimal_sheets(**sheets)), as_of=None, today=TODAY
    )
    assert workbook is not None, [f.message for f in report.errors]
    return assess(workbook)


def actions(tmp_path: Path, **sheets: Rows) -> list[Action]:
    return needs_attention(assessed(tmp_path, **sheets))


def actions_and_pages(tmp_path: Path, **sheets: Rows) -> list[tuple[str, str, str]]:
    """Each action's kind and subject, and the internal site's page that shows it (the rules give only IDs)."""
    assessment = assessed(tmp_path, **sheets)
    links = links_for(assessment)
    return [(a.kind, a.subject, links.about(a)) for a in needs_attention(assessment)]


def placement(**values: object) -> list[object]:
    base: dict[str, object] = {
        "placement_id": "P-1",
        "placement_type": "Residential",
        "provider": "Risky Homes Ltd",
        "source": "Spot purchase",
        "start_date": date(2023, 9, 18),
    }
    base.update(values)
    return row("Placements", **base)


def alert(**values: object) -> list[object]:
    base: dict[str, object] = {
        "alert_id": "QA-1",
        "date_raised": date(2024, 7, 20),
        "provider": "Acme Care Ltd",
        "category": "Safeguarding concern",
        "status": "Open",
    }
    base.update(values)
    return row("Quality alerts", **base)


PROVIDERS_WITH_INADEQUATE: Rows = [headers("Providers"), provider(), INADEQUATE]


# One kind of problem per workbook ----------------------------------------------------------------


def test_a_workbook_with_nothing_wrong_has_nothing_to_act_on(tmp_path: Path) -> None:
    assert actions(tmp_path) == []


def test_a_child_placed_with_an_inadequate_provider_comes_first(tmp_path: Path) -> None:
    assessment = assessed(
        tmp_path,
        Providers=PROVIDERS_WITH_INADEQUATE,
        Placements=[headers("Placements"), placement(), placement(placement_id="P-2", end_date=date(2024, 1, 1))],
        Quality_alerts=[headers("Quality alerts"), alert(status="Open", category="Complaint")],
    )
    found = needs_attention(assessment)
    assert [(a.kind, a.subject) for a in found] == [
        ("inadequate-placement", "Placement P-1"),
        ("open-alert", "Alert QA-1"),
    ]
    first = found[0]
    assert (first.provider, first.placement_id, first.contract_id) == ("Risky Homes Ltd", "P-1", "")
    assert links_for(assessment).about(first) == "providers/risky-homes-ltd.html"
    assert first.what == (
        "A residential placement with Risky Homes Ltd, rated Inadequate by Ofsted on 15 Jul 2024; placed since 18 Sep 2023."
    )
    assert first.since == date(2024, 7, 15)


def test_an_open_safeguarding_concern_says_how_long_it_has_been_open(tmp_path: Path) -> None:
    sheets: dict[str, Rows] = {
        "Quality_alerts": [
            headers("Quality alerts"),
            alert(contract_id="C-1"),
            alert(alert_id="QA-2", status="Closed", date_closed=date(2024, 8, 1)),
        ]
    }
    assert actions_and_pages(tmp_path, **sheets) == [("safeguarding-concern", "Alert QA-1", "contracts/c-1.html")]
    found = actions(tmp_path, **sheets)
    assert (found[0].alert_id, found[0].contract_id, found[0].provider) == ("QA-1", "C-1", "Acme Care Ltd")
    assert "open 72 days (raised 20 Jul 2024)" in found[0].what


@pytest.mark.parametrize(
    ("evidence", "rule", "words"),
    [
        ({"self_assessment_date": date(2021, 7, 9)}, "MS1", "MS1 not met: Self-assessment 2021-07-09"),
        ({"last_thematic_check": date(2023, 1, 18)}, "MS6", "MS6 not met: Last thematic check 2023-01-18"),
        ({"partnership_updates": "No"}, "MS3", "MS3 not met"),
    ],
)
def test_each_failing_rule_of_a_red_contract_is_its_own_row(
    tmp_path: Path, evidence: dict[str, object], rule: str, words: str
) -> None:
    found = actions(tmp_path, Safeguarding=[headers("Safeguarding"), safeguarding(**evidence)])
    assert [(a.kind, a.subject, a.contract_id) for a in found] == [("red-rule", "C-1 Family support", "C-1")]
    pages = actions_and_pages(tmp_path, Safeguarding=[headers("Safeguarding"), safeguarding(**evidence)])
    assert pages == [("red-rule", "C-1 Family support", "contracts/c-1.html")]
    assert found[0].what.startswith(words)
    assert found[0].next_step


def test_a_red_contract_that_has_ended_is_not_on_the_list(tmp_path: Path) -> None:
    ended = contract(start_date=date(2022, 4, 1), end_date=date(2024, 3, 31))
    found = actions(
        tmp_path,
        Contracts=[headers("Contracts"), ended],
        Safeguarding=[headers("Safeguarding"), safeguarding(self_assessment_date=date(2021, 7, 9))],
    )
    assert found == []


def test_staff_with_expired_dbs_name_the_contract_and_the_date_it_passed(tmp_path: Path) -> None:
    dbs: Rows = [
        headers("DBS"),
        row(
            "DBS",
            contract_id="C-1",
            staff_reference="S1",
            contact_level="Direct",
            certificate_number="001234567890",
            issue_date=date(2020, 3, 1),
            recheck_date=date(2024, 3, 1),
        ),
    ]
    found = actions(tmp_path, DBS=dbs)
    assert [(a.kind, a.since) for a in found] == [("red-rule", date(2024, 3, 1))]
    assert found[0].what.startswith("MS4 not met")
    assert "DBS" in found[0].next_step


def test_an_overdue_decision_with_nothing_planned_is_named(tmp_path: Path) -> None:
    ending = contract(procurement_route="Strategic purchasing", end_date=date(2025, 3, 31))  # decision due 30 Jun 2024
    found = actions(tmp_path, Contracts=[headers("Contracts"), ending])
    assert [(a.kind, a.since) for a in found] == [("decision-overdue", date(2024, 6, 30))]
    assert "no sourcing-plan row refers to it" in found[0].what


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (None, "no sourcing-plan row refers to it"),
        ("Planned", "its sourcing-plan row (Replacement) is still Planned"),
        ("In progress", None),
        ("Awarded", None),
    ],
)
def test_a_contract_ending_within_90_days_needs_a_plan_under_way(
    tmp_path: Path, plan: str | None, expected: str | None
) -> None:
    ending = contract(procurement_route="Spot purchase", end_date=date(2024, 12, 1))  # decision due 1 Nov 2024
    sheets: dict[str, Rows] = {"Contracts": [headers("Contracts"), ending]}
    if plan:
        sheets["Sourcing_plan"] = [
            headers("Sourcing plan"),
            row("Sourcing plan", project="Replacement", related_contract_id="C-1", status=plan),
        ]
    found = actions(tmp_path, **sheets)
    if expected is None:
        assert found == []
    else:
        assert [a.kind for a in found] == ["ending-unplanned"]
        assert found[0].what == f"Ends on 1 Dec 2024 (62 days); {expected}."


def test_a_plan_row_still_planned_after_its_start_is_named(tmp_path: Path) -> None:
    plan: Rows = [
        headers("Sourcing plan"),
        row("Sourcing plan", project="Youth forum", procurement_start=date(2024, 9, 1), status="Planned"),
        row("Sourcing plan", project="Started", procurement_start=date(2024, 9, 1), status="In progress"),
        row("Sourcing plan", project="Later", procurement_start=date(2024, 12, 1), status="Planned"),
    ]
    assert [(a.kind, a.project) for a in actions(tmp_path, Sourcing_plan=plan)] == [
        ("plan-start-passed", "Youth forum")
    ]
    assert actions_and_pages(tmp_path, Sourcing_plan=plan) == [
        ("plan-start-passed", "Sourcing plan: Youth forum", "sourcing-plan.html")
    ]


def test_the_list_is_in_severity_order_then_oldest_first(tmp_path: Path) -> None:
    found = actions(
        tmp_path,
        Contracts=[
            headers("Contracts"),
            contract(),
            contract(contract_id="C-2", procurement_route="Strategic purchasing", end_date=date(2025, 3, 31)),
        ],
        Providers=PROVIDERS_WITH_INADEQUATE,
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(self_assessment_date=date(2021, 7, 9)),
            safeguarding(contract_id="C-2"),
        ],
        Placements=[headers("Placements"), placement()],
        Quality_alerts=[
            headers("Quality alerts"),
            alert(alert_id="QA-9", category="Issue", date_raised=date(2024, 9, 1)),
            alert(alert_id="QA-8", category="Issue", date_raised=date(2024, 8, 1)),
            alert(),
        ],
    )
    assert [a.kind for a in found] == [
        "inadequate-placement",
        "safeguarding-concern",
        "red-rule",
        "open-alert",
        "open-alert",
        "decision-overdue",
    ]
    assert [a.subject for a in found if a.kind == "open-alert"] == ["Alert QA-8", "Alert QA-9"]
    assert [a.rank for a in found] == sorted(a.rank for a in found)
    assert {kind.code for kind in KINDS} >= {a.kind for a in found}


# Coming up -------------------------------------------------------------------------------------


def test_evidence_going_out_of_date_within_the_window_is_coming_up(tmp_path: Path) -> None:
    assessment = assessed(
        tmp_path,
        Safeguarding=[
            headers("Safeguarding"),
            safeguarding(self_assessment_date=date(2022, 11, 15), last_thematic_check=date(2024, 6, 1)),
        ],
    )
    soon = coming_up(assessment, 60)
    # The thematic check (High risk: 6 months) falls due in 62 days, past the 60-day window.
    assert [(u.due, u.what) for u in soon] == [
        (date(2024, 11, 15), "Self-assessment of 15 Nov 2022 goes out of date (MS1)."),
    ]
    longer = coming_up(assessment, 90)
    assert [(u.due, u.what) for u in longer][1:] == [
        (date(2024, 12, 1), "Thematic check of 1 Jun 2024 goes out of date (MS6)."),
    ]


def test_a_providers_policies_falling_due_are_named_by_their_own_field(tmp_path: Path) -> None:
    assessment = assessed(
        tmp_path,
        Safeguarding=[headers("Safeguarding"), safeguarding()],
        Policies=[
            headers("Policies"),
            row(
                "Policies",
                provider="Acme Care Ltd",
                whistleblowing_policy_reviewed=date(2023, 10, 15),
                data_protection_policy_reviewed=date(2023, 10, 15),
                safeguarding_policy_reviewed=date(2024, 9, 1),
            ),
        ],
    )
    policies = [u for u in coming_up(assessment, 60) if "(POL)" in u.what]
    assert [(u.due, u.what, u.provider) for u in policies] == [
        (
            date(2024, 10, 15),
            "Review of the whistleblowing and data protection policies goes out of date (POL).",
            "Acme Care Ltd",
        )
    ]
    assert links_for(assessment).about(policies[0]) == "providers/acme-care-ltd.html"


def test_a_provider_with_two_contract_managers_is_on_both_lists(tmp_path: Path) -> None:
    found = actions(
        tmp_path,
        Contracts=[
            headers("Contracts"),
            contract(contract_manager="Smith, Jo"),
            contract(contract_id="C-2", contract_manager="Ali Khan"),
        ],
        Providers=[headers("Providers"), provider(), INADEQUATE],
        Placements=[headers("Placements"), placement(provider="Acme Care Ltd")],
    )
    assert found == []  # Acme is not rated Inadequate: nothing to act on for the placement
    placed = actions(
        tmp_path,
        Contracts=[
            headers("Contracts"),
            contract(supplier="Risky Homes Ltd", contract_manager="Smith, Jo"),
            contract(contract_id="C-2", supplier="Risky Homes Ltd", contract_manager="Ali Khan"),
        ],
        Providers=PROVIDERS_WITH_INADEQUATE,
        Placements=[headers("Placements"), placement()],
    )
    child = next(a for a in placed if a.kind == "inadequate-placement")
    assert child.managers == ("Ali Khan", "Smith, Jo")  # a name with a comma stays one name
    assert set(by_manager([child], [])) == {"Ali Khan", "Smith, Jo"}


def test_the_window_is_a_setting(tmp_path: Path) -> None:
    settings: Rows = [
        ["Setting", "Value"],
        ["Organisation", "Test Council"],
        ["Report date", REPORT_DATE],
        ["OCDS prefix", "ocds-abc123"],
        ["Contact", "commissioning@test.gov.uk"],
        ["Coming up window (days)", 90],
    ]
    assessment = assessed(tmp_path, Settings=settings)
    assert assessment.workbook.settings.coming_up_days == 90


# On the site -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("attention")
    sheets = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            contract(contract_manager="Jo Officer"),
            contract(contract_id="C-2", title="Residential care", supplier="Risky Homes Ltd", works_with_children="No"),
        ],
        Providers=PROVIDERS_WITH_INADEQUATE,
        Safeguarding=[headers("Safeguarding"), safeguarding(self_assessment_date=date(2021, 7, 9))],
        Placements=[headers("Placements"), placement()],
        Quality_alerts=[headers("Quality alerts"), alert(contract_id="C-1")],
    )
    out = folder / "build"
    build_sites(write_xlsx(folder / "wb.xlsx", sheets), out)
    return out / "internal"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_dashboard_opens_with_the_list_each_row_linked(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    body = text(html)
    assert html.index('id="position"') < html.index('id="needs-attention"') < html.index('id="headlines"')
    assert "The position on 30 Sep 2024" in body
    rows = re.findall(r'<tr class="sc-action sc-action--([a-z-]+)">(.*?)</tr>', html, re.S)
    assert [kind for kind, _ in rows] == ["inadequate-placement", "safeguarding-concern", "red-rule"]
    assert 'href="providers/risky-homes-ltd.html">Placement P-1</a>' in rows[0][1]
    assert 'href="contracts/c-1.html">Alert QA-1</a>' in rows[1][1]
    assert 'href="contracts/c-1.html">C-1 Family support</a>' in rows[2][1]
    assert "Jo Officer" in rows[2][1]
    assert 'href="managers/jo-officer.html">Jo Officer</a>' in html


def test_each_contract_manager_has_their_own_list(site: Path) -> None:
    body = text((site / "managers" / "jo-officer.html").read_text(encoding="utf-8"))
    assert "Jo Officer: what needs attention" in body
    assert "Alert QA-1" in body
    assert "C-1 Family support" in body
    assert "Placement P-1" not in body  # Risky Homes Ltd has no contract Jo manages


def test_the_provider_page_shows_the_child_placed_there(site: Path) -> None:
    html = (site / "providers" / "risky-homes-ltd.html").read_text(encoding="utf-8")
    body = text(html)
    assert html.index("Needs attention") < html.index('<h2 id="organisation"')
    assert "Child placed with a provider rated Inadequate (Placement P-1)" in body


def test_the_contract_page_opens_with_its_rating_and_reasons(site: Path) -> None:
    html = (site / "contracts" / "c-1.html").read_text(encoding="utf-8")
    rating = text(html[html.index('<h2 id="rating"') : html.index('<h2 id="contract"')])
    assert "MS1" in rating
    assert "QA-1" in rating


def test_the_contract_page_of_a_provider_with_a_child_placed_there_shows_it(site: Path) -> None:
    html = (site / "contracts" / "c-2.html").read_text(encoding="utf-8")
    assert html.index("Child placed with a provider rated Inadequate") < html.index('<h2 id="contract"')
    assert "Child placed with a provider rated Inadequate (Placement P-1)" in text(html)


def test_the_methodology_page_gives_the_order(site: Path) -> None:
    body = text((site / "methodology.html").read_text(encoding="utf-8"))
    positions = [body.index(kind.title) for kind in KINDS]
    assert positions == sorted(positions)


def test_a_workbook_with_nothing_wrong_says_so_on_the_dashboard(tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_sites(write_xlsx(tmp_path / "wb.xlsx", minimal_sheets()), out)
    body = text((out / "internal" / "index.html").read_text(encoding="utf-8"))
    assert "Nothing needs attention on 30 Sep 2024" in body
    assert 'class="sc-action' not in (out / "internal" / "index.html").read_text(encoding="utf-8")


def test_the_dashboard_shows_the_most_severe_and_the_attention_page_shows_all(tmp_path: Path) -> None:
    ids = [f"C-{n:02}" for n in range(1, 26)]
    sheets = minimal_sheets(
        Contracts=[headers("Contracts"), *(contract(contract_id=cid) for cid in ids)],
        Safeguarding=[
            headers("Safeguarding"),
            *(safeguarding(contract_id=cid, self_assessment_date=date(2021, 7, 9)) for cid in ids),
        ],
        Providers=PROVIDERS_WITH_INADEQUATE,
        Placements=[headers("Placements"), placement()],
    )
    out = tmp_path / "build"
    build_sites(write_xlsx(tmp_path / "wb.xlsx", sheets), out)
    dashboard = (out / "internal" / "index.html").read_text(encoding="utf-8")
    full = (out / "internal" / "attention.html").read_text(encoding="utf-8")
    shown = re.findall(r'<tr class="sc-action sc-action--([a-z-]+)">', dashboard)
    assert len(shown) == 20
    assert shown[0] == "inadequate-placement"
    assert len(re.findall(r'<tr class="sc-action ', full)) == 26
    body = text(dashboard)
    assert (
        "26 things to act on: Child placed with a provider rated Inadequate (1); Red contract: expectation not met (25)"
        in body
    )
    assert "The 20 most severe of 26" in body
    assert 'href="attention.html">All 26 things to act on</a>' in dashboard


# Coming up, grouped --------------------------------------------------------------------------------


def test_items_falling_due_on_one_date_for_the_same_thing_share_a_row() -> None:
    policies = "Review of the safeguarding policy goes out of date (POL)."
    items = [
        Upcoming(date(2024, 10, 1), "C-1 Family support", "Re-procurement decision due.", ("Jo",), contract_id="C-1"),
        Upcoming(date(2024, 11, 14), "Acme Care Ltd", policies, ("Jo",), provider="Acme Care Ltd"),
        Upcoming(date(2024, 11, 14), "Best Care Ltd", policies, ("Ali", "Jo"), provider="Best Care Ltd"),
        Upcoming(date(2024, 11, 14), "Best Care Ltd", "Insurance expires (INS).", ("Ali",), provider="Best Care Ltd"),
        Upcoming(date(2024, 11, 15), "Cedar Care Ltd", policies, ("Ali",), provider="Cedar Care Ltd"),
    ]
    rows = grouped(items)
    assert [(r.due, r.subject, r.what, r.managers) for r in rows] == [
        (date(2024, 10, 1), "C-1 Family support", "Re-procurement decision due.", ("Jo",)),
        (date(2024, 11, 14), "2 providers", policies, ("Ali", "Jo")),
        (date(2024, 11, 14), "Best Care Ltd", "Insurance expires (INS).", ("Ali",)),
        (date(2024, 11, 15), "Cedar Care Ltd", policies, ("Ali",)),  # another date: a row of its own
    ]
    assert [item.provider for item in rows[1].items] == ["Acme Care Ltd", "Best Care Ltd"]
    assert sum(len(r.items) for r in rows) == len(items)


def test_the_coming_up_page_and_each_managers_page_group_what_falls_due_together(tmp_path: Path) -> None:
    names = ("Acme Care Ltd", "Best Care Ltd", "Cedar Care Ltd")
    sheets = minimal_sheets(
        Contracts=[
            headers("Contracts"),
            *(
                contract(contract_id=f"C-{n}", supplier=name, contract_manager="Jo Officer" if n < 3 else "Ali Khan")
                for n, name in enumerate(names, 1)
            ),
        ],
        Providers=[headers("Providers"), *(provider(provider=name) for name in names)],
        Policies=[
            headers("Policies"),
            *(row("Policies", provider=name, whistleblowing_policy_reviewed=date(2023, 10, 15)) for name in names),
        ],
    )
    out = tmp_path / "build"
    build_sites(write_xlsx(tmp_path / "wb.xlsx", sheets), out)
    page = (out / "internal" / "coming-up.html").read_text(encoding="utf-8")
    policy_rows = [r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "whistleblowing" in r]
    assert len(policy_rows) == 1
    assert "<strong>3 providers</strong>: " in policy_rows[0]
    for slug in ("acme-care-ltd", "best-care-ltd", "cedar-care-ltd"):
        assert f'href="providers/{slug}.html"' in policy_rows[0]
    assert "Ali Khan, Jo Officer" in text(policy_rows[0])
    mine = (out / "internal" / "managers" / "jo-officer.html").read_text(encoding="utf-8")
    (row_of_jo,) = [r for r in re.findall(r"<tr>(.*?)</tr>", mine, re.S) if "whistleblowing" in r]
    assert "<strong>2 providers</strong>: " in row_of_jo
    assert "Cedar Care Ltd" not in row_of_jo  # Ali Khan's provider
