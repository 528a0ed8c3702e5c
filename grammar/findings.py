"""What the rules produce: findings with exact spans, related places and fixes as text edits."""
from __future__ import annotations

from .model import Span
from .record import Record, value

SEVERITIES = ("error", "warning", "info")


@value
class Edit:
    start: int                       # code-point offsets into the original text
    end: int
    content: str


@value
class Fix:
    title: str                       # what the fix does, in Chinese (quick-fix title)
    edits: tuple[Edit, ...]
    safety: str = "safe"             # safe | unsafe


class Finding(Record):
    __slots__ = ("code", "name", "severity", "message", "span", "related", "fix")

    def __init__(self, code: str, name: str, severity: str, message: str, span: Span,
                 related: list[tuple[Span, str]] | None = None, fix: Fix | None = None):
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.span = span
        self.related = [] if related is None else related
        self.fix = fix


# numbers as a report writes them: a wording fix that takes one away changes what it says
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二两三四五六七八九十百千万零〇")


def _numerals(s: str) -> list[str]:
    """The characters of `s` that write a number: numerals, and digits of any script (`𝟘`,
    `٣`: what a regex's `\\d` and `int()` read as digits)."""
    return sorted(c for c in s if c in _NUMERALS or c.isdecimal())


def wording_fix(title: str, text: str, span, new: str) -> Fix | None:
    """A safe fix that writes `new` over the wording at `span` — unless that would take away a
    number written there (a digit or numeral glued into a heading or label is the author's, or
    the row's above, not wording), glue a digit to one beside it, or join lines (what is before a line break may belong to the
    line above: a wrapped label is rewritten by hand, not by `--fix`)."""
    old = text[span.start:span.end]
    if "\n" in old or "\r" in old:
        return None
    written = _numerals(old)
    if written and written != _numerals(new):
        return None
    if new and (span.start > 0 and text[span.start - 1].isdigit() and new[0].isdigit()
                or span.end < len(text) and text[span.end].isdigit() and new[-1].isdigit()):
        return None               # `0` + `4.无正当…` would read `04.`: a number the text did not say
    return Fix(title, (Edit(span.start, span.end, new),))


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (overlapping ones after the first are dropped)."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            continue
        out.append(text[pos:e.start])
        out.append(e.content)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
