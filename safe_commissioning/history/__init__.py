"""The quarterly cycle's memory: snapshots of each report date's data files, and what changed between two."""
