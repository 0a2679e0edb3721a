"""Which web addresses and contacts are safe to put into a page as links."""

from __future__ import annotations

import re

# A public site address that is safe to write into every page's canonical link and the sitemap:
# http(s), a host name of letters, digits, hyphens and dots, an optional port, and a path of
# unreserved URL characters (percent-escapes allowed); no query, fragment, credentials, quotes,
# angle brackets, backslashes, spaces or control characters.
_HOST_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_SAFE_URL = re.compile(
    rf"https?://(?:{_HOST_LABEL}\.)*{_HOST_LABEL}(?::\d{{1,5}})?(?:/(?:[A-Za-z0-9._~!$*+,;=:@-]|%[0-9A-Fa-f]{{2}})*)*"
)
_EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&*+/=?^_`{{|}}~'-]+@(?:{_HOST_LABEL}\.)+[A-Za-z]{{2,63}}")
_LOOKS_LIKE_LINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?!\s)|www\.", re.IGNORECASE)


def safe_url(text: str) -> bool:
    """True when `text` is an http(s) address that can go into a page's HTML unescaped."""
    return _SAFE_URL.fullmatch(text) is not None


def contact_problem(text: str) -> str | None:
    """Why a Contact setting cannot be shown or linked, or None when it is an email, an https page or plain text."""
    if "@" in text and " " not in text.strip():
        return None if _EMAIL.fullmatch(text.removeprefix("mailto:")) else "is not a valid email address"
    if _LOOKS_LIKE_LINK.match(text):
        if text.startswith("https://") and safe_url(text):
            return None
        return "is a web address but not a plain https:// address (no quotes, spaces, query or fragment)"
    if any(char in text for char in '<>"\\`'):
        return 'holds markup characters (< > " \\ `)'
    return None
