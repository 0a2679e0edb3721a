"""serve keeps the last build's assessments: one is reused only when every input its rules read is unchanged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from safe_commissioning.digests import fingerprint
from safe_commissioning.rules.assessment import KeptAssessments, assess
from safe_commissioning.workbook.records import Settings, Workbook

from .test_rules import GOOD_CONTRACT, GOOD_EVIDENCE, GOOD_MEETINGS, GOOD_POLICIES, GOOD_PROVIDER, REPORT, workbook_of
from .test_rules import staff as dbs_row

OTHER = replace(GOOD_CONTRACT, row=3, contract_id="C-2", title="Short breaks")
BASE = workbook_of(
    contracts=(GOOD_CONTRACT, OTHER),
    safeguarding=(GOOD_EVIDENCE, replace(GOOD_EVIDENCE, row=3, contract_id="C-2")),
)


def _contract_one(workbook: Workbook, **changes: Any) -> Workbook:
    return replace(workbook, contracts=(replace(GOOD_CONTRACT, **changes), OTHER))


EDITS: dict[str, Callable[[Workbook], Workbook]] = {
    "a contract's own cell": lambda w: _contract_one(w, risk="Low"),
    "a Safeguarding row": lambda w: replace(
        w, safeguarding=(replace(GOOD_EVIDENCE, self_assessment_date=None), *w.safeguarding[1:])
    ),
    "a monitoring meeting": lambda w: replace(
        w, monitoring=(replace(GOOD_MEETINGS[0], meeting_date=date(2023, 1, 1)),)
    ),
    "a DBS row": lambda w: replace(w, dbs=(dbs_row(certificate_number=None),)),
    "the provider's policies": lambda w: replace(
        w, policies=(replace(GOOD_POLICIES, safeguarding_policy_reviewed=None),)
    ),
    "the provider's record": lambda w: replace(w, providers=(replace(GOOD_PROVIDER, ofsted_rating="Inadequate"),)),
    "a setting": lambda w: replace(w, settings=Settings(report_date=REPORT, policy_months=1)),
    "the report date": lambda w: replace(w, report_date=date(2026, 6, 30)),
    # the cells a result cites are this workbook's own columns: a moved column changes every citation
    "the column layout": lambda w: replace(w, columns={"Safeguarding": {"self_assessment_date": "Z"}}),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_assessment_through_kept_ones_equals_a_fresh_one_after_any_edit(
    edit: Callable[[Workbook], Workbook],
) -> None:
    kept = KeptAssessments()
    assess(BASE, kept)
    edited = edit(BASE)
    assert fingerprint(assess(edited, kept)) == fingerprint(assess(edited))


def test_only_what_an_edit_touches_is_assessed_again() -> None:
    kept = KeptAssessments()
    first = assess(BASE, kept)
    again = assess(BASE, kept)
    assert kept.reused == 3  # both contracts and their provider
    assert again.by_contract["C-2"] is first.by_contract["C-2"]
    edited = assess(EDITS["a monitoring meeting"](BASE), kept)
    assert kept.reused == 2  # C-1's meeting changed; C-2 and the provider did not
    assert edited.by_contract["C-2"] is first.by_contract["C-2"]
    assert edited.by_contract["C-1"] is not first.by_contract["C-1"]
    assess(EDITS["the provider's policies"](BASE), kept)
    assert kept.reused == 0  # every contract reads its provider's results


def test_a_value_equal_but_of_another_type_counts_as_an_edit() -> None:
    kept = KeptAssessments()
    assess(BASE, kept)
    edited = replace(BASE, providers=(replace(GOOD_PROVIDER, employers_liability=10_000_000),))  # int, not float
    assert edited == BASE  # what `==` cannot tell apart, the digest must
    assert fingerprint(assess(edited, kept)) == fingerprint(assess(edited))
    assert kept.reused == 0


def test_a_page_s_digest_counts_a_kept_assessment_as_the_digest_of_its_inputs() -> None:
    first, again = assess(BASE).by_contract["C-1"], assess(BASE).by_contract["C-1"]
    assert first is not again
    page = {"c": first, "title": "C-1"}
    same = fingerprint(page, known={id(first): (first, b"inputs")})
    assert same == fingerprint({"c": again, "title": "C-1"}, known={id(again): (again, b"inputs")})
    assert same != fingerprint({"c": again, "title": "C-1"}, known={id(again): (again, b"other inputs")})
    assert same != fingerprint(page)  # pickled whole without it
    # an id alone is not enough: only the very object counts as its digest
    assert fingerprint(page, known={id(first): (again, b"inputs")}) == fingerprint(page)
