"""The master workbook's sheets, columns and choice lists, exactly as SPEC §2 names them.

One description drives the reader, the validator, the template and its Instructions sheet,
so a header is spelled in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Kind(StrEnum):
    """What a column holds, and so how its cells are parsed."""

    TEXT = "text"
    DATE = "date"
    YES_NO = "Yes/No"
    MONEY = "money (£)"
    WHOLE_NUMBER = "whole number"
    CHOICE = "choice"
    COMPANY_NUMBER = "company number"
    CHARITY_NUMBER = "charity number"
    MUTUALS_NUMBER = "mutuals number"
    DBS_NUMBER = "DBS certificate number"


SERVICE_AREAS = (
    "Children's Social Care",
    "Safeguarding and Quality Assurance",
    "Participation",
    "Youth",
    "SEND",
    "Early Help",
    "Other",
)
PROCUREMENT_ROUTES = (
    "Spot purchase",
    "Request for quotation",
    "Operational purchasing",
    "Strategic purchasing",
    "Framework call-off",
    "Service level agreement",
    "Delegated to another authority",
)
RISK_LEVELS = ("High", "Medium", "Low")
MONITORING_FREQUENCIES = ("Monthly", "Quarterly", "Six-monthly", "Annual")
ORGANISATION_TYPES = (
    "Company",
    "Charity",
    "Community interest company",
    "Local authority",
    "NHS body",
    "Sole trader",
    "Other",
)
OFSTED_RATINGS = (
    "Outstanding",
    "Good",
    "Requires improvement",
    "Inadequate",
    "Not yet inspected",
    "Not applicable",
)
CONTACT_LEVELS = ("Direct", "Regular", "Occasional", "None")
COHORTS = ("Child in care", "Unaccompanied asylum-seeking child", "Care leaver", "Child in need")
PLACEMENT_TYPES = ("Residential", "IFA", "Semi-independent", "Other")
AGE_BANDS = ("Under 16", "16-17", "18+")
PLACEMENT_SOURCES = (
    "Commissioning Alliance framework",
    "NEL residential provision",
    "Spot purchase",
    "Other off-framework",
)
ALERT_CATEGORIES = ("Quality alert", "Issue", "Complaint", "Safeguarding concern")
ALERT_STATUSES = ("Open", "Closed")
PLAN_STATUSES = ("Planned", "In progress", "Awarded", "Cancelled")
RAG_RATINGS = ("Red", "Amber", "Green")
MAIN_CATEGORIES = ("Goods", "Services", "Works")  # OCDS mainProcurementCategory, capitalised as officers write it

# The ten elements of the standard safeguarding clause (minimum expectation 2), in the
# partnership's order: (column header, short name used in findings, the element in full).
CLAUSE_ELEMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "Clause: safeguarding reference",
        "safeguarding reference",
        "An explicit reference to safeguarding children and young people.",
    ),
    (
        "Clause: legislation reference",
        "legislation reference",
        "An explicit reference to the overarching legislation (Children Act 1989 and 2004, Working "
        "Together to Safeguard Children, the London Child Protection Procedures, DBS checks: "
        "guidance for employers, and the partnership's safeguarding guidance).",
    ),
    (
        "Clause: safer recruitment",
        "safer recruitment",
        "Adherence to the partnership's safer recruitment minimum standards.",
    ),
    (
        "Clause: safeguarding policy",
        "safeguarding policy",
        "A requirement for a safeguarding and child protection policy to be in place that adheres to "
        "the standards set out in the partnership's policy guidance.",
    ),
    (
        "Clause: whistleblowing policy",
        "whistleblowing policy",
        "A requirement for there to be a whistleblowing policy in place.",
    ),
    (
        "Clause: induction and training",
        "induction and training",
        "An expectation of safeguarding induction and continued training for staff and volunteers.",
    ),
    (
        "Clause: cascade of partnership messages",
        "cascade of partnership messages",
        "An expectation that key messages from the partnership, including lessons identified through "
        "Local Child Safeguarding Practice Reviews, audits and other processes, are effectively "
        "cascaded to all staff.",
    ),
    (
        "Clause: signs of abuse and extra-familial harm",
        "signs of abuse and extra-familial harm",
        "The role of the provider in ensuring its staff are alert to the signs and symptoms of child "
        "abuse and neglect and know what to do if they are worried about a child, with specific "
        "reference to extra-familial harm such as exploitation and peer-on-peer abuse.",
    ),
    (
        "Clause: reporting and co-operation",
        "reporting and co-operation",
        "The role of the provider in complying with the partnership's safeguarding arrangements to "
        "report and respond to safeguarding concerns and co-operate with safeguarding enquiries.",
    ),
    (
        "Clause: allegations and LADO",
        "allegations and LADO",
        "Expectations for responding to allegations against staff and volunteers and co-operation "
        "with the Local Authority Designated Officer (LADO).",
    ),
)
CLAUSE_FIELDS = tuple("clause_" + short.replace(" ", "_").replace("-", "_").lower() for _, short, _ in CLAUSE_ELEMENTS)

# The eight policies of the annual contract assurance check: (column header, short name).
POLICIES: tuple[tuple[str, str], ...] = (
    ("Safeguarding policy reviewed", "safeguarding"),
    ("Safer recruitment policy reviewed", "safer recruitment"),
    ("Whistleblowing policy reviewed", "whistleblowing"),
    ("Complaints policy reviewed", "complaints"),
    ("Anti-bullying policy reviewed", "anti-bullying"),
    ("Equality and diversity policy reviewed", "equality and diversity"),
    ("Health and safety policy reviewed", "health and safety"),
    ("Data protection policy reviewed", "data protection"),
)
POLICY_FIELDS = tuple(short.replace(" ", "_").replace("-", "_") + "_policy_reviewed" for _, short in POLICIES)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet: its header, the record field it fills and how it is parsed."""

    header: str
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    personal: bool = False  # never echoed in a message or shown on any page
    width: int = 16
    # A value that does not parse is a warning and read as blank, not an error: for optional columns
    # added after the first template, so that a typo in one of them never stops the build.
    lenient: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet of the workbook."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    help: str = ""
    restricted: bool = False

    def column(self, field: str) -> Column:
        """Return the column that fills `field`."""
        for column in self.columns:
            if column.field == field:
                return column
        raise KeyError(field)


