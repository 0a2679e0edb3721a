"""Provider assurance (POL, OFS, INS): the provider's policies, its Ofsted rating and its insurance.

Pure functions of the provider's records and the report date, like the minimum expectations;
each result carries its elements (a policy, a type of cover) with their own statuses, which the
provider page's tables show as they are.
"""

from __future__ import annotations

from datetime import date

from safe_commissioning.dates import add_months, months_before
from safe_commissioning.rules.results import IGNORED_FUTURE, Cell, Element, RuleResult, Status
from safe_commissioning.words import a_or_an, capitalised, plural, short_pounds
from safe_commissioning.workbook.records import PolicyReviews, Provider
from safe_commissioning.workbook.schema.choices import POLICIES, POLICY_FIELDS

INSURANCE_MINIMUMS = (
    ("employers_liability", "employer's liability", 10_000_000.0),
    ("public_liability", "public liability", 10_000_000.0),
    ("professional_indemnity", "professional indemnity", 2_000_000.0),
)
INSURANCE_EXEMPT = frozenset({"Local authority", "NHS body"})  # organisation types not asked for insurance
INSURANCE_VALID_UNTIL = "Certificates valid until"


def _sentence(text: str) -> str:
    return capitalised(text) + "."


def _policy_element(header: str, field: str, day: date | None, report_date: date, months: int, row: int) -> Element:
    """One policy's last review: within the interval, older, not recorded, or after the report date."""
    name = header.removesuffix(" reviewed")
    cutoff = months_before(report_date, months)
    cells = (Cell("Policies", field, row),)
    if day is None:
        return Element(name, None, Status.NOT_EVIDENCED, "not recorded", cutoff, cells=cells)
    if day > report_date:
        return Element(name, day, Status.NOT_EVIDENCED, IGNORED_FUTURE, cutoff, cells=cells)
    status, note = (Status.MET, "") if day >= cutoff else (Status.NOT_MET, f"before {cutoff.isoformat()}")
    return Element(name, day, status, note, cutoff, add_months(day, months), cells)


def policies_reviewed(reviews: PolicyReviews | None, report_date: date, months: int) -> RuleResult:
    """POL: the provider's eight policies were each reviewed within the policy interval."""
    if reviews is None:
        return RuleResult("POL", Status.NOT_EVIDENCED, "No row on the Policies sheet for this provider.")
    cutoff = months_before(report_date, months)
    elements = tuple(
        _policy_element(header, field, day, report_date, months, reviews.row)
        for (header, _), field, day in zip(POLICIES, POLICY_FIELDS, reviews.reviewed, strict=True)
    )
    current, stale, unknown, future = [], [], [], []
    for (_, short), element in zip(POLICIES, elements, strict=True):
        if element.note == IGNORED_FUTURE:
            future.append(short)
        if element.status is Status.NOT_EVIDENCED:
            unknown.append(short)
        elif element.status is Status.MET:
            current.append(short)
        else:
            assert isinstance(element.value, date)
            stale.append(f"{short} ({element.value.isoformat()})")
    parts = []
    if stale:
        parts.append("not reviewed since before " + cutoff.isoformat() + ": " + ", ".join(stale))
    if unknown:
        parts.append("no review date: " + ", ".join(unknown))
    if future:
        parts.append("dated after the report date and ignored: " + ", ".join(future))
    tail = ("; " + "; ".join(parts)) if parts else ""
    if len(unknown) == len(POLICIES):
        return RuleResult("POL", Status.NOT_EVIDENCED, "No policy review dates recorded" + tail + ".", None, elements)
    if len(current) == len(POLICIES):
        detail = f"All 8 policies reviewed within {plural(months, 'month')} (on or after {cutoff.isoformat()})."
        return RuleResult("POL", Status.MET, detail, None, elements)
    if current:
        detail = f"{len(current)} of 8 policies reviewed within {plural(months, 'month')}{tail}."
        return RuleResult("POL", Status.PARTLY_MET, detail, None, elements)
    return RuleResult(
        "POL", Status.NOT_MET, f"No policy reviewed within {plural(months, 'month')}{tail}.", None, elements
    )


