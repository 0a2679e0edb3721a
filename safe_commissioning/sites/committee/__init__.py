"""The committee pack: `pack` (what it is made of), `report` (the pack, assembled), its sections
(`position`, `activity`, `close`), and `word` (the Word document)."""
