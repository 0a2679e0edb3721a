#!/usr/bin/env python3
"""Build the safe commissioning sites from the master workbook. Run: python build.py --help"""

import sys

from safe_commissioning.cli import main

if __name__ == "__main__":
    sys.exit(main())