def _text(
    header: str, field: str, help: str = "", *, required: bool = False, width: int = 16, personal: bool = False
) -> Column:
    return Column(header, field, Kind.TEXT, required=required, help=help, personal=personal, width=width)


def _date(header: str, field: str, help: str = "", required: bool = False) -> Column:
    return Column(header, field, Kind.DATE, required=required, help=help, width=14)


def _yes_no(header: str, field: str, help: str = "", required: bool = False) -> Column:
    return Column(header, field, Kind.YES_NO, required=required, help=help, width=12)


def _money(header: str, field: str, help: str = "") -> Column:
    return Column(header, field, Kind.MONEY, help=help, width=14)


def _count(header: str, field: str, help: str = "") -> Column:
    return Column(header, field, Kind.WHOLE_NUMBER, help=help, width=12)


def _choice(header: str, field: str, choices: tuple[str, ...], help: str = "", required: bool = False) -> Column:
    width = max(14, min(34, max(len(c) for c in choices) + 2))
    return Column(header, field, Kind.CHOICE, required=required, choices=choices, help=help, width=width)


def _lenient(column: Column) -> Column:
    return replace(column, lenient=True)


SETTINGS = Sheet(
    "Settings",
    (
        _text("Setting", "setting", "The name of the setting, as listed on the Instructions sheet.", width=44),
        _text("Value", "value", "Its value.", width=44),
    ),
    help="Organisation details and the intervals the rules use. Leave a value blank to use the default.",
)

