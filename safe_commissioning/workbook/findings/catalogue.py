"""Every kind of finding, registered once by its code, and the Messages page that explains them all.

`docs/internal/messages.md` is written from this catalogue (`python scripts/write_messages_page.py`);
a test keeps the two in step and checks that every code the package uses is registered here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from safe_commissioning.workbook.findings.check_messages import CHECK_MESSAGES
from safe_commissioning.workbook.findings.file_messages import FILE_MESSAGES
from safe_commissioning.workbook.findings.messages import Message, Severity
from safe_commissioning.workbook.findings.return_messages import RETURN_MESSAGES

CATALOGUE: tuple[Message, ...] = (*FILE_MESSAGES, *CHECK_MESSAGES, *RETURN_MESSAGES)
MESSAGES: Mapping[str, Message] = MappingProxyType({message.code: message for message in CATALOGUE})
assert len(MESSAGES) == len(CATALOGUE), "a finding code is registered twice"

_INTRO = """\
# Messages

Every message the build can give about the workbook, by its code: the code shown in the Check column of the
[Data quality](data-quality.md) page, in `validation.json` and after `python build.py check`. Errors stop the
build, so nothing is published until they are fixed; warnings are listed on the Data quality page and the build
goes on. Each message names its cell, such as `Contracts!F14`: fix that cell in the workbook and build again.
"""
_OTHER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.ERROR}
_HEADINGS = {Severity.ERROR: "Errors: the build stops", Severity.WARNING: "Warnings: the build goes on"}


def messages_page() -> str:
    """The Messages page of the internal site, in Markdown: a table of codes per severity."""
    parts = [_INTRO.rstrip("\n")]
    for severity in Severity:
        parts += [
            f"\n## {_HEADINGS[severity]} {{#{severity.value}s}}\n",
            "| Code | Severity | Problem | What it means and what to do |",
            "|---|---|---|---|",
        ]
        for message in sorted((m for m in CATALOGUE if m.severity is severity), key=lambda m: m.code):
            also = f" {message.otherwise}" if message.otherwise else ""
            shown = f"{severity.value} (or {_OTHER[severity].value})" if message.otherwise else severity.value
            parts.append(
                f'| <code id="{message.code}">{message.code}</code> | {shown} | {message.title} | {message.help}{also} |'
            )
    return "\n".join(parts) + "\n"
