"""Writing table text in the document's own layout (for fixes that insert rows and tables)."""
from __future__ import annotations

import re

from .model import Report, Row
from .template import Edition

_NL = re.compile(r"\r\n|\r|\n")


def newline(text: str) -> str:
    """The document's line ending (the most frequent one, the first of them on a tie; \\n when
    there is none). Counted by `str.count`: every lint asks, and a scan in Python cost ~0.2 ms
    on 30 KB."""
    crlf = text.count("\r\n")
    lone = {"\r\n": crlf, "\r": text.count("\r") - crlf, "\n": text.count("\n") - crlf}
    most = max(lone.values())
    if not most:
        return "\n"
    tied = [nl for nl, n in lone.items() if n == most]
    if len(tied) == 1:
        return tied[0]
    counts: dict[str, int] = {}
    for m in _NL.finditer(text):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    return max(counts, key=counts.get) if counts else "\n"


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start of the line holding `offset`, and the offset just after its line break."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    n, r = text.find("\n", offset), text.find("\r", offset)     # str.find: a regex crawled a one-line page
    if r < 0 or 0 <= n < r:
        return start, (n + 1 if n >= 0 else len(text))
    return start, (r + 2 if text.startswith("\n", r + 1) else r + 1)


def on_own_line(text: str, at: int, content: str) -> str:
    """`content` (whole lines) to insert at `at`, a line start: after a last line that has no
    line break, a break first, so that the insertion is not glued onto that line."""
    if at == len(text) and text and not text.endswith(("\n", "\r")):
        return newline(text) + content
    return content


def row_layout(text: str, row: Row) -> str:
    """tab | pipe | lines: how this row was written."""
    at = row.label.span.start if row.label else (row.found[0].span.start if row.found else row.span.start)
    start, end = line_bounds(text, at)
    line = text[start:end]
    if "|" in line and row.cells and line_bounds(text, row.cells[-1].span.start)[0] == start:
        return "pipe"
    if "\t" in line.strip("\r\n\t ") or (row.cells and line_bounds(text, row.cells[-1].span.start)[0] == start):
        return "tab"
    if "|" in line:
        return "pipe"
    return "lines"


def document_layout(report: Report) -> str:
    """The layout new tables should take: markdown if the report's tables use pipes, else tab."""
    text = report.text
    for t in (report.table2, report.table3, report.table4):
        for row in (t.rows if t else []):
            lay = row_layout(text, row)
            if lay != "lines":
                return "markdown" if lay == "pipe" else "tab"
    # line by line, not re.search(r"^\s*\|.*\|\s*$", text, re.M): its \s* crossed line breaks,
    # quadratic on a run of blank lines (100 000 of them took a minute)
    for start, end in report.source.bounds:
        line = text[start:end].strip()
        if len(line) >= 2 and line[0] == "|" and line[-1] == "|":
            return "markdown"
    return "tab"


def render_row(layout: str, label: str, values: list, nl: str) -> str:
    cells = [str(v) for v in values]
    if layout == "lines":
        return nl.join([label] + cells) + nl + nl
    if layout in ("pipe", "markdown"):
        return "| " + " | ".join([label] + cells) + " |" + nl
    return "\t".join([label] + cells) + nl


def skeleton(edition: Edition, table: int, layout: str, nl: str, block: str | None = None) -> str:
    """An all-zero statutory table of `edition` (2, 3 or 4) in `layout` (tab | markdown);
    for table 二, only `block` (e.g. "20.1") when given."""
    md = layout == "markdown"

    def row(cells: list) -> str:
        cells = [str(c) for c in cells]
        return ("| " + " | ".join(cells) + " |" if md else "\t".join(cells)) + nl

    def rule(n: int) -> str:
        return ("|" + "---|" * n + nl) if md else ""

    out = []
    if table == 2:
        for b in (edition.table2 if block is None else [edition.block(block)]):
            out.append(row([b.title] + [""] * len(b.columns)) + rule(len(b.columns) + 1))
            out.append(row([edition.table2_first_column] + [c.label for c in b.columns]))
            out += [row([r.label] + [0] * len(b.columns)) for r in b.rows]
    elif table == 3:
        out.append(row([edition.table3_note] + [c.label for c in edition.table3_columns]) + rule(8))
        for r in edition.table3_rows:
            out.append(row([r.label] + ([0] * 7 if r.kind == "data" else [""] * 7)))
    else:
        groups = [name for name, _ in edition.table4_groups]
        out.append(row([g for g in groups for _ in range(5)]) + rule(15))
        out.append(row([c.label for c in edition.table4_columns]))
        out.append(row([0] * 15))
    return "".join(out)
