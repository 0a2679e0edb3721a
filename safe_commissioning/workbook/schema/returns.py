"""The Returns sheet: the log `merge` keeps of each provider's return (reference §2.2 and §6).

One row per return merged; `merge` appends it, creating the sheet if the master has none, and
officers may keep it by hand too. The dashboard reads it to say when each provider last returned.
"""

from __future__ import annotations

from safe_commissioning.workbook.records import ProviderReturn
from safe_commissioning.workbook.schema.columns import Sheet, count, date, text

RETURNS = Sheet(
    "Returns",
    (
        text("Provider", "provider", "The provider who returned, as on the Providers sheet.", required=True, width=30),
        date("Requested on", "requested_on", "When the request was made (its report date)."),
        date("Due by", "due_by", "When the return was due back."),
        date("Received on", "received_on", "When the provider's return arrived."),
        date("Merged on", "merged_on", "When the return was folded into this workbook."),
        count("Changes", "changes", "How many cells the return changed, rows added and removed included."),
        text("File", "file", "The return's file name.", width=30),
    ),
    help="The log of provider returns merged into this workbook (python build.py merge adds a row).",
    record=ProviderReturn,
    warn_if_missing=False,  # merge creates it; until the first return, there is nothing to log
)
