"""What each kind of finding is: its stable code, its severity, a short title and what to do about it.

In the spirit of frictionless-py's error catalogue: a finding names its code, and the code's
entry in `catalogue` says once, for the build and for the Messages page, how serious it is and
how to put it right. A finding with a code that is not registered is a mistake in the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """An error stops the build; a warning is shown on the data-quality page."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Message:
    """One kind of finding, as the Messages page explains it."""

    code: str
    severity: Severity
    title: str  # a few words: what is wrong
    help: str  # what it means and what to do
    otherwise: str = ""  # when the same check gives the other severity, said as a sentence

    def allows(self, severity: Severity) -> bool:
        """True when a finding of this kind may have `severity`."""
        return severity is self.severity or bool(self.otherwise)
