"""Generate a synthetic but valid master workbook of any size, for the benchmark and for load tests.

    python scripts/generate_workbook.py N OUT.xlsx [--seed S] [--report-date YYYY-MM-DD]

N contracts, N/4 providers, ~3 DBS rows and ~4 monitoring meetings per contract, N placements,
N/5 quality alerts, a Safeguarding row for every contract that works with children, a Policies
row per provider, a sourcing plan of ~N/10 projects, monthly caseload snapshots, a development
plan and Settings with a Report date. Every name and figure is invented.

The mix is meant to look like a real council's: most contracts work with children and most of
those meet most minimum expectations, but some evidence is stale, partial, missing or failed;
some contracts have expired or not started; a few providers are rated Inadequate; some rows
are kept off the public register (Publish = No). A small share of dates and money is typed as
text (DD/MM/YYYY, £12,500, £10m), as officers do, so the reader's text parsing is exercised.

The output passes `python build.py check` with zero errors. It is deterministic: the same N,
seed and report date give the same bytes (no clock is read; the zip entries and the document
properties carry the report date). Sheets are written with openpyxl's write-only mode, which
is many times faster than the styled template writer; headers come from safe_commissioning.workbook.schema.sheets.
"""

from __future__ import annotations

import argparse
import io
import itertools
import random
import sys
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook as ExcelWorkbook

from safe_commissioning.dates import add_months
from safe_commissioning.opendata.zips import without_clock
from safe_commissioning.rules.positions import MONITORING_PERIOD_MONTHS
from safe_commissioning.workbook.records import DEFAULT_LEAD_TIMES, DEFAULT_THEMATIC_MONTHS
from safe_commissioning.workbook.schema.choices import (
    AGE_BANDS,
    ALERT_CATEGORIES,
    CLAUSE_FIELDS,
    COHORTS,
    CONTACT_LEVELS,
    PLACEMENT_SOURCES,
    PLACEMENT_TYPES,
    POLICY_FIELDS,
    PROCUREMENT_ROUTES,
    SERVICE_AREAS,
)
from safe_commissioning.workbook.schema.sheets import SETTINGS, SHEETS, SHEETS_BY_NAME

DEFAULT_SEED = 20240930
DEFAULT_REPORT_DATE = date(2024, 9, 30)

Row = list[object]
Fields = dict[str, object]

# fmt: off
_PREFIX = {
    "Children's Social Care": "CSC", "Safeguarding and Quality Assurance": "SQA", "Participation": "PAR",
    "Youth": "YTH", "SEND": "SEN", "Early Help": "EH", "Other": "OTH",
}
_AREA_WEIGHTS = (40, 8, 8, 12, 12, 12, 8)
_ROUTE_WEIGHTS = (10, 20, 22, 14, 18, 10, 6)
_TITLES = {
    "Children's Social Care": ("Family support service", "Independent visiting and advocacy", "Supported lodgings",
                               "Residential short breaks", "Kinship care assessments", "Therapeutic support for children in care",
                               "Return home interviews", "Out of hours social work service", "Leaving care support"),
    "Safeguarding and Quality Assurance": ("Independent reviewing officer service", "Case audit programme",
                                           "Child protection conference chairing", "Safeguarding training"),
    "Participation": ("Children in care council", "Youth forum", "Young people's consultation tool", "Peer mentoring"),
    "Youth": ("Youth justice service", "Detached youth work", "Holiday activities and food", "Youth club provision"),
    "SEND": ("Specialist transport", "Short breaks for disabled children", "Speech and language therapy",
             "SEND information and advice"),
    "Early Help": ("Parenting programme", "Family hub activities", "Domestic abuse support for children",
                   "School readiness support"),
    "Other": ("Finance and payments service", "Online procedures manual", "Interpreting and translation",
              "Case management software support"),
}
_LOTS = ("", "", "", " (north)", " (south)", " (east)", " (west)", " lot 1", " lot 2", " (pilot)")
_NAME_A = ("Acorn", "Beacon", "Birch", "Bright", "Brook", "Cedar", "Clear", "Compass", "Cornerstone", "Crest",
           "Elm", "Evergreen", "Fairway", "Harbour", "Hazel", "Heron", "Horizon", "Juniper", "Kestrel", "Lantern",
           "Linden", "Maple", "Meadow", "Northgate", "Oak", "Orchard", "Pathway", "Pinewood", "Rowan", "Silver",
           "Springfield", "Starling", "Summit", "Thistle", "Unity", "Valley", "Westbrook", "Willow", "Wren", "Yew")
