"""Provider returns (reference §6): ask each provider for exactly what is missing, and fold the answers in.

The story, in two verbs:

- `requests`: for each provider, `requests.make_request` selects from the validated master only that
  provider's rows and what it can answer (`needs`, an adapter over the dashboard's action lists), with a
  `fingerprints` of each master row; `request_book` writes it as a workbook with the master's headers,
  drop-down lists and formats (`layout` says which sheets and columns);
- `merge`: `returned` reads a return with the master's own file and cell checks and refuses one that
  reaches beyond its provider; `changes` works out, cell by cell, what it changes in the master and
  which master rows changed since the request (conflicts); `package` writes those cells into the
  master's own .xlsx package, leaving every other part byte for byte as it was; `merge` tells the story.
"""
