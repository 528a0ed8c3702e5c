"""Signs of OCR damage in a row of numbers, for rows that fail their own sums.

A report whose numbers do not add up is read as written: NB3xx says so. But text made by OCR
shows where its numbers were misread, and a row that fails its own total with such signs in it
holds a number nobody wrote: its cells are read as unreadable (NB203) rather than as numbers.
The signs are in the text itself, never in the sums alone:

- table rulings read as digits: `|` as `1` between zeros (`0 1 0 1010131`, `10131`), three
  numbers of 0s and 1s in a row (`|10|0|10|101|`), or two whose leading `1` as a ruling would
  make the row add up;
- a number with a leading zero inside a run of cells (`0195`: a `0` and a `|95` glued);
- a cell of ruling junk (`|`, `]`, `}`) among the numbers;
- cells that pipes separate, with some of them run together by spaces only: a lone `1`
  between them, or a `1`-led number whose `1` as a ruling would make the row add up
  (`| 0 | 0  0 10 | 31`);
- a row of several cells on a line completed by a lone number on its own line across a page
  break or a blank line, or by one that is the page number due there (`Pages`).

Page numbers: a page footer written whole (`- 3 -`, `第 3 页`) is noise wherever it stands
(`lexer._noise`). OCR loses a dash (`-3`) or both (`3`); such a line is the footer of its page
only where the footers around it say so: the page before it ended with `- 2 -`, the next one
ends with `- 4 -`, and it is the one `3` standing alone between them. With its dash left
(`-3`) it is noise (`Pages.noise`: no count is written so); a bare `3` may be a cell, and is
a page number only for a row that fails its total with it (`damaged`).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable

from . import lazy_re
from .model import Cell

_ALTERNATING = re.compile(r"1010|0101")
_JUNK = frozenset("|}]{[)(;:!'\"`~_‘’“”、.,，。·")
_BREAK = lazy_re.compile(r"\f|\n[ \t\u3000\r]*\n")
_SEPARATORS = "|│┃\t"


def _digits(c: Cell) -> str:
    raw = c.raw.strip()
    return raw if raw.isascii() and raw.isdigit() else ""


def _zero_one(d: str) -> bool:
    """A digit string of 0s and 1s, both in it, led by a 1: `10`, `101`, `110` (a ruling read as
    `1` before a `0`)."""
    return len(d) >= 2 and d[0] == "1" and "0" in d and not d.strip("01")


_DASH = "-—–－~−"
_PAGE_LINE = (
    rf"[ \t\u3000\f]*(?:(?:(?P<l>[{_DASH}])[ \t\u3000]*)?(?P<n>[0-9０-９]{{1,3}})(?:[ \t\u3000]*(?P<r>[{_DASH}]))?"
    r"|第[ \t\u3000]*(?P<p>[0-9０-９]{1,3})[ \t\u3000]*页(?:[ \t\u3000]*[,，/]?[ \t\u3000]*共[ \t\u3000]*[0-9０-９]{1,3}[ \t\u3000]*页)?)"
    r"[ \t\u3000\r\f]*")
_PAGE = lazy_re.compile(_PAGE_LINE)
# after a line break (a literal first: the scan of a whole text costs ~20 µs, not ~500 µs as
# with `^` in MULTILINE mode); the text's first line is no page's end
_PAGES = lazy_re.compile("\n(?:" + _PAGE_LINE + r")(?=\n|\Z)")
# a page number with one dash only (`-3`, `3-`): what may be `Pages.noise`
_ONE_DASH = lazy_re.compile(rf"\n[ \t\u3000\f]*(?:[{_DASH}][ \t\u3000]*[0-9０-９]{{1,3}}(?![ \t\u3000]*[{_DASH}])"
                            rf"|[0-9０-９]{{1,3}}[ \t\u3000]*[{_DASH}])[ \t\u3000\r\f]*(?=\n|\Z)")


def noise(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`Pages.noise` of `text` between `start` and `end`; no look at the whole text when no
    line there is a page number with one dash."""
    lo = max(0, start - 1)
    if not any(text.find(d, lo, end) >= 0 for d in _DASH) or _ONE_DASH.search(text, lo, end) is None:
        return []
    return [n for n in Pages(text).noise if start <= n[0] < end]


