"""Compute: the rules of SPEC §3 as pure functions of the records, the intervals in force and the report date.

`compliance` holds the minimum expectations (MS1–MS6), provider assurance (POL, OFS, INS) and the RAG;
`expiry` the contract status and re-procurement dates; `placements` the counts by financial year.
`assessment` applies them all to one workbook, and `attention` turns the result into the action lists.
"""
