"""nianbao.grammar — what an annual report is and what makes it right. Imports no LSP code.

The doors (CLI, language server, tests) use this surface and none of the modules behind it:

- reading: parse(text) → Report (Section, Table, Block, Row, Cell, Label, Problem, Span),
  Source (line index, offset ↔ position), is_report(report)
- checking: lint(text, config) / check(report, config) → [Finding] (Fix, Edit), Config, RULES
  (code → Rule: name, severity, docs), apply_edits(text, edits)
- fixing: fix(text, config, unsafe, stop) → Fixed(text, findings, applied, unsafe_left, report)
- the template: EDITIONS, LATEST, edition_for_year, NUMERALS; block_edition, any_block,
  any_table3_row (the definition of a block or row as the report wrote it); new_report / FIRST_YEAR (a
  skeleton report), skeleton (one all-zero table), document_layout, newline, line_bounds
  (writing text in the document's own layout)
- what was read, as data: to_dict (JSON), csv_columns / csv_row (CSV)
- Record / value: cheap record classes, which the doors use for their own records too

Every name is imported on first use: the rules only with lint, check, fix, Config or RULES, so
that reading a report stays cheap, and the reader's pyparsing grammars not with a module of this
package that needs neither (the language server answers initialize before it reads anything)."""

_LAZY = {**dict.fromkeys(["EDITIONS", "LATEST", "edition_for_year", "block_edition", "any_block", "any_table3_row"],
                         "editions"),
         **dict.fromkeys(["Block", "Cell", "Label", "Problem", "Report", "Row", "Section", "Span", "Table"], "model"),
         "parse": "reader", "Source": "source",
         "lint": "linter", "check": "linter", "Config": "linter", "is_report": "linter", "RULES": "rules",
         "fix": "fixes", "Fixed": "fixes", "Finding": "findings", "Fix": "findings", "Edit": "findings",
         "apply_edits": "findings", "NUMERALS": "template", "new_report": "newreport", "FIRST_YEAR": "newreport",
         **dict.fromkeys(["skeleton", "document_layout", "newline", "line_bounds"], "layout"),
         **dict.fromkeys(["to_dict", "csv_columns", "csv_row"], "dump"),
         "Record": "record", "value": "record"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["EDITIONS", "LATEST", "edition_for_year", "block_edition", "any_block", "any_table3_row",
           "NUMERALS", "parse", "is_report", "lint", "check", "fix", "Config", "RULES", "Fixed", "Finding",
           "Fix", "Edit", "apply_edits", "Report", "Section", "Table", "Block", "Row", "Cell", "Label",
           "Problem", "Span", "Source", "new_report", "FIRST_YEAR", "skeleton", "document_layout", "newline",
           "line_bounds", "to_dict", "csv_columns", "csv_row", "Record", "value"]
