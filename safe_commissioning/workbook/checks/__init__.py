"""Checks across rows and sheets: unique IDs, references, look-alikes, register and sourcing plan gaps."""
