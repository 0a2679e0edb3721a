"""The published sourcing plan as feeds a provider can subscribe to: Atom (RFC 4287) and iCalendar (RFC 5545).

Both are dated from the report date and the rows alone, never the clock, so two builds of one
workbook write the same bytes. Atom is written with xml.etree, so every value is escaped by the
XML serialiser; the calendar is written by hand with RFC 5545's escaping and line folding.

An Atom entry is one version of one opportunity: its id is made from the opportunity's key and
everything the entry says, so a feed reader shows a new or changed opportunity as a new entry,
and an unchanged one never twice.
"""

from __future__ import annotations

import hashlib
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from safe_commissioning.opendata.opportunities import PASSED_START_NOTE
from safe_commissioning.opendata.register import plan_keys
from safe_commissioning.words import govuk_date, pounds, short_slug, yes_no
from safe_commissioning.workbook.checks.sourcing_plan import contact_link, notice_link, start_passed
from safe_commissioning.workbook.records import Settings, SourcingPlanItem

ATOM = "http://www.w3.org/2005/Atom"
ATOM_FILE = "sourcing_plan.atom"
PLAN_FILE = "sourcing-plan.html"  # the sourcing plan's page (its part 1)
CALENDAR_FILE = "sourcing_plan.ics"
PRODID = "-//Safe Commissioning Dashboard//Sourcing plan//EN"
DNS_LABEL = 63  # the longest label of a domain name (RFC 1035): the organisation's part of the fallback domain
CALENDAR_STATUS = {"Planned": "TENTATIVE", "In progress": "CONFIRMED", "Awarded": "CONFIRMED", "Cancelled": "CANCELLED"}


def details(item: SourcingPlanItem, report_date: date) -> list[tuple[str, str]]:
    """What a feed says about one opportunity, as (label, text) pairs, blanks left out."""
    status = item.status or ""
    if start_passed(item, report_date):
        status = f"{status} ({PASSED_START_NOTE})"
    pairs = [
        ("Description", item.description),
        ("Service area", item.service_area or ""),
        ("Main category", item.main_category or ""),
        ("Estimated total value", pounds(item.estimated_total_value)),
        ("Procurement route", item.procurement_route or ""),
        ("Procurement start", govuk_date(item.procurement_start)),
        ("Contract start", govuk_date(item.contract_start)),
        ("Estimated contract end", govuk_date(item.estimated_contract_end)),
        ("Lots", item.lots),
        ("Suitable for SME/VCSE", yes_no(item.suitable_for_sme_vcse, blank="")),
        ("Replaces contract", item.related_contract_id),
        ("Status", status),
        ("Contact", item.contact),
        ("Notice", item.notice_url),
    ]
    return [(label, text) for label, text in pairs if text]


def _authority(settings: Settings) -> str:
    """The host of the public site, else a name made from the organisation: the domain of ids and UIDs."""
    if settings.public_url:
        host = urlsplit(settings.public_url).hostname
        if host:
            return host
    return f"{short_slug(settings.organisation or 'council', DNS_LABEL)}.sourcing-plan.invalid"


def _uuid(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join(parts))}"


