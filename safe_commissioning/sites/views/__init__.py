"""What the pages show, computed in Python so templates only lay it out.

`labels` (the words and symbols of a status or RAG), `groups` (the contracts in the lists every
count reads), `headlines` (the dashboard's figures), `tallies` (counts per rule and area),
`placements` (the placement tables) and `records` (what a contract page adds). All of it comes
from the `Assessment`; nothing here reads files or the clock.
"""
