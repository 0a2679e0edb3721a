"""The Actions sheet: the action log, what officers did about an item on Needs attention (reference §2.2).

`About` names the record by its own ID or name (a Contract ID, Placement ID, Alert ID, provider name or
sourcing-plan project); `checks/actions.py` checks it names one. An action is shown beside the item it is
about and never removes it: only the data that caused an item does.
"""

from __future__ import annotations

from safe_commissioning.workbook.records import LoggedAction
from safe_commissioning.workbook.schema.columns import Sheet, date, text

ACTIONS = Sheet(
    "Actions",
    (
        text(
            "About",
            "about",
            "What the action is about: a Contract ID, Placement ID, Alert ID, provider name or Sourcing plan project, "
            "spelled as on its own sheet.",
            required=True,
            width=28,
        ),
        date("Date", "taken_on", "When the action was taken.", required=True),
        text("Action taken", "action_taken", "What was done, and what was decided.", required=True, width=60),
        text("By", "by", "Who took it (a name or role).", width=24),
        date("Next review", "next_review", "When to look at it again; once passed, the item says the review is due."),
    ),
    help="The action log: one row per action taken about an item on Needs attention. An action never removes an "
    "item; only fixing the data that caused it does.",
    restricted=True,
    record=LoggedAction,
    warn_if_missing=False,  # a workbook that logs no actions is complete without the sheet
)