def atom_feed(
    plan: Sequence[SourcingPlanItem],
    settings: Settings,
    report_date: date,
    pages: Mapping[int, str] | None = None,
    changed: Mapping[int, date] | None = None,
) -> bytes:
    """The published sourcing plan as an Atom feed, one entry per opportunity, by expected procurement start.

    `pages` names the page (part of a long plan) showing each row; by default the plan's page.
    `changed` gives the date each row (by row) last changed, from the history: an entry's `updated`;
    a row it does not name is dated the report date, and the feed's `updated` is its latest entry's.
    Each entry links to its row on its page: by the Public site URL when it is set, else by an
    address relative to the feed's own (`../sourcing-plan.html#plan-…`), which RFC 4287 allows.
    """
    pages = pages or {}
    changed = changed or {}
    updated = {item.row: changed.get(item.row, report_date) for item in plan}
    ET.register_namespace("", ATOM)
    organisation = settings.organisation or "The council"
    authority = _authority(settings)
    stamp = _stamp(max(updated.values(), default=report_date))
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{organisation}: sourcing plan"
    ET.SubElement(
        feed, f"{{{ATOM}}}subtitle"
    ).text = "The procurements we expect to run, so that providers can plan ahead. Dates and values are estimates."
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _uuid(authority, "sourcing-plan")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = stamp
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = organisation
    if settings.public_url:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": f"{settings.public_url}data/{ATOM_FILE}"})
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": f"{settings.public_url}{PLAN_FILE}"})
    keys = plan_keys(plan)
    for item in plan:
        said = details(item, report_date)
        text = "\n".join(f"{label}: {value}" for label, value in said)
        fingerprint = hashlib.sha256(f"{item.project}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.project
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _uuid(authority, "sourcing-plan", keys[item.row], fingerprint)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(updated[item.row])
        site = settings.public_url or "../"  # the feed is in data/, one folder below the pages
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "href": f"{site}{pages.get(item.row, PLAN_FILE)}#plan-{keys[item.row]}"},
        )
        link = notice_link(item.notice_url)
        if link:
            ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "related", "href": link, "title": "Procurement notice"})
        if item.main_category:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item.main_category.casefold()})
        ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "text"}).text = text or item.project
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def ical_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 asks: backslash, semicolon, comma and line breaks."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character, ending in CRLF."""
    data = line.encode("utf-8", "surrogatepass")
    parts: list[bytes] = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # a continuation byte: step back to the character's start
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74  # continuation lines begin with one space
    parts.append(data)
    return "\r\n ".join(part.decode("utf-8", "surrogatepass") for part in parts) + "\r\n"


def calendar(plan: Sequence[SourcingPlanItem], settings: Settings, report_date: date) -> str:
    """An iCalendar of the published plan's procurement start dates: one all-day event per row that has one."""
    organisation = settings.organisation or "The council"
    authority = _authority(settings)
    stamp = f"{report_date:%Y%m%d}T000000Z"
    keys = plan_keys(plan)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(f'{organisation}: procurement start dates')}",
    ]
    for item in plan:
        if item.procurement_start is None:
            continue
        start = item.procurement_start
        description = "\n".join(f"{label}: {value}" for label, value in details(item, report_date))
        lines += [
            "BEGIN:VEVENT",
            f"UID:sourcing-plan-{keys[item.row]}@{authority}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ical_text(f'Procurement starts: {item.project}')}",
            f"DESCRIPTION:{ical_text(description)}",
            f"STATUS:{CALENDAR_STATUS.get(item.status or '', 'TENTATIVE')}",
            "TRANSP:TRANSPARENT",
        ]
        link = notice_link(item.notice_url)
        if link:
            lines.append(f"URL:{link}")
        contact = contact_link(item.contact)
        if contact and contact.startswith("mailto:"):
            lines.append(f"CONTACT:{ical_text(item.contact)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def has_events(plan: Sequence[SourcingPlanItem]) -> bool:
    """True when the calendar would hold an event: a published row with a procurement start date."""
    return any(item.procurement_start is not None for item in plan)


def write_feeds(
    plan: Sequence[SourcingPlanItem],
    settings: Settings,
    report_date: date,
    folder: Path,
    pages: Mapping[int, str] | None = None,
    changed: Mapping[int, date] | None = None,
) -> list[Path]:
    """Write the Atom feed, and the calendar when it has an event, into `folder` (see `atom_feed`).

    RFC 5545 asks a calendar for at least one component: with no procurement start date to give,
    no calendar is written, and the Open data page says so.
    """
    atom, ics = folder / ATOM_FILE, folder / CALENDAR_FILE
    atom.write_bytes(atom_feed(plan, settings, report_date, pages, changed))
    if not has_events(plan):
        return [atom]
    ics.write_bytes(calendar(plan, settings, report_date).encode("utf-8"))
    return [atom, ics]
