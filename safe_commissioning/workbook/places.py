"""Places in a workbook as Excel names them: column letters, and cells such as `F14`."""

from __future__ import annotations


def column_index(letters: str) -> int:
    """The zero-based column index of Excel's letters: A → 0, AA → 26 (the inverse of column_letter)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def column_letter(index: int) -> str:
    """Excel's letters for a zero-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