_NAME_B = ("Care", "Children's", "Community", "Family", "Youth", "Learning", "Futures", "Support", "Homes",
           "Fostering", "Therapy", "Advocacy", "Outreach", "Living", "Partnership", "Pathways", "Horizons",
           "Foundations", "Connections", "Wellbeing", "Services", "Education", "Trust", "Bridges", "Steps",
           "Voices", "Circle", "Network", "Place", "Journeys", "Spaces", "Projects", "Alliance", "Hub", "House",
           "Works", "Group", "Centre", "Collective", "Choices")
_ORG = (  # (organisation type, suffix, weight)
    ("Company", "Ltd", 45), ("Charity", "Trust", 20), ("Community interest company", "CIC", 12),
    ("Sole trader", "Associates", 6), ("Other", "Partnership", 5), ("Local authority", "", 7), ("NHS body", "", 5),
)
_BOROUGHS = ("Northbrook", "Eastfield", "Westmere", "Southvale", "Kingsford", "Riverside", "Highbury Vale",
             "Ashdown", "Marshgate", "Millbank Heath")
_POSTCODE_AREAS = ("E1", "E2", "E8", "E9", "EC1", "EC2", "N1", "N16", "SE1", "SE5", "SW2", "W10", "NW5", "IG1", "RM7")
_LEADS = ("Designated safeguarding lead", "Head of safeguarding", "Registered manager", "Director of operations")
_MANAGERS = ("Commissioning officer", "Senior commissioning officer", "Commissioning manager", "Head of commissioning",
             "Contracts officer")
_ROLES = {"Direct": ("Support worker", "Residential worker", "Youth worker", "Therapist", "Advocate"),
          "Regular": ("Team leader", "Coordinator", "Supervisor"),
          "Occasional": ("Administrator", "Driver", "Facilities officer"),
          "None": ("Finance officer", "Data officer")}
_DEVELOPMENT = (
    ("Sufficiency strategy", "Deliver the placement sufficiency plan and its annual refresh."),
    ("Commissioned service impact", "Build evidence of impact into every stage of the commissioning cycle."),
    ("Co-production", "Involve children and young people in specifying and evaluating services."),
    ("Inequalities", "Use contract monitoring to identify and address inequalities of outcome."),
    ("Framework provision", "Review framework placement provision and decide on extension or re-procurement."),
    ("Recommissioning", "Redesign and recommission services reaching the end of their term."),
    ("Placement processes", "Streamline the referral and placement ratification process."),
    ("Quality alerts process", "Standardise how quality alerts and issues are logged and closed."),
    ("Safeguarding clause", "Add all ten clause elements to every new contract and variation."),
    ("DBS assurance", "Collect DBS numbers and recheck dates for every member of provider staff in contact."),
    ("Market engagement", "Hold provider market events before every strategic procurement."),
    ("Data quality", "Fix every warning the dashboard's data quality page lists each quarter."),
)
# fmt: on
_THEMATIC_MONTHS = DEFAULT_THEMATIC_MONTHS


