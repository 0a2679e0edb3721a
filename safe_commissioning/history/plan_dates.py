"""When each published sourcing-plan row last changed, from the history's snapshots of the plan.

The Atom feed dates an entry from this, not from the report date: a feed reader then sees an
unchanged opportunity as unchanged, however often the council publishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from safe_commissioning.history.changes import Row
from safe_commissioning.history.snapshots import History


def last_changed(rows: Mapping[str, Row], history: History, report_date: date) -> dict[str, date]:
    """The date each row (by ocid) last changed: the earliest snapshot since which it has read the same.

    A row is compared with each snapshot in turn, the latest first, on the columns both hold; the
    first snapshot where it is missing or reads differently ends the run. A row no snapshot holds,
    or one that differs from the latest, changed on the report date.
    """
    changed: dict[str, date] = {}
    for ocid, row in rows.items():
        since = report_date
        for snapshot in reversed(history.snapshots):
            before = snapshot.plan.get(ocid)
            if before is None or any(before[column] != value for column, value in row.items() if column in before):
                break
            since = snapshot.report_date
        changed[ocid] = since
    return changed
