"""The rule catalogue (RULES.md): one module per family, each rule with its metadata."""
from __future__ import annotations

from typing import Callable, Iterable

from ..findings import Finding
from ..record import value


@value
class Rule:
    code: str
    name: str
    severity: str                    # default severity
    summary: str                     # one line, Chinese
    explanation: str                 # a paragraph, Chinese (hover, `nianbao rules CODE`)
    basis: str = ""                  # official basis, if any
    fix: str = ""                    # what its fix does ("" = none); "safe: …" / "unsafe: …"
    check: Callable[..., Iterable[Finding]] | None = None


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, summary: str, explanation: str, basis: str = "", fix: str = ""):
    """Register the decorated `check(ctx)` as rule `code`."""
    def register(check):
        RULES[code] = Rule(code, name, severity, summary, explanation, basis, fix, check)
        return check
    return register


def load() -> dict[str, Rule]:
    from . import arithmetic, consistency, structure, tables  # noqa: F401  (registering)
    from .. import suppress  # noqa: F401  (NB001)
    return dict(sorted(RULES.items()))
