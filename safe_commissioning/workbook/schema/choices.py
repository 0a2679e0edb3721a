"""The lists officers choose from, exactly as reference §2.2 writes them, and the elements each record counts.

The drop-down lists of the template, the choices the reader accepts, and the ten clause elements
and eight policies the rules look for are written here once.
"""

from __future__ import annotations

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
