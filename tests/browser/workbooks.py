"""The large workbook of the browser tests, made by the project's own generator.

scripts/generate_workbook.py writes a synthetic, valid and deterministic workbook of N contracts
(N/4 providers, DBS rows, meetings, placements, alerts and a sourcing plan): the same pages every run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[2] / "scripts" / "generate_workbook.py"


def large_workbook(out: Path, contracts: int) -> Path:
    """Write a generated workbook of `contracts` contracts to `out`."""
    subprocess.run([sys.executable, str(GENERATOR), str(contracts), str(out)], check=True, capture_output=True)
    return out
