"""The pages state the intervals and thresholds the build applied, from the settings in force and the rules.

No template spells "24 months" or "£10 million" itself: change a Setting in the workbook and the
sentences that explain the rules change with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_commissioning.sites.views import facts
from safe_commissioning.sites.views.facts import insurance_minimums, page_facts
from safe_commissioning.workbook.records import Settings

from .conftest import minimal_sheets, write_xlsx
from .sites import build_sites


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both sites of a workbook whose self-assessment and high-risk thematic intervals are not the defaults."""
    folder = tmp_path_factory.mktemp("facts")
    sheets = minimal_sheets()
    sheets["Settings"] = [
        *sheets["Settings"],
        ["Self-assessment interval (months)", 18],
        ["Thematic check interval High (months)", 3],
    ]
    build_sites(write_xlsx(folder / "facts.xlsx", sheets), folder / "build")
    return folder / "build"


def page(built: Path, path: str) -> str:
    return (built / path).read_text(encoding="utf-8")


def test_the_methodology_counts_months_with_the_self_assessment_interval_in_force(built: Path) -> None:
    methodology = page(built, "internal/methodology.html")
    assert "within 18 months of 30 June 2025 means on or after 30 December 2023" in methodology
    assert "24 months" not in methodology


def test_the_providers_page_says_the_intervals_in_force(built: Path) -> None:
    working = page(built, "public/working-with-us.html")
    assert "we check for one within 18 months" in working
    assert "every 3 months for high risk" in working


def test_the_default_facts_read_as_the_pages_always_said_them() -> None:
    said = page_facts(Settings())
    assert (said.expectations, said.expectations_words, said.clause_elements_words) == (6, "six", "ten")
    assert (said.expiring_soon_words, said.schedule_grace_words) == ("six months", "one month")
    assert said.expiry_bands == "Expired (below 0), 0–90, 91–180, 181–365, over 365"
    assert said.counting_example == "within 24 months of 30 June 2025 means on or after 30 June 2023"
    assert said.insurance_minimums == (
        "Employer's liability and public liability of at least £10 million each, "
        "and professional indemnity of at least £2 million"
    )


def test_the_insurance_sentence_follows_the_rules_minimums(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        facts,
        "INSURANCE_MINIMUMS",
        (
            ("employers_liability", "employer's liability", 5_000_000.0),
            ("public_liability", "public liability", 10_000_000.0),
            ("professional_indemnity", "professional indemnity", 2_500_000.0),
        ),
    )
    assert insurance_minimums() == (
        "Public liability of at least £10 million, employer's liability of at least £5 million, "
        "and professional indemnity of at least £2.5 million"
    )
