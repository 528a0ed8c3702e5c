"""Signs of OCR damage in a row of numbers, for rows that fail their own sums.

A report whose numbers do not add up is read as written: NB3xx says so. But text made by OCR
shows where its numbers were misread, and a row that fails its own total with such signs in it
holds a number nobody wrote: its cells are read as unreadable (NB203) rather than as numbers.
The signs are in the text itself, never in the sums alone:

- table rulings read as digits: `|` as `1` between zeros (`0 1 0 1010131`, `10131`, `|10|101|`);
- a digit string with a leading zero inside a run of cells (`0195`: a `0` and a `|95` glued);
- a cell of ruling junk (`|`, `]`, `}`) among the numbers;
- cells that pipes separate, with some of them run together by spaces only around a `1`
  (`| 0 | 0  0 10 | 31`: a ruling dropped or read as a digit);
- a lone number on its own line after a page break or a blank line completing the row (the
  next page's page number).
"""
from __future__ import annotations

import re

from .model import Cell

_ALTERNATING = re.compile(r"1010|0101")
_JUNK = frozenset("|}]{[)(;:!'\"`~_‘’“”、.,，。·")
_BREAK = re.compile(r"\f|\n[ \t\u3000\r]*\n")
_SEPARATORS = "|│┃\t"


def _digits(c: Cell) -> str:
    raw = c.raw.strip()
    return raw if raw.isascii() and raw.isdigit() else ""


def _zero_one(d: str) -> bool:
    """A digit string of 0s and 1s with a 1 in it, two digits or more: `10`, `101`, `110`."""
    return len(d) >= 2 and not d.strip("01") and "1" in d


def damaged(text: str, found: list[Cell]) -> bool:
    """Whether the row whose cells (as read, junk included) are `found` shows OCR damage."""
    digits = [_digits(c) for c in found]
    if any(_ALTERNATING.search(d) for d in digits):
        return True
    if sum(1 for d in digits if _zero_one(d)) >= 2:
        return True
    if any(len(d) > 1 and d[0] == "0" for d in digits):
        return True
    if any(junk(c) for c in found):
        return True
    spaced, separated = set(), False
    for i, (a, b) in enumerate(zip(found, found[1:])):
        gap = text[a.span.end:b.span.start]
        if "\n" in gap or "\f" in gap:
            if _BREAK.search(gap) and (_alone(text, a) or _alone(text, b)):
                return True
            continue
        if any(s in gap for s in _SEPARATORS):
            separated = True
        elif not gap.strip():
            spaced.update((i, i + 1))
    if separated and any(digits[i] == "1" or _zero_one(digits[i]) for i in spaced):
        return True
    return False


def junk(c: Cell) -> bool:
    """A cell of ruling junk (`|`, `]`, `}`): no number, and no word either (a ruling read)."""
    raw = c.raw.strip()
    return c.kind == "text" and bool(raw) and set(raw) <= _JUNK


def _alone(text: str, c: Cell) -> bool:
    """The cell is the only thing on its line (but for padding and dashes)."""
    s = text.rfind("\n", 0, c.span.start) + 1
    e = text.find("\n", c.span.end)
    e = len(text) if e < 0 else e
    return not (text[s:c.span.start] + text[c.span.end:e]).strip(" \t\u3000\r\f-—–－~")


def fails(values: list[int], sums) -> bool:
    """Whether the row's values (a blank or junk cell as 0) break one of its sums (each `Sum`
    of column indices)."""
    return any(values[s.total] != sum(values[i] for i in s.parts) for s in sums)