class Pages:
    """The page numbers of a text: the lines that are a page number whole (`- 3 -`, `第3页`:
    `strong`) and those that may be one (`3`, `-3`, `3-`: `weak`), each (start, end, value,
    the dash written if any); `footers`: the strong ones and the weak ones the sequence makes
    page numbers, (start, end, value); `noise`: the spans of those of them with a dash."""

    def __init__(self, text: str):
        self.strong: list[tuple] = []
        self.weak: list[tuple] = []
        if not any(d in text for d in _DASH) and "页" not in text:
            return                          # no footer written whole: no sequence to follow
        for m in _PAGES.finditer(text):
            n = m.group("n") or m.group("p")
            v = int(n.translate(_FULL))
            whole = m.group("p") is not None or (m.group("l") is not None and m.group("r") is not None)
            (self.strong if whole else self.weak).append((m.start() + 1, m.end(), v, m.group("l") or m.group("r")))
        if self.strong:
            self._accept()
        else:
            self.weak = []
        self.starts = [s for s, _, _ in self.footers]

    def _accept(self) -> None:
        """`footers` and `noise` (see the module's docstring)."""
        strong, weak = self.strong, self.weak
        accepted = []
        for s, e, v, dash in weak:
            i = bisect_left(strong, (s,))
            if i == len(strong) or strong[i][2] != v + 1:
                continue
            prev = accepted[-1] if accepted and (i == 0 or accepted[-1][0] > strong[i - 1][0]) else \
                (strong[i - 1] if i else None)
            if prev is None or prev[2] != v - 1:
                continue
            lo, hi = prev[1], strong[i][0]
            if sum(1 for s2, _, v2, _ in weak if lo <= s2 < hi and v2 == v) == 1:
                accepted.append((s, e, v, dash))
        # a lone `3` may yet be a cell (`2 0 0 0 0 1` wrapped before its `3`): noise only with
        # its dash; the rows decide about the others (`damaged`)
        self.noise = [(s, e) for s, e, _, dash in accepted if dash]
        self.footers = sorted(f[:3] for f in strong + accepted)

    noise: list[tuple[int, int]] = []
    footers: list[tuple[int, int, int]] = []
    starts: list[int] = []

    def due(self, start: int, value: int) -> bool:
        """Whether a page number `value` at `start` is the one due there: the last footer before
        it is `value - 1`, and no footer after it says `value` or less."""
        i = bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] == start:
            return True                       # one the sequence already made a page number
        if not i or self.footers[i - 1][2] != value - 1:
            return False
        return i == len(self.footers) or self.footers[i][2] > value


_FULL = str.maketrans("０１２３４５６７８９", "0123456789")


def damaged(text: str, found: list[Cell], pages: Callable[[], Pages] | None = None,
            holds: Callable[[Cell, int], bool] | None = None) -> bool:
    """Whether the row whose cells (as read, junk included) are `found` shows OCR damage.
    `pages()`: the text's page numbers, asked for only when the row's first or last cell is a
    line of its own that looks like one (the reader keeps readings that never looked at the
    whole text: `table_cache`). `holds(cell, value)`: whether the row's sums would hold with
    `value` in `cell` — not to read it so, only to tell a ruling read as `1` (the failure it
    explains) from a number written so."""
    if pages is not None and any(_page_number(text, c, pages) for c in (found[0], found[-1])):
        return True
    digits = [_digits(c) for c in found]
    if any(_ALTERNATING.search(d) for d in digits):
        return True
    ones = [i for i, d in enumerate(digits) if _zero_one(d)]
    if len(ones) >= 3 or (len(ones) == 2 and holds is not None and _explains(found, digits, ones, holds)):
        return True
    if any(len(d) > 1 and d[0] == "0" and d.strip("0") for d in digits):
        return True                   # `0195` (a `00` is a zero written twice: NB204's)
    if any(junk(c) for c in found):
        return True
    if len(found) > 2 and (_filled(text, found[1], found[0]) or _filled(text, found[-2], found[-1])):
        return True
    spaced, separated = set(), False
    for i, (a, b) in enumerate(zip(found, found[1:])):
        gap = text[a.span.end:b.span.start]
        if "\n" in gap or "\f" in gap:
            continue
        if any(s in gap for s in _SEPARATORS):
            separated = True
        elif not gap.strip():
            spaced.update((i, i + 1))
    if separated:
        # a `1` between cells run together by spaces (`| 0 | 0 1 0 10131`), or a `1` glued to a
        # cell whose failure it explains (`| 0  0 10 | 31`: 10 as |0)
        for i in spaced:
            d = digits[i]
            if d == "1" and (i - 1 in spaced and i + 1 in spaced and _gap_spaced(text, found, i)):
                return True
            if (d == "1" or _zero_one(d)) and holds is not None and _explains(found, digits, [i], holds):
                return True
    return False


