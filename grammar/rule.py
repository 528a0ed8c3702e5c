"""What a rule is: its code, metadata and check. The catalogue lists them (`rules/__init__.py`)."""
from __future__ import annotations

from typing import Callable, Iterable

from .findings import Finding
from .record import value


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


def rule(code: str, name: str, severity: str, summary: str, explanation: str, basis: str = "", fix: str = ""):
    """The decorated `check(ctx)` with its metadata, as a Rule."""
    def make(check) -> Rule:
        return Rule(code, name, severity, summary, explanation, basis, fix, check)
    return make
