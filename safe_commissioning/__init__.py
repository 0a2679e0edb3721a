"""Safe Commissioning Dashboard: from one master workbook to an intranet dashboard and a public register.

The folders follow a build, in order, each importing only those before it: CONTRIBUTING.md ("The
package, stage by stage") says what each one holds, and tests/test_layout.py keeps the order.
"""

__version__ = "0.1.0"
