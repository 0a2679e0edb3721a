"""Office files (.xlsx, .docx) with the clock taken out, so two builds of one report date are byte-identical."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")
# The dates a zip entry can hold (DOS time): the report date is clamped into them.
EARLIEST, LATEST = date(1980, 1, 1), date(2107, 12, 31)


def without_clock(data: bytes, day: date) -> bytes:
    """The same package with every entry dated `day`, fixed permissions, and its document dates set to `day`."""
    day = min(max(day, EARLIEST), LATEST)
    moment = (day.year, day.month, day.day, 0, 0, 0)
    fixed = day.isoformat().encode() + b"T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + fixed + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=moment)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, content, compresslevel=6)
    return out.getvalue()
