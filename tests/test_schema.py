"""The schema and the records say the same thing: each sheet's columns are its record's fields, one for one,
and each setting is a field of Settings."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date

import pytest

from safe_commissioning.workbook.cells.identifiers import Identifier
from safe_commissioning.workbook.records import Contract, Settings, Workbook
from safe_commissioning.workbook.schema.columns import Column, Kind, Sheet
from safe_commissioning.workbook.schema.sheets import SHEETS
from safe_commissioning.workbook.settings.definitions import SETTING_DEFINITIONS

TYPE_OF_KIND = {
    Kind.TEXT: str,
    Kind.DATE: date,
    Kind.YES_NO: bool,
    Kind.MONEY: float,
    Kind.WHOLE_NUMBER: int,
    Kind.CHOICE: str,
    Kind.COMPANY_NUMBER: Identifier,
    Kind.CHARITY_NUMBER: Identifier,
    Kind.MUTUALS_NUMBER: Identifier,
    Kind.PPON: Identifier,
    Kind.DBS_NUMBER: str,
}
RECORD_SHEETS = [sheet for sheet in SHEETS if sheet.record is not None]


@pytest.mark.parametrize("sheet", RECORD_SHEETS, ids=lambda sheet: sheet.name)
def test_each_column_fills_a_field_of_its_type_and_only_a_required_one_has_no_default(sheet: Sheet) -> None:
    assert sheet.record is not None
    hints = typing.get_type_hints(sheet.record)
    fields = {f.name: f for f in dataclasses.fields(sheet.record)}
    assert hints.pop("row") is int
    assert set(hints) == {column.field for column in sheet.columns}
    for column in sheet.columns:
        assert (
            TYPE_OF_KIND[column.kind] in typing.get_args(hints[column.field])
            or hints[column.field] is TYPE_OF_KIND[column.kind]
        ), column
        has_default = fields[column.field].default is not dataclasses.MISSING
        assert has_default is not column.required, column


def test_the_workbook_holds_one_tuple_of_records_per_sheet_named_after_it() -> None:
    hints = typing.get_type_hints(Workbook)
    held = {name: typing.get_args(hint)[0] for name, hint in hints.items() if typing.get_origin(hint) is tuple}
    assert held == {sheet.attribute: sheet.record for sheet in RECORD_SHEETS}


def test_a_sheet_whose_columns_drift_from_its_record_is_refused() -> None:
    with pytest.raises(TypeError, match="lacks"):
        Sheet("Contracts", (Column("Contract ID", "contract_ref"),), record=Contract)


def test_every_setting_fills_a_settings_field_and_every_field_has_a_setting() -> None:
    defined = {definition.field for definition in SETTING_DEFINITIONS}
    assert defined == {field.name for field in dataclasses.fields(Settings)}
