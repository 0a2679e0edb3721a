"""The headline figures' keys in `build.json`, and the labels older builds wrote in their place.

A build stores each headline figure under a stable snake_case key (`red`, `contracts_in_scope`);
the words a reader sees are looked up from the key when a page is written, so rewording a label
never breaks a trend. Snapshots recorded before the keys were introduced hold the labels instead:
this one table reads them as keys.
"""

from __future__ import annotations

from collections.abc import Mapping

# The label an older build.json used → the key it stands for. Never remove a row: snapshots keep them for years.
KEYS_OF_OLD_LABELS = {
    "Contracts in scope": "contracts_in_scope",
    "Red": "red",
    "Amber": "amber",
    "Green": "green",
    "Expiring within 6 months": "expiring_soon",
    "Decisions overdue": "decisions_overdue",
    "Staff with expired DBS": "staff_with_expired_dbs",
    "Monitoring overdue": "monitoring_overdue",
    "Active placements": "active_placements",
    "Open quality alerts": "open_quality_alerts",
    "Ofsted alerts": "ofsted_alerts",
}


def keyed_headlines(recorded: Mapping[object, object]) -> dict[str, str]:
    """A build.json's headline figures by key, whether it was written with keys or with the old labels."""
    return {KEYS_OF_OLD_LABELS.get(str(name), str(name)): str(value) for name, value in recorded.items()}
