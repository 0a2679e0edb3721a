"""Write source/history/, the sample's small ILLUSTRATIVE history, so its dashboard shows trends.

Each snapshot is what `python build.py record --as-of DATE` saves when the sample workbook is
built at an earlier quarter end: the same workbook, with evidence dated after that day ignored.
The report gives no earlier quarters, so these figures are invented, like the rest of the
sample's safeguarding evidence (see README, "The sample workbook").

Run: python scripts/make_sample_history.py [WORKBOOK.xlsx]   (after make_sample_workbook.py)
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safe_commissioning.pipeline import BuildOptions, build

QUARTERS = (date(2024, 3, 31), date(2024, 6, 30))  # the sample's report date is 30 September 2024
README = """\
# The sample's history (illustrative)

One folder per report date, each holding the data files that `python build.py record` saves:
`contracts.csv`, `compliance.csv`, `alerts.csv`, `placements_by_year.csv` and `build.json`.

These snapshots are ILLUSTRATIVE. They were made by `scripts/make_sample_history.py` (run by
`make sample`), which builds the sample workbook at earlier quarter ends ({dates}); the Overview
Report gives no earlier quarters. With your own workbook, run `python build.py record` at each
quarter end and commit the new folder with the workbook.
"""


def make_history(workbook: Path, history: Path) -> list[Path]:
    """Record the sample at each earlier quarter end into `history`, replacing what is there."""
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        for day in QUARTERS:
            options = BuildOptions(
                workbook, Path(scratch) / "build", day, day, history=history, record=True, force=True
            )
            result = build(options)
            assert result.snapshot is not None
            written.append(result.snapshot)
    (history / "README.md").write_text(
        README.format(dates=", ".join(day.isoformat() for day in QUARTERS)), encoding="utf-8"
    )
    return written


if __name__ == "__main__":
    source = Path(__file__).resolve().parent.parent / "source"
    workbook = Path(sys.argv[1]) if len(sys.argv) > 1 else source / "commissioning.xlsx"
    for folder in make_history(workbook, workbook.parent / "history"):
        print(f"wrote {folder}")
