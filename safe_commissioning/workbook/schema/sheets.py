"""The master workbook's sheets and their columns, exactly as reference §2.2 names them.

One description drives the reader, the validator, the template and its Instructions sheet,
so a header is spelled in one place only. The placements side lives in `placements`, the
Returns log in `returns`; `SHEETS` gathers them all in the workbook's order.
"""

from __future__ import annotations

from safe_commissioning.workbook.records import (
    Contract,
    DbsRecord,
    DevelopmentAction,
    MonitoringMeeting,
    PolicyReviews,
    Provider,
    SafeguardingEvidence,
    SourcingPlanItem,
)
from safe_commissioning.workbook.schema import choices
from safe_commissioning.workbook.schema.actions import ACTIONS
from safe_commissioning.workbook.schema.columns import (
    Column,
    Kind,
    Sheet,
    choice,
    count,
    date,
    lenient,
    money,
    text,
    yes_no,
)
from safe_commissioning.workbook.schema.placements import CASELOAD, PLACEMENTS, QUALITY_ALERTS
from safe_commissioning.workbook.schema.returns import RETURNS

SETTINGS = Sheet(
    "Settings",
    (
        text("Setting", "setting", "The name of the setting, as listed on the Instructions sheet.", width=44),
        text("Value", "value", "Its value.", width=44),
    ),
    help="Organisation details and the intervals the rules use. Leave a value blank to use the default.",
)

CONTRACTS = Sheet(
    "Contracts",
    (
        text("Contract ID", "contract_id", "Unique reference for the contract, e.g. CSC-001.", required=True, width=12),
        text("Title", "title", "The contract's title as published.", required=True, width=36),
        text("Supplier", "supplier", "The provider, spelled as on the Providers sheet.", required=True, width=30),
        text("Description", "description", "What the service provides, in plain words (published).", width=48),
        choice(
            "Service area", "service_area", choices.SERVICE_AREAS, "Which service area commissions it.", required=True
        ),
        choice(
            "Procurement route",
            "procurement_route",
            choices.PROCUREMENT_ROUTES,
            "How it was bought; sets the lead time before the end date.",
            required=True,
        ),
        date("Start date", "start_date", "First day of the contract.", required=True),
        date("End date", "end_date", "Last day of the contract (the current term).", required=True),
        date("Extension end date", "extension_end_date", "Last day if every extension option is used."),
        date("Review date", "review_date", "Next contract review."),
        money("Annual value", "annual_value", "Value per year in pounds."),
        money("Total value", "total_value", "Whole-life value in pounds."),
        money("Irrecoverable VAT", "irrecoverable_vat", "VAT the council cannot recover, in pounds."),
        yes_no(
            "Works with children",
            "works_with_children",
            "Yes if the service works with children or young people: the minimum expectations apply.",
            required=True,
        ),
        choice(
            "Risk",
            "risk",
            choices.RISK_LEVELS,
            "Safeguarding risk; sets how often thematic checks are due.",
            required=True,
        ),
        choice(
            "Monitoring frequency",
            "monitoring_frequency",
            choices.MONITORING_FREQUENCIES,
            "How often contract monitoring meetings are held (blank: Quarterly).",
        ),
        text("Contract manager", "contract_manager", "Named officer (internal only).", width=20),
        yes_no("Publish", "publish", "No keeps the contract off the public register (blank: Yes)."),
        text("Notes", "notes", "Internal notes (never published).", width=30),
        # Added after the reference's columns, so a workbook made from an earlier template keeps its layout.
        text(
            "Department",
            "department",
            "The department responsible, as published on the register (blank: the Department setting).",
            width=24,
        ),
        choice(
            "Main category",
            "main_category",
            choices.MAIN_CATEGORIES,
            "Goods, Services or Works: the main kind of thing bought (blank: Services).",
        ),
        text(
            "Find a Tender notice",
            "find_a_tender_notice",
            "The contract's notice on Find a Tender (Procurement Act 2023): its notice ID such as 012345-2025, "
            "its https://www.find-tender.service.gov.uk/Notice/ address, or its OCID ocds-h6vhtk-… (published).",
            width=24,
        ),
    ),
    required=True,
    help="One row per contract.",
    record=Contract,
)

