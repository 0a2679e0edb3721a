"""The sourcing plan as providers will read it: which links are safe to give, and what to warn the team of.

The public pages, the feeds, OCDS and the Data quality page all ask these same questions of a row,
so a link is given (or shown as text) in one place and the warning says why.
"""

from __future__ import annotations

import re
from datetime import date

from safe_commissioning.workbook.findings.messages import Severity
from safe_commissioning.workbook.findings.places import Place, column_index
from safe_commissioning.workbook.findings.report import Finding
from safe_commissioning.workbook.records import SourcingPlanItem, Workbook
from safe_commissioning.workbook.settings.links import contact_problem, safe_url

_EMAIL = re.compile(r"(?:mailto:)?([^@\s]+@[^@\s]+)", re.IGNORECASE)


def start_passed(item: SourcingPlanItem, report_date: date) -> bool:
    """The procurement was to start before the report date and the row still says Planned."""
    return item.status == "Planned" and item.procurement_start is not None and item.procurement_start < report_date


def notice_link(text: str) -> str | None:
    """The notice's address when it is a plain `https://` address that is safe to link; else None (shown as text)."""
    text = text.strip()
    return text if text.startswith("https://") and safe_url(text) else None


def contact_link(text: str) -> str | None:
    """`mailto:` for an email address, the page for a plain `https://` address; None when it is only text."""
    text = text.strip()
    if not text or contact_problem(text) is not None:
        return None
    if "@" in text and " " not in text:
        match = _EMAIL.fullmatch(text)
        return f"mailto:{match[1]}" if match else None
    return text if text.startswith("https://") and safe_url(text) else None


def plan_findings(workbook: Workbook) -> list[Finding]:
    """Warnings for the sourcing plan as providers read it: out-of-date status, unusable links, dates out of order."""
    findings = []
    report_date = workbook.report_date

    def warn(code: str, item: SourcingPlanItem, field_name: str, message: str) -> None:
        letter = workbook.columns.get("Sourcing plan", {}).get(field_name, "")
        place = Place(item.row, column_index(letter) + 1) if letter else Place(item.row)
        findings.append(Finding.at(Severity.WARNING, code, "Sourcing plan", place, message))

    for item in workbook.sourcing_plan:
        if start_passed(item, report_date) and item.procurement_start is not None:
            warn(
                "plan-start-passed",
                item,
                "status",
                f"'{item.project}' was to start procurement on {item.procurement_start.isoformat()} and is still "
                "Planned: update its Status or Procurement start (the public plan says the date has passed)",
            )
        if item.notice_url and notice_link(item.notice_url) is None:
            warn(
                "notice-url",
                item,
                "notice_url",
                f"Notice URL '{item.notice_url}' is not a plain https:// address (no spaces, quotes, query or "
                "fragment): it is shown as text, not linked; paste the notice's address from Find a Tender or "
                "Contracts Finder",
            )
        fault = contact_problem(item.contact) if item.contact else None
        if fault:
            warn(
                "plan-contact",
                item,
                "contact",
                f"Contact '{item.contact}' {fault}: it is shown as text, not linked; give an email address or an "
                "https:// web page",
            )
        end, start = item.estimated_contract_end, item.contract_start
        if end is not None and start is not None and end < start:
            warn(
                "date-order",
                item,
                "estimated_contract_end",
                f"Estimated contract end {end.isoformat()} is before Contract start {start.isoformat()}: "
                "correct one of them",
            )
    return findings
