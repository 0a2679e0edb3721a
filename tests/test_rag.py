"""The contract RAG of SPEC §3.3, table by table.

Red if any MS rule is not_met or the provider's OFS is not_met; otherwise Amber if any MS rule is
partly_met or not_evidenced, or POL or INS is partly_met, not_met or not_evidenced; otherwise Green.
OFS appears only in the Red condition, so an Ofsted rating that is not recorded leaves a contract green.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import cast

import pytest

from safe_commissioning.rules.rag import rag
from safe_commissioning.rules.results import RuleResult, Status

from .test_rules import (
    GOOD_CONTRACT,
    GOOD_PROVIDER,
    RULES,
    assess_contract,
    evidence,
    reviews,
    staff,
)

MS = ("MS1", "MS2", "MS3", "MS4", "MS5", "MS6")
# The statuses each rule can give (SPEC §3.1 and §3.2): MS1, MS3 and MS6 are never partly_met.
POSSIBLE = {
    "MS1": ("met", "not_met", "not_evidenced"),
    "MS2": ("met", "partly_met", "not_met", "not_evidenced"),
    "MS3": ("met", "not_met", "not_evidenced"),
    "MS4": ("met", "partly_met", "not_met", "not_evidenced"),
    "MS5": ("met", "partly_met", "not_met", "not_evidenced"),
    "MS6": ("met", "not_met", "not_evidenced"),
    "POL": ("met", "partly_met", "not_met", "not_evidenced"),
    "OFS": ("met", "not_met", "not_evidenced", "not_applicable"),
    "INS": ("met", "not_met", "not_evidenced", "not_applicable"),
}


def rated(**changed: str) -> str:
    """The RAG of a contract whose rules are all met except those given."""
    results = [RuleResult(rule, Status(changed.get(rule, "met")), "detail") for rule in RULES]
    return str(rag(results).value)


# SPEC §3.3 for a contract with one rule short, read rule family by rule family.
ONE_SHORT = {
    **{rule: {"partly_met": "amber", "not_met": "red", "not_evidenced": "amber"} for rule in MS},
    "POL": {"partly_met": "amber", "not_met": "amber", "not_evidenced": "amber"},
    "OFS": {"not_met": "red", "not_evidenced": "green", "not_applicable": "green"},
    "INS": {"not_met": "amber", "not_evidenced": "amber", "not_applicable": "green"},
}
SINGLE = [
    pytest.param({rule: value}, ONE_SHORT[rule][value], id=f"{rule} {value}")
    for rule, values in POSSIBLE.items()
    for value in values
    if value != "met"
]


def test_all_met_is_green() -> None:
    assert rated() == "green"


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        pytest.param({"OFS": "not_evidenced"}, "green", id="OFS not_evidenced alone stays green"),
        pytest.param({"INS": "not_applicable"}, "green", id="INS not_applicable (Local authority, NHS body)"),
        pytest.param({"OFS": "not_evidenced", "INS": "not_applicable"}, "green", id="both at once"),
    ],
)
def test_green(changed: dict[str, str], expected: str) -> None:
    assert rated(**changed) == expected


@pytest.mark.parametrize(("changed", "expected"), [c for c in SINGLE if c.values[1] != "red"])
def test_one_rule_short_gives_amber_or_green(changed: dict[str, str], expected: str) -> None:
    assert rated(**changed) == expected


@pytest.mark.parametrize(("changed", "expected"), [c for c in SINGLE if c.values[1] == "red"])
def test_one_rule_not_met_gives_red(changed: dict[str, str], expected: str) -> None:
    assert rated(**changed) == expected


def test_the_single_rule_table_has_the_expected_shape() -> None:
    """Every MS not_met and OFS not_met is red; POL and INS not_met are only amber."""
    reds = sorted(rule for c in SINGLE if c.values[1] == "red" for rule in cast(dict[str, str], c.values[0]))
    assert reds == sorted([*MS, "OFS"])
    assert rated(POL="not_met") == rated(INS="not_met") == "amber"


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        pytest.param({"MS1": "not_met", "POL": "not_evidenced"}, "red", id="red wins over amber"),
        pytest.param({"OFS": "not_met", "MS2": "partly_met", "INS": "not_met"}, "red", id="OFS red wins over amber"),
        pytest.param({"MS4": "partly_met", "OFS": "not_evidenced"}, "amber", id="amber with OFS not_evidenced"),
        pytest.param({"POL": "not_met", "INS": "not_met"}, "amber", id="POL and INS not_met are amber, not red"),
        pytest.param(dict.fromkeys(MS, "not_evidenced"), "amber", id="no evidence at all is amber"),
    ],
)
def test_combinations(changed: dict[str, str], expected: str) -> None:
    assert rated(**changed) == expected


# --- The same, through the whole assessment of a contract ------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param({"provider": replace(GOOD_PROVIDER, ofsted_rating=None)}, "green", id="Ofsted rating blank"),
        pytest.param(
            {"provider": replace(GOOD_PROVIDER, ofsted_rating="Not yet inspected")}, "green", id="not yet inspected"
        ),
        pytest.param({"provider": replace(GOOD_PROVIDER, ofsted_rating="Not applicable")}, "green", id="Ofsted n/a"),
        pytest.param(
            {"provider": replace(GOOD_PROVIDER, organisation_type="Local authority", employers_liability=None)},
            "green",
            id="Local authority without insurance",
        ),
        pytest.param(
            {"provider": replace(GOOD_PROVIDER, organisation_type="NHS body", insurance_expiry_date=None)},
            "green",
            id="NHS body without insurance",
        ),
    ],
)
def test_assessed_green(kwargs: dict[str, object], expected: str) -> None:
    assert assess_contract(**kwargs).rag.value == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        pytest.param({"policies": None}, "amber", id="no Policies row: POL not_evidenced"),
        pytest.param({"policies": reviews(*[date(2020, 1, 1)] * 8)}, "amber", id="POL not_met"),
        pytest.param({"policies": reviews(*[date(2025, 1, 1)] * 7, date(2020, 1, 1))}, "amber", id="POL partly_met"),
        pytest.param({"provider": replace(GOOD_PROVIDER, public_liability=1.0)}, "amber", id="INS not_met"),
        pytest.param(
            {
                "provider": replace(
                    GOOD_PROVIDER,
                    employers_liability=None,
                    public_liability=None,
                    professional_indemnity=None,
                    insurance_expiry_date=None,
                )
            },
            "amber",
            id="INS not_evidenced",
        ),
        pytest.param({"evidence": evidence(self_assessment_date=None)}, "amber", id="MS1 not_evidenced"),
        pytest.param({"dbs": [staff()], "evidence": evidence(staff_in_contact=4)}, "amber", id="MS4 partly_met"),
        pytest.param({"evidence": evidence(self_assessment_date=date(2020, 1, 1))}, "red", id="MS1 not_met"),
        pytest.param({"dbs": [staff(certificate_number="")]}, "red", id="MS4 not_met"),
        pytest.param(
            {"provider": replace(GOOD_PROVIDER, ofsted_rating="Inadequate")}, "red", id="provider rated Inadequate"
        ),
    ],
)
def test_assessed_amber_or_red(kwargs: dict[str, object], expected: str) -> None:
    assert assess_contract(**kwargs).rag.value == expected  # type: ignore[arg-type]


def test_not_working_with_children_is_not_applicable_whatever_the_evidence() -> None:
    contract = replace(GOOD_CONTRACT, works_with_children=False)
    provider = replace(GOOD_PROVIDER, ofsted_rating="Inadequate")
    assert assess_contract(contract=contract, provider=provider, evidence=None).rag.value == "not_applicable"
