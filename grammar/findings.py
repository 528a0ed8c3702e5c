"""What the rules produce: findings with exact spans, related places and fixes as text edits."""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Span

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Edit:
    start: int                       # code-point offsets into the original text
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    title: str                       # what the fix does, in Chinese (quick-fix title)
    edits: tuple[Edit, ...]
    safety: str = "safe"             # safe | unsafe


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    span: Span
    related: list[tuple[Span, str]] = field(default_factory=list)
    fix: Fix | None = None


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
