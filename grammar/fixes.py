"""Applying fixes to a report's text, to the fixed point, in memory. The doors write the result
(`nianbao lint --fix` to the file, the editor as one edit).

Safe fixes change how the report is written, never what it says (docs/rules.md); unsafe ones only
when asked. A text that does not look like a report gets no fixes at all (`linter.check`): a
note that happens to mention 总体情况 must not come back as a report skeleton.
"""
from __future__ import annotations

from typing import Callable

from .findings import Edit, Finding, apply_edits
from .linter import Config, check
from .model import Report
from .reader import parse
from .record import Record

# Insertions at one point are applied one per pass (their order matters), so a report missing
# many sections takes a pass for each: enough passes to reach the fixed point.
MAX_PASSES = 100


class Fixed(Record):
    __slots__ = ("text", "findings", "applied", "unsafe_left", "report")

    def __init__(self, text: str, findings: list[Finding], applied: int, unsafe_left: int,
                 report: Report | None = None):
        self.text = text                 # the fixed text
        self.findings = findings         # what is left in it
        self.applied = applied           # how many fixes were applied
        self.unsafe_left = unsafe_left   # unsafe fixes not applied (not asked for)
        self.report = report             # the fixed text as read: what the findings are of


def fix(text: str, config: Config | None = None, unsafe: bool = False,
        stop: Callable[[], bool] | None = None) -> Fixed:
    """Apply every safe (and, if asked, unsafe) fix until none is left; the text, the findings
    that remain, and the counts. Each pass reads the text once.

    `stop` is asked before each pass; when it says so, the text is returned as far as it got
    (the editor's fix all gives up on a text that has changed meanwhile)."""
    config = config or Config()
    report = parse(text, edition=config.edition)
    findings = check(report, config)
    applied = 0
    seen = {hash(text)}
    done: set[tuple] = set()
    for _ in range(MAX_PASSES):
        if stop is not None and stop():
            break
        chosen: list[Edit] = []
        for f in findings:
            if f.fix is None or (f.fix.safety != "safe" and not unsafe):
                continue
            if any(_overlap(e, c) for e in f.fix.edits for c in chosen):
                continue          # taken up again in the next pass, against the new text
            key = (f.code, f.fix.edits)
            if key in done:       # applied before and asked for again where it was: it did not
                continue          # take, and would be written again on every pass
            done.add(key)
            chosen.extend(f.fix.edits)
            applied += 1
        if not chosen:
            break
        text = apply_edits(text, chosen)
        report = parse(text, edition=config.edition)
        findings = check(report, config)
        if hash(text) in seen:    # fixes undoing each other: stop rather than go round
            break
        seen.add(hash(text))
    left = 0 if unsafe else sum(1 for f in findings if f.fix and f.fix.safety != "safe")
    return Fixed(text, findings, applied, left, report)


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end or a.start == b.start
