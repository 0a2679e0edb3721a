"""The settings a workbook may give, with the reference's defaults and the values each accepts."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from safe_commissioning.workbook.records import Settings
from safe_commissioning.workbook.schema.choices import PROCUREMENT_ROUTES, RISK_LEVELS
from safe_commissioning.workbook.schema.columns import Kind


@dataclass(frozen=True, slots=True)
class SettingDefinition:
    """One setting a workbook may give: its name, the Settings field it fills, and what it does."""

    name: str
    field: str
    kind: Kind
    help: str
    key: str = ""  # the risk level or route, for settings that fill a mapping
    when_blank: str = ""  # what a blank means when the default is no value: "the build date"

    @property
    def default(self) -> str:
        """The default as the Instructions sheet shows it, read from Settings' own default."""
        if self.when_blank:
            return self.when_blank
        value = _DEFAULTS[self.field]
        if self.key:
            value = value[self.key]
        return "" if value is None else str(value)


_DEFAULTS = {field.name: getattr(Settings(), field.name) for field in dataclasses.fields(Settings)}


SETTING_DEFINITIONS: tuple[SettingDefinition, ...] = (
    SettingDefinition("Organisation", "organisation", Kind.TEXT, "The council or organisation; the site's title."),
    SettingDefinition(
        "Department", "department", Kind.TEXT, "The commissioning department (published on the register)."
    ),
    SettingDefinition(
        "Safeguarding partnership",
        "partnership",
        Kind.TEXT,
        "The local safeguarding children partnership whose minimum expectations apply.",
    ),
    SettingDefinition(
        "Report date",
        "report_date",
        Kind.DATE,
        "The date every 'overdue', 'expired' and 'active' figure is measured at (--as-of overrides it).",
        when_blank="the build date",
    ),
    SettingDefinition(
        "Self-assessment interval (months)",
        "self_assessment_months",
        Kind.WHOLE_NUMBER,
        "How recent the provider's partnership self-assessment must be.",
    ),
    *(
        SettingDefinition(
            f"Thematic check interval {risk} (months)",
            "thematic_months",
            Kind.WHOLE_NUMBER,
            f"How recent the last thematic check must be for a {risk} risk contract.",
            key=risk,
        )
        for risk in RISK_LEVELS
    ),
    SettingDefinition(
        "Policy review interval (months)",
        "policy_months",
        Kind.WHOLE_NUMBER,
        "How recently each of the eight provider policies must have been reviewed.",
    ),
    SettingDefinition(
        "DBS recheck interval (years)",
        "dbs_recheck_years",
        Kind.WHOLE_NUMBER,
        "When a DBS check is due again if no recheck date is recorded (issue date plus this).",
    ),
    *(
        SettingDefinition(
            f"Lead time {route} (months)",
            "lead_time_months",
            Kind.WHOLE_NUMBER,
            f"How long before the end date a re-procurement decision is due for {route}.",
            key=route,
        )
        for route in PROCUREMENT_ROUTES
    ),
    SettingDefinition(
        "Coming up window (days)",
        "coming_up_days",
        Kind.WHOLE_NUMBER,
        "How far ahead the dashboard's Coming up list looks for evidence and dates falling due.",
    ),
    SettingDefinition(
        "Return window (days)",
        "return_window_days",
        Kind.WHOLE_NUMBER,
        "How many days after a request a provider's return is due (python build.py requests).",
    ),
    SettingDefinition(
        "Placements lead",
        "placements_lead",
        Kind.TEXT,
        "The officer who owns placement and alert items with no contract (blank: they show 'Not assigned', a warning).",
    ),
    SettingDefinition(
        "Classification",
        "classification",
        Kind.TEXT,
        "The security classification shown on every page of the internal site.",
    ),
    SettingDefinition(
        "OCDS prefix",
        "ocds_prefix",
        Kind.TEXT,
        "Your Open Contracting ID prefix (ocds-xxxxxx), registered with the Open Contracting Partnership.",
    ),
    SettingDefinition(
        "Organisation identifier",
        "organisation_identifier",
        Kind.TEXT,
        "Your org-id identifier for the open data's buyer and publisher: GB-LAE- and your local authority code "
        "(e.g. GB-LAE-LND) or GB-PPON- and your Public Procurement Organisation Number.",
    ),
    SettingDefinition(
        "Address", "address", Kind.TEXT, "The council's street address, for the open data's buyer (optional)."
    ),
    SettingDefinition("Town", "town", Kind.TEXT, "The town or city of that address (optional)."),
    SettingDefinition("Postcode", "postcode", Kind.TEXT, "The postcode of that address (optional)."),
    SettingDefinition(
        "Telephone",
        "telephone",
        Kind.TEXT,
        "A telephone number the provider market can call about the register, for the open data (optional).",
    ),
    SettingDefinition(
        "Contact",
        "contact",
        Kind.TEXT,
        "Where the provider market can ask about the register (an email address or web page).",
    ),
    SettingDefinition(
        "Public site URL",
        "public_url",
        Kind.TEXT,
        "Where the public register will be published, e.g. https://example.gov.uk/contracts/ (for its sitemap and open data).",
    ),
    SettingDefinition(
        "Notice",
        "notice",
        Kind.TEXT,
        "A notice shown at the top of every page of both sites, e.g. 'Draft: not for publication'.",
    ),
    SettingDefinition(
        "Committee",
        "committee",
        Kind.TEXT,
        "The committee the committee pack goes to, e.g. 'Safeguarding Sub Committee' (the pack's header).",
    ),
    SettingDefinition(
        "Committee date",
        "committee_date",
        Kind.DATE,
        "The date of the meeting the committee pack is for (the pack's 'Dated').",
        when_blank="the report date",
    ),
    SettingDefinition(
        "Report subject",
        "report_subject",
        Kind.TEXT,
        "The subject line of the committee pack.",
    ),
    SettingDefinition(
        "Report of",
        "report_of",
        Kind.TEXT,
        "Whose report the committee pack is, e.g. 'Director of Community and Children's Services'.",
    ),
    SettingDefinition(
        "Report author",
        "report_author",
        Kind.TEXT,
        "The committee pack's author, name and role, e.g. 'A. Officer – Senior Commissioning Manager'.",
    ),
)
OCDS_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
EXAMPLE_OCDS_PREFIX = "ocds-213czf"  # the example prefix of the OCDS documentation, used until a council has its own
# org-id.guide's lists for a UK council: Local Authorities in England (three or four capital letters, e.g.
# GB-LAE-LND) and the Public Procurement Organisation Number of the Procurement Act 2023 (letters and
# digits in groups joined by hyphens, e.g. GB-PPON-PBCD-1234-EFGH).
ORGANISATION_IDENTIFIER = re.compile(r"GB-(?:LAE-[A-Z]{3,4}|PPON-[A-Z0-9]{1,8}(?:-[A-Z0-9]{1,8}){0,3})")

