"""nianbao.grammar — what an annual report is and what makes it right. Imports no LSP code.

The doors (CLI, language server, tests) use this surface: parse(text) → Report,
lint(text, config) / check(report, config) → findings, fix(text, config, unsafe) → Fixed.
Every name is imported on first use: the rules only with lint, check, fix or Config, so that
reading a report stays cheap, and the reader's pyparsing grammars not with a module of this
package that needs neither (the language server answers initialize before it reads anything)."""

_LAZY = {"EDITIONS": "editions", "LATEST": "editions", "edition_for_year": "editions",
         **dict.fromkeys(["Block", "Cell", "Label", "Problem", "Report", "Row", "Section", "Span", "Table"], "model"),
         "parse": "reader", "Source": "source",
         "lint": "linter", "check": "linter", "Config": "linter", "is_report": "linter",
         "fix": "fixes", "Fixed": "fixes", "Finding": "findings", "Fix": "findings", "Edit": "findings"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EDITIONS", "LATEST", "edition_for_year", "parse", "lint", "check", "fix", "Config",
           "is_report", "Fixed", "Finding", "Fix", "Edit", "Report", "Section", "Table", "Block",
           "Row", "Cell", "Label", "Problem", "Span", "Source"]
