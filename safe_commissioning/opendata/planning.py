"""The published sourcing plan as OCDS 1.1 planning releases, `ocds_planning.json`.

One planning release per published row: a procurement the council expects to run, with the council
as buyer, the estimated value, route, dates and notice. Its ocid is made from the row's Reference
(`opportunities.plan_keys`), so it stays the same from one publication to the next. The package
validates against the OCDS 1.1.5 schemas, as `ocds` does for the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from safe_commissioning.opendata.datafiles import json_lines
from safe_commissioning.opendata.ocds import (
    DEFAULT_PREFIX,
    LICENCE,
    MAIN_PROCUREMENT_CATEGORY,
    PROCUREMENT_METHOD,
    buyer_party,
    money_value,
    ocid_part,
    publisher,
    timestamp,
)
from safe_commissioning.opendata.register import plan_keys, plan_ocid
from safe_commissioning.workbook.checks.sourcing_plan import notice_link
from safe_commissioning.workbook.records import Settings, SourcingPlanItem

PLANNING_FILE = "ocds_planning.json"
# The sourcing plan's Status as the tender's status (OCDS closed codelist tenderStatus).
PLAN_TENDER_STATUS = {"Planned": "planning", "In progress": "active", "Awarded": "complete", "Cancelled": "cancelled"}


def planning_release(
    item: SourcingPlanItem, key: str, settings: Settings, report_date: date, buyer: dict[str, Any]
) -> dict[str, Any]:
    """One OCDS planning release for one published sourcing-plan row: a procurement the council expects to run.

    Its ocid is the prefix, `plan-` and the row's key (a slug of its Reference, else of its project), so
    it stays the same from one publication to the next; a row that replaces a published contract points to that
    contract's process as the one it follows (`relatedProcesses`, relationship `prior`).
    """
    prefix = settings.ocds_prefix or DEFAULT_PREFIX
    ocid = plan_ocid(settings, key)
    tender: dict[str, Any] = {
        "id": f"plan-{key}",
        "title": item.project,
        "status": PLAN_TENDER_STATUS.get(item.status or "", "planning"),
    }
    if item.description:
        tender["description"] = item.description
    value = money_value(item.estimated_total_value)
    if value:
        tender["value"] = value
    if item.procurement_route:
        tender["procurementMethod"] = PROCUREMENT_METHOD[item.procurement_route]
        tender["procurementMethodDetails"] = item.procurement_route
    if item.main_category:
        tender["mainProcurementCategory"] = MAIN_PROCUREMENT_CATEGORY[item.main_category]
    if item.procurement_start:
        tender["tenderPeriod"] = {"startDate": timestamp(item.procurement_start)}
    period = {
        name: timestamp(day)
        for name, day in (("startDate", item.contract_start), ("endDate", item.estimated_contract_end))
        if day is not None
    }
    if period:
        tender["contractPeriod"] = period
    link = notice_link(item.notice_url)
    if link:
        tender["documents"] = [
            {"id": "notice", "documentType": "tenderNotice", "title": "Procurement notice", "url": link}
        ]
    found: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{report_date.isoformat()}",
        "date": timestamp(report_date),
        "tag": ["planning"],
        "initiationType": "tender",
        "language": "en",
        "parties": [buyer],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "planning": {"rationale": item.description} if item.description else {},
        "tender": tender,
    }
    if value:
        found["planning"]["budget"] = {"description": "Estimated total value", "amount": value}
    if not found["planning"]:
        del found["planning"]
    if item.related_contract_id:
        found["relatedProcesses"] = [
            {
                "id": "1",
                "relationship": ["prior"],
                "title": f"Contract {item.related_contract_id}",
                "scheme": "ocid",
                "identifier": f"{prefix}-{ocid_part(item.related_contract_id)}",
            }
        ]
    return found


def planning_package(plan: Sequence[SourcingPlanItem], settings: Settings, report_date: date) -> dict[str, Any]:
    """The release package of the published sourcing plan, one planning release per row, published on the report date."""
    buyer = buyer_party(settings)
    prefix = settings.ocds_prefix or DEFAULT_PREFIX
    keys = plan_keys(plan)
    return {
        "uri": f"{settings.public_url}data/{PLANNING_FILE}"
        if settings.public_url
        else f"urn:ocds:{prefix}:planning-package:{report_date.isoformat()}",
        "version": "1.1",
        "publishedDate": timestamp(report_date),
        "publisher": publisher(settings),
        "license": LICENCE,
        "releases": [planning_release(item, keys[item.row], settings, report_date, buyer) for item in plan],
    }


def write_planning(plan: Sequence[SourcingPlanItem], settings: Settings, report_date: date, path: Path) -> Path | None:
    """Write the planning release package as `path`; None, writing nothing, when no row is published.

    The 1.1.5 package schema asks for at least one release: an empty package would not validate.
    """
    if not plan:
        return None
    path.write_text(json_lines(planning_package(plan, settings, report_date)), encoding="utf-8")
    return path