# Search engines read a sitemap address of up to 2,048 characters (sitemaps.org); the longest page address
# the public site adds to its Public site URL is under 100 characters (a record page's slug is at most 60).
MAX_PUBLIC_URL_LENGTH = 1_900

# The plausible range of each interval. Months: the rules count back whole months from the
# report date, and nothing the partnership asks for is rarer than once a decade. DBS rechecks:
# the DBS update service and local policies use 1 to 3 years; 10 leaves room. Lead times: the
# longest re-procurement (a strategic one, with consultation) takes under two years; 60 months
# leaves room. Bounding them also keeps date arithmetic far from the calendar's limits.
INTERVAL_BOUNDS: Mapping[str, tuple[int, int, str]] = MappingProxyType(
    {
        "self_assessment_months": (1, 120, "months"),
        "thematic_months": (1, 120, "months"),
        "policy_months": (1, 120, "months"),
        "dbs_recheck_years": (1, 10, "years"),
        "lead_time_months": (1, 60, "months"),
        "coming_up_days": (1, 366, "days"),
        "return_window_days": (1, 366, "days"),
    }
)


def settings_in_force(settings: Settings) -> Mapping[str, str]:
    """Every setting's name and the value in force, for the methodology page."""
    shown: dict[str, str] = {}
    for definition in SETTING_DEFINITIONS:
        value: object = getattr(settings, definition.field)
        if definition.key:
            value = value[definition.key]  # type: ignore[index]
        if isinstance(value, date):
            value = value.isoformat()
        shown[definition.name] = str(value) if value not in (None, "") else ""
    return shown
