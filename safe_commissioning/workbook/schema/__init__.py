"""The schema: the sheets and columns SPEC fixes, and the values each choice column allows."""
