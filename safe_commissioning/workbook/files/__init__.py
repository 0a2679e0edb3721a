"""Opening the file safely: the traps refused before any parser runs, how far each sheet reaches, the raw cells."""