PROVIDERS = Sheet(
    "Providers",
    (
        text("Provider", "provider", "The organisation's name; each provider once.", required=True, width=30),
        choice("Organisation type", "organisation_type", choices.ORGANISATION_TYPES, "Legal form."),
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
        text("Postcode", "postcode", "Registered office postcode.", width=10),
        yes_no("SME", "sme", "Yes if a small or medium-sized enterprise."),
        yes_no("VCSE", "vcse", "Yes if a voluntary, community or social enterprise."),
        text("Ofsted URN", "ofsted_urn", "Ofsted unique reference number, if registered.", width=12),
        choice("Ofsted rating", "ofsted_rating", choices.OFSTED_RATINGS, "Latest overall Ofsted judgement."),
        date("Ofsted inspection date", "ofsted_inspection_date", "Date of that judgement."),
        text("Safeguarding lead", "safeguarding_lead", "Named designated safeguarding lead (internal only).", width=22),
        money("Employer's liability", "employers_liability", "Cover in pounds (minimum £10m)."),
        money("Public liability", "public_liability", "Cover in pounds (minimum £10m)."),
        money("Professional indemnity", "professional_indemnity", "Cover in pounds (minimum £2m)."),
        date("Insurance expiry date", "insurance_expiry_date", "When the certificates run out."),
        # Added after the reference's first columns, so a workbook made from an earlier template keeps its layout.
        Column(
            "PPON",
            "ppon",
            Kind.PPON,
            help="Public Procurement Organisation Number from Find a Tender (Procurement Act 2023): "
            "PXXX-XXXX-XXXX (published as a GB-PPON identifier).",
            width=16,
        ),
        lenient(
            yes_no(
                "Publish name",
                "publish_name",
                "No keeps the provider's name and numbers off the public site (blank: No for a Sole trader, "
                "an individual; Yes for everyone else).",
            )
        ),
    ),
    required=True,
    help="One row per organisation that holds a contract or a placement.",
    record=Provider,
)

SAFEGUARDING = Sheet(
    "Safeguarding",
    (
        text("Contract ID", "contract_id", "The contract, as on the Contracts sheet.", required=True, width=12),
        date(
            "Self-assessment date",
            "self_assessment_date",
            "When the provider last completed the partnership self-assessment.",
        ),
        *(
            yes_no(header, field, "Yes if the contract's safeguarding clause includes: " + full)
            for (header, _, full), field in zip(choices.CLAUSE_ELEMENTS, choices.CLAUSE_FIELDS, strict=True)
        ),
        yes_no(
            "Partnership updates and training",
            "partnership_updates",
            "Yes if the provider receives partnership information and updates and can join its training.",
        ),
        yes_no(
            "Safeguarding metrics in contract",
            "safeguarding_metrics",
            "Yes if the contract includes safeguarding performance metrics.",
        ),
        date("Last thematic check", "last_thematic_check", "Date of the last thematic (spot) check."),
        count(
            "Staff in contact with children",
            "staff_in_contact",
            "How many provider staff have direct or regular contact with children (optional).",
        ),
    ),
    required=True,
    help="One row per contract that works with children: the evidence for the six minimum expectations.",
    record=SafeguardingEvidence,
)

POLICIES_SHEET = Sheet(
    "Policies",
    (
        text("Provider", "provider", "The provider, as on the Providers sheet.", required=True, width=30),
        *(
            date(header, field, f"When the provider's {short} policy was last reviewed.")
            for (header, short), field in zip(choices.POLICIES, choices.POLICY_FIELDS, strict=True)
        ),
    ),
    help="The annual contract assurance check: one row per provider, the date each policy was last reviewed.",
    record=PolicyReviews,
)

DBS = Sheet(
    "DBS",
    (
        text("Contract ID", "contract_id", "The contract the member of staff works on.", required=True, width=12),
        text(
            "Staff reference",
            "staff_reference",
            "The provider's reference for the member of staff (no names).",
            required=True,
            width=14,
        ),
        text("Role", "role", "Job role."),
        choice(
            "Contact level",
            "contact_level",
            choices.CONTACT_LEVELS,
            "How much contact they have with children.",
            required=True,
        ),
        Column(
            "DBS certificate number",
            "certificate_number",
            Kind.DBS_NUMBER,
            help="The 12-digit certificate number (format the column as Text to keep leading zeros).",
            personal=True,
            width=16,
        ),
        date("DBS issue date", "issue_date", "Date the certificate was issued."),
        date(
            "DBS recheck date",
            "recheck_date",
            "When the check must be renewed (blank: issue date plus the recheck interval).",
        ),
    ),
    help="RESTRICTED: one row per member of provider staff.",
    restricted=True,
    record=DbsRecord,
)

