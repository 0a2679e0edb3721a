"""Findings: a problem's place, its registered code and message, and the report that collects them."""