def ofsted(provider: Provider) -> RuleResult:
    """OFS: not met when rated Inadequate; not evidenced when not yet inspected or blank (reference §3.2)."""
    rating = provider.ofsted_rating
    when = f" (inspected {provider.ofsted_inspection_date.isoformat()})" if provider.ofsted_inspection_date else ""
    if rating is None:
        status, detail, label = Status.NOT_EVIDENCED, "No Ofsted rating recorded.", "Not recorded"
    elif rating == "Not yet inspected":
        status, detail, label = Status.NOT_EVIDENCED, "Not yet inspected by Ofsted.", rating
    elif rating == "Not applicable":
        status, detail, label = (
            Status.NOT_APPLICABLE,
            "Ofsted does not inspect this provider (rating: Not applicable).",
            rating,
        )
    elif rating == "Inadequate":
        detail = f"Rated Inadequate by Ofsted{when}: review every active contract and placement with this provider."
        status, label = Status.NOT_MET, rating
    else:
        status, detail, label = Status.MET, f"Ofsted rating: {rating}{when}.", rating
    element = Element(
        "Ofsted rating",
        rating,
        status,
        "not recorded" if rating is None else "",
        cells=(Cell("Providers", "ofsted_rating", provider.row),),
    )
    return RuleResult("OFS", status, detail, label, (element,))


def _insurance_elements(provider: Provider, report_date: date) -> tuple[Element, ...]:
    """Each type of cover against its minimum, and the certificates' expiry against the report date."""
    exempt = provider.organisation_type in INSURANCE_EXEMPT
    exempt_note = f"not asked of {a_or_an(provider.organisation_type or '')}" if exempt else ""
    elements = []
    for field, label, minimum in INSURANCE_MINIMUMS:
        amount: float | None = getattr(provider, field)
        if exempt:
            status, note = Status.NOT_APPLICABLE, exempt_note
        elif amount is None:
            status, note = Status.NOT_EVIDENCED, f"{label} not recorded (minimum {short_pounds(minimum)})"
        elif amount < minimum:
            status, note = (
                Status.NOT_MET,
                f"{label} {short_pounds(amount)} is below the {short_pounds(minimum)} minimum",
            )
        else:
            status, note = Status.MET, ""
        cells = (Cell("Providers", field, provider.row),)
        elements.append(Element(capitalised(label), amount, status, note, minimum, cells=cells))
    expiry = provider.insurance_expiry_date
    if exempt:
        status, note = Status.NOT_APPLICABLE, exempt_note
    elif expiry is None:
        status, note = Status.NOT_EVIDENCED, "no insurance expiry date recorded"
    elif expiry < report_date:
        status, note = Status.NOT_MET, f"insurance expired on {expiry.isoformat()}"
    else:
        status, note = Status.MET, ""
    cells = (Cell("Providers", "insurance_expiry_date", provider.row),)
    due = None if exempt else expiry
    elements.append(Element(INSURANCE_VALID_UNTIL, expiry, status, note, report_date, due, cells))
    return tuple(elements)


def insurance(provider: Provider, report_date: date) -> RuleResult:
    """INS: employer's and public liability of at least £10m, professional indemnity £2m, not expired."""
    elements = _insurance_elements(provider, report_date)
    if provider.organisation_type in INSURANCE_EXEMPT:
        detail = _sentence(f"{a_or_an(provider.organisation_type)} is not asked for insurance certificates")
        return RuleResult("INS", Status.NOT_APPLICABLE, detail, None, elements)
    if all(e.value is None for e in elements):
        return RuleResult("INS", Status.NOT_EVIDENCED, "No insurance cover or expiry date recorded.", None, elements)
    shortfalls = [e.note for e in elements if e.status is not Status.MET]
    if shortfalls:
        return RuleResult("INS", Status.NOT_MET, _sentence("; ".join(shortfalls)), None, elements)
    amounts = [getattr(provider, field) for field, _, _ in INSURANCE_MINIMUMS]
    covered = ", ".join(
        f"{label} {short_pounds(amount)}" for (_, label, _), amount in zip(INSURANCE_MINIMUMS, amounts, strict=True)
    )
    expiry = elements[-1].value
    assert isinstance(expiry, date)
    return RuleResult("INS", Status.MET, _sentence(f"{covered}; valid until {expiry.isoformat()}"), None, elements)
