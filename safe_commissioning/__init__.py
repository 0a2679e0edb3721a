"""Safe Commissioning Dashboard: from one master workbook to an intranet dashboard and a public register.

The folders follow a build, in order (each imports only those before it):

- `workbook`: load and validate the .xlsx, cell by cell, into typed records and findings;
- `rules`: the minimum expectations, provider checks, RAG, expiry and placements, each result
  with its evidence;
- `opendata`: what the public may see, and the data files written from it;
- `returns`: a request to each provider from the master, and its return merged back cell by cell;
- `history`: the snapshots of earlier report dates, and what changed since one;
- `sites`: the pages of both sites, their charts and the committee pack, built by an engine.

On top, `pipeline` tells the build as a story and `cli` is the command line (`python build.py`,
`safe-commissioning`); beneath everything, `words` says how the product writes things.
"""

__version__ = "0.1.0"
