"""Regular expressions compiled at their first use.

`re.compile` costs 0.1–2 ms an expression on these machines (a class with a CJK character in
it, `[、.,]`, ~0.2 ms alone), and `nianbao lint` in a pre-commit hook pays for every expression
its modules compile at import. An expression that only some reports need (HTML tags, OCR page
numbers, a statistics period, a garbled label) is made with `compile` here and compiled when a
report first uses it. Its methods are then the compiled pattern's own, kept on the object: a call
costs what a call of a module-level pattern does.
"""
from __future__ import annotations

import re


class Lazy:
    """A pattern and its flags; any other attribute (`search`, `finditer`, `groupindex` …) is
    the compiled pattern's, looked up once."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):
        # called only for what the object does not hold yet: each method's first use
        if name.startswith("__"):
            raise AttributeError(name)
        got = getattr(re.compile(self.pattern, self.flags), name)
        setattr(self, name, got)
        return got

    def __repr__(self) -> str:
        return f"lazy_re.compile({self.pattern!r})"


def compile(pattern: str, flags: int = 0) -> Lazy:          # noqa: A001 — as `re.compile`
    return Lazy(pattern, flags)
