"""Load and validate: the master workbook read cell by cell into typed records, every problem reported.

Read it one folder at a time, in the order a workbook goes through them:

- `reading.read_workbook` is the way in, and tells the story: open, read Settings, parse each sheet,
  check across sheets, and only then make `records`, the typed rows the rules read;
- `files/`: opening the .xlsx or .ods safely (`traps` refused before any parser runs, `reach`, `ods` and
  `scan` measure each sheet so none can exhaust memory, `xlsx` gives the raw cells, their merged ranges
  and Excel Tables' totals rows);
- `schema/`: the sheets and columns the reference (guides/reference.md) fixes (`sheets`), what a column is (`columns`), the values each
  choice allows (`choices`);
- `cells/`: one cell into a typed value (`values`), text cleaned (`text`), registration numbers
  (`identifiers`);
- `rows/`: one sheet into rows (`parser`), merged cells spread (`merged`), rows that are not records
  left out (`selection`);
- `settings/`: the settings there are (`definitions`), reading the Settings sheet (`sheet`), the
  addresses a setting may hold (`links`);
- `checks/`: across rows and sheets (`validation`, `lookalikes`), register and sourcing plan gaps;
- `findings/`: what is wrong, where (`places`), under which registered code (`catalogue`), collected in
  one `report`.

`template` writes the empty workbook with its Instructions sheet.
"""
