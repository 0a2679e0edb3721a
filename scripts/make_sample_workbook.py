"""Generate source/commissioning.xlsx, the sample workbook the README builds.

Real figures come from the City of London's Children's Social Care Commissioning Overview
Report (September 2024) and the documents beside it (see README, "The sample workbook"):

- the 18 contracts of its tables 4.5 and 4.7: titles, suppliers, descriptions and end dates
  exactly as the report gives them (its column is "End date if extended");
- placements that give table 5.8 for 2023-24: Residential 3 commissioned / 2 decommissioned,
  IFA 1/1, Semi-independent 11/9;
- the caseload of section 2.3 on 31 March 2024: 7 children in care, 4 of them UASC, 3 children
  in need, 55 care leavers;
- the areas for development of section 7.1, and the re-tender of the Children in Care Council
  in 2024-25 (section 6.7) on the sourcing plan.

Everything else is ILLUSTRATIVE, invented to give every page something true to show: start
dates, procurement routes, safeguarding evidence, DBS records, monitoring meetings, policy
reviews, insurance, Ofsted ratings, individual placements and their ("Example …") providers,
quality alerts, the rest of the sourcing plan and the development plan's owners and ratings.
Contract values and company numbers are left blank because the report does not give them.

Run: python scripts/make_sample_workbook.py [OUT.xlsx]
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safe_commissioning.workbook.schema.sheets import SHEETS_BY_NAME
from safe_commissioning.workbook.template import write_workbook

Rows = list[list[object]]

NOTICE = (
    "Sample data. Contracts, end dates, placement counts and caseload are from the City of London "
    "Children's Social Care Commissioning Overview Report (September 2024); safeguarding evidence, "
    "DBS, monitoring, policies, insurance, individual placements, alerts and start dates are illustrative."
)
SETTINGS: dict[str, object] = {
    "Organisation": "City of London Corporation",
    "Department": "Department of Community and Children's Services",
    "Safeguarding partnership": "City and Hackney Safeguarding Children Partnership",
    "Report date": date(2024, 9, 30),
    "Classification": "OFFICIAL-SENSITIVE",
    "OCDS prefix": "ocds-213czf",
    "Notice": NOTICE,
    # The committee pack's header, as on the overview report's committee papers (roles, not people).
    "Committee": "Community and Children's Services Committee",
    "Report of": "Director of Community and Children's Services",
    "Report author": "Senior Commissioning Manager, Community and Children's Services",
    # Illustrative: the officer who owns placement and alert items with no contract.
    "Placements lead": "Placements Team Manager",
}

# fmt: off
# Tables 4.5 and 4.7: (ID, title, supplier, description, end date as the report gives it)
REPORT_CONTRACTS = [
    ("CSC-001", "Family Support Services", "Fenix Recruitment Solutions Ltd",
     "The provision of fully-trained support workers for City of London children and families, as appropriately "
     "referred by a City of London social worker. The duration and support level of each support package will be "
     "as determined upon referral by the social worker's assessment of the child and/or families' needs",
     "28/11/2024"),
    ("CSC-002", "Regional Adoption Agency- Adoption and Permanent Support Function", "Coram",
     "Childrens adoption and placement support service - part of a consortium led by LB Harrow", "31/03/2024"),
    ("CSC-003", "London Children in Care Council", "Partnership for Young London",
     "Multi borough partnership support young People in Care / Care Leavers, through engagement, joint working and "
     "policy development", "02/10/2024"),
    ("CSC-004", "Out of Hours Service Children's", "London Borough of Hackney",
     "The Emergency Duty Team Service for Children and young people at risk", "16/02/2027"),
    ("CSC-005", "Systemic Therapy", "Ademosu Temitope",
     "To provide the highly specialist clinical model of systemic therapy to our Looked After Children", "03/06/2024"),
    ("CSC-006", "Independent Visiting / Advocacy, Return to Home Interviews", "Coram",
     "Advocacy, Independent Visitors and Return home interviews services for looked after children and young people",
     "04/06/2026"),
    ("CSC-007", "Youth Justice Service", "London Borough of Tower Hamlets",
     "A support service for young people who have either entered the criminal justice system or who are at risk of "
     "doing so", "31/03/2025"),
    ("CSC-008", "Independent Chair of the Achieving Excellence Board", "Marcellina Taylor",
     "To Chair, and to support the effective delivery and functioning of, the Achieving Excellence Board (AEB), "
     "supporting the local authority to achieve excellence in its Children's Social Care and Early Help and SEND "
     "practice, and in the outcomes secured for children.", "21/03/2026"),
    ("CSC-009", "Appropriate Adult Service Juveniles, includes supplementary section on Appropriate Adult to attend "
     "Age Assessments", "The Appropriate Adults Service Limited",
     "Independent support for young people and vulnerable adults who have been arrested, and who do not have family "
     "or friends available to support them at the police station", "01/10/2025"),
    ("CSC-010", "Provision of LAC Consultation Tool", "Mind of My Own Ltd",
     "An online tool to help young people improve the way that they express their views and are listened to",
     "07/11/2024"),
    ("CSC-011", "'PEP for Success' for Virtual Schools", "ASSET",
     "An online tool to help young people improve the way that they express their views and are listened to",
     "21/01/2027"),
    ("CSC-012", "Assisting Young People in Custody", "The Appropriate Adults Service Limited",
     "A support service for young people or vulnerable adults who have been arrested and are in custody",
     "01/10/2025"),
    ("CSC-013", "Quality Assurance & Adhoc Case Reviews Service and Spot Purchase of IRO", "Aidhour",
     "Audit of service provision for Looked After Children and Young People", "03/10/2026"),
    ("CSC-014", "Kinship and Foster Care Assessments", "Achieving for Children",
     "To perform a one-off fostering assessment for a City carer, in line with Achieving for Children's own policy "
     "and procedures To provide ongoing support and training when required to the foster carer, following "
     "assessment and approval", "30/04/2025"),
    ("CSC-015", "Online Procedures Manual for Children's Services", "Signis Limited",
     "The service helps Young People and Families to work through significant issues, such as historical trauma "
     "and other negative life experiences, with the aim for them to engage with communities and become active "
     "members of society", "31/10/2024"),
    ("CSC-016", "City Finance Services", "Barrie Bookkeeping Ltd",
     "Social Care Direct Payments and Appointeeship payments provider", "31/03/2025"),
    ("YP-001", "Youth Participation (City Youth Forum)", "Prospects",
     "Coordination of the City Youth Participation, and provision of the City Youth Forum for people aged 13-19 "
     "years, chaired by the Member of Youth Parliament", "31/01/2025"),
    ("YP-002", "Universal Youth and Play Service", "Society Links Tower Hamlets",
     "Provision of Youth and Play Service for people aged six to 19 years old (25 years old for young people with "
     "SEND)", "31/03/2026"),
]

# Illustrative: (service area, route, start date, works with children, risk, monitoring frequency, publish, notes)
CONTRACT_DETAILS = {
    "CSC-001": ("Children's Social Care", "Operational purchasing", "29/11/2022", "Yes", "High", "Quarterly", "Yes", ""),
    "CSC-002": ("Children's Social Care", "Delegated to another authority", "01/04/2019", "Yes", "High", "Six-monthly", "Yes",
                "Consortium led by LB Harrow."),
    "CSC-003": ("Participation", "Operational purchasing", "03/10/2021", "Yes", "Medium", "Quarterly", "Yes",
                "Re-tender in 2024-25 with co-production (report section 6.7)."),
    "CSC-004": ("Children's Social Care", "Service level agreement", "17/02/2022", "Yes", "High", "Quarterly", "Yes",
                "Delivered by a neighbouring local authority (report section 4.2)."),
    "CSC-005": ("Children's Social Care", "Request for quotation", "04/06/2023", "Yes", "Medium", "Quarterly", "Yes",
                "(to be extended)"),
    "CSC-006": ("Children's Social Care", "Strategic purchasing", "05/06/2021", "Yes", "High", "Quarterly", "Yes", ""),
    "CSC-007": ("Youth", "Delegated to another authority", "01/04/2022", "Yes", "High", "Six-monthly", "Yes",
                "Delivered by a neighbouring local authority (report section 4.2)."),
    "CSC-008": ("Safeguarding and Quality Assurance", "Request for quotation", "22/03/2023", "No", "Low", "Annual", "No",
                "Individual appointment: publication under review."),
    "CSC-009": ("Children's Social Care", "Operational purchasing", "02/10/2022", "Yes", "High", "Quarterly", "Yes", ""),
    "CSC-010": ("Participation", "Request for quotation", "08/11/2021", "Yes", "Low", "Annual", "Yes", ""),
    "CSC-011": ("Children's Social Care", "Request for quotation", "22/01/2024", "Yes", "Low", "Annual", "Yes",
                "The report repeats the description of CSC-010 for this contract."),
    "CSC-012": ("Children's Social Care", "Operational purchasing", "02/10/2022", "Yes", "High", "Quarterly", "Yes", ""),
    "CSC-013": ("Safeguarding and Quality Assurance", "Operational purchasing", "04/10/2023", "Yes", "Medium", "Quarterly", "Yes", ""),
    "CSC-014": ("Children's Social Care", "Service level agreement", "01/05/2023", "Yes", "Medium", "Six-monthly", "Yes", ""),
    "CSC-015": ("Other", "Request for quotation", "01/11/2021", "No", "Low", "Annual", "Yes", ""),
    "CSC-016": ("Other", "Request for quotation", "01/04/2022", "No", "Low", "Annual", "Yes", ""),
    "YP-001": ("Participation", "Operational purchasing", "01/02/2022", "Yes", "Medium", "Quarterly", "Yes", ""),
    "YP-002": ("Youth", "Strategic purchasing", "01/04/2023", "Yes", "High", "Quarterly", "Yes", ""),
}
MANAGERS = {
    "Children's Social Care": "Commissioning Officer (CSC)",
    "Participation": "Commissioning Officer (Participation)",
    "Youth": "Commissioning Officer (Youth)",
    "Safeguarding and Quality Assurance": "Head of Commissioning",
    "Other": "Commissioning Support Officer",
}

# (provider, organisation type, Ofsted rating, Ofsted date, employer's, public, indemnity, insurance expiry).
# Money is written in the ways officers write it, to exercise the reader.
PROVIDERS: list[tuple[str, str | None, str | None, str | None, object, object, object, str | None]] = [
    ("Fenix Recruitment Solutions Ltd", "Company", "Not applicable", None, 10000000, "£10,000,000", "£5m", "31/03/2025"),
    ("Coram", "Charity", None, None, "£10m", "£10m", "£5m", "31/07/2025"),
    ("Partnership for Young London", "Charity", "Not applicable", None, "£10m", "£5m", "£2m", "30/04/2025"),
    ("London Borough of Hackney", "Local authority", None, None, None, None, None, None),
    ("Ademosu Temitope", "Sole trader", "Not applicable", None, None, "£5m", "£2m", "31/12/2024"),
    ("London Borough of Tower Hamlets", "Local authority", None, None, None, None, None, None),
    ("Marcellina Taylor", "Sole trader", "Not applicable", None, None, None, None, None),
    ("The Appropriate Adults Service Limited", "Company", "Not applicable", None, 10000000, "£10,000,000", "£5m", "31/08/2025"),
    ("Mind of My Own Ltd", "Company", "Not applicable", None, "£10m", "£10m", "£2m", "31/01/2025"),
    ("ASSET", None, "Not applicable", None, "£10m", "£10m", "£2m", "31/05/2025"),
    ("Aidhour", "Company", "Not applicable", None, "£10m", "£10m", "£2m", "31/03/2025"),
    ("Achieving for Children", "Community interest company", None, None, "£10m", "£10m", "£5m", "31/03/2025"),
    ("Signis Limited", "Company", "Not applicable", None, None, None, None, None),
    ("Barrie Bookkeeping Ltd", "Company", "Not applicable", None, None, None, None, None),
    ("Prospects", None, "Not applicable", None, "£10m", "£10m", "£2m", "31/03/2025"),
    ("Society Links Tower Hamlets", "Charity", "Not applicable", None, "£10m", "£10m", "£2m", "31/03/2025"),
    # Placement providers: fictional, named "Example …" so they cannot be mistaken for real organisations.
    ("Example Children's Homes Ltd", "Company", "Good", "12/03/2024", "£10m", "£10m", "£2m", "31/03/2025"),
    ("Example Residential Care Ltd", "Company", "Inadequate", "15/07/2024", "£10m", "£10m", "£2m", "30/06/2025"),
    ("Example Fostering Ltd", "Company", "Outstanding", "20/11/2023", "£10m", "£10m", "£2m", "31/12/2024"),
    ("Example Supported Living Ltd", "Company", "Not yet inspected", None, "£10m", "£10m", "£2m", "31/03/2025"),
    ("Example Housing Support CIC", "Community interest company", "Not yet inspected", None, "£10m", "£10m", "£1m", "31/10/2024"),
]
NO_POLICIES_ROW = ("Marcellina Taylor", "Signis Limited", "Barrie Bookkeeping Ltd")

# Safeguarding evidence (illustrative), designed for a realistic mix of RAG ratings.
GOOD_CLAUSES: list[object] = ["Yes"] * 10
THEMATIC_FOR_RISK = {"High": "12/06/2024", "Medium": "20/02/2024", "Low": "05/10/2023"}
SAFEGUARDING_OVERRIDES: dict[str, dict[str, object]] = {
    "CSC-002": {"self_assessment": "16/05/2022"},          # older than 24 months: MS1 not met
    "CSC-005": {"thematic": None},                          # never checked: MS6 not evidenced
    "CSC-010": {"clauses": ["Yes"] * 8 + ["No", None]},     # 8 of 10 elements: MS2 partly met
    "CSC-011": {"self_assessment": None},                   # new contract: self-assessment not yet returned
    "CSC-012": {"staff": 6},                                # 6 declared, 4 recorded: MS4 partly met
    "CSC-013": {"self_assessment": "09/07/2021"},           # MS1 not met
    "CSC-014": {"thematic": "18/01/2023"},                  # older than 12 months for Medium risk: MS6 not met
}
DBS_STAFF = {  # contract → the contact level of each member of its staff
    "CSC-001": ("Direct", "Direct", "Direct", "Regular"),
    "CSC-002": ("Direct", "Regular"),
    "CSC-003": ("Regular", "Regular", "Occasional"),
    "CSC-004": ("Direct", "Direct", "Direct"),
    "CSC-005": ("Direct",),
    "CSC-006": ("Direct", "Direct", "Regular", "Occasional"),
    "CSC-007": ("Direct", "Direct", "Direct", "Regular"),
    "CSC-009": ("Direct", "Direct", "Direct"),
    "CSC-010": ("Regular", "Regular"),
    "CSC-011": ("Regular",),
    "CSC-012": ("Direct", "Direct", "Direct", "Direct"),
    "CSC-013": ("Direct", "Regular"),
    "CSC-014": ("Direct", "Direct"),
    "YP-001": ("Direct", "Direct", "Regular"),
    "YP-002": ("Direct", "Direct", "Direct", "Direct", "Regular", "Occasional"),
}
DBS_PROBLEMS = {  # (contract, staff index) → (issue date, recheck date): recheck passed, so MS4 not met
    ("CSC-001", 1): ("01/03/2021", None),
    ("CSC-001", 3): ("15/09/2021", "31/08/2024"),
}
MEETING_MONTHS_BACK = {"Quarterly": (14, 11, 8, 5, 2), "Six-monthly": (12, 6), "Annual": (10,)}
MEETING_OVERRIDES: dict[str, list[tuple[str, str]]] = {
    "CSC-002": [("12/04/2023", "Yes"), ("10/10/2023", "Yes"), ("19/03/2024", "Yes")],
    "CSC-005": [("14/09/2023", "Yes"), ("07/12/2023", "Yes"), ("21/03/2024", "Yes")],
    "YP-001": [("16/10/2023", "Yes"), ("22/01/2024", "No"), ("15/04/2024", "Yes"), ("11/07/2024", "Yes")],
}
POLICY_DATES: list[object] = ["14/11/2023", "14/11/2023", "02/02/2024", "02/02/2024", "20/05/2024", "20/05/2024",
                              "03/07/2024", "03/07/2024"]
PARTLY_REVIEWED: list[object] = ["14/11/2023", "14/11/2023", "02/02/2024", "02/02/2024", "20/05/2024", "20/05/2024",
                                 "11/01/2023", None]

# Placements (individual rows illustrative; their 2023-24 totals are table 5.8's):
# (ID, cohort, type, age band, provider, source, start, end, weekly cost)
FRAMEWORK = "Commissioning Alliance framework"
PLACEMENTS = [
    ("P-2201", "Child in care", "Residential", "Under 16", "Example Children's Homes Ltd", FRAMEWORK, "14/06/2022", "20/08/2023", 5600),
    ("P-2202", "Child in care", "IFA", "Under 16", "Example Fostering Ltd", FRAMEWORK, "01/09/2022", "30/11/2023", 950),
    ("P-2203", "Unaccompanied asylum-seeking child", "Semi-independent", "16-17", "Example Supported Living Ltd", FRAMEWORK, "09/05/2022", "12/05/2023", 1450),
    ("P-2204", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", FRAMEWORK, "20/06/2022", "30/06/2023", 1150),
    ("P-2205", "Unaccompanied asylum-seeking child", "Semi-independent", "16-17", "Example Supported Living Ltd", FRAMEWORK, "01/08/2022", "31/08/2023", 1450),
    ("P-2206", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", "Other off-framework", "17/10/2022", "15/12/2023", 1300),
    ("P-2207", "Care leaver", "Semi-independent", "18+", "Example Supported Living Ltd", FRAMEWORK, "06/02/2023", "29/02/2024", 1200),
    ("P-2208", "Child in care", "Residential", "Under 16", "Example Children's Homes Ltd", FRAMEWORK, "09/01/2023", None, 5800),
    ("P-2209", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", FRAMEWORK, "01/11/2022", None, 1150),
    ("P-2301", "Child in care", "Residential", "Under 16", "Example Residential Care Ltd", "NEL residential provision", "10/05/2023", "28/02/2024", 6400),
    ("P-2302", "Child in care", "Residential", "16-17", "Example Residential Care Ltd", FRAMEWORK, "18/09/2023", None, 6200),
    ("P-2303", "Child in care", "Residential", "Under 16", "Example Children's Homes Ltd", FRAMEWORK, "15/01/2024", "31/08/2024", 5900),
    ("P-2304", "Child in care", "IFA", "Under 16", "Example Fostering Ltd", FRAMEWORK, "03/07/2023", None, 975),
    ("P-2305", "Unaccompanied asylum-seeking child", "Semi-independent", "16-17", "Example Supported Living Ltd", FRAMEWORK, "11/04/2023", "14/09/2023", 1450),
    ("P-2306", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", FRAMEWORK, "02/05/2023", None, 1150),
    ("P-2307", "Unaccompanied asylum-seeking child", "Semi-independent", "16-17", "Example Supported Living Ltd", FRAMEWORK, "26/06/2023", "31/12/2023", 1450),
    ("P-2308", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", "Other off-framework", "07/08/2023", "12/07/2024", 1350),
    ("P-2309", "Unaccompanied asylum-seeking child", "Semi-independent", "16-17", "Example Supported Living Ltd", FRAMEWORK, "04/09/2023", None, 1450),
    ("P-2310", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", FRAMEWORK, "16/10/2023", "28/03/2024", 1150),
    ("P-2311", "Unaccompanied asylum-seeking child", "Semi-independent", "16-17", "Example Supported Living Ltd", FRAMEWORK, "13/11/2023", None, 1450),
    ("P-2312", "Care leaver", "Semi-independent", "18+", "Example Supported Living Ltd", FRAMEWORK, "04/12/2023", "31/05/2024", 1200),
    ("P-2313", "Unaccompanied asylum-seeking child", "Semi-independent", "16-17", "Example Supported Living Ltd", FRAMEWORK, "15/01/2024", None, 1450),
    ("P-2314", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", "Spot purchase", "05/02/2024", "31/03/2024", 1500),
    ("P-2315", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", FRAMEWORK, "18/03/2024", "16/08/2024", 1150),
    ("P-2401", "Care leaver", "Semi-independent", "18+", "Example Housing Support CIC", FRAMEWORK, "20/05/2024", None, 1150),
    ("P-2402", "Child in care", "IFA", "Under 16", "Example Fostering Ltd", "Spot purchase", "12/08/2024", None, 1050),
]

QUALITY_ALERTS: Rows = [
    ["QA-001", "02/11/2023", "Example Residential Care Ltd", None, "P-2301", "Quality alert", "Closed", "15/12/2023"],
    ["QA-002", "14/02/2024", "Example Housing Support CIC", None, "P-2306", "Issue", "Closed", "01/03/2024"],
    ["QA-003", "03/05/2024", "Example Supported Living Ltd", None, "P-2309", "Complaint", "Closed", "10/06/2024"],
    ["QA-004", "20/07/2024", "Example Residential Care Ltd", None, "P-2302", "Safeguarding concern", "Open", None],
    ["QA-005", "02/09/2024", "Fenix Recruitment Solutions Ltd", "CSC-001", None, "Issue", "Open", None],
]
CASELOAD: Rows = [["31/03/2024", 7, 4, 3, 55]]  # report section 2.3
SOURCING_PLAN: Rows = [
    ["Re-tender of the London Children in Care Council, co-produced with young people", "Participation", "CSC-003",
     "£90,000", "Operational purchasing", "01/06/2024", "03/10/2024", "In progress", "Yes",
     "A participation service that runs the Children in Care Council with young people, who help choose the provider.",
     "02/10/2027", None, "commissioning@example.gov.uk", "https://www.find-tender.service.gov.uk/Notice/000001-2024",
     "Services", "Yes"],
    ["Family Support Services re-procurement", "Children's Social Care", "CSC-001", "£95,000",
     "Operational purchasing", "01/08/2024", "29/11/2024", "In progress", "Yes",
     "Early help and family support for families with children aged 0 to 18, delivered in the community.",
     "28/11/2027", "2 lots: North and South of the borough", "commissioning@example.gov.uk", None, "Services", "Yes"],
    ["Youth Participation (City Youth Forum) re-procurement", "Participation", "YP-001", "£75,000",
     "Operational purchasing", "01/09/2024", "01/02/2025", "Planned", "Yes",
     "The City Youth Forum: young people's voice in the council's decisions.", "31/01/2027", None,
     "commissioning@example.gov.uk", None, "Services", "Yes"],
    ["Youth Justice Service: renewal of the shared service arrangement", "Youth", "CSC-007", None,
     "Delegated to another authority", "01/10/2024", "01/04/2025", "Planned", "Yes"],
    ["Kinship and foster care assessments: renewal of the service level agreement", "Children's Social Care",
     "CSC-014", "£40,000", "Service level agreement", "01/01/2025", "01/05/2025", "Planned", "Yes",
     None, "30/04/2028", None, None, None, "Services", "No"],
    ["Market review of framework placement provision (Commissioning Alliance / CarePlace extension)",
     "Children's Social Care", None, None, "Framework call-off", "01/11/2024", "01/04/2025", "Planned", "Yes"],
    ["Appropriate adult services for young people (both contracts)", "Children's Social Care", "CSC-009",
     "£180,000", "Strategic purchasing", "01/01/2025", "02/10/2025", "Planned", "Yes",
     "Appropriate adults for children and young people detained or interviewed by the police.", "01/10/2028",
     "2 lots: custody suites and voluntary interviews", "commissioning@example.gov.uk", None, "Services", "Yes"],
    ["Emergency duty team: options appraisal", "Children's Social Care", "CSC-004", None,
     "Service level agreement", "01/04/2026", "17/02/2027", "Planned", "No"],
]
# Illustrative: the contract's notice on Find a Tender (a notice ID; an OCID is accepted too) and a supplier's
# Public Procurement Organisation Number (fictional), and each sourcing plan row's own Reference.
FIND_A_TENDER_NOTICES = {"CSC-003": "000001-2024", "YP-002": "ocds-h6vhtk-04a1b2"}
PPONS = {"Mind of My Own Ltd": "PMOM-0001-ABCD", "Partnership for Young London": "PPYL-2024-0001"}
PLAN_REFERENCES = ["SP-2024-01", "SP-2024-02", "SP-2024-03", "SP-2024-04", "SP-2025-01", "SP-2024-05", "SP-2025-02",
                   "SP-2026-01"]
DEVELOPMENT_PLAN: Rows = [  # areas and explanations: report section 7.1; owners, dates and ratings illustrative
    ["Sufficiency Strategy", "Oversight and delivery of Our Plan within the Sufficiency Strategy 2024-27",
     "Head of Commissioning", "31/03/2027", "Green"],
    ["Commissioned service impact", "Strengthen approaches to ensure evidence of impact is built into the "
     "commissioning cycle, to better demonstrate the impact activity is making to service users",
     "Commissioning Team", "01/04/2025", "Amber"],
    ["Co-production", "Develop the Commissioning Guide to include resources and reference to resources developed "
     "within the Department, to support the team with co-production approaches", "Commissioning Team",
     "01/04/2025", "Green"],
    ["Inequalities", "Strengthen contract monitoring approaches to address inequalities within Commissioning",
     "Commissioning Team", "01/04/2025", "Amber"],
    ["Careplace extension", "To complete a market review of framework provision to inform our future commissioning "
     "approach, or extension to the existing Commissioning Alliance provision", "Head of Commissioning",
     "31/03/2025", "Amber"],
    ["Recommissioned Services", "To complete the review redesign and recommissioning of services incorporating the "
     "themes as outlined throughout this report", "Commissioning Team", "31/03/2025", "Amber"],
    ["Placement processes", "Redesign and develop a Mosaic based referral form and work-step process to improve "
     "efficiency within the referral and placement ratification process", "Placements Team", "01/04/2025", "Red"],
    ["Quality Alerts and Issues process", "Standardise the reporting methodology in line with process within Adult "
     "Social Care services to ensure a consistent Directorate approach", "Commissioning Team", "01/04/2025",
     "Green"],
]
# fmt: on


def contracts() -> Rows:
    rows: Rows = []
    for contract_id, title, supplier, description, end in REPORT_CONTRACTS:
        area, route, start, children, risk, frequency, publish, notes = CONTRACT_DETAILS[contract_id]
        values: list[object] = [None] * 5  # extension end, review date, annual, total and irrecoverable VAT
        head = [contract_id, title, supplier, description, area, route, start, end]
        # the Settings Department; Services; the notice on Find a Tender where the sample gives one
        platform: list[object] = [None, None, FIND_A_TENDER_NOTICES.get(contract_id)]
        rows.append([*head, *values, children, risk, frequency, MANAGERS[area], publish, notes, *platform])
    return rows


def providers() -> Rows:
    blank: list[object] = [None] * 7  # company, charity and mutuals numbers, postcode, SME, VCSE, Ofsted URN
    # PPON where the sample gives one; Publish name blank, so the sole traders (individuals) are not named
    return [
        [name, kind, *blank, rating, inspected, None, employers, public, indemnity, expiry, PPONS.get(name), None]
        for name, kind, rating, inspected, employers, public, indemnity, expiry in PROVIDERS
    ]


def in_scope() -> list[tuple[str, str, str]]:
    """(contract ID, risk, monitoring frequency) of the contracts that work with children."""
    return [(cid, d[4], d[5]) for cid, d in CONTRACT_DETAILS.items() if d[3] == "Yes"]


def safeguarding() -> Rows:
    rows: Rows = []
    for contract_id, risk, _ in in_scope():
        extra = SAFEGUARDING_OVERRIDES.get(contract_id, {})
        clauses = extra.get("clauses", GOOD_CLAUSES)
        assert isinstance(clauses, list)
        staff = extra.get("staff", sum(level in ("Direct", "Regular") for level in DBS_STAFF[contract_id]))
        self_assessment = extra.get("self_assessment", "15/11/2023")
        thematic = extra.get("thematic", THEMATIC_FOR_RISK[risk])
        rows.append([contract_id, self_assessment, *clauses, "Yes", "Yes", thematic, staff])
    return rows


def dbs() -> Rows:
    rows: Rows = []
    number = 1_000_000
    for contract_id, levels in DBS_STAFF.items():
        for index, level in enumerate(levels):
            number += 7919
            default = (f"{10 + index:02d}/0{1 + index % 9}/2023", None)
            issue, recheck = DBS_PROBLEMS.get((contract_id, index), default)
            role = {"Direct": "Support worker", "Regular": "Coordinator"}.get(level, "Administrator")
            rows.append([contract_id, f"{contract_id}-S{index + 1:02d}", role, level, f"{number:012d}", issue, recheck])
    return rows


def monitoring() -> Rows:
    rows: Rows = []
    for contract_id, _, frequency in in_scope():
        meetings = MEETING_OVERRIDES.get(contract_id)
        if meetings is None:
            meetings = []
            for months_back in MEETING_MONTHS_BACK[frequency]:
                year, month = divmod(2024 * 12 + 9 - 1 - months_back, 12)
                meetings.append((date(year, month + 1, 10 + len(contract_id) % 8).strftime("%d/%m/%Y"), "Yes"))
        for meeting_date, discussed in meetings:
            agenda = "Standard agenda: KPIs, complaints, safeguarding, health and safety, finance, partnership working."
            rows.append([contract_id, meeting_date, discussed, "Yes", 0, agenda])
    return rows


def policies() -> Rows:
    return [
        [name, *(PARTLY_REVIEWED if name == "Prospects" else POLICY_DATES)]
        for name, *_ in PROVIDERS
        if name not in NO_POLICIES_ROW
    ]


def placements() -> Rows:
    return [
        [pid, f"CR-{4100 + index * 37}", cohort, kind, age, provider, source, start, end, cost]
        for index, (pid, cohort, kind, age, provider, source, start, end, cost) in enumerate(PLACEMENTS)
    ]


# Illustrative: what officers did about two items of Needs attention (About, Date, Action taken, By, Next review).
# The alert's next review has passed by the report date, so it is itself an item to act on.
ACTIONS: list[list[object]] = [
    [
        "P-2302",
        "26/09/2024",
        "Social worker visited and reviewed the placement with the child's IRO: the child is "
        "safe, and a move to a home rated Good is being arranged",
        "Placements Team Manager",
        "11/10/2024",
    ],
    [
        "QA-004",
        "21/07/2024",
        "Concern referred to the LADO and raised with the home's registered manager",
        "Commissioning Officer (CSC)",
        "20/09/2024",
    ],
]


def build(path: Path) -> None:
    """Write the sample workbook to `path`."""
    rows: dict[str, Rows] = {
        "Contracts": contracts(),
        "Providers": providers(),
        "Safeguarding": safeguarding(),
        "Policies": policies(),
        "DBS": dbs(),
        "Monitoring": monitoring(),
        "Placements": placements(),
        "Quality alerts": QUALITY_ALERTS,
        "Caseload": CASELOAD,
        # the rows give the reference's first nine columns, and the providers' columns where the sample has them
        "Sourcing plan": [
            row + [None] * (len(SHEETS_BY_NAME["Sourcing plan"].columns) - 1 - len(row)) + [reference]
            for row, reference in zip(SOURCING_PLAN, PLAN_REFERENCES, strict=True)
        ],
        "Development plan": DEVELOPMENT_PLAN,
        "Actions": ACTIONS,
    }
    for name, sheet_rows in rows.items():
        width = len(SHEETS_BY_NAME[name].columns)
        assert all(len(row) == width for row in sheet_rows), name
    write_workbook(path, {name: [[_cell(v) for v in row] for row in r] for name, r in rows.items()}, SETTINGS)


def _cell(value: object) -> object:
    """Dates written DD/MM/YYYY above become real Excel dates, as in an officer's workbook."""
    if isinstance(value, str) and len(value) == 10 and value[2] == "/" and value[5] == "/":
        day, month, year = value.split("/")
        return date(int(year), int(month), int(day))
    return value


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "source" / "commissioning.xlsx"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    build(target)
    print(f"wrote {target}")
