"""The schema: the sheets and columns the reference (guides/reference.md) fixes, and the values each choice column allows."""
