"""Write docs/internal/messages.md, the internal site's Messages page, from the findings catalogue.

Run: python scripts/write_messages_page.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safe_commissioning.resources import STATIC_DOCS
from safe_commissioning.workbook.findings.catalogue import messages_page

PAGE = STATIC_DOCS / "internal" / "messages.md"


def main() -> None:
    """Write the page; run it after adding or changing a finding in the catalogue."""
    PAGE.write_text(messages_page(), encoding="utf-8")
    print(f"wrote {PAGE}")


if __name__ == "__main__":
    main()
