"""The findings of checking: rows against rows and sheets against sheets, the settings, the register and the plan."""

from __future__ import annotations

from safe_commissioning.workbook.findings.messages import Message, Severity
from safe_commissioning.workbook.settings.definitions import MAX_PUBLIC_URL_LENGTH

ERROR, WARNING = Severity.ERROR, Severity.WARNING
_GAP = (
    "The Local Government Transparency Code 2015 asks a council to publish it for every contract over £5,000; the "
    "message names the cell to fill in."
)

CHECK_MESSAGES = (
    Message(
        "duplicate-id",
        ERROR,
        "An ID or name appears twice",
        "Each contract, provider, placement, alert, headcount date and setting has one row, and each member of "
        "staff appears once per contract. Give the row its own ID, or delete it.",
    ),
    Message(
        "provider-merged",
        WARNING,
        "One provider on two rows, read as one",
        "Two rows of the Providers sheet name the same provider (whatever the case, spacing or HTML character "
        "codes) and agree in every column both fill, so they are read as one provider. Delete the later row.",
    ),
    Message(
        "too-long",
        ERROR,
        "An ID or name is too long",
        "An ID names a page and a row of every data file, so it is at most 100 characters (a provider's name 300). "
        "Shorten it.",
    ),
    Message(
        "lookalike-id",
        ERROR,
        "Two IDs look the same but differ",
        "Two IDs differ only by an invisible or look-alike character (a non-breaking hyphen, a Cyrillic letter), so "
        "they look identical on the page. Retype one so that they differ visibly, or keep one row.",
    ),
    Message(
        "unknown-reference",
        ERROR,
        "A reference names nothing on the sheet it refers to",
        "A supplier, provider, contract or placement is not on the sheet that defines it. Add it there, or correct "
        "the spelling or the ID.",
    ),
    Message(
        "unknown-action-subject",
        ERROR,
        "An action is about nothing the workbook holds",
        "The About column of the Actions sheet names no Contract ID, Placement ID, Alert ID, provider or sourcing-"
        "plan project. The message suggests the nearest name where one is close: correct the spelling, or add the "
        "record to its sheet.",
    ),
    Message(
        "not-assigned",
        WARNING,
        "An item that needs attention has no owner",
        "Each item on Needs attention is owned by its contract's manager, or, for a placement or alert with no "
        "contract, by the Placements lead setting. Enter the Contract manager, or add the Placements lead setting.",
    ),
    Message(
        "lookalike-reference",
        ERROR,
        "A reference differs by an invisible or look-alike character",
        "The reference looks like an ID or name on the sheet it refers to but differs from it by a character that "
        "cannot be seen. Retype it to match exactly.",
    ),
    Message(
        "date-order",
        ERROR,
        "Dates are in the wrong order",
        "A later date (an end, a recheck, a closure, a contract start) is before the date it follows. Correct one "
        "of them.",
        "A warning for the sourcing plan's Estimated contract end before its Contract start.",
    ),
    Message(
        "shared-number",
        WARNING,
        "Two providers have one registration number",
        "A registration number belongs to one organisation, so it is published for neither. Correct the wrong one, "
        "or keep one row if they are the same provider.",
    ),
    Message(
        "similar-provider-name",
        WARNING,
        "Two provider names differ only by punctuation",
        "Two providers' names differ only by punctuation, case or spaces: probably one organisation entered twice. "
        "Keep one row and spell it one way on every sheet.",
    ),
    Message(
        "missing-safeguarding",
        WARNING,
        "A contract that works with children has no safeguarding row",
        "Its minimum expectations show as not evidenced until a row for it is added to the Safeguarding sheet.",
    ),
    Message(
        "safeguarding-not-needed",
        WARNING,
        "Safeguarding evidence for a contract that does not work with children",
        "The evidence is not used. Set Works with children to Yes on the Contracts sheet if the contract does.",
    ),
    Message(
        "closed-without-date",
        WARNING,
        "A closed alert has no Date closed",
        "Enter the date the alert was resolved.",
    ),
    Message(
        "open-with-date-closed",
        WARNING,
        "An open alert has a Date closed",
        "Set its Status to Closed, or clear the date.",
    ),
    Message(
        "caseload-inconsistent",
        WARNING,
        "More UASC than children in care",
        "Unaccompanied asylum-seeking children are counted within children in care, so Of which UASC cannot be "
        "more than Children in care. Correct the headcount.",
    ),
    Message(
        "unknown-setting",
        WARNING,
        "A setting the dashboard does not know",
        "The setting is ignored. See the Instructions sheet for the settings available, and correct its name.",
    ),
    Message(
        "blank-organisation",
        WARNING,
        "No organisation name",
        "The Organisation setting is blank or absent, so the sites have no title. Add your council's name.",
    ),
    Message(
        "interval-out-of-bounds",
        ERROR,
        "An interval setting is out of range",
        "Each interval has a plausible range (months 1 to 120, DBS recheck years 1 to 10, lead times 1 to 60 "
        "months, the Coming up window 1 to 366 days). Check the number.",
    ),
    Message(
        "public-url",
        WARNING,
        "The Public site URL is not a plain web address",
        "It is not used. Give an address such as https://example.gov.uk/contracts/: no quotes, spaces, query or "
        "#fragment.",
    ),
    Message(
        "public-url-too-long",
        WARNING,
        "The Public site URL is too long",
        "Search engines read a page address of up to 2,048 characters, and the site's pages add their own names "
        f"to the Public site URL, so it may be at most {MAX_PUBLIC_URL_LENGTH:,} characters. It is not used. Give "
        "the site's address, such as https://example.gov.uk/contracts/.",
    ),
    Message(
        "contact",
        WARNING,
        "The Contact setting cannot be shown",
        "It is not used. Give an email address, an https:// web page, or plain text such as a phone number.",
    ),
    Message(
        "ocds-prefix",
        WARNING,
        "No OCDS prefix of the council's own",
        "The open data's ocids need the council's own prefix (ocds- and 6 letters or digits), registered with the "
        "Open Contracting Partnership; until then the documentation's example is used. Add it as the OCDS prefix "
        "setting.",
    ),
    Message(
        "organisation-identifier",
        WARNING,
        "The Organisation identifier is not an org-id",
        "It is not used. Give GB-LAE- and your local authority code, or GB-PPON- and your Public Procurement "
        "Organisation Number; look yours up on org-id.guide.",
    ),
    Message(
        "register-gap-value",
        WARNING,
        "A published contract has no value",
        "Fill in its Total value or Annual value. " + _GAP,
    ),
    Message(
        "register-gap-description",
        WARNING,
        "A published contract over £5,000 has no description",
        "Fill in its Description. " + _GAP,
    ),
    Message(
        "register-gap-dates",
        WARNING,
        "A published contract over £5,000 has no start or end date",
        "Fill in its Start date and End date. " + _GAP,
    ),
    Message(
        "register-gap-supplier-id",
        WARNING,
        "A published contract's supplier has no registration number",
        "Fill in the supplier's Company number (a company) or Charity number (a charity) on the Providers sheet. "
        + _GAP,
    ),
    Message(
        "plan-start-passed",
        WARNING,
        "A planned procurement's start date has passed",
        "The sourcing plan row still says Planned after its Procurement start; the public plan says the date has "
        "passed. Update its Status or its Procurement start.",
    ),
    Message(
        "notice-url",
        WARNING,
        "A Notice URL is not a plain https:// address",
        "It is shown as text, not linked. Paste the notice's address from Find a Tender or Contracts Finder.",
    ),
    Message(
        "find-a-tender-notice",
        WARNING,
        "A Find a Tender notice is in no form the platform uses",
        "It is not published. Give the notice ID (012345-2025), the notice's address on Find a Tender, or the OCID "
        "of its procurement (ocds-h6vhtk-…), or leave the cell blank.",
    ),
    Message(
        "plan-reference",
        WARNING,
        "A published sourcing plan row has no Reference",
        "Its open data identifier (the OCDS planning ocid, the feed and calendar entry) is made from the project's "
        "name, so renaming the project makes it a new one. Give each row a reference that never changes.",
    ),
    Message(
        "blank-contact",
        WARNING,
        "No Contact setting",
        "The public site tells providers to use the council's main contact channels. Give an email address or an "
        "https:// web page where providers can ask about contracts and the sourcing plan.",
    ),
    Message(
        "plan-contact",
        WARNING,
        "A sourcing plan Contact cannot be linked",
        "It is shown as text, not linked. Give an email address or an https:// web page.",
    ),
)
