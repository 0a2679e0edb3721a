"""The findings of merging a provider's return (reference §6): a return is checked as the master is, and then these."""

from __future__ import annotations

from safe_commissioning.workbook.findings.messages import Message, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

RETURN_MESSAGES = (
    Message(
        "return-not-a-request",
        ERROR,
        "A return does not answer a request",
        "The file has no Return sheet, or its Return sheet does not name a provider on the master's Providers "
        "sheet, or lists rows that are not that provider's: it is not (or no longer) a workbook made by python "
        "build.py requests. Nothing is merged: make a new request, or ask the provider to fill in the one sent.",
    ),
    Message(
        "return-other-provider",
        ERROR,
        "A return reaches beyond its provider",
        "A row of the return names another provider, or a contract that is not the provider's own. A return may "
        "only answer for its own provider, so nothing is merged: check the row with the provider.",
    ),
    Message(
        "return-renamed",
        ERROR,
        "A return changes the provider's name",
        "The provider's name on the Providers or Policies sheet is not the one the request was made for. A return "
        "cannot rename a provider, so nothing is merged: rename it in the master yourself if it has changed, then "
        "make a new request.",
    ),
    Message(
        "return-conflict",
        ERROR,
        "A master row changed since the request",
        "The master's row is not as it was when the request was made (its fingerprint differs), so the return "
        "could undo a change made since. Nothing is merged: look at both, then make a new request, or merge with "
        "--force to take the return's values anyway.",
        otherwise="With --force it is a warning, and the return's values are taken.",
    ),
    Message(
        "return-too-long",
        ERROR,
        "A return's cell holds far too much text",
        "No answer a request asks for needs more than 500 characters, so a longer text was pasted by mistake, or "
        "is meant to swamp the master. Nothing is merged: ask the provider to shorten it.",
    ),
    Message(
        "return-row-dropped",
        WARNING,
        "A row of the request is missing from the return",
        "The provider deleted a row the request showed. Deleting a row removes nothing: the master's row is kept "
        "as it was. To remove a member of staff, set Still on this contract to No.",
    ),
    Message(
        "return-not-merged",
        WARNING,
        "A value of the return has no column in the master",
        "The master's sheet has no column for this value, so it is not merged. Add the column to the master and "
        "merge the return again.",
    ),
    Message(
        "return-reference-changed",
        WARNING,
        "The return changes the reference sheet",
        "The Contracts sheet of a request is for reference only; what the provider changed there is not merged. "
        "Check it with the provider, and correct the master by hand if it is wrong.",
    ),
    Message(
        "return-formulas",
        WARNING,
        "The return holds formulas, links or macros",
        "Only the values of the return's cells are read: its formulas, links to other files and macros are "
        "never run or copied into the master.",
    ),
)
