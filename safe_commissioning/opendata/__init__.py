"""What is published, and the machine-readable files: the register, the sourcing plan, CSV, JSON, OCDS, feeds.

`register` decides what the public may see (published rows, Transparency Code fields only); the other
modules write it in each format, and `datafiles` writes the internal site's data files (reference §4.2).
"""
