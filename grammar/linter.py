"""lint(text, config) → findings, and check(report, config) for a report already parsed:
the engine's entry points for every door."""
from __future__ import annotations

import re

from . import gcpause, normalize, suppress
from .findings import Finding, Fix
from .model import Report, Span
from .reader import parse
from .record import Record
from .rules import RULES


class Config(Record):
    """What a project may set ([tool.nianbao] / nianbao.toml, or LSP settings)."""
    __slots__ = ("select", "ignore", "severity", "edition")

    def __init__(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                 severity: dict[str, str] | None = None, edition: str | None = None):
        self.select = select                 # codes or prefixes; empty = all
        self.ignore = ignore
        self.severity = {} if severity is None else severity   # code → error | warning | info | off
        self.edition = edition               # force "2019" / "2021"

    def enabled(self, code: str) -> bool:
        if self.severity.get(code) == "off":
            return False
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)


class Context:
    """What a rule's check sees: the report, and a way to make findings of its own code."""

    def __init__(self, report: Report, config: Config):
        self.report = report
        self.text = report.text
        self.config = config

    def finding(self, code: str, span: Span, message: str, related=None, fix: Fix | None = None) -> Finding:
        r = RULES[code]
        return Finding(code, r.name, r.severity, message, span, list(related or []), fix)


# the broader report some organs publish in place of the statutory one (NB106 says so)
_OTHER_TITLE = re.compile(r"政务公开(?:工作)?年度报告")


def is_report(report: Report) -> bool:
    """Does this text look like an annual report (so that a folder of other files stays quiet)?"""
    if report.title is not None and "信息公开" in report.title or len(report.sections) >= 2 \
            or any(t is not None for t in (report.table2, report.table3, report.table4)):
        return True
    # …政务公开工作年度报告 above one statutory heading
    return len(report.sections) == 1 and bool(_OTHER_TITLE.search(
        normalize.fold(report.text[:min(report.sections[0].heading.span.start, 3000)])))


@gcpause.paused
def lint(text: str, config: Config | None = None) -> list[Finding]:
    config = config or Config()
    return check(parse(text, edition=config.edition), config)


@gcpause.paused
def check(report: Report, config: Config | None = None) -> list[Finding]:
    """Run the enabled rules on a parsed report; findings sorted by position."""
    config = config or Config()
    ctx = Context(report, config)
    findings: list[Finding] = []
    for code, r in RULES.items():
        if code == suppress.CODE or not config.enabled(code):
            continue
        findings.extend(r.check(ctx))
    findings = suppress.apply(report.text, findings, report, enabled=config.enabled(suppress.CODE))
    if not is_report(report):         # a note or an empty file: no fix builds a report out of it
        for f in findings:
            f.fix = None
    for f in findings:
        if f.code in config.severity and config.severity[f.code] != "off":
            f.severity = config.severity[f.code]
    return sorted(findings, key=lambda f: (f.span.start, f.span.end, f.code))
