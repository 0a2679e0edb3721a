"""Safe Commissioning Dashboard: from one master workbook to an intranet dashboard and a public register."""

__version__ = "0.1.0"
