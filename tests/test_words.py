"""The product's vocabulary (words.py): every page, data file, feed and the committee pack write these the same way."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from safe_commissioning.rules.provider_assurance import insurance
from safe_commissioning.words import (
    a_or_an,
    and_list,
    article,
    capitalised,
    days_text,
    first_of,
    govuk_date,
    in_sentence,
    iso_date,
    long_date,
    noun,
    percent,
    plural,
    pounds,
    short_pounds,
    shortened,
    with_article,
    yes_no,
    yes_no_word,
)

from .test_rules import GOOD_PROVIDER


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 contracts"), (1, "1 contract"), (2, "2 contracts"), (-1, "-1 contracts")],
)
def test_plural(count: int, expected: str) -> None:
    assert plural(count, "contract") == expected


@pytest.mark.parametrize(("count", "expected"), [(0, "0 policies"), (1, "1 policy"), (2, "2 policies")])
def test_plural_with_its_own_plural_form(count: int, expected: str) -> None:
    assert plural(count, "policy", "policies") == expected


def test_noun_alone() -> None:
    assert [noun(n, "part") for n in (1, 2)] == ["part", "parts"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12500, "£12,500"),
        (12500.0, "£12,500"),
        (12500.5, "£12,500.50"),
        (0.05, "£0.05"),
        (0, "£0"),
        (1_234_567.891, "£1,234,567.89"),
        (None, ""),
    ],
)
def test_pounds(value: float | None, expected: str) -> None:
    assert pounds(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10_000_000, "£10m"), (2_500_000, "£2.5m"), (2_550_000, "£2,550,000"), (12500.5, "£12,500.50"), (None, "")],
)
def test_short_pounds(value: float | None, expected: str) -> None:
    assert short_pounds(value) == expected


@pytest.mark.parametrize(
    ("part", "whole", "places", "expected"),
    [(1, 3, 0, "33%"), (1, 3, 1, "33.3%"), (1, 2, 1, "50.0%"), (0, 0, 0, "–"), (3, 3, 0, "100%")],
)
def test_percent(part: int, whole: int, places: int, expected: str) -> None:
    assert percent(part, whole, places) == expected


def test_yes_no_never_turns_a_blank_into_no() -> None:
    assert [yes_no(True), yes_no(False), yes_no(None)] == ["Yes", "No", "Not recorded"]
    assert yes_no(None, blank="") == ""
    assert [yes_no_word(True), yes_no_word(False)] == ["yes", "no"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("NHS body", "an NHS body"),  # an initialism said letter by letter: "en-aitch-ess"
        ("SME", "an SME"),
        ("URN", "a URN"),
        ("IFA", "an IFA"),
        ("DBS certificate number", "a DBS certificate number"),
        ("Annual value", "an Annual value"),
        ("other", "an other"),
        ("local authority", "a local authority"),
        ("Title", "a Title"),
    ],
)
def test_article_before_initialisms_and_vowels(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected
    assert article(phrase) == expected.split(" ", 1)[0]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Local authority", "local authority"),
        ("NHS body", "NHS body"),
        ("Community interest company", "community interest company"),
    ],
)
def test_a_label_inside_a_sentence_keeps_its_initialisms(label: str, expected: str) -> None:
    assert in_sentence(label) == expected


def test_a_listed_type_after_its_article() -> None:
    assert a_or_an("NHS body", opening=True) == "An NHS body"
    assert a_or_an("Local authority") == "a local authority"
    assert a_or_an("IFA", opening=True) == "An IFA"
    assert capitalised("an NHS body") == "An NHS body"


@pytest.mark.parametrize(
    ("organisation_type", "expected"),
    [
        ("NHS body", "An NHS body is not asked for insurance certificates."),
        ("Local authority", "A local authority is not asked for insurance certificates."),
    ],
)
def test_ins_names_an_exempt_provider_with_the_right_article(organisation_type: str, expected: str) -> None:
    result = insurance(replace(GOOD_PROVIDER, organisation_type=organisation_type), date(2024, 9, 30))
    assert result.detail == expected


def test_dates() -> None:
    day = date(2024, 11, 28)
    assert (iso_date(day), long_date(day), govuk_date(day)) == ("2024-11-28", "28 Nov 2024", "28 November 2024")
    assert (iso_date(None), long_date(None), govuk_date(None)) == ("", "", "")


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, "today"), (1, "in 1 day"), (59, "in 59 days"), (-1, "1 day ago"), (-183, "183 days ago")],
)
def test_days_text(days: int, expected: str) -> None:
    assert days_text(days) == expected


@pytest.mark.parametrize(
    ("items", "said"),
    [([], ""), (["MS1"], "MS1"), (["MS1", "MS2"], "MS1 and MS2"), (["MS1", "MS2", "MS3"], "MS1, MS2 and MS3")],
)
def test_a_list_in_a_sentence_joins_its_last_item_with_and(items: list[str], said: str) -> None:
    assert and_list(items) == said


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("OFFICIAL", 8, "OFFICIAL"),
        ("OFFICIAL-SENSITIVE", 8, "OFFICIA…"),
        ("東京😀東京", 4, "東京😀…"),
        ("", 3, ""),
    ],
)
def test_shortened_cuts_to_the_limit_with_an_ellipsis(text: str, limit: int, expected: str) -> None:
    assert shortened(text, limit) == expected
    assert len(shortened(text, limit)) <= limit


@pytest.mark.parametrize(
    ("items", "shown", "said"),
    [
        ([], 3, ""),
        (["S1", "S2"], 3, "S1, S2"),
        (["S1", "S2", "S3"], 3, "S1, S2, S3"),
        (["S1", "S2", "S3", "S4", "S5"], 3, "S1, S2, S3 and 2 more"),
    ],
)
def test_first_of_names_some_and_counts_the_rest(items: list[str], shown: int, said: str) -> None:
    assert first_of(items, shown) == said
