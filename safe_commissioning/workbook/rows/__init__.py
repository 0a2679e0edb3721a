"""One sheet into rows: its header matched, merged cells spread, totals rows left out, each cell parsed."""