CONTRACTS = Sheet(
    "Contracts",
    (
        _text(
            "Contract ID", "contract_id", "Unique reference for the contract, e.g. CSC-001.", required=True, width=12
        ),
        _text("Title", "title", "The contract's title as published.", required=True, width=36),
        _text("Supplier", "supplier", "The provider, spelled as on the Providers sheet.", required=True, width=30),
        _text("Description", "description", "What the service provides, in plain words (published).", width=48),
        _choice("Service area", "service_area", SERVICE_AREAS, "Which service area commissions it.", required=True),
        _choice(
            "Procurement route",
            "procurement_route",
            PROCUREMENT_ROUTES,
            "How it was bought; sets the lead time before the end date.",
            required=True,
        ),
        _date("Start date", "start_date", "First day of the contract.", required=True),
        _date("End date", "end_date", "Last day of the contract (the current term).", required=True),
        _date("Extension end date", "extension_end_date", "Last day if every extension option is used."),
        _date("Review date", "review_date", "Next contract review."),
        _money("Annual value", "annual_value", "Value per year in pounds."),
        _money("Total value", "total_value", "Whole-life value in pounds."),
        _money("Irrecoverable VAT", "irrecoverable_vat", "VAT the council cannot recover, in pounds."),
        _yes_no(
            "Works with children",
            "works_with_children",
            "Yes if the service works with children or young people: the minimum expectations apply.",
            required=True,
        ),
        _choice(
            "Risk", "risk", RISK_LEVELS, "Safeguarding risk; sets how often thematic checks are due.", required=True
        ),
        _choice(
            "Monitoring frequency",
            "monitoring_frequency",
            MONITORING_FREQUENCIES,
            "How often contract monitoring meetings are held (blank: Quarterly).",
        ),
        _text("Contract manager", "contract_manager", "Named officer (internal only).", width=20),
        _yes_no("Publish", "publish", "No keeps the contract off the public register (blank: Yes)."),
        _text("Notes", "notes", "Internal notes (never published).", width=30),
        # Added after the SPEC's columns, so a workbook made from an earlier template keeps its layout.
        _text(
            "Department",
            "department",
            "The department responsible, as published on the register (blank: the Department setting).",
            width=24,
        ),
        _choice(
            "Main category",
            "main_category",
            MAIN_CATEGORIES,
            "Goods, Services or Works: the main kind of thing bought (blank: Services).",
        ),
    ),
    required=True,
    help="One row per contract.",
)

PROVIDERS = Sheet(
    "Providers",
    (
        _text("Provider", "provider", "The organisation's name; each provider once.", required=True, width=30),
        _choice("Organisation type", "organisation_type", ORGANISATION_TYPES, "Legal form."),
        Column(
            "Company number",
            "company_number",
            Kind.COMPANY_NUMBER,
            help="Companies House number: 8 digits, 2 letters and 6 digits (e.g. SC123456), or a registered "
            "society's number (e.g. IP17093R, RS007452). Format the column as Text to keep leading zeros.",
            width=14,
        ),
        Column(
            "Charity number",
            "charity_number",
            Kind.CHARITY_NUMBER,
            help="Charity number: England and Wales 6 to 8 digits, optionally -N (e.g. 1123456-1); "
            "Scotland SC0 and 5 digits (SC038302); Northern Ireland NIC and digits (NIC100002).",
            width=14,
        ),
        Column(
            "Mutuals number",
            "mutuals_number",
            Kind.MUTUALS_NUMBER,
            help="FCA Mutuals Public Register number of a registered society, credit union or friendly "
            "society (e.g. 31192R), if it has one.",
            width=14,
        ),
        _text("Postcode", "postcode", "Registered office postcode.", width=10),
        _yes_no("SME", "sme", "Yes if a small or medium-sized enterprise."),
        _yes_no("VCSE", "vcse", "Yes if a voluntary, community or social enterprise."),
        _text("Ofsted URN", "ofsted_urn", "Ofsted unique reference number, if registered.", width=12),
        _choice("Ofsted rating", "ofsted_rating", OFSTED_RATINGS, "Latest overall Ofsted judgement."),
        _date("Ofsted inspection date", "ofsted_inspection_date", "Date of that judgement."),
        _text(
            "Safeguarding lead", "safeguarding_lead", "Named designated safeguarding lead (internal only).", width=22
        ),
        _money("Employer's liability", "employers_liability", "Cover in pounds (minimum £10m)."),
        _money("Public liability", "public_liability", "Cover in pounds (minimum £10m)."),
        _money("Professional indemnity", "professional_indemnity", "Cover in pounds (minimum £2m)."),
        _date("Insurance expiry date", "insurance_expiry_date", "When the certificates run out."),
    ),
    required=True,
    help="One row per organisation that holds a contract or a placement.",
)

