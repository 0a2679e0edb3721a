"""Safety and truth on the dashboard: one definition per count, everywhere; missing data never reads as reassuring.

One small workbook holds a red, an amber and a green active contract that work with children,
an expired one and one that does not work with children, so every count differs from the
others and a page that counts the wrong group shows the wrong number.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from safe_commissioning.pipeline import BuildResult, summary
from safe_commissioning.rules.assessment import assess
from safe_commissioning.rules.catalogue import RULE_IDS
from safe_commissioning.sites.views.groups import contract_groups
from safe_commissioning.sites.views.headlines import headlines
from safe_commissioning.words import NOT_RECORDED
from safe_commissioning.workbook.reading import parse_workbook, validate

from .conftest import (
    CLAUSE_FIELDS,
    OPTIONAL_SHEETS,
    POLICY_REVIEW_FIELDS,
    Rows,
    complete_sheets,
    contract,
    headers,
    provider,
    row,
    write_xlsx,
)
from .sites import TODAY, build_sites

CLAUSES = dict.fromkeys(CLAUSE_FIELDS, "Yes")
INSURED = {
    "organisation_type": "Company",
    "employers_liability": 10_000_000,
    "public_liability": 10_000_000,
    "professional_indemnity": 2_000_000,
    "insurance_expiry_date": date(2025, 6, 30),
}
POLICY_DATES = dict.fromkeys(POLICY_REVIEW_FIELDS, date(2024, 6, 1))
PROVIDERS = {
    "Good Care Ltd": "Good",
    "New Care Ltd": "Not yet inspected",
    "Blank Care Ltd": None,
    "Exempt Care Ltd": "Not applicable",
}
RATED = ("G-1", "A-1", "R-1")  # active, working with children: green, amber, red


def evidence(contract_id: str, **changes: object) -> list[object]:
    values: dict[str, object] = {
        "contract_id": contract_id,
        "self_assessment_date": date(2024, 1, 1),
        **CLAUSES,
        "partnership_updates": "Yes",
        "safeguarding_metrics": "Yes",
        "last_thematic_check": date(2024, 6, 1),
    }
    values.update(changes)
    return row("Safeguarding", **values)


def truth_sheets() -> dict[str, Rows]:
    with_children = ("G-1", "A-1", "R-1", "X-1")
    return {
        **complete_sheets(),
        "Contracts": [
            headers("Contracts"),
            contract(contract_id="G-1", title="Green service", supplier="Good Care Ltd"),
            contract(contract_id="A-1", title="Amber service", supplier="New Care Ltd"),
            contract(contract_id="R-1", title="Red service", supplier="Blank Care Ltd", end_date=date(2024, 12, 31)),
            contract(
                contract_id="X-1",
                title="Ended service",
                supplier="Exempt Care Ltd",
                start_date=date(2021, 4, 1),
                end_date=date(2024, 3, 31),
            ),
            contract(contract_id="N-1", title="Office supplies", supplier="Good Care Ltd", works_with_children="No"),
        ],
        "Providers": [
            headers("Providers"),
            *(provider(provider=name, ofsted_rating=rating, **INSURED) for name, rating in PROVIDERS.items()),
        ],
        "Policies": [headers("Policies"), *(row("Policies", provider=name, **POLICY_DATES) for name in PROVIDERS)],
        "Safeguarding": [
            headers("Safeguarding"),
            evidence("G-1"),
            evidence("A-1", partnership_updates=None),  # MS3 not evidenced: amber
            evidence("R-1", self_assessment_date=date(2020, 1, 1)),  # MS1 not met: red
            evidence("X-1", self_assessment_date=date(2020, 1, 1)),  # red, but expired: not counted
        ],
        "DBS": [
            headers("DBS"),
            *(
                row(
                    "DBS",
                    contract_id=cid,
                    staff_reference=f"{cid}-S1",
                    contact_level="Direct",
                    certificate_number="123456789012",
                    issue_date=date(2023, 1, 1),
                )
                for cid in with_children
            ),
        ],
        "Monitoring": [
            headers("Monitoring"),
            *(
                row("Monitoring", contract_id=cid, meeting_date=date(2024, 8, 15), safeguarding_discussed="Yes")
                for cid in with_children
            ),
        ],
        "Quality alerts": [
            headers("Quality alerts"),
            row(
                "Quality alerts",
                alert_id="QA-1",
                date_raised=date(2024, 9, 1),
                provider="Blank Care Ltd",
                contract_id="R-1",
                category="Safeguarding concern",
                status="Open",
            ),
        ],
        "Sourcing plan": [
            headers("Sourcing plan"),
            row("Sourcing plan", project="Re-tender the red service", related_contract_id="R-1", status="In progress"),
        ],
    }


@pytest.fixture(scope="module")
def truth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    folder = tmp_path_factory.mktemp("truth")
    out = folder / "build"
    return out, build_sites(write_xlsx(folder / "truth.xlsx", truth_sheets()), out)


def page(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def words(markup: str) -> str:
    """The text of some HTML, tags dropped and spaces squeezed."""
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([:;,.)])", r"\1", text))


def cards(out: Path) -> dict[str, tuple[str, str, bool]]:
    """Each dashboard card: label → (value, link, whether it carries the attention style).

    The Red, Amber and Green cards open the dashboard (the verdict) and their stripe follows their rating.
    """
    found = re.findall(
        r'<a class="sc-card(?: sc-card--(?:red|amber|green))?( sc-card--attention)?" href="([^"]+)"><span class="sc-card__value">([^<]+)</span> '
        r'<span class="sc-card__label">([^<]+)<',
        page(out, "internal/index.html"),
    )
    return {html.unescape(label): (value, link, bool(attention)) for attention, link, value, label in found}


def section(markup: str, anchor: str) -> str:
    """The HTML from the heading with id `anchor` to the next heading of the same or a higher level."""
    start = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"', markup)
    assert start is not None, f"no heading #{anchor}"
    level = int(start[1])
    end = re.compile(rf"<h[1-{level}][ >]").search(markup, start.end())
    return markup[start.start() : end.start() if end else len(markup)]


def contract_ids(markup: str) -> list[str]:
    """The contracts linked from a piece of a page, in order, each once."""
    ids = re.findall(r'href="(?:\.\./)*contracts/([a-z0-9-]+)\.html"', markup)
    return list(dict.fromkeys(i.upper() for i in ids if i != "index"))


# --- One definition per count -------------------------------------------------------------------------------


def test_the_cli_summary_counts_the_rated_contracts_and_says_what_it_leaves_out(
    truth: tuple[Path, BuildResult],
) -> None:
    out, result = truth
    assert summary(result, out)[0] == (
        "Built 5 contracts as of 2024-09-30. Of the 3 active contracts working with children: "
        "1 red, 1 amber, 1 green. Not counted: 1 expired, 1 that does not work with children."
    )


@pytest.mark.parametrize(("card", "anchor"), [("Red", "red"), ("Amber", "amber"), ("Green", "green")])
def test_each_rag_count_is_the_same_on_the_dashboard_the_compliance_page_and_the_cli(
    truth: tuple[Path, BuildResult], card: str, anchor: str
) -> None:
    out, result = truth
    value, _, _ = cards(out)[card]
    assert value == "1"
    heading = words(section(page(out, "internal/compliance.html"), anchor)).split(".")[0]
    assert heading.startswith(f"{card}: 1 contract ")
    assert f"1 {card.lower()}" in summary(result, out)[0]


def test_the_rated_count_is_the_same_everywhere_and_says_what_it_counts(truth: tuple[Path, BuildResult]) -> None:
    out, result = truth
    phrase = "3 active contracts working with children"
    value, _, _ = cards(out)["Contracts in scope"]
    assert value == "3"
    assert phrase in summary(result, out)[0]
    for path in ("internal/compliance.html", "internal/contracts/index.html", "internal/data-quality.html"):
        assert phrase in words(page(out, path)), path
    compliance = page(out, "internal/compliance.html")
    assert contract_ids(section(compliance, "rated")) == ["R-1", "A-1", "G-1"]  # 3 rows under "3 … contracts"


def test_every_contract_count_agrees_from_the_cli_to_the_public_home_page(truth: tuple[Path, BuildResult]) -> None:
    out, result = truth
    assert summary(result, out)[0].startswith("Built 5 contracts")
    index = words(page(out, "internal/contracts/index.html"))
    assert "All 5 contracts on the Contracts sheet on 30 Sep 2024: 4 active, 0 not started, 1 expired." in index
    assert "5 are published on the public register." in index
    assert "5 contracts on the Contracts sheet" in words(page(out, "internal/data-quality.html"))
    public = words(page(out, "public/index.html"))
    assert "5 Contracts on the register published contracts: 4 running, 1 ended on 30 September 2024" in public


def test_expired_contracts_are_listed_apart_from_the_rated_ones(truth: tuple[Path, BuildResult]) -> None:
    out, _ = truth
    compliance = page(out, "internal/compliance.html")
    assert contract_ids(section(compliance, "expired")) == ["X-1"]
    assert "X-1" not in contract_ids(section(compliance, "rated"))
    index = page(out, "internal/contracts/index.html")
    assert contract_ids(section(index, "expired")) == ["X-1"]
    assert contract_ids(section(index, "active")) == ["A-1", "G-1", "N-1", "R-1"]


@pytest.mark.parametrize(("card", "expected"), [("Red", ["R-1"]), ("Amber", ["A-1"]), ("Green", ["G-1"])])
def test_each_rag_card_links_to_a_list_of_exactly_its_contracts(
    truth: tuple[Path, BuildResult], card: str, expected: list[str]
) -> None:
    out, _ = truth
    _, link, _ = cards(out)[card]
    address, anchor = html.unescape(link).split("#")
    path, _, query = address.partition("?")
    assert contract_ids(section(page(out, f"internal/{path}"), anchor)) == expected
    # and the link opens the compliance matrix filtered to exactly what the card counts (see tables.js)
    assert parse_qs(query) == {"rag": [card.lower()], "status": ["active"]}


def test_the_dashboard_cards_are_the_views_headline_figures(truth: tuple[Path, BuildResult]) -> None:
    out, result = truth
    shown = {label: (value, html.unescape(link), attention) for label, (value, link, attention) in cards(out).items()}
    rated = ("red", "amber", "green")  # in the verdict: their stripe follows their rating, not the attention style
    assert shown == {h.label: (h.value, h.link, h.attention and h.key not in rated) for h in result.view.headlines}


def test_only_cards_that_need_action_carry_the_attention_style(truth: tuple[Path, BuildResult]) -> None:
    out, _ = truth
    shown = cards(out)
    markup = page(out, "internal/index.html")
    for rag in ("red", "amber", "green"):  # the rating cards' stripes follow their rating (the issue: Amber was red)
        assert f'<a class="sc-card sc-card--{rag}" href="compliance.html?rag={rag}&status=active#{rag}">' in markup
    assert shown["Staff with expired DBS"][:1] == ("0",)
    assert not shown["Staff with expired DBS"][2]
    assert shown["Monitoring overdue"][:1] == ("0",)
    assert not shown["Monitoring overdue"][2]


def test_the_decisions_card_links_to_exactly_the_passed_decisions(truth: tuple[Path, BuildResult]) -> None:
    out, _ = truth
    value, link, _ = cards(out)["Decisions overdue"]
    path, anchor = link.split("#")
    assert contract_ids(section(page(out, f"internal/{path}"), anchor)) == ["R-1"]
    assert value == "1"


# --- Missing data is never a reassuring zero ------------------------------------------------------------------

SHEET_CARDS = {
    "DBS": "Staff with expired DBS",
    "Monitoring": "Monitoring overdue",
    "Placements": "Active placements",
    "Quality alerts": "Open quality alerts",
}


def figures(tmp_path: Path, sheets: dict[str, Rows]) -> dict[str, tuple[str, bool]]:
    parsed = parse_workbook(write_xlsx(tmp_path / "wb.xlsx", sheets), as_of=None, today=TODAY)
    workbook = validate(parsed)
    assert workbook is not None, parsed.report.summary()
    assessment = assess(workbook)
    return {h.label: (h.value, h.attention) for h in headlines(assessment, contract_groups(assessment))}


@pytest.mark.parametrize("sheet", SHEET_CARDS)
def test_a_card_from_an_absent_sheet_says_not_recorded_calmly(tmp_path: Path, sheet: str) -> None:
    sheets = complete_sheets()
    del sheets[sheet]
    assert figures(tmp_path, sheets)[SHEET_CARDS[sheet]] == (NOT_RECORDED, False)


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        ("DBS", "0"),
        ("Placements", "0"),
        ("Quality alerts", "0"),
        ("Monitoring", "1"),  # present but empty: the one contract has had no meeting, so it is overdue
    ],
)
def test_a_card_from_a_present_but_empty_sheet_shows_its_real_count(tmp_path: Path, sheet: str, expected: str) -> None:
    assert figures(tmp_path, complete_sheets())[SHEET_CARDS[sheet]][0] == expected


def test_the_dashboard_and_compliance_page_say_not_recorded_when_the_sheets_are_absent(tmp_path: Path) -> None:
    sheets = {name: rows for name, rows in complete_sheets().items() if name not in OPTIONAL_SHEETS}
    out = tmp_path / "build"
    build_sites(write_xlsx(tmp_path / "bare.xlsx", sheets), out)
    shown = cards(out)
    for label in SHEET_CARDS.values():
        assert shown[label][0] == "Not recorded", label
        assert not shown[label][2], label
    compliance = page(out, "internal/compliance.html")
    assert "the workbook has no DBS sheet" in words(section(compliance, "dbs"))
    assert "Every member of staff" not in words(section(compliance, "dbs"))
    assert "the workbook has no Monitoring sheet" in words(section(compliance, "monitoring"))


# --- OFS in words --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contract_id", "expected"),
    [("A-1", "○ Not yet inspected"), ("R-1", "○ Not recorded"), ("X-1", "– Not applicable"), ("G-1", "✔ Good")],
)
def test_the_ofsted_rule_is_shown_in_words_never_as_a_met_tick(
    truth: tuple[Path, BuildResult], contract_id: str, expected: str
) -> None:
    out, _ = truth
    rules = page(out, f"internal/contracts/{contract_id.lower()}.html")
    cell = re.search(r'<th scope="row">OFS [^<]*</th><td[^>]*>(.*?)</td>', rules)
    assert cell is not None
    assert words(cell[1]) == expected
    matrix_row = re.search(
        rf"contracts/{contract_id.lower()}\.html.*?</tr>", page(out, "internal/compliance.html"), re.S
    )
    assert matrix_row is not None
    rule_cells = re.findall(r'<td data-sort="\d" title="[^"]*">(.*?)</td>', matrix_row[0])
    # The matrix is compact (symbol and a short word); its whole verdict is there for screen readers.
    symbol, label = expected.split(" ", 1)
    shown = words(rule_cells[RULE_IDS.index("OFS")]).replace("\u00a0", " ")
    assert shown.startswith(symbol + " "), shown
    assert label in shown, shown
    assert "✔ Met" not in shown


# --- The contract page ---------------------------------------------------------------------------------------


def test_a_contract_page_opens_with_its_rating_and_the_reasons(truth: tuple[Path, BuildResult]) -> None:
    out, _ = truth
    markup = page(out, "internal/contracts/r-1.html")
    first = re.search(r'<h2 id="([a-z-]+)"', markup)
    assert first is not None
    assert first[1] == "rating"
    rating = words(section(markup, "rating"))
    assert rating.startswith("Rating: ✖ Red")
    assert "MS1 Partnership self-assessment: ✖ Not met (makes it ✖ Red)" in rating
    assert "QA-1: Safeguarding concern, raised 1 Sep 2024, still open" in rating
    assert "OFS Ofsted rating: ○ Not recorded (does not affect the rating)" in rating
    assert markup.index('id="rating"') < markup.index('id="contract"')


def test_a_passed_decision_date_says_passed(truth: tuple[Path, BuildResult]) -> None:
    out, _ = truth
    assert "Re-procurement decision due 31 Mar 2024 — passed" in words(page(out, "internal/contracts/r-1.html"))
    assert "— passed" not in words(page(out, "internal/contracts/g-1.html"))


def test_in_progress_is_shown_as_in_progress_never_as_planned(truth: tuple[Path, BuildResult]) -> None:
    out, _ = truth
    decisions = words(section(page(out, "internal/expiries.html"), "decisions-due"))
    red_row = decisions[decisions.index("R-1 Red service") :][:200]
    assert "In progress" in red_row
    assert "Planned" not in red_row
    assert "In progress" in words(section(page(out, "internal/expiries.html"), "decisions-passed"))
    assert "Re-tender the red service: In progress" in words(page(out, "internal/contracts/r-1.html"))
    for path in ("internal/sourcing-plan.html", "public/sourcing-plan.html"):
        plan = words(page(out, path))
        assert "In progress" in plan, path
        assert "Planned" not in plan, path
