"""The Procurement Act 2023's central digital platform, Find a Tender: which notice a contract names.

A contract's `Find a Tender notice` may be typed three ways: the notice ID (`012345-2025`), the
notice's address on Find a Tender, or the OCID of its procurement (`ocds-h6vhtk-…`, the platform's
OCDS prefix). Each is read into one `PlatformNotice`; anything else is a warning naming the cell,
shown on the internal site as typed and left out of the open data. The sourcing plan's `Reference`
is checked here too: a published row without one gets a planning ocid made from its project name,
which changes if the project is renamed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.places import NOWHERE, Place, column_index
from safe_commissioning.workbook.findings.report import Finding
from safe_commissioning.workbook.records import Workbook

FIND_A_TENDER = "https://www.find-tender.service.gov.uk"
PLATFORM_PREFIX = "ocds-h6vhtk"
_NOTICE_ID = re.compile(r"\d{6}-\d{4}")
_NOTICE_URL = re.compile(
    r"https://(?:www\.)?find-tender\.service\.gov\.uk/Notice/(\d{6}-\d{4})(?:[/?#][^\s\"'<>]*)?", re.IGNORECASE
)
_OCID = re.compile(PLATFORM_PREFIX + r"-[0-9a-f]{6,}", re.IGNORECASE)
NOTICE_FORMS = (
    "a notice ID such as 012345-2025, its address https://www.find-tender.service.gov.uk/Notice/012345-2025, "
    f"or its OCID such as {PLATFORM_PREFIX}-0a1b2c"
)


@dataclass(frozen=True, slots=True)
class PlatformNotice:
    """A contract's notice on Find a Tender: its notice ID, or the OCID of its procurement, or both."""

    notice_id: str = ""
    ocid: str = ""

    @property
    def url(self) -> str:
        """The notice's page on Find a Tender; for an OCID alone, the platform's OCDS record of the procurement."""
        if self.notice_id:
            return f"{FIND_A_TENDER}/Notice/{self.notice_id}"
        return f"{FIND_A_TENDER}/api/1.0/ocdsRecordPackages/{self.ocid}"

    @property
    def data_url(self) -> str:
        """Where the platform publishes the notice (or the procurement) as OCDS."""
        if self.ocid:
            return f"{FIND_A_TENDER}/api/1.0/ocdsRecordPackages/{self.ocid}"
        return f"{FIND_A_TENDER}/api/1.0/ocdsReleasePackages/{self.notice_id}"

    @property
    def label(self) -> str:
        """How the public page names it: `Notice 012345-2025` or `OCID ocds-h6vhtk-0a1b2c`."""
        return f"Notice {self.notice_id}" if self.notice_id else f"OCID {self.ocid}"


def platform_notice(text: str) -> PlatformNotice | None:
    """The notice `text` names in one of the three forms, or None when it fits none of them."""
    text = text.strip()
    if _NOTICE_ID.fullmatch(text):
        return PlatformNotice(notice_id=text)
    address = _NOTICE_URL.fullmatch(text)
    if address:
        return PlatformNotice(notice_id=address[1])
    if _OCID.fullmatch(text):
        return PlatformNotice(ocid=text.lower())
    return None


def platform_findings(workbook: Workbook) -> list[Finding]:
    """A warning for each Find a Tender notice in no known form, and each published plan row with no Reference."""
    findings = []

    def place(sheet: str, field: str, row: int) -> Place:
        letter = workbook.columns.get(sheet, {}).get(field, "")
        return Place(row, column_index(letter) + 1) if letter else Place(row)

    for contract in workbook.contracts:
        typed = contract.find_a_tender_notice
        if typed and platform_notice(typed) is None:
            findings.append(
                Finding.at(
                    Severity.WARNING,
                    "find-a-tender-notice",
                    "Contracts",
                    place("Contracts", "find_a_tender_notice", contract.row),
                    f"Find a Tender notice '{typed}' of contract {contract.contract_id} is in no form the platform "
                    f"uses ({NOTICE_FORMS}): it is not published; correct it, or leave the cell blank",
                )
            )
    if "Sourcing plan" not in workbook.sheets_present:
        return findings
    if "reference" not in workbook.columns.get("Sourcing plan", {}):
        if any(item.publish for item in workbook.sourcing_plan):
            findings.append(
                Finding.at(
                    Severity.WARNING,
                    "plan-reference",
                    "Sourcing plan",
                    NOWHERE,
                    "The Sourcing plan has no Reference column: each published project's open data identifier is "
                    "made from its name and will change if the project is renamed; add a Reference column and give "
                    "each row a reference that never changes (e.g. SP-2025-01)",
                )
            )
        return findings
    for item in workbook.sourcing_plan:
        if item.publish and not item.reference:
            findings.append(
                Finding.at(
                    Severity.WARNING,
                    "plan-reference",
                    "Sourcing plan",
                    place("Sourcing plan", "reference", item.row),
                    f"Published project '{item.project}' has no Reference: its open data identifier is made from "
                    "the project's name and will change if the project is renamed; fill in a reference that never "
                    "changes (e.g. SP-2025-01)",
                )
            )
    return findings
