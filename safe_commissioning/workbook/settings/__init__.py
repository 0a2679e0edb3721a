"""The Settings sheet: the settings there are, reading them, and the addresses they may hold."""
