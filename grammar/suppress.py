"""Inline suppression comments (README: Suppression): invisible in rendered Markdown.

<!-- nianbao-disable NB205 -->  … <!-- nianbao-enable NB205 -->
<!-- nianbao-disable-next-line NB401 -->
<!-- nianbao-disable-file NB106 -->
Codes are separated by spaces or commas; none means every rule. A comment that suppresses
nothing is reported as NB001.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .findings import Finding
from .model import Report, Span
from .record import Record
from .rule import rule

CODE = "NB001"
# the codes part is bounded: unbounded, every unclosed `<!-- nianbao-…` scanned to the end of the
# text (quadratic: a megabyte of them took minutes)
_COMMENT = re.compile(r"<!--\s*nianbao-(disable-file|disable-next-line|disable|enable)\b([^>]{0,300}?)-->")
_CODES = re.compile(r"NB\d{3}")
_BREAK = re.compile(r"\r\n|\r|\n")


class _Directive(Record):
    __slots__ = ("kind", "codes", "span", "used", "scope")

    def __init__(self, kind: str, codes: tuple[str, ...], span: Span, used: bool = False,
                 scope: list[tuple[int, int]] | None = None):
        self.kind = kind
        self.codes = codes                   # empty: all rules
        self.span = span
        self.used = used
        self.scope = [] if scope is None else scope   # offset ranges it covers

    def covers(self, f: Finding) -> bool:
        if self.codes and not any(f.code.startswith(c) for c in self.codes):
            return False
        return any(a <= f.span.start < b for a, b in self.scope)


def directives(text: str) -> list[_Directive]:
    out: list[_Directive] = []
    open_: list[_Directive] = []
    breaks: list[tuple[int, int]] | None = None      # (start, end) of each line break, found once
    for m in _COMMENT.finditer(text):
        kind, codes = m.group(1), tuple(_CODES.findall(m.group(2)))
        d = _Directive(kind, codes, Span(m.start(), m.end()))
        if kind == "disable-file":
            d.scope = [(0, len(text) + 1)]
        elif kind == "disable-next-line":
            # not a search for the next break from each comment: quadratic for many on one line
            if breaks is None:
                breaks = [(b.start(), b.end()) for b in _BREAK.finditer(text)]
            i = bisect_left(breaks, (m.end(), -1))
            start = breaks[i][1] if i < len(breaks) else len(text)
            d.scope = [(start, breaks[i + 1][0] if i + 1 < len(breaks) else len(text) + 1)]
        elif kind == "disable":
            d.scope = [(m.end(), len(text) + 1)]
            open_.append(d)
        else:     # enable closes the matching disables
            for o in open_:
                if not codes or not o.codes or set(codes) & set(o.codes):
                    o.scope = [(o.scope[0][0], m.start())]
            open_ = [o for o in open_ if o.scope[0][1] > m.start()]
            continue
        out.append(d)
    return out


def apply(text: str, findings: list[Finding], report: Report, enabled: bool = True) -> list[Finding]:
    ds = directives(text)
    if not ds:
        return findings
    kept = []
    for f in findings:
        hit = [d for d in ds if d.covers(f)]
        for d in hit:
            d.used = True
        if not hit:
            kept.append(f)
    if enabled:
        r = unused_suppression
        for d in ds:
            if not d.used:
                what = "、".join(d.codes) or "所有规则"
                kept.append(Finding(CODE, r.name, r.severity, f"这条抑制注释（{what}）没有抑制任何问题，可以删除", d.span))
    return kept


@rule(CODE, "unused-suppression", "info",
      "抑制注释没有抑制任何问题",
      "nianbao-disable 等注释用于在个别位置关闭某条规则。若注释所指的规则在其范围内没有报告任何问题，"
      "注释就是多余的，可能是问题已改正或规则编号写错，应删除以免日后掩盖真正的问题。")
def unused_suppression(ctx):      # reported by apply(), which sees the other rules' findings
    return ()
