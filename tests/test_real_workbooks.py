"""Workbooks as officers and their systems really keep them: nothing misread, nothing refused that a person can read.

Each workbook is built in code the way a real one arrives: merged cells, Mac Excel's 1904 date
system, formulas a script saved without values, Excel's Strict Open XML, dates exported as text,
an Excel Table's Total Row. The data read, the message and the exit code are all asserted: a
workbook read wrongly without a word is the worst thing this product can do.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.worksheet.table import Table

from safe_commissioning.cli import main
from safe_commissioning.workbook.findings.places import column_letter
from safe_commissioning.workbook.findings.report import Report
from safe_commissioning.workbook.reading import read_workbook
from safe_commissioning.workbook.records import Workbook
from safe_commissioning.workbook.schema.sheets import SHEETS_BY_NAME

from .conftest import REPORT_DATE, MakeWorkbook, Rows, contract, headers, minimal_sheets, provider, row
from .conftest import summary as short

TRANSITIONAL_TO_STRICT = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def letter(sheet: str, field: str) -> str:
    """The column letter a field's header has when a sheet is written in SPEC order."""
    fields = [column.field for column in SHEETS_BY_NAME[sheet].columns]
    return column_letter(fields.index(field))


def read(path: Path) -> tuple[Workbook | None, Report]:
    return read_workbook(path, as_of=None, today=REPORT_DATE)


def edit(path: Path, change: Mapping[str, Sequence[str]] | None = None, *, epoch: object = None) -> Path:
    """Reopen `path` with openpyxl, merge the given ranges on each sheet (and set the date system), save."""
    book = openpyxl.load_workbook(path)
    for sheet, ranges in (change or {}).items():
        for cells in ranges:
            book[sheet].merge_cells(cells)
    if epoch is not None:
        book.epoch = epoch
    book.save(path)
    return path


