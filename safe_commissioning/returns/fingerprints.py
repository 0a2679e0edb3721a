"""A fingerprint of each master row a request was made from, so a merge can tell if it changed since.

The fingerprint is the first 16 hex digits of the SHA-256 of the row's values as the request showed
them (its `SHOWN` fields), written canonically. A DBS certificate number counts only as held or not:
a hash of a 12-digit number can be reversed by trying every number, so the request never carries one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date

from safe_commissioning.returns.layout import SHOWN
from safe_commissioning.workbook.cells.identifiers import Identifier

PERSONAL_FIELDS = frozenset({"certificate_number"})


def canonical(value: object) -> str:
    """A cell's value as fingerprints and comparisons read it."""
    if value is None or value == "":
        return ""
    if isinstance(value, Identifier):
        return value.typed.strip()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(round(value, 2))
    return str(value)


def fingerprint(sheet: str, values: Mapping[str, object]) -> str:
    """The fingerprint of one row of `sheet`."""
    shown = [
        ("held" if values.get(name) else "") if name in PERSONAL_FIELDS else canonical(values.get(name))
        for name in SHOWN[sheet]
    ]
    text = json.dumps([sheet, shown], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
