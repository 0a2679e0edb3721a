"""A master workbook for the provider-returns tests, built in code, and a provider filling in its request.

Two providers: Acme Care Ltd (contract C-1, amber: its self-assessment, one DBS number, its policies
and insurance are missing) and Beta Homes (contract C-2, with a held DBS number of its own). The master
is written by the template's writer (drop-down lists, date formats, header notes, column widths,
frozen panes) and then given what an officer's workbook also holds: a defined name, conditional
formatting, an Excel Table, merged cells on a sheet of notes, a hidden sheet, and, spliced into the
package as Excel writes them, a list validation drawn from another sheet (x14) and a custom XML part.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from safe_commissioning.workbook.template import write_workbook

from .conftest import CLAUSE_FIELDS, POLICY_REVIEW_FIELDS, REPORT_DATE, row

ACME, BETA = "Acme Care Ltd", "Beta Homes"
ACME_NUMBER, BETA_NUMBER, NEW_NUMBER = "111122223333", "444455556666", "123456789012"
CLAUSES = dict.fromkeys(CLAUSE_FIELDS, "Yes")
X14_VALIDATION = (
    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" '
    b'allowBlank="1"><x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>Z2:Z50</xm:sqref>'
    b"</x14:dataValidation></x14:dataValidations></ext></extLst>"
)
CUSTOM_XML = b'<?xml version="1.0"?><council>retention: 7 years</council>'


def master_rows() -> dict[str, list[list[object]]]:
    """The data rows of every sheet (no headers)."""
    contract = {
        "service_area": "Children's Social Care",
        "procurement_route": "Strategic purchasing",
        "start_date": date(2023, 4, 1),
        "end_date": date(2026, 3, 31),
        "works_with_children": "Yes",
        "risk": "High",
    }
    evidence = {
        **CLAUSES,
        "partnership_updates": "Yes",
        "safeguarding_metrics": "Yes",
        "last_thematic_check": date(2024, 6, 1),
    }
    good_policies = dict.fromkeys(POLICY_REVIEW_FIELDS, date(2024, 5, 1))
    return {
        "Contracts": [
            row(
                "Contracts",
                contract_id="C-1",
                title="Family support",
                supplier=ACME,
                contract_manager="Ann Officer",
                notes="Internal: renegotiate",
                **contract,
            ),
            row(
                "Contracts",
                contract_id="C-2",
                title="Residential care",
                supplier=BETA,
                contract_manager="Bob Officer",
                **contract,
            ),
        ],
        "Providers": [
            row(
                "Providers",
                provider=ACME,
                organisation_type="Company",
                company_number="01234567",
                ofsted_rating="Good",
                safeguarding_lead="Ada Lead",
            ),
            row(
                "Providers",
                provider=BETA,
                organisation_type="Charity",
                charity_number="1123456",
                ofsted_rating="Good",
                employers_liability=10_000_000,
                public_liability=10_000_000,
                professional_indemnity=2_000_000,
                insurance_expiry_date=date(2025, 6, 30),
            ),
        ],
        "Safeguarding": [
            row("Safeguarding", contract_id="C-1", **evidence),
            row(
                "Safeguarding",
                contract_id="C-2",
                self_assessment_date=date(2024, 1, 10),
                staff_in_contact=1,
                **evidence,
            ),
        ],
        "Policies": [row("Policies", provider=BETA, **good_policies)],
        "DBS": [
            row(
                "DBS",
                contract_id="C-1",
                staff_reference="A-001",
                role="Worker",
                contact_level="Direct",
                certificate_number=ACME_NUMBER,
                issue_date=date(2023, 1, 5),
                recheck_date=date(2026, 1, 5),
            ),
            row("DBS", contract_id="C-1", staff_reference="A-002", role="Worker", contact_level="Direct"),
            row(
                "DBS",
                contract_id="C-1",
                staff_reference="A-003",
                role="Driver",
                contact_level="Regular",
                certificate_number="222233334444",
                issue_date=date(2022, 2, 1),
                recheck_date=date(2025, 2, 1),
            ),
            row(
                "DBS",
                contract_id="C-2",
                staff_reference="B-001",
                role="Carer",
                contact_level="Direct",
                certificate_number=BETA_NUMBER,
                issue_date=date(2023, 3, 1),
                recheck_date=date(2026, 3, 1),
            ),
        ],
        "Monitoring": [
            row(
                "Monitoring",
                contract_id=cid,
                meeting_date=date(2024, 8, 1),
                safeguarding_discussed="Yes",
                notes="Internal: worried about staffing",
            )
            for cid in ("C-1", "C-2")
        ],
        "Placements": [
            row(
                "Placements",
                placement_id="P-1",
                child_reference="CHILD-REF-9",
                placement_type="Residential",
                provider=BETA,
                source="Spot purchase",
                start_date=date(2024, 2, 1),
            ),
        ],
        "Quality alerts": [
            row(
                "Quality alerts",
                alert_id="QA-1",
                date_raised=date(2024, 9, 1),
                provider=BETA,
                category="Complaint",
                status="Open",
            ),
        ],
    }


def write_master(path: Path, *, excel_parts: bool = True) -> Path:
    """The master: template-written, then given an officer's extras, then (unless `excel_parts` is False, for a
    test that edits the master with openpyxl, which would drop them) x14 and custom XML spliced in."""
    write_workbook(path, master_rows(), {"Organisation": "Test Council", "Report date": REPORT_DATE})
    book = openpyxl.load_workbook(path)
    book.defined_names["ContractIds"] = DefinedName("ContractIds", attr_text="Contracts!$A$2:$A$3")
    book["Contracts"].conditional_formatting.add(
        "H2:H3", CellIsRule(operator="lessThan", formula=["TODAY()"], fill=PatternFill("solid", fgColor="FFC7CE"))
    )
    monitoring = book["Monitoring"]
    monitoring.add_table(Table(displayName="Meetings", ref="A1:F3"))
    monitoring.auto_filter.ref = None  # a table has its own filter
    notes = book.create_sheet("Notes")
    notes["A1"] = "Officer's notes"
    notes.merge_cells("A1:D1")
    lists = book.create_sheet("Lists")
    for n, value in enumerate(("North", "South", "East"), start=1):
        lists.cell(row=n, column=1, value=value)
    lists.sheet_state = "hidden"
    book.save(path)
    return splice(path, "xl/worksheets/sheet4.xml", X14_VALIDATION) if excel_parts else path


def splice(path: Path, sheet_member: str, extension: bytes) -> Path:
    """Add Excel-only parts openpyxl would drop: an x14 extension to a sheet, and a custom XML part."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[sheet_member] = parts[sheet_member].replace(b"</worksheet>", extension + b"</worksheet>")
    parts["customXml/item1.xml"] = CUSTOM_XML
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def header_columns(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    """Header → column number on a request's sheet."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def fill_in(
    request: Path,
    returned: Path,
    edits: dict[str, dict[tuple[str, str], object]],
    new_rows: dict[str, list[dict[str, object]]] | None = None,
) -> Path:
    """Fill in a request as a provider would, with openpyxl: `edits` sheet → (key in column A, header) → value."""
    book = openpyxl.load_workbook(request)
    for name, cells in edits.items():
        sheet = book[name]
        columns = header_columns(sheet)
        for (key, header), value in cells.items():
            target = next(r for r in range(2, sheet.max_row + 1) if _key(sheet, r) == key)
            sheet.cell(row=target, column=columns[header], value=value)
    for name, rows in (new_rows or {}).items():
        sheet = book[name]
        columns = header_columns(sheet)
        for values in rows:
            at = sheet.max_row + 1
            for header, value in values.items():
                sheet.cell(row=at, column=columns[header], value=value)
    book.save(returned)
    return returned


def _key(sheet: openpyxl.worksheet.worksheet.Worksheet, number: int) -> str:
    if sheet.title == "DBS":
        return f"{sheet.cell(row=number, column=1).value} / {sheet.cell(row=number, column=2).value}"
    return str(sheet.cell(row=number, column=1).value)
