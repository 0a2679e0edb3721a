"""The findings of reading: the file, its sheets, their header rows and each cell."""

from __future__ import annotations

from safe_commissioning.workbook.findings.messages import Message, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING
LENIENT = (
    "A warning instead in an optional column added after the first template (Estimated contract end, the "
    "sourcing plan's Main category, Suitable for SME/VCSE): the cell is read as blank until it is corrected."
)

FILE_MESSAGES = (
    Message(
        "unreadable-file",
        ERROR,
        "The file cannot be used as a workbook",
        "The file is missing, a folder, empty, not an .xlsx or .ods workbook (an old .xls, an .xlsb, a flat .fods, "
        "CSV, HTML or text file), password-protected or protected by a sensitivity label, damaged or unsafe; the "
        "message says which. Save the master workbook from Excel as .xlsx (or from LibreOffice as .ods), without a "
        "password or protection, and give its path with --workbook.",
    ),
    Message(
        "sheet-too-large",
        ERROR,
        "A sheet is too large to read",
        "The sheet holds, or its cells reach over, more cells than the dashboard reads from one sheet. Delete stray "
        "cells far from the data, or clear everything below and to the right of it.",
    ),
    Message(
        "far-cell",
        WARNING,
        "A cell far outside the data is ignored",
        "A cell beyond the furthest row or column the dashboard reads holds a value. Delete it, or clear "
        "everything below and to the right of your data.",
    ),
    Message(
        "duplicate-sheet",
        ERROR,
        "Two sheets have the same name",
        "Two sheet names match one sheet of the workbook once case and spaces are ignored, so it is not clear "
        "which holds the data. Delete or rename the stale copy.",
    ),
    Message(
        "not-a-worksheet",
        ERROR,
        "A sheet is a chart, dialog or macro sheet",
        "A sheet the dashboard reads is not an ordinary worksheet, so it holds no rows. Keep the data on an "
        "ordinary worksheet with the sheet's name, and rename the other sheet.",
    ),
    Message(
        "missing-sheet",
        ERROR,
        "A sheet is missing",
        "A required sheet (Contracts, Providers, Safeguarding) is not in the workbook. Add it: the template has "
        "every sheet (python build.py template new.xlsx).",
        "A warning for an optional sheet: the pages it feeds say no data is recorded.",
    ),
    Message(
        "extra-sheet",
        WARNING,
        "A sheet the dashboard does not read",
        "The sheet is not one of the workbook's sheets; it is kept in the file but ignored. Rename it if it was "
        "meant to be one of them.",
    ),
    Message(
        "header-row-not-first",
        ERROR,
        "The header row is not row 1",
        "The sheet's headers are on a row below row 1, probably under a title. Delete the rows above them.",
    ),
    Message(
        "missing-column",
        ERROR,
        "A required column is missing",
        "A column the sheet needs is not in its header row. Add it to row 1, spelled as on the Instructions sheet "
        "(case and spaces do not matter).",
    ),
    Message(
        "duplicate-column",
        ERROR,
        "A column appears twice",
        "Two headers on one sheet name the same column. Delete or rename one of them.",
    ),
    Message(
        "extra-column",
        WARNING,
        "A column the dashboard does not read",
        "The header is not one of the sheet's columns; the column is kept in the workbook but ignored. Correct the "
        "spelling if it was meant to be one of them.",
    ),
    Message(
        "incomplete-row",
        WARNING,
        "A row holds a single cell",
        "A row has only one cell filled where a record needs more: a total, a note or a record never finished. "
        "It is ignored until it is completed or deleted.",
    ),
    Message(
        "required-blank",
        ERROR,
        "A required cell is blank",
        "A cell every record needs is empty. Fill it in, or delete the row if it is not needed.",
    ),
    Message(
        "excel-error",
        ERROR,
        "A cell holds an Excel error",
        "The cell shows an Excel error such as #REF! or #N/A (in LibreOffice also Err:502 and the like). Correct "
        "the formula, or type the value in.",
        LENIENT,
    ),
    Message(
        "formula-no-value",
        WARNING,
        "A formula has no saved value",
        "The workbook was saved by a program that does not calculate formulas, so the cell is read as blank. "
        "Open the workbook in Excel and save it.",
    ),
    Message(
        "unsaved-formula",
        ERROR,
        "A formula with no saved value where a value is needed",
        "A required cell, or a setting, holds a formula that the program which saved the workbook did not "
        "calculate, so there is no value to read. Open the workbook in Excel and save it, or type the value in.",
    ),
    Message(
        "merged-cells",
        WARNING,
        "Merged cells are read as one value for every row",
        "Cells merged down one column show one value across several rows; the file keeps it in the top cell only. "
        "Each row the range covers is read as having that value. Unmerge the cells and type each row's value if "
        "they should differ.",
    ),
    Message(
        "merged-cells-unreadable",
        ERROR,
        "Merged cells that cannot be read as rows",
        "Cells merged across columns keep a value for the first column only, and cells merged over the header row "
        "hide which column is which. Unmerge them (Home > Merge & Center > Unmerge Cells) and give each column its "
        "own header and value.",
    ),
    Message(
        "totals-row",
        WARNING,
        "A totals row is ignored",
        "A row that adds up the rows above it (an Excel Table's Total Row, or a row labelled Total) is not a record, "
        "so it is ignored. Untick Total Row in Table Design, or delete the row, and the warning goes.",
    ),
    Message(
        "text-too-long",
        ERROR,
        "A cell holds more text than Excel allows",
        "The cell holds more characters than Excel can save in one cell, so the file was not saved by Excel. "
        "Shorten the text.",
        LENIENT,
    ),
    Message(
        "control-character",
        WARNING,
        "Invisible or control characters are ignored",
        "The cell holds characters nobody means to type (controls, zero-width spaces, direction marks), usually "
        "pasted from elsewhere; they are removed. Retype the cell, or paste its text as values only.",
    ),
    Message(
        "html-entity",
        WARNING,
        "HTML character codes are read as characters",
        "The cell holds codes such as &amp;#039; copied from a web page; they are read as the characters they "
        "stand for. Retype the cell, or paste it as plain text, so the workbook says what the sites show.",
    ),
    Message(
        "invalid-date",
        ERROR,
        "A date cannot be read",
        "Enter dates as Excel dates, as DD/MM/YYYY (day first, always), as YYYY-MM-DD or with the month in words "
        "(30 Sep 2024), with the year in full; a time after the date is ignored.",
        LENIENT,
    ),
    Message(
        "date-out-of-bounds",
        ERROR,
        "A date is outside the dates the dashboard works with",
        "The date is before 1900 or after 2199. Check the year, or leave the cell blank if the date is not known.",
        LENIENT,
    ),
    Message(
        "date-out-of-range",
        WARNING,
        "A date is far from the report date",
        "The date is more than 30 years before or after the report date: probably a typing slip. Check the year.",
    ),
    Message(
        "invalid-yes-no",
        ERROR,
        "A Yes/No cell holds something else",
        "Enter Yes or No (Y, N, True and False are accepted), or leave it blank if not known: blank means not "
        "recorded, never No.",
        LENIENT,
    ),
    Message(
        "invalid-money",
        ERROR,
        "An amount of money cannot be read",
        "Enter pounds as a number such as 12500, or as text such as £12,500 or £10m; amounts cannot be negative or "
        "more than £100bn.",
        LENIENT,
    ),
    Message(
        "invalid-number",
        ERROR,
        "A number cannot be read",
        "Enter a whole number such as 12 (a count, or a number of months or years for an interval setting).",
        LENIENT,
    ),
    Message(
        "invalid-choice",
        ERROR,
        "A value is not one of the column's choices",
        "Pick a value from the cell's drop-down list; any case is accepted. The message lists the choices.",
        LENIENT,
    ),
    Message(
        "invalid-dbs-number",
        ERROR,
        "A DBS certificate number is not 12 digits",
        "A DBS certificate number has 12 digits. Format the column as Text, so Excel keeps leading zeros, and "
        "re-enter it. The number itself is never repeated in a message.",
        LENIENT,
    ),
    Message(
        "placeholder-number",
        WARNING,
        "A registration number is a placeholder",
        "A company, charity or mutuals number such as 0, N/A or TBC is read as blank. Enter the real number, or "
        "leave the cell blank.",
    ),
    Message(
        "unrecognised-number",
        WARNING,
        "A registration number fits no register",
        "The number is not of any form the register uses; it is kept internally but left out of the open data. "
        "Check it against Companies House, the charity regulators or the FCA Mutuals Public Register.",
    ),
    Message(
        "company-number-padded",
        WARNING,
        "A company number is padded with zeros",
        "The company number is shorter than 8 characters, probably because Excel dropped its leading zeros; it is "
        "read with them. Format the column as Text and enter the number in full.",
    ),
)