MONITORING = Sheet(
    "Monitoring",
    (
        text("Contract ID", "contract_id", "The contract monitored.", required=True, width=12),
        date("Meeting date", "meeting_date", "Date of the contract monitoring meeting.", required=True),
        yes_no(
            "Safeguarding discussed",
            "safeguarding_discussed",
            "Yes if safeguarding was on the agenda and discussed.",
            required=True,
        ),
        yes_no("KPIs reviewed", "kpis_reviewed", "Yes if performance indicators were reviewed."),
        count("Concerns raised", "concerns_raised", "Number of concerns raised at the meeting."),
        text("Notes", "notes", "Internal notes (never published).", width=30),
    ),
    help="One row per contract monitoring meeting.",
    record=MonitoringMeeting,
)

SOURCING_PLAN = Sheet(
    "Sourcing plan",
    (
        text("Project", "project", "The procurement project.", required=True, width=36),
        choice("Service area", "service_area", choices.SERVICE_AREAS, "Which service area it is for."),
        text("Related contract ID", "related_contract_id", "The contract it replaces or extends, if any.", width=12),
        money("Estimated total value", "estimated_total_value", "Estimated whole-life value in pounds."),
        choice("Procurement route", "procurement_route", choices.PROCUREMENT_ROUTES, "The intended route."),
        date("Procurement start", "procurement_start", "When the procurement is expected to start."),
        date("Contract start", "contract_start", "When the new contract is expected to start."),
        choice("Status", "status", choices.PLAN_STATUSES, "Where the project is."),
        yes_no("Publish", "publish", "No keeps the row off the public sourcing plan (blank: Yes)."),
        # Added for providers, after the reference's first columns so older workbooks keep their layout: what a
        # Procurement Act 2023 pipeline notice carries for each planned procurement.
        text("Description", "description", "What will be bought, in plain words (published).", width=48),
        lenient(
            date(
                "Estimated contract end",
                "estimated_contract_end",
                "When the new contract is expected to end (its initial term).",
            )
        ),
        text("Lots", "lots", "How it is divided into lots, if it is (e.g. 3 lots: North, Central, South).", width=30),
        text(
            "Contact",
            "contact",
            "Who providers can ask about it: an email address or an https:// web page (published).",
            width=30,
        ),
        text(
            "Notice URL",
            "notice_url",
            "The Find a Tender or Contracts Finder notice, an https:// address (published; linked only if https://).",
            width=40,
        ),
        lenient(
            choice(
                "Main category",
                "main_category",
                choices.MAIN_CATEGORIES,
                "Goods, Services or Works: the main kind of thing to be bought.",
            )
        ),
        lenient(
            yes_no(
                "Suitable for SME/VCSE",
                "suitable_for_sme_vcse",
                "Yes if it is suitable for small and medium-sized enterprises and voluntary, community and social "
                "enterprises.",
            )
        ),
        text(
            "Reference",
            "reference",
            "The row's own reference, which never changes (e.g. SP-2025-01): its open data identifier (OCDS ocid) "
            "is made from it, so renaming the project keeps it.",
            width=14,
        ),
    ),
    help="The forward plan of procurements that the provider market sees.",
    record=SourcingPlanItem,
)

DEVELOPMENT_PLAN = Sheet(
    "Development plan",
    (
        text("Area", "area", "The area for development.", required=True, width=28),
        text("Explanation", "explanation", "What will be done and why.", width=60),
        text("Owner", "owner", "Who leads it.", width=20),
        date("Target date", "target_date", "When it should be done."),
        choice("RAG", "rag", choices.RAG_RATINGS, "Progress rating."),
    ),
    help="Areas for development in the commissioning work programme.",
    restricted=True,
    record=DevelopmentAction,
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
    ACTIONS,
    RETURNS,
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
INSTRUCTIONS_SHEET = "Instructions"
