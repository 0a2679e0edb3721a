"""Nothing restricted reaches the public site; no DBS number or child reference reaches either site.

A workbook carries a unique marker in every restricted column and in everything unpublished;
after a build, no file under build/public (pages, search index, sitemap, data files) may
contain any of them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from safe_commissioning.pipeline import BuildResult

from .conftest import REPORT_DATE, Rows, contract, headers, provider, row, safeguarding, write_xlsx
from .sites import build_sites, site_files, text_of

DBS_NUMBER = "987650001234"
CHILD_REFERENCE = "CHILDREF-XQ71"
# Restricted values, each unique enough that finding it anywhere means it leaked.
PUBLIC_FORBIDDEN = {
    "contract manager": "MANAGER-MARKER-A1",
    "contract notes": "CONTRACT-NOTES-MARKER-B2",
    "safeguarding lead": "SAFEGUARDING-LEAD-MARKER-C3",
    "DBS staff reference": "STAFFREF-MARKER-D4",
    "DBS role": "DBS-ROLE-MARKER-E5",
    "monitoring notes": "MONITORING-NOTES-MARKER-F6",
    "placement ID": "PLACEMENT-MARKER-G7",
    "quality alert ID": "ALERT-MARKER-H8",
    "development area": "DEVAREA-MARKER-I9",
    "development explanation": "DEVEXPLAIN-MARKER-J10",
    "development owner": "DEVOWNER-MARKER-K11",
    "unpublished contract ID": "SECRET-C-99",
    "unpublished contract title": "UNPUBLISHED-TITLE-MARKER-L12",
    "unpublished contract description": "UNPUBLISHED-DESCRIPTION-MARKER-M13",
    "unpublished sourcing project": "UNPUBLISHED-PROJECT-MARKER-N14",
    "unpublished sourcing description": "UNPUBLISHED-PLAN-DESCRIPTION-MARKER-P16",
    "unpublished sourcing lots": "UNPUBLISHED-PLAN-LOTS-MARKER-Q17",
    "unpublished sourcing contact": "unpublished-plan-contact-marker-r18@example.gov.uk",
    "unpublished sourcing notice": "https://www.find-tender.service.gov.uk/Notice/UNPUBLISHED-NOTICE-MARKER-S19",
    "placement-only provider": "PLACEMENT-ONLY-PROVIDER-MARKER-O15",
    # a sole trader is an individual: name, numbers and postcode withheld unless Publish name is Yes
    "sole trader name": "SOLE-TRADER-NAME-MARKER-T20",
    "sole trader company number": "09990020",
    "sole trader PPON": "PSTR-2020-TWNT",
    "sole trader postcode": "SOLE-POSTCODE-MARKER-U21",
    "DBS certificate number": DBS_NUMBER,
    "child reference": CHILD_REFERENCE,
}
NEVER_ANYWHERE = {"DBS certificate number": DBS_NUMBER, "child reference": CHILD_REFERENCE}
COMPLIANCE_WORDS = ("not_met", "partly_met", "not_evidenced", "sc-rag", "Not evidenced", "Partly met")


@pytest.fixture(scope="module")
def marked_build(tmp_path_factory: pytest.TempPathFactory, engine: str) -> tuple[Path, BuildResult]:
    folder = tmp_path_factory.mktemp("privacy")
    m = PUBLIC_FORBIDDEN
    sheets: dict[str, Rows] = {
        "Settings": [["Setting", "Value"], ["Organisation", "Marker Council"], ["Report date", REPORT_DATE]],
        "Contracts": [
            headers("Contracts"),
            contract(contract_manager=m["contract manager"], notes=m["contract notes"], description="Open service"),
            contract(
                contract_id=m["unpublished contract ID"],
                title=m["unpublished contract title"],
                description=m["unpublished contract description"],
                end_date=date(2025, 1, 31),  # ends within 12 months: would be on Ending soon if it leaked
                publish="No",
            ),
            # published, with a sole trader: on the register as "Individual (name withheld)"
            contract(contract_id="C-2", supplier=m["sole trader name"], end_date=date(2025, 1, 31)),
        ],
        "Providers": [
            headers("Providers"),
            provider(safeguarding_lead=m["safeguarding lead"], ofsted_rating="Inadequate"),
            provider(provider=m["placement-only provider"]),
            provider(
                provider=m["sole trader name"],
                organisation_type="Sole trader",
                company_number=m["sole trader company number"],
                ppon=m["sole trader PPON"],
                postcode=m["sole trader postcode"],
                sme="Yes",
            ),
        ],
        "Safeguarding": [
            headers("Safeguarding"),
            safeguarding(),
            safeguarding(contract_id=m["unpublished contract ID"]),
            safeguarding(contract_id="C-2"),
        ],
        "DBS": [
            headers("DBS"),
            row(
                "DBS",
                contract_id="C-1",
                staff_reference=m["DBS staff reference"],
                role=m["DBS role"],
                contact_level="Direct",
                certificate_number=DBS_NUMBER,
                issue_date=date(2024, 1, 1),
            ),
        ],
        "Monitoring": [
            headers("Monitoring"),
            row(
                "Monitoring",
                contract_id="C-1",
                meeting_date=date(2024, 8, 1),
                safeguarding_discussed="Yes",
                notes=m["monitoring notes"],
            ),
        ],
        "Placements": [
            headers("Placements"),
            row(
                "Placements",
                placement_id=m["placement ID"],
                child_reference=CHILD_REFERENCE,
                placement_type="IFA",
                provider=m["placement-only provider"],
                source="Spot purchase",
                start_date=date(2024, 5, 1),
            ),
        ],
        "Quality alerts": [
            headers("Quality alerts"),
            row(
                "Quality alerts",
                alert_id=m["quality alert ID"],
                date_raised=date(2024, 6, 1),
                provider="Acme Care Ltd",
                category="Complaint",
                status="Open",
            ),
        ],
        "Caseload": [headers("Caseload"), row("Caseload", date=date(2024, 3, 31), children_in_care=7)],
        "Sourcing plan": [
            headers("Sourcing plan"),
            row(
                "Sourcing plan",
                project="Published project",
                related_contract_id=m["unpublished contract ID"],
                procurement_start=date(2024, 12, 1),  # in the calendar, the feed and the planning releases
                status="Planned",
            ),
            row(
                "Sourcing plan",
                project=m["unpublished sourcing project"],
                description=m["unpublished sourcing description"],
                lots=m["unpublished sourcing lots"],
                contact=m["unpublished sourcing contact"],
                notice_url=m["unpublished sourcing notice"],
                procurement_start=date(2024, 12, 1),
                publish="No",
            ),
        ],
        "Development plan": [
            headers("Development plan"),
            row(
                "Development plan",
                area=m["development area"],
                explanation=m["development explanation"],
                owner=m["development owner"],
            ),
        ],
    }
    workbook = write_xlsx(folder / "marked.xlsx", sheets)
    out = folder / "build"
    return out, build_sites(workbook, out, engine=engine)


def test_the_marked_workbook_builds_and_the_internal_site_uses_the_markers(
    marked_build: tuple[Path, BuildResult],
) -> None:
    out, _ = marked_build
    internal = "\n".join(text_of(path) for path in site_files(out / "internal"))
    for what in (
        "contract manager",
        "monitoring notes",
        "placement ID",
        "quality alert ID",
        "development owner",
        "sole trader name",
    ):
        assert PUBLIC_FORBIDDEN[what] in internal, f"the internal site should show the {what}"


@pytest.mark.parametrize("what", sorted(PUBLIC_FORBIDDEN))
def test_no_public_file_contains_restricted_data(marked_build: tuple[Path, BuildResult], what: str) -> None:
    out, _ = marked_build
    marker = PUBLIC_FORBIDDEN[what]
    leaks = [str(path.relative_to(out)) for path in site_files(out / "public") if marker in text_of(path)]
    assert leaks == [], f"{what} ({marker}) found in {leaks}"


@pytest.mark.parametrize("what", sorted(NEVER_ANYWHERE))
def test_no_page_of_either_site_shows_a_dbs_number_or_child_reference(
    marked_build: tuple[Path, BuildResult], what: str
) -> None:
    out, _ = marked_build
    leaks = [str(path.relative_to(out)) for path in site_files(out) if NEVER_ANYWHERE[what] in text_of(path)]
    assert leaks == [], f"{what} found in {leaks}"


def test_the_public_site_shows_no_rating_or_compliance_status(marked_build: tuple[Path, BuildResult]) -> None:
    out, _ = marked_build
    for path in site_files(out / "public"):
        if path.suffix == ".css":  # the shared stylesheet names the badge classes; no page uses them
            continue
        text = text_of(path)
        found = [word for word in COMPLIANCE_WORDS if word in text]
        assert not found, f"{path.relative_to(out)} shows {found}"


def test_the_published_contract_is_on_the_public_register(marked_build: tuple[Path, BuildResult]) -> None:
    out, _ = marked_build
    register = (out / "public" / "data" / "contracts.csv").read_text(encoding="utf-8-sig")
    assert "C-1" in register
    assert "Published project" in (out / "public" / "data" / "sourcing_plan.csv").read_text(encoding="utf-8-sig")
    for feed in ("sourcing_plan.atom", "sourcing_plan.ics", "ocds_planning.json"):
        assert "Published project" in text_of(out / "public" / "data" / feed), feed
    assert (out / "public" / "contracts" / "c-1.html").exists()
    assert "Individual (name withheld)" in register  # the sole trader's contract, without the name
