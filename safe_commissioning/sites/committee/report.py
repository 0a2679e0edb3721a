"""The committee pack: the quarterly report to Members, laid out as the council's committee reports are.

A header block (committee, date, subject, report of, author, classification, For Information),
Summary, Recommendation, the main report in numbered sections and paragraphs, and an appendix
(seed 000's layout; the placements table is seed 001's table 5.8, the development plan its §7.1).
Everything the pack says is gathered here once; nothing here reads files or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from safe_commissioning.rules.assessment import Assessment
from safe_commissioning.rules.attention import Action
from safe_commissioning.sites.charts import Chart
from safe_commissioning.sites.committee.activity import caseload, development_plan, expiries, placements, sourcing_plan
from safe_commissioning.sites.committee.close import appendix, conclusion
from safe_commissioning.sites.committee.pack import (
    HeaderRow,
    Numbered,
    Pack,
    Paragraph,
    Previously,
    Section,
    pack_file_name,
)
from safe_commissioning.sites.committee.position import background, compliance_position, red_and_alerts, summary
from safe_commissioning.sites.views.groups import ContractGroups
from safe_commissioning.sites.views.headlines import Headline
from safe_commissioning.words import long_date

PACK_CHARTS = ("rag_by_area", "expectations", "timeline", "placements_by_year", "caseload")


def not_set(setting: str) -> str:
    """What the header shows for a setting left blank, and how to fill it."""
    return f"Not set: add the '{setting}' setting to the workbook"


def committee_pack(
    assessment: Assessment,
    groups: ContractGroups,
    figures: Sequence[Headline],
    drawn: Mapping[str, Chart | None],
    before: Previously | None,
    actions: Sequence[Action],
) -> Pack:
    """The committee pack for the report date: header, summary, recommendation, main report and appendix.

    It says what the dashboard says: the same contract groups, headline figures, charts and Needs attention list.
    """
    workbook = assessment.workbook
    settings = workbook.settings
    main = Numbered(drawn)
    sections = (
        Section("Summary", "summary", tuple(summary(assessment, groups, actions, before))),
        Section(
            "Recommendation",
            "recommendation",
            (Paragraph("Members are asked to:", bullets=("Note the report.",)),),
        ),
        main.section("Background", "background", background(assessment)),
        main.section("Compliance position", "compliance", compliance_position(assessment, groups, figures, before)),
        main.section("Red contracts and open alerts", "red-and-alerts", red_and_alerts(assessment, actions)),
        main.section("Expiries and decisions due", "expiries", expiries(assessment, actions)),
        main.section("Placements", "placements", placements(assessment)),
        main.section("Caseload", "caseload", caseload(assessment)),
        main.section("Sourcing plan", "sourcing-plan", sourcing_plan(assessment)),
        main.section("Development plan", "development-plan", development_plan(assessment)),
        main.section("Conclusion", "conclusion", conclusion(assessment, actions)),
    )
    appendix_1 = Section(
        "Appendix 1: Safe commissioning minimum expectations, and how each rule is worked out",
        "appendix-1",
        tuple(appendix(assessment)),
    )
    report_date = workbook.report_date
    subject = settings.report_subject or "Safe commissioning of services for children"
    header = (
        HeaderRow(
            "Committee(s):",
            settings.committee or not_set("Committee"),
            "Dated:",
            long_date(settings.committee_date or report_date),
        ),
        HeaderRow("Subject:", f"{subject}: position on {long_date(report_date)}", "", settings.classification),
        HeaderRow("Report of:", settings.report_of or not_set("Report of"), "", "For Information"),
        HeaderRow("Report author:", settings.report_author or not_set("Report author")),
    )
    return Pack(
        pack_file_name(report_date),
        subject,
        settings.classification,
        report_date,
        settings.organisation,
        settings.report_author,
        header,
        sections,
        (appendix_1, *main.appendices),
        tuple(key for key in PACK_CHARTS if drawn.get(key) is not None),
    )