def to_strict(path: Path, out: Path) -> Path:
    """The same workbook as Excel's "Strict Open XML Spreadsheet": the Strict namespaces in every part."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as strict:
        for info in source.infolist():
            data = source.read(info)
            for transitional, purl in TRANSITIONAL_TO_STRICT.items():
                data = data.replace(transitional, purl)
            strict.writestr(info.filename, data)
    return out


def three_contracts(**shared: object) -> Rows:
    """Contracts C-1 to C-3 of one supplier; `shared` is given in row 2 only (the top cell of a merge)."""
    return [
        headers("Contracts"),
        contract(contract_id="C-1", **shared),
        *(contract(contract_id=f"C-{n}", **dict.fromkeys(shared)) for n in (2, 3)),
    ]


# Merged cells --------------------------------------------------------------------------------


def test_publish_no_merged_over_three_rows_keeps_all_three_off_the_register(make_workbook: MakeWorkbook) -> None:
    column = letter("Contracts", "publish")
    path = edit(
        make_workbook(minimal_sheets(Contracts=three_contracts(publish="No"))), {"Contracts": [f"{column}2:{column}4"]}
    )
    workbook, report = read(path)
    assert workbook is not None
    assert [c.publish for c in workbook.contracts] == [False, False, False]
    (warning,) = [f for f in report.warnings if f.code == "merged-cells"]
    assert warning.format() == (
        f"Contracts!{column}2: Cells {column}2:{column}4 are merged, so Publish 'No' is read for each of rows 2 to 4: "
        "unmerge them (Home > Merge & Center > Unmerge Cells) and type each row's value if they should differ"
    )


def test_a_merged_monitoring_frequency_is_each_rows_frequency(make_workbook: MakeWorkbook) -> None:
    column = letter("Contracts", "monitoring_frequency")
    sheets = minimal_sheets(Contracts=three_contracts(monitoring_frequency="Six-monthly"))
    workbook, _ = read(edit(make_workbook(sheets), {"Contracts": [f"{column}2:{column}4"]}))
    assert workbook is not None
    assert [c.monitoring_frequency for c in workbook.contracts] == ["Six-monthly"] * 3


def test_a_merged_required_cell_is_not_reported_blank(make_workbook: MakeWorkbook) -> None:
    column = letter("Contracts", "supplier")
    sheets = minimal_sheets(Contracts=three_contracts(supplier="Acme Care Ltd"))
    workbook, report = read(edit(make_workbook(sheets), {"Contracts": [f"{column}2:{column}4"]}))
    assert report.ok, [f.format() for f in report.errors]
    assert workbook is not None
    assert [c.supplier for c in workbook.contracts] == ["Acme Care Ltd"] * 3


def test_a_merge_covering_an_empty_row_makes_no_record_of_it(make_workbook: MakeWorkbook) -> None:
    column = letter("Contracts", "risk")
    rows: Rows = [headers("Contracts"), contract(contract_id="C-1"), contract(contract_id="C-2", risk=None)]
    workbook, report = read(
        edit(make_workbook(minimal_sheets(Contracts=rows)), {"Contracts": [f"{column}2:{column}9"]})
    )
    assert workbook is not None
    assert [(c.contract_id, c.risk) for c in workbook.contracts] == [("C-1", "High"), ("C-2", "High")]
    assert [f.code for f in report.findings if f.sheet == "Contracts" and f.code != "missing-safeguarding"] == [
        "merged-cells"
    ]


def test_a_merge_across_columns_is_an_error_naming_the_range(make_workbook: MakeWorkbook) -> None:
    first, second = letter("Contracts", "start_date"), letter("Contracts", "end_date")
    path = edit(make_workbook(minimal_sheets()), {"Contracts": [f"{first}2:{second}2"]})
    workbook, report = read(path)
    assert workbook is None
    assert ("Contracts", f"{first}2", "merged-cells-unreadable") in short(report.errors)
    (error,) = [f for f in report.errors if f.code == "merged-cells-unreadable"]
    assert error.message == (
        f"Cells {first}2:{second}2 are merged across columns, so only {first}2 holds a value and End date reads as "
        "blank: unmerge them (Home > Merge & Center > Unmerge Cells) and give each column its own value"
    )


def test_a_merge_over_the_header_row_is_an_error(make_workbook: MakeWorkbook) -> None:
    column = letter("Contracts", "risk")
    workbook, report = read(edit(make_workbook(minimal_sheets()), {"Contracts": [f"{column}1:{column}2"]}))
    assert workbook is None
    (error,) = [f for f in report.errors if f.code == "merged-cells-unreadable"]
    assert error.location == f"Contracts!{column}1"
    assert f"Cells {column}1:{column}2 are merged over the header row" in error.message


def test_merges_in_columns_the_dashboard_does_not_read_are_left_alone(make_workbook: MakeWorkbook) -> None:
    rows: Rows = [[*headers("Contracts"), "Team notes", "More notes"], [*contract(), "Shared", "x"]]
    workbook, report = read(edit(make_workbook(minimal_sheets(Contracts=rows)), {"Contracts": ["W2:X3"]}))
    assert workbook is not None
    assert not [f for f in report.findings if f.code.startswith("merged")]


def test_a_personal_value_is_never_quoted_in_the_merge_warning(make_workbook: MakeWorkbook) -> None:
    certificate = letter("DBS", "certificate_number")
    dbs: Rows = [
        headers("DBS"),
        row("DBS", contract_id="C-1", staff_reference="S1", contact_level="Direct", certificate_number="001234567890"),
        row("DBS", contract_id="C-1", staff_reference="S2", contact_level="Direct"),
    ]
    _, report = read(edit(make_workbook(minimal_sheets(DBS=dbs)), {"DBS": [f"{certificate}2:{certificate}3"]}))
    (warning,) = [f for f in report.warnings if f.code == "merged-cells"]
    assert "001234567890" not in warning.message
    assert "DBS certificate number is read for each of rows 2 to 3" in warning.message


# Mac Excel's 1904 date system ------------------------------------------------------------------


def test_a_1904_workbook_reads_day_numbers_and_dates_as_the_same_days(make_workbook: MakeWorkbook) -> None:
    # In the 1904 system 30 September 2024 is day 44,103 (45,565 in the 1900 system).
    day_number = (date(2024, 9, 30) - date(1904, 1, 1)).days
    rows: Rows = [headers("Contracts"), contract(start_date=day_number, end_date=date(2026, 3, 31))]
    path = edit(make_workbook(minimal_sheets(Contracts=rows)), epoch=CALENDAR_MAC_1904)
    book = openpyxl.load_workbook(path)
    start = book["Contracts"][f"{letter('Contracts', 'start_date')}2"]
    assert (start.value, start.number_format) == (day_number, "General")  # a day number that lost its date format
    workbook, report = read(path)
    assert report.ok
    assert workbook is not None
    (read_contract,) = workbook.contracts
    assert (read_contract.start_date, read_contract.end_date) == (date(2024, 9, 30), date(2026, 3, 31))


def test_a_1904_report_date_setting_is_read_in_the_workbooks_system(make_workbook: MakeWorkbook) -> None:
    day_number = (date(2024, 9, 30) - date(1904, 1, 1)).days
    settings: Rows = [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", day_number]]
    path = edit(make_workbook(minimal_sheets(Settings=settings)), epoch=CALENDAR_MAC_1904)
    workbook, _ = read(path)
    assert workbook is not None
    assert workbook.report_date == date(2024, 9, 30)


# Formulas with no saved value ------------------------------------------------------------------


def test_a_report_date_formula_with_no_saved_value_stops_the_build(make_workbook: MakeWorkbook, capsys) -> None:
    settings: Rows = [["Setting", "Value"], ["Organisation", "Test Council"], ["Report date", "=TODAY()"]]
    path = make_workbook(minimal_sheets(Settings=settings))
    workbook, report = read(path)
    assert workbook is None
    assert short(report.errors) == [("Settings", "B3", "unsaved-formula")]
    assert report.errors[0].message == (
        "The formula =TODAY() has no saved value, so the setting cannot be read: open the workbook in Excel and "
        "save it, or type the value in"
    )
    assert main(["check", "--workbook", str(path)], today=REPORT_DATE) == 1
    assert "Settings!B3: The formula =TODAY() has no saved value" in capsys.readouterr().out


def test_a_required_cell_with_an_unsaved_formula_is_one_error_saying_so(make_workbook: MakeWorkbook) -> None:
    path = make_workbook(minimal_sheets(Contracts=[headers("Contracts"), contract(risk='=IF(TRUE,"High")')]))
    _, report = read(path)
    column = letter("Contracts", "risk")
    assert short(report.errors) == [("Contracts", f"{column}2", "unsaved-formula")]
    assert report.errors[0].message == (
        'Risk is required, and the formula =IF(TRUE,"High") has no saved value to read: open the workbook in '
        "Excel and save it, or type the value in"
    )


# Excel's Strict Open XML -----------------------------------------------------------------------


def test_a_strict_file_reads_as_its_transitional_twin(make_workbook: MakeWorkbook, tmp_path: Path) -> None:
    path = make_workbook(minimal_sheets(Contracts=[headers("Contracts"), contract(), contract(contract_id="C-2")]))
    transitional, strict = read(path), read(to_strict(path, tmp_path / "strict.xlsx"))
    assert strict[0] is not None
    assert transitional[0] is not None
    assert strict[0].contracts == transitional[0].contracts
    assert short(strict[1].findings) == short(transitional[1].findings)


def test_every_safety_check_holds_for_a_strict_file(make_workbook: MakeWorkbook, tmp_path: Path) -> None:
    path = make_workbook(minimal_sheets(Contracts=[headers("Contracts"), contract(description="=1+1")]))
    book = openpyxl.load_workbook(path)
    book["Contracts"]["XFD1048576"] = "stray"
    book["Contracts"][f"{letter('Contracts', 'title')}2"] = "#REF!"
    book["Contracts"][f"{letter('Contracts', 'title')}2"].data_type = "e"
    book.save(path)
    workbook, report = read(to_strict(path, tmp_path / "strict.xlsx"))  # no native abort: the far cell is cut out
    assert workbook is None
    assert set(short(report.findings)) >= {
        ("Contracts", "XFD1048576", "far-cell"),
        ("Contracts", f"{letter('Contracts', 'title')}2", "excel-error"),
        ("Contracts", f"{letter('Contracts', 'description')}2", "formula-no-value"),
    }


# Dates typed or exported as text ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["30 Sep 2024", "30 September 2024", "30/09/2024 00:00:00", "2024-09-30 00:00"])
def test_text_dates_in_common_unambiguous_forms_are_read(make_workbook: MakeWorkbook, text: str) -> None:
    workbook, report = read(make_workbook(minimal_sheets(Contracts=[headers("Contracts"), contract(start_date=text)])))
    assert report.ok
    assert workbook is not None
    assert workbook.contracts[0].start_date == date(2024, 9, 30)


def test_an_ambiguous_text_date_is_refused_with_the_form_to_use(make_workbook: MakeWorkbook) -> None:
    _, report = read(make_workbook(minimal_sheets(Contracts=[headers("Contracts"), contract(start_date="30/09/24")])))
    (error,) = report.errors
    assert error.message == "Start date: '30/09/24' has a two-digit year: write the year in full, e.g. 01/04/2024"


# Totals rows -----------------------------------------------------------------------------------


def test_an_excel_table_total_row_is_recognised_and_said_once(make_workbook: MakeWorkbook) -> None:
    rows: Rows = [headers("Contracts"), contract(), contract(contract_id="C-2"), [None] * len(headers("Contracts"))]
    path = make_workbook(minimal_sheets(Contracts=rows))
    book = openpyxl.load_workbook(path)
    sheet = book["Contracts"]
    annual = letter("Contracts", "annual_value")
    sheet["A4"] = "Total"
    sheet[f"{annual}4"] = f"=SUBTOTAL(109,{annual}2:{annual}3)"
    table = Table(displayName="Contracts", ref=f"A1:{column_letter(len(headers('Contracts')) - 1)}4")
    table.totalsRowCount = 1
    sheet.add_table(table)
    book.save(path)
    workbook, report = read(path)
    assert report.ok, [f.format() for f in report.errors]
    assert workbook is not None
    assert [c.contract_id for c in workbook.contracts] == ["C-1", "C-2"]
    assert not [f for f in report.findings if f.code in ("formula-no-value", "incomplete-row", "required-blank")]
    assert [f.format() for f in report.findings if f.code == "totals-row"] == [
        "Contracts!A4: Row 4 is the Total Row of an Excel Table, not a record, so it is ignored: untick Total Row "
        "in Table Design (or delete the row) if the sheet should not have one"
    ]


def test_a_typed_total_row_is_recognised_and_said_once(make_workbook: MakeWorkbook) -> None:
    total = row("Contracts", contract_id="Total", annual_value=25_000)
    rows: Rows = [
        headers("Contracts"),
        contract(annual_value=12_500),
        contract(contract_id="C-2", annual_value=12_500),
        total,
    ]
    workbook, report = read(make_workbook(minimal_sheets(Contracts=rows)))
    assert report.ok
    assert workbook is not None
    assert [c.contract_id for c in workbook.contracts] == ["C-1", "C-2"]
    assert [f.format() for f in report.findings if f.code == "totals-row"] == [
        "Contracts!A4: Row 4 looks like a totals row ('Total'), not a record, so it is ignored: delete it, or keep "
        "totals on another sheet"
    ]


def test_a_complete_record_is_read_whatever_its_first_cell_says(make_workbook: MakeWorkbook) -> None:
    rows: Rows = [headers("Providers"), provider(), provider(provider="Total", organisation_type="Company")]
    workbook, _ = read(make_workbook(minimal_sheets(Providers=rows)))
    assert workbook is not None
    assert [p.provider for p in workbook.providers] == ["Acme Care Ltd", "Total"]


# One provider spelt twice (as real councils' registers have it) ---------------------------------


def test_one_provider_spelt_twice_is_read_as_one_with_a_warning_naming_both(make_workbook: MakeWorkbook) -> None:
    providers: Rows = [
        headers("Providers"),
        provider(provider="BARNARDO'S", organisation_type="Charity", company_number=61625, postcode="IG6 1QG"),
        provider(provider="Acme Care Ltd"),
        provider(
            provider="Barnardo&#039;s", organisation_type="Charity", company_number="00061625", charity_number=216250
        ),
    ]
    contracts: Rows = [headers("Contracts"), contract(), contract(contract_id="C-2", supplier="Barnardo's")]
    safeguarding_rows: Rows = [headers("Safeguarding"), *(row("Safeguarding", contract_id=c) for c in ("C-1", "C-2"))]
    sheets = minimal_sheets(Providers=providers, Contracts=contracts, Safeguarding=safeguarding_rows)
    workbook, report = read(make_workbook(sheets))
    assert report.ok, [f.format() for f in report.errors]
    assert workbook is not None
    assert [p.provider for p in workbook.providers] == ["BARNARDO'S", "Acme Care Ltd"]
    barnardos = workbook.providers[0]
    assert barnardos.company_number is not None
    assert barnardos.company_number.number == "00061625"
    assert barnardos.charity_number is not None
    assert barnardos.charity_number.number == "216250"
    assert barnardos.postcode == "IG6 1QG"
    assert workbook.contracts[1].supplier == "BARNARDO'S"
    (merged,) = [f for f in report.warnings if f.code == "provider-merged"]
    assert merged.format() == (
        "Providers!A4: Provider 'Barnardo's' is also at Providers!A2 ('BARNARDO'S') and the two rows agree in every "
        "column both fill, so they are read as one provider, 'BARNARDO'S': delete this row (anything only it fills "
        "is kept)"
    )


def test_one_provider_spelt_twice_with_different_details_is_an_error_naming_them(make_workbook: MakeWorkbook) -> None:
    providers: Rows = [
        headers("Providers"),
        provider(provider="Acme  Care Ltd", company_number="01234567", postcode="E1 1AA", sme="Yes"),
        provider(provider="acme care ltd", company_number="07654321", postcode="E1 1AA", sme="No"),
    ]
    workbook, report = read(make_workbook(minimal_sheets(Providers=providers)))
    assert workbook is None
    assert short(report.errors) == [("Providers", "A3", "duplicate-id")]
    assert report.errors[0].message == (
        "Provider 'acme care ltd' is also at Providers!A2 ('Acme Care Ltd'), with a different Company number and "
        "SME: each provider has one row; keep one, with the right details"
    )


def test_an_unsaved_contract_id_is_one_error_and_no_warning_about_contract_none(make_workbook: MakeWorkbook) -> None:
    _, report = read(make_workbook(minimal_sheets(Contracts=[headers("Contracts"), contract(contract_id="=B2")])))
    assert [f for f in short(report.errors) if f[0] == "Contracts"] == [("Contracts", "A2", "unsaved-formula")]
    assert not [f for f in report.findings if "'None'" in f.message]


def test_a_sheet_of_huge_or_countless_merges_is_read_quickly_or_refused() -> None:
    from safe_commissioning.workbook.rows.merged import MAX_MERGES, spread_merged_cells

    columns = dict(enumerate(SHEETS_BY_NAME["Contracts"].columns))
    rows: list[list[object]] = [list(headers("Contracts")), contract()]
    report = Report()
    whole_row = (1, 0, 1, 16_383)  # A2:XFD2, as a careless "merge across" of a whole row makes it
    spread_merged_cells(rows, [whole_row], header_row=0, columns=columns, sheet="Contracts", report=report)
    assert short(report.errors) == [("Contracts", "A2", "merged-cells-unreadable")]
    report = Report()
    countless = [(index, 30, index + 1, 30) for index in range(2, 2 * MAX_MERGES + 4, 2)]
    spread_merged_cells(rows, countless, header_row=0, columns=columns, sheet="Contracts", report=report)
    assert [f.message for f in report.errors] == [
        f"The sheet has {MAX_MERGES + 1:,} merged ranges, more than the {MAX_MERGES:,} the dashboard reads: select the "
        "whole sheet and unmerge them (Home > Merge & Center > Unmerge Cells)"
    ]
