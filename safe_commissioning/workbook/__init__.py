"""Load and validate: the master workbook read cell by cell into typed records, every problem reported.

`reading.read_workbook` is the way in. `schema` names the sheets and columns (SPEC §2), `xlsx` opens the
file safely, `cells` parses one cell, `settings` reads the Settings sheet, `validation` checks across
rows and sheets, and `records` holds the typed rows the rules read. `template` writes the empty workbook.
"""