SAFEGUARDING = Sheet(
    "Safeguarding",
    (
        _text("Contract ID", "contract_id", "The contract, as on the Contracts sheet.", required=True, width=12),
        _date(
            "Self-assessment date",
            "self_assessment_date",
            "When the provider last completed the partnership self-assessment.",
        ),
        *(
            _yes_no(header, field, "Yes if the contract's safeguarding clause includes: " + full)
            for (header, _, full), field in zip(CLAUSE_ELEMENTS, CLAUSE_FIELDS, strict=True)
        ),
        _yes_no(
            "Partnership updates and training",
            "partnership_updates",
            "Yes if the provider receives partnership information and updates and can join its training.",
        ),
        _yes_no(
            "Safeguarding metrics in contract",
            "safeguarding_metrics",
            "Yes if the contract includes safeguarding performance metrics.",
        ),
        _date("Last thematic check", "last_thematic_check", "Date of the last thematic (spot) check."),
        _count(
            "Staff in contact with children",
            "staff_in_contact",
            "How many provider staff have direct or regular contact with children (optional).",
        ),
    ),
    required=True,
    help="One row per contract that works with children: the evidence for the six minimum expectations.",
)

POLICIES_SHEET = Sheet(
    "Policies",
    (
        _text("Provider", "provider", "The provider, as on the Providers sheet.", required=True, width=30),
        *(
            _date(header, field, f"When the provider's {short} policy was last reviewed.")
            for (header, short), field in zip(POLICIES, POLICY_FIELDS, strict=True)
        ),
    ),
    help="The annual contract assurance check: one row per provider, the date each policy was last reviewed.",
)

DBS = Sheet(
    "DBS",
    (
        _text("Contract ID", "contract_id", "The contract the member of staff works on.", required=True, width=12),
        _text(
            "Staff reference",
            "staff_reference",
            "The provider's reference for the member of staff (no names).",
            required=True,
            width=14,
        ),
        _text("Role", "role", "Job role."),
        _choice(
            "Contact level", "contact_level", CONTACT_LEVELS, "How much contact they have with children.", required=True
        ),
        Column(
            "DBS certificate number",
            "certificate_number",
            Kind.DBS_NUMBER,
            help="The 12-digit certificate number (format the column as Text to keep leading zeros).",
            personal=True,
            width=16,
        ),
        _date("DBS issue date", "issue_date", "Date the certificate was issued."),
        _date(
            "DBS recheck date",
            "recheck_date",
            "When the check must be renewed (blank: issue date plus the recheck interval).",
        ),
    ),
    help="RESTRICTED: one row per member of provider staff.",
    restricted=True,
)

MONITORING = Sheet(
    "Monitoring",
    (
        _text("Contract ID", "contract_id", "The contract monitored.", required=True, width=12),
        _date("Meeting date", "meeting_date", "Date of the contract monitoring meeting.", required=True),
        _yes_no(
            "Safeguarding discussed",
            "safeguarding_discussed",
            "Yes if safeguarding was on the agenda and discussed.",
            required=True,
        ),
        _yes_no("KPIs reviewed", "kpis_reviewed", "Yes if performance indicators were reviewed."),
        _count("Concerns raised", "concerns_raised", "Number of concerns raised at the meeting."),
        _text("Notes", "notes", "Internal notes (never published).", width=30),
    ),
    help="One row per contract monitoring meeting.",
)

PLACEMENTS = Sheet(
    "Placements",
    (
        _text("Placement ID", "placement_id", "Unique reference for the placement.", required=True, width=12),
        _text(
            "Child reference", "child_reference", "Case reference (never shown on any page).", personal=True, width=14
        ),
        _choice("Cohort", "cohort", COHORTS, "The child's legal status."),
        _choice("Placement type", "placement_type", PLACEMENT_TYPES, "Type of provision.", required=True),
        _choice("Age band", "age_band", AGE_BANDS, "Age at the start of the placement."),
        _text("Provider", "provider", "The provider, as on the Providers sheet.", required=True, width=30),
        _choice("Source", "source", PLACEMENT_SOURCES, "How the placement was sourced.", required=True),
        _date("Start date", "start_date", "First night of the placement.", required=True),
        _date("End date", "end_date", "Last day (blank: ongoing)."),
        _money("Weekly cost", "weekly_cost", "Cost per week in pounds."),
    ),
    help="RESTRICTED: one row per placement.",
    restricted=True,
)

