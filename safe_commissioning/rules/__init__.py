"""Compute: the rules of reference §3 as pure functions of the records, the intervals in force and the report date.

`catalogue` lists every rule once (MS1–MS6, POL, OFS, INS): its title, its words, its effect on the RAG,
its next step and the function that assesses it; `minimum_expectations` and `provider_assurance` hold
those functions, `rag` the rating. `expiry` gives the contract status and re-procurement dates;
`placements` the counts by financial year. `assessment` applies them all to one workbook, and
`attention` turns the result into the action lists.
"""
