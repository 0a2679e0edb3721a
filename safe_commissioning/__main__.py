"""`python -m safe_commissioning`: the same command as `python build.py`."""

import sys

from safe_commissioning.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m safe_commissioning"))