QUALITY_ALERTS = Sheet(
    "Quality alerts",
    (
        _text("Alert ID", "alert_id", "Unique reference for the alert.", required=True, width=12),
        _date("Date raised", "date_raised", "When it was logged.", required=True),
        _text("Provider", "provider", "The provider, as on the Providers sheet.", required=True, width=30),
        _text("Contract ID", "contract_id", "The contract concerned, if any.", width=12),
        _text("Placement ID", "placement_id", "The placement concerned, if any.", width=12),
        _choice("Category", "category", ALERT_CATEGORIES, "What kind of alert.", required=True),
        _choice("Status", "status", ALERT_STATUSES, "Open or Closed.", required=True),
        _date("Date closed", "date_closed", "When it was resolved."),
    ),
    help="The placements log: quality alerts, issues, complaints and safeguarding concerns.",
    restricted=True,
)

CASELOAD = Sheet(
    "Caseload",
    (
        _date("Date", "date", "The date of the headcount.", required=True),
        _count("Children in care", "children_in_care"),
        _count("Of which UASC", "of_which_uasc", "Children in care who are unaccompanied asylum-seeking children."),
        _count("Children in need", "children_in_need"),
        _count("Care leavers", "care_leavers"),
    ),
    help="Headcount snapshots, one row per date.",
    restricted=True,
)

SOURCING_PLAN = Sheet(
    "Sourcing plan",
    (
        _text("Project", "project", "The procurement project.", required=True, width=36),
        _choice("Service area", "service_area", SERVICE_AREAS, "Which service area it is for."),
        _text("Related contract ID", "related_contract_id", "The contract it replaces or extends, if any.", width=12),
        _money("Estimated total value", "estimated_total_value", "Estimated whole-life value in pounds."),
        _choice("Procurement route", "procurement_route", PROCUREMENT_ROUTES, "The intended route."),
        _date("Procurement start", "procurement_start", "When the procurement is expected to start."),
        _date("Contract start", "contract_start", "When the new contract is expected to start."),
        _choice("Status", "status", PLAN_STATUSES, "Where the project is."),
        _yes_no("Publish", "publish", "No keeps the row off the public sourcing plan (blank: Yes)."),
        # Added for providers, after the SPEC's first columns so older workbooks keep their layout: what a
        # Procurement Act 2023 pipeline notice carries for each planned procurement.
        _text("Description", "description", "What will be bought, in plain words (published).", width=48),
        _lenient(
            _date(
                "Estimated contract end",
                "estimated_contract_end",
                "When the new contract is expected to end (its initial term).",
            )
        ),
        _text("Lots", "lots", "How it is divided into lots, if it is (e.g. 3 lots: North, Central, South).", width=30),
        _text(
            "Contact",
            "contact",
            "Who providers can ask about it: an email address or an https:// web page (published).",
            width=30,
        ),
        _text(
            "Notice URL",
            "notice_url",
            "The Find a Tender or Contracts Finder notice, an https:// address (published; linked only if https://).",
            width=40,
        ),
        _lenient(
            _choice(
                "Main category",
                "main_category",
                MAIN_CATEGORIES,
                "Goods, Services or Works: the main kind of thing to be bought.",
            )
        ),
        _lenient(
            _yes_no(
                "Suitable for SME/VCSE",
                "suitable_for_sme_vcse",
                "Yes if it is suitable for small and medium-sized enterprises and voluntary, community and social "
                "enterprises.",
            )
        ),
    ),
    help="The forward plan of procurements that the provider market sees.",
)

DEVELOPMENT_PLAN = Sheet(
    "Development plan",
    (
        _text("Area", "area", "The area for development.", required=True, width=28),
        _text("Explanation", "explanation", "What will be done and why.", width=60),
        _text("Owner", "owner", "Who leads it.", width=20),
        _date("Target date", "target_date", "When it should be done."),
        _choice("RAG", "rag", RAG_RATINGS, "Progress rating."),
    ),
    help="Areas for development in the commissioning work programme.",
    restricted=True,
)

SHEETS: tuple[Sheet, ...] = (
    SETTINGS,
    CONTRACTS,
    PROVIDERS,
    SAFEGUARDING,
    POLICIES_SHEET,
    DBS,
    MONITORING,
    PLACEMENTS,
    QUALITY_ALERTS,
    CASELOAD,
    SOURCING_PLAN,
    DEVELOPMENT_PLAN,
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
INSTRUCTIONS_SHEET = "Instructions"
