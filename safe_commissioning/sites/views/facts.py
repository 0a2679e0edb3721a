"""The intervals and thresholds the pages state, from the settings in force and the rules' constants.

Templates print these facts instead of spelling "6 months" or "£10 million" themselves, so a page
always says what the build measured against: change a Setting, and the sentence changes with it.
The phrases are the product's own words, never workbook text; the two with punctuation that the
pages' Markdown escape would spell as character references (an apostrophe, brackets) are `Markup`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from safe_commissioning.dates import months_before
from safe_commissioning.rules.catalogue import MINIMUM_EXPECTATIONS
from safe_commissioning.rules.expiry import EXPIRY_BANDS
from safe_commissioning.rules.positions import SCHEDULE_GRACE_MONTHS
from safe_commissioning.rules.provider_assurance import INSURANCE_MINIMUMS
from safe_commissioning.sites.views.groups import EXPIRING_SOON_MONTHS
from safe_commissioning.words import capitalised, govuk_date, in_words, noun, plural, pounds_in_words
from safe_commissioning.workbook.records import Settings
from safe_commissioning.workbook.schema.choices import CLAUSE_ELEMENTS

# The report date of the methodology's worked example of "within N months" (a month end, as most are).
EXAMPLE_REPORT_DATE = date(2025, 6, 30)


@dataclass(frozen=True)
class Facts:
    """What the pages say about the rules, in the words they say it."""

    expectations: int  # how many minimum expectations there are (MS1–MS6)
    expectations_words: str  # `six`
    clause_elements_words: str  # `ten`: the elements of the standard safeguarding clause
    expiring_soon_months: int  # the dashboard's "Expiring within N months"
    expiring_soon_words: str  # `six months`
    schedule_grace_words: str  # `one month`: how far past its period a monitoring meeting may be
    insurance_minimums: Markup  # `Employer's liability and public liability of at least £10 million each, and …`
    expiry_bands: Markup  # `Expired (below 0), 0–90, 91–180, 181–365, over 365`
    counting_example: str  # `within 24 months of 30 June 2025 means on or after 30 June 2023`


def page_facts(settings: Settings) -> Facts:
    """The facts of the rules as this build applies them: `settings` are the ones in force."""
    months = settings.self_assessment_months
    since = months_before(EXAMPLE_REPORT_DATE, months)
    return Facts(
        expectations=len(MINIMUM_EXPECTATIONS),
        expectations_words=in_words(len(MINIMUM_EXPECTATIONS)),
        clause_elements_words=in_words(len(CLAUSE_ELEMENTS)),
        expiring_soon_months=EXPIRING_SOON_MONTHS,
        expiring_soon_words=_months_in_words(EXPIRING_SOON_MONTHS),
        schedule_grace_words=_months_in_words(SCHEDULE_GRACE_MONTHS),
        insurance_minimums=insurance_minimums(),
        expiry_bands=Markup(", ".join(_band_range(band) for band in EXPIRY_BANDS)),
        counting_example=f"within {plural(months, 'month')} of {govuk_date(EXAMPLE_REPORT_DATE)} means on or after "
        f"{govuk_date(since)}",
    )


def insurance_minimums() -> Markup:
    """The INS minimums as a sentence, covers with the same minimum together, largest first."""
    by_amount: dict[float, list[str]] = {}
    for _, label, minimum in INSURANCE_MINIMUMS:
        by_amount.setdefault(minimum, []).append(label)
    parts = [
        f"{' and '.join(labels)} of at least {pounds_in_words(amount)}{' each' if len(labels) > 1 else ''}"
        for amount, labels in sorted(by_amount.items(), reverse=True)
    ]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
    return Markup(capitalised(text))


def _months_in_words(months: int) -> str:
    return f"{in_words(months)} {noun(months, 'month')}"


def _band_range(band: str) -> str:
    """`0-90` → `0–90`; the bands are reference §3.3's, named by their days to expiry."""
    if band == "expired":
        return "Expired (below 0)"
    return band.replace("over-", "over ").replace("-", "–")
