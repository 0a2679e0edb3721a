"""Load and validate: the master workbook read cell by cell into typed records, every problem reported.

`reading.read_workbook` is the way in. `schema` names the sheets and columns (SPEC §2), built from
`columns` and the lists of `choices`; `xlsx` opens the file safely (refusing the `traps`; an .ods
through `ods`; both held to the bounds of `reach` and `scan`), `text` cleans what was typed and
`cells` parses one cell; `settings` defines the settings and `settings_sheet` reads them; `sheets`
parses one sheet, `validation` and `lookalikes` check across rows and sheets, and `records` holds
the typed rows the rules read; `findings` collects what is wrong. `template` writes the empty
workbook.
"""