class Generator:
    """Builds the rows of every sheet from one seed and report date."""

    def __init__(self, n: int, seed: int = DEFAULT_SEED, report_date: date = DEFAULT_REPORT_DATE) -> None:
        if n < 1:
            raise ValueError("N must be at least 1")
        self.n = n
        self.seed = seed
        self.today = report_date
        self.contracts: list[Fields] = []
        self.providers: list[Fields] = []
        self.placements: list[Fields] = []
        self.width = max(3, len(str(n)))

    def rng(self, section: str) -> random.Random:
        """An independent, reproducible random stream per section (str seeds hash with SHA-512)."""
        return random.Random(f"{self.seed}:{self.n}:{section}")

    # ----------------------------------------------------------------- helpers
    def day(self, rng: random.Random, earliest_days: int, latest_days: int) -> date:
        """A date between today + earliest_days and today + latest_days."""
        return self.today + timedelta(days=rng.randint(earliest_days, latest_days))

    def months_ago(self, rng: random.Random, low: int, high: int) -> date:
        """A date `low` to `high` whole months before today, less up to ten days (so still inside `high` + 1)."""
        return add_months(self.today, -rng.randint(low, high)) - timedelta(days=rng.randint(0, 10))

    @staticmethod
    def as_typed(rng: random.Random, value: date | None) -> object:
        """Mostly a real Excel date; sometimes the text an officer would type."""
        if value is None:
            return None
        roll = rng.random()
        if roll < 0.04:
            return value.strftime("%d/%m/%Y")
        if roll < 0.06:
            return value.isoformat()
        return value

    # ----------------------------------------------------------------- sheets
    def settings(self) -> list[Row]:
        return [
            ["Organisation", "Example Borough Council (synthetic)"],
            ["Department", "Children's Services"],
            ["Safeguarding partnership", "Example Safeguarding Children Partnership"],
            ["Report date", self.today],
            ["Classification", "OFFICIAL-SENSITIVE"],
            ["OCDS prefix", "ocds-213czf"],
            [
                "Notice",
                f"Synthetic data from scripts/generate_workbook.py (N={self.n}, seed {self.seed}): all invented.",
            ],
        ]

    def make_providers(self) -> list[Fields]:
        rng = self.rng("providers")
        count = max(2, self.n // 4)
        combos = len(_NAME_A) * len(_NAME_B)
        order = list(range(combos))
        rng.shuffle(order)
        kinds = [k for k, _, _ in _ORG]
        weights = [w for _, _, w in _ORG]
        suffixes = {k: s for k, s, _ in _ORG}
        used: set[str] = set()
        rows: list[Fields] = []
        for index in range(count):
            kind = rng.choices(kinds, weights)[0]
            place = _BOROUGHS[index % len(_BOROUGHS)]
            if kind == "Local authority":
                name = f"London Borough of {place}"
            elif kind == "NHS body":
                name = f"{place} NHS Foundation Trust"
            else:
                combo = order[index % combos]
                name = f"{_NAME_A[combo // len(_NAME_B)]} {_NAME_B[combo % len(_NAME_B)]} {suffixes[kind]}"
            if name.casefold() in used:  # names must be unique ignoring case
                name = f"{name} ({index + 1})"
            used.add(name.casefold())
            public_body = kind in ("Local authority", "NHS body")
            registered = not public_body and rng.random() < 0.45
            rating = None
            inspected = None
            if registered:
                rating = rng.choices(
                    ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not yet inspected"),
                    (14, 55, 20, 5, 6),
                )[0]
                if rating != "Not yet inspected":
                    inspected = self.day(rng, -1100, -20)
            elif not public_body and rng.random() < 0.7:
                rating = "Not applicable"
            fields: Fields = {
                "provider": name,
                "organisation_type": kind,
                "postcode": f"{rng.choice(_POSTCODE_AREAS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                "sme": None if public_body else rng.choice(("Yes", "Yes", "No")),
                "vcse": "Yes" if kind in ("Charity", "Community interest company") else (None if public_body else "No"),
                "ofsted_urn": f"SC{rng.randint(100000, 999999)}" if registered else None,
                "ofsted_rating": rating,
                "ofsted_inspection_date": self.as_typed(rng, inspected),
                "safeguarding_lead": rng.choice(_LEADS),
            }
            if kind in ("Company", "Community interest company"):
                fields["company_number"] = (
                    f"{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.9 else f"SC{rng.randint(0, 999_999):06d}"
                )
            if kind == "Charity":
                fields["charity_number"] = str(rng.randint(200_000, 1_199_999))
                if rng.random() < 0.3:
                    fields["company_number"] = f"{rng.randint(0, 99_999_999):08d}"
            if not public_body:
                roll = rng.random()
                if roll < 0.08:
                    pass  # no insurance evidence: INS not evidenced
                else:
                    short = roll < 0.16
                    fields["employers_liability"] = 10_000_000 if rng.random() < 0.8 else "£10m"
                    fields["public_liability"] = 5_000_000 if short else rng.choice((10_000_000, "£10,000,000"))
                    fields["professional_indemnity"] = rng.choice((2_000_000, 5_000_000, "£5m", "£2m"))
                    expired = rng.random() < 0.07
                    fields["insurance_expiry_date"] = self.as_typed(
                        rng, self.day(rng, -200, -1) if expired else self.day(rng, 1, 400)
                    )
            rows.append(fields)
        return rows

    def make_contracts(self) -> list[Fields]:
        rng = self.rng("contracts")
        areas = list(SERVICE_AREAS)
        counters = dict.fromkeys(areas, 0)
        # A few providers hold many contracts: pick suppliers with a skewed weight.
        cumulative = list(itertools.accumulate(1 / (1 + index % 37) for index in range(len(self.providers))))
        names = [p["provider"] for p in self.providers]
        rows: list[Fields] = []
        for _ in range(self.n):
            area = rng.choices(areas, _AREA_WEIGHTS)[0]
            counters[area] += 1
            contract_id = f"{_PREFIX[area]}-{counters[area]:0{self.width}d}"
            route = rng.choices(PROCUREMENT_ROUTES, _ROUTE_WEIGHTS)[0]
            title = rng.choice(_TITLES[area]) + rng.choice(_LOTS)
            start = self.day(rng, -6 * 365, -30) if rng.random() > 0.04 else self.day(rng, 1, 120)
            years = rng.choice((1, 1, 2, 2, 3, 3, 3, 4, 5))
            end = add_months(start, 12 * years) - timedelta(days=1)
            annual = round(10 ** rng.uniform(3.7, 6.2), -2)
            works = area != "Other" and rng.random() < 0.9
            fields: Fields = {
                "contract_id": contract_id,
                "title": title,
                "supplier": rng.choices(names, cum_weights=cumulative)[0],
                "description": f"{title} for children, young people and families, commissioned by {area}.",
                "service_area": area,
                "procurement_route": route,
                "start_date": self.as_typed(rng, start),
                "end_date": self.as_typed(rng, end),
                "extension_end_date": add_months(end, rng.choice((12, 24))) if rng.random() < 0.3 else None,
                "review_date": add_months(start, 12 * rng.randint(1, years)) if rng.random() < 0.5 else None,
                "annual_value": annual if rng.random() < 0.93 else f"£{annual:,.0f}",
                "total_value": annual * years,
                "irrecoverable_vat": 0 if rng.random() < 0.2 else None,
                "works_with_children": ("Yes" if works else "No") if rng.random() < 0.95 else ("Y" if works else "n"),
                "risk": rng.choices(("High", "Medium", "Low"), (30, 45, 25))[0],
                "monitoring_frequency": rng.choices(
                    ("Monthly", "Quarterly", "Six-monthly", "Annual", None), (8, 55, 17, 10, 10)
                )[0],
                "contract_manager": rng.choice(_MANAGERS),
                "publish": rng.choices(("Yes", "No", None), (85, 6, 9))[0],
                "notes": "Extension option under review." if rng.random() < 0.1 else None,
                # kept for the other sheets, not written (not a column)
                "_start": start,
                "_end": end,
                "_works": works,
                "_years": years,
            }
            rows.append(fields)
        return rows

    def safeguarding_and_evidence(self) -> tuple[list[Fields], list[Fields], list[Fields]]:
        """Safeguarding rows, DBS rows and monitoring meetings, drawn together so the rules get a realistic mix."""
        rng = self.rng("evidence")
        safeguarding: list[Fields] = []
        dbs: list[Fields] = []
        meetings: list[Fields] = []
        certificate = rng.randint(10**10, 10**11)
        for contract in self.contracts:
            contract_id = contract["contract_id"]
            start = contract["_start"]
            assert isinstance(start, date)
            frequency = contract["monitoring_frequency"] or "Quarterly"
            assert isinstance(frequency, str)
            # Monitoring: ~4 meetings, most on schedule; some overdue, some without safeguarding discussed.
            period = MONITORING_PERIOD_MONTHS[frequency]
            on_schedule = rng.random() < 0.85
            last = self.months_ago(rng, 0, period) if on_schedule else self.months_ago(rng, period + 2, period + 14)
            count = rng.choice((3, 4, 4, 5, 5, 6))
            skipped = rng.random() < 0.07
            for index in range(count if start <= self.today else 0):
                when = add_months(last, -period * index)
                if when < start:
                    break
                meetings.append(
                    {
                        "contract_id": contract_id,
                        "meeting_date": self.as_typed(rng, when),
                        "safeguarding_discussed": "No" if skipped and index == 1 else "Yes",
                        "kpis_reviewed": rng.choice(("Yes", "Yes", "No", None)),
                        "concerns_raised": rng.choices((0, 1, 2, None), (70, 15, 5, 10))[0],
                        "notes": "Standard agenda: KPIs, complaints, safeguarding, finance." if index == 0 else None,
                    }
                )
            if rng.random() < 0.03:  # a meeting booked after the report date: ignored by the rules
                meetings.append(
                    {
                        "contract_id": contract_id,
                        "meeting_date": self.day(rng, 5, 60),
                        "safeguarding_discussed": "Yes",
                    }
                )
            if not contract["_works"]:
                continue
            # DBS: 2-5 staff per contract that works with children.
            staff = rng.choices((2, 3, 4, 5), (20, 30, 30, 20))[0]
            in_contact = 0
            bad_dbs = rng.random() < 0.1
            for index in range(staff):
                level = rng.choices(CONTACT_LEVELS, (55, 25, 15, 5))[0]
                in_contact += level in ("Direct", "Regular")
                certificate += rng.randint(1, 9999)
                issue = self.day(rng, -3 * 365 + 30, -10)
                recheck: date | None = add_months(issue, 36) if rng.random() < 0.5 else None
                number: str | None = f"{certificate:012d}"
                if bad_dbs and index == 0:
                    if rng.random() < 0.5:
                        number = None
                    else:
                        issue = self.day(rng, -5 * 365, -4 * 365)
                        recheck = add_months(issue, 36)
                dbs.append(
                    {
                        "contract_id": contract_id,
                        "staff_reference": f"S{index + 1:02d}",
                        "role": rng.choice(_ROLES[level]),
                        "contact_level": level,
                        "certificate_number": number,
                        "issue_date": self.as_typed(rng, issue),
                        "recheck_date": self.as_typed(rng, recheck),
                    }
                )
            # Safeguarding evidence: a good contract meets everything; others have one or two gaps.
            gaps = (
                set(rng.sample(("MS1", "MS2", "MS3", "MS5", "MS6"), rng.choice((1, 1, 2))))
                if rng.random() < 0.45
                else set()
            )
            risk = contract["risk"]
            assert isinstance(risk, str)
            interval = _THEMATIC_MONTHS[risk]
            clauses: list[object] = ["Yes"] * 10
            if "MS2" in gaps:
                kind = rng.choices(("partly", "none", "blank"), (70, 10, 20))[0]
                if kind == "partly":
                    for position in rng.sample(range(10), rng.randint(1, 4)):
                        clauses[position] = rng.choice(("No", None))
                else:
                    clauses = ["No" if kind == "none" else None] * 10
            self_assessment: date | None = self.months_ago(rng, 0, 22)
            if "MS1" in gaps:
                self_assessment = rng.choice((None, self.months_ago(rng, 25, 40)))
            thematic: date | None = self.months_ago(rng, 0, interval - 1)
            if "MS6" in gaps:
                thematic = rng.choice((None, self.months_ago(rng, interval + 1, interval + 12)))
            declared = in_contact + (rng.randint(1, 3) if rng.random() < 0.08 else 0)
            safeguarding.append(
                {
                    "contract_id": contract_id,
                    "self_assessment_date": self.as_typed(rng, self_assessment),
                    **dict(zip(CLAUSE_FIELDS, clauses, strict=True)),
                    "partnership_updates": rng.choice(("No", None)) if "MS3" in gaps else "Yes",
                    "safeguarding_metrics": rng.choice(("No", None)) if "MS5" in gaps else "Yes",
                    "last_thematic_check": self.as_typed(rng, thematic),
                    "staff_in_contact": declared if rng.random() < 0.7 else None,
                }
            )
        return safeguarding, dbs, meetings

    def policies(self) -> list[Fields]:
        rng = self.rng("policies")
        rows: list[Fields] = []
        for provider in self.providers:
            state = rng.choices(("current", "partly", "stale", "blank"), (70, 18, 7, 5))[0]
            fields: Fields = {"provider": provider["provider"]}
            for field in POLICY_FIELDS:
                if state == "current" or (state == "partly" and rng.random() < 0.7):
                    value: date | None = self.months_ago(rng, 0, 11)
                elif state == "blank" or (state == "partly" and rng.random() < 0.3):
                    value = None
                else:
                    value = self.months_ago(rng, 13, 30)
                fields[field] = self.as_typed(rng, value)
            rows.append(fields)
        return rows

    def make_placements(self) -> list[Fields]:
        rng = self.rng("placements")
        registered = [p for p in self.providers if p.get("ofsted_urn")] or self.providers
        others = [p for p in self.providers if not p.get("ofsted_urn")] or self.providers
        rows: list[Fields] = []
        for index in range(self.n):
            kind = rng.choices(PLACEMENT_TYPES, (20, 25, 45, 10))[0]
            cohort = rng.choices(COHORTS, (50, 20, 25, 5))[0]
            age = "18+" if cohort == "Care leaver" else rng.choices(AGE_BANDS[:2], (55, 45))[0]
            source = rng.choices(PLACEMENT_SOURCES, (60, 12, 16, 12))[0]
            provider = rng.choice(registered if kind in ("Residential", "IFA") else others)
            start = self.day(rng, -5 * 365, -1)
            end: date | None = None
            if rng.random() < 0.65:
                end = start + timedelta(days=rng.randint(14, 720))
            cost = {"Residential": (4000, 8500), "IFA": (800, 1300), "Semi-independent": (900, 1900)}.get(
                kind, (500, 3000)
            )
            rows.append(
                {
                    "placement_id": f"P-{index + 1:0{self.width}d}",
                    "child_reference": f"CR-{rng.randint(100000, 999999)}",
                    "cohort": cohort,
                    "placement_type": kind,
                    "age_band": age,
                    "provider": provider["provider"],
                    "source": source,
                    "start_date": self.as_typed(rng, start),
                    "end_date": self.as_typed(rng, end),
                    "weekly_cost": rng.randint(*cost) if rng.random() < 0.9 else None,
                    "_start": start,
                }
            )
        return rows

    def quality_alerts(self) -> list[Fields]:
        rng = self.rng("alerts")
        rows: list[Fields] = []
        for index in range(max(1, self.n // 5)):
            roll = rng.random()
            contract_id = placement_id = None
            earliest = -3 * 365
            if roll < 0.5:
                placement = rng.choice(self.placements)
                provider, placement_id = placement["provider"], placement["placement_id"]
                placement_start = placement["_start"]
                assert isinstance(placement_start, date)
                earliest = max(earliest, (placement_start - self.today).days)
            elif roll < 0.8:
                contract = rng.choice(self.contracts)
                provider, contract_id = contract["supplier"], contract["contract_id"]
            else:
                provider = rng.choice(self.providers)["provider"]
            raised = self.day(rng, earliest, 0)
            age = (self.today - raised).days
            closed_share = 0.9 if age > 90 else 0.4
            closed = None
            if rng.random() < closed_share:
                closed = min(self.today, raised + timedelta(days=rng.randint(1, 90)))
            rows.append(
                {
                    "alert_id": f"QA-{index + 1:0{self.width}d}",
                    "date_raised": self.as_typed(rng, raised),
                    "provider": provider,
                    "contract_id": contract_id,
                    "placement_id": placement_id,
                    "category": rng.choices(ALERT_CATEGORIES, (45, 30, 15, 10))[0],
                    "status": "Closed" if closed else "Open",
                    "date_closed": self.as_typed(rng, closed),
                }
            )
        return rows

    def caseload(self) -> list[Fields]:
        rng = self.rng("caseload")
        rows: list[Fields] = []
        in_care = max(5, self.n // 3)
        for months_back in range(35, -1, -1):
            month_end = add_months(date(self.today.year, self.today.month, 1), -months_back + 1) - timedelta(days=1)
            if month_end > self.today:
                continue
            in_care = max(3, in_care + rng.randint(-max(1, in_care // 20), max(1, in_care // 18)))
            rows.append(
                {
                    "date": month_end,
                    "children_in_care": in_care,
                    "of_which_uasc": rng.randint(in_care // 8, max(in_care // 8, in_care // 3)),
                    "children_in_need": max(1, round(in_care * rng.uniform(1.8, 2.4))),
                    "care_leavers": max(1, round(in_care * rng.uniform(0.9, 1.3))),
                }
            )
        return rows

    def sourcing_plan(self) -> list[Fields]:
        rng = self.rng("sourcing")
        count = max(1, self.n // 10)
        # Most projects re-procure a contract whose decision is due soon or overdue; a few are new.
        candidates = [
            c
            for c in self.contracts
            if isinstance(c["_end"], date) and self.today <= c["_end"] <= add_months(self.today, 24)
        ]
        rng.shuffle(candidates)
        rows: list[Fields] = []
        for index in range(count):
            contract = candidates[index] if index < len(candidates) and rng.random() < 0.85 else None
            if contract is not None:
                end = contract["_end"]
                assert isinstance(end, date)
                route = contract["procurement_route"]
                assert isinstance(route, str)
                contract_start = end + timedelta(days=1)
                project = f"Re-procurement of {contract['title']} ({contract['contract_id']})"
                area = contract["service_area"]
                value: object = contract["total_value"]
            else:
                route = rng.choices(PROCUREMENT_ROUTES, _ROUTE_WEIGHTS)[0]
                area = rng.choices(SERVICE_AREAS, _AREA_WEIGHTS)[0]
                assert isinstance(area, str)
                contract_start = self.day(rng, 60, 720)
                project = f"New service: {rng.choice(_TITLES[area]).lower()} (project {index + 1})"
                value = round(10 ** rng.uniform(4.5, 6.5), -3)
            procurement_start = add_months(contract_start, -max(2, DEFAULT_LEAD_TIMES[route]))
            rows.append(
                {
                    "project": project,
                    "service_area": area,
                    "related_contract_id": contract["contract_id"] if contract else None,
                    "estimated_total_value": value if rng.random() < 0.85 else None,
                    "procurement_route": route,
                    "procurement_start": self.as_typed(rng, procurement_start),
                    "contract_start": self.as_typed(rng, contract_start),
                    "status": rng.choices(("Planned", "In progress", "Awarded", "Cancelled"), (50, 35, 10, 5))[0],
                    "publish": rng.choices(("Yes", "No", None), (85, 8, 7))[0],
                }
            )
        return rows

    def development_plan(self) -> list[Fields]:
        rng = self.rng("development")
        return [
            {
                "area": area,
                "explanation": explanation,
                "owner": rng.choice(("Head of Commissioning", "Commissioning Team", "Placements Team")),
                "target_date": add_months(self.today, rng.randint(-3, 30)),
                "rag": rng.choices(("Red", "Amber", "Green"), (15, 45, 40))[0],
            }
            for area, explanation in _DEVELOPMENT
        ]

    def sheets(self) -> dict[str, list[Fields]]:
        """Every sheet's rows as field dictionaries, in the reference's order."""
        self.providers = self.make_providers()
        self.contracts = self.make_contracts()
        safeguarding, dbs, monitoring = self.safeguarding_and_evidence()
        self.placements = self.make_placements()
        return {
            "Contracts": self.contracts,
            "Providers": self.providers,
            "Safeguarding": safeguarding,
            "Policies": self.policies(),
            "DBS": dbs,
            "Monitoring": monitoring,
            "Placements": self.placements,
            "Quality alerts": self.quality_alerts(),
            "Caseload": self.caseload(),
            "Sourcing plan": self.sourcing_plan(),
            "Development plan": self.development_plan(),
        }


def _ordered(sheet: str, rows: Iterable[Fields]) -> Iterator[Row]:
    fields = [column.field for column in SHEETS_BY_NAME[sheet].columns]
    for fields_of_row in rows:
        yield [fields_of_row.get(name) for name in fields]


def generate(
    n: int, path: Path, *, seed: int = DEFAULT_SEED, report_date: date = DEFAULT_REPORT_DATE
) -> dict[str, int]:
    """Write the workbook of `n` contracts to `path`; return the number of data rows per sheet."""
    generator = Generator(n, seed, report_date)
    sheets = generator.sheets()
    book = ExcelWorkbook(write_only=True)
    counts: dict[str, int] = {}
    for sheet in SHEETS:
        worksheet = book.create_sheet(sheet.name)
        worksheet.append([column.header for column in sheet.columns])
        if sheet is SETTINGS:
            rows: list[Row] = generator.settings()
        else:
            rows = list(_ordered(sheet.name, sheets.get(sheet.name, [])))
        for row in rows:
            worksheet.append(row)
        counts[sheet.name] = len(rows)
    buffer = io.BytesIO()
    book.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(without_clock(buffer.getvalue(), report_date))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("n", type=int, metavar="N", help="number of contracts (providers N/4, placements N, …)")
    parser.add_argument("out", type=Path, metavar="OUT.xlsx")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--report-date",
        type=date.fromisoformat,
        default=DEFAULT_REPORT_DATE,
        help=f"the Report date setting every date is drawn around (default {DEFAULT_REPORT_DATE.isoformat()})",
    )
    options = parser.parse_args(argv)
    if options.n < 1:
        parser.error("N must be at least 1")
    counts = generate(options.n, options.out, seed=options.seed, report_date=options.report_date)
    print(f"wrote {options.out}: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