def _gap_spaced(text: str, found: list[Cell], i: int) -> bool:
    """Cell i has spaces only, no separator, on both sides."""
    return i + 1 < len(found) and all(not text[a.span.end:b.span.start].strip()
                                      for a, b in ((found[i - 1], found[i]), (found[i], found[i + 1])))


def _explains(found: list[Cell], digits: list[str], at: list[int], holds: Callable[[Cell, int], bool]) -> bool:
    """Whether reading the leading `1` of the cells `at` as a ruling makes the row's sums hold."""
    return holds(tuple(found[i] for i in at), tuple(int(digits[i][1:] or 0) for i in at))


def junk(c: Cell) -> bool:
    """A cell of ruling junk (`|`, `]`, `}`): no number, and no word either (a ruling read)."""
    raw = c.raw.strip()
    return c.kind == "text" and bool(raw) and set(raw) <= _JUNK


def _page_number(text: str, c: Cell, pages: Callable[[], Pages]) -> bool:
    """The cell is a line of its own that is the page number due there."""
    if not _alone(text, c):
        return False
    s = text.rfind("\n", 0, c.span.start) + 1
    e = text.find("\n", c.span.end)
    m = _PAGE.fullmatch(text, s, len(text) if e < 0 else e)
    if m is None:
        return False
    p = pages()
    return bool(p.footers) and p.due(s, int((m.group("n") or m.group("p")).translate(_FULL)))


def _filled(text: str, inner: Cell, end: Cell) -> bool:
    """The row's cells stand on a line with others, and `end`, its first or last, alone on its
    own line across a page break or a blank line (`| 31 | 0 … 31` ⏎⏎ `1`): the row filled up
    from what follows or precedes it, not a row written one cell per line."""
    gap = text[min(inner.span.end, end.span.end):max(inner.span.start, end.span.start)]
    return _BREAK.search(gap) is not None and _alone(text, end) and not _alone(text, inner)


def _alone(text: str, c: Cell) -> bool:
    """The cell is the only thing on its line (but for padding and dashes)."""
    return line_blank(text, c.span.start, c.span.end) == (True, True)


def line_blank(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the line holding text[start:end] has nothing before it, and nothing after it,
    but padding and dashes (what `_alone` and so `damaged` see beyond a row's cells)."""
    s = text.rfind("\n", 0, start) + 1
    e = text.find("\n", end)
    e = len(text) if e < 0 else e
    return not text[s:start].strip(_PADDING), not text[end:e].strip(_PADDING)


_PADDING = " \t\u3000\r\f-—–－~"


def plan(sums) -> tuple:
    """`sums` (each a `Sum` of column indices) as `fails` checks them: (total, its parts as a
    slice when they are consecutive columns, as all of a statutory table's are, else indices)."""
    out = []
    for s in sums:
        parts = tuple(s.parts)
        whole = parts == tuple(range(parts[0], parts[-1] + 1))
        out.append((s.total, slice(parts[0], parts[-1] + 1) if whole else parts))
    return tuple(out)


def fails(values: list[int], sums: tuple) -> bool:
    """Whether the row's values (a blank or junk cell as 0) break one of its sums (`plan`)."""
    for total, parts in sums:
        if values[total] != (sum(values[parts]) if parts.__class__ is slice else sum(map(values.__getitem__, parts))):
            return True
    return False
