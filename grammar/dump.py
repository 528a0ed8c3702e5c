"""The model as plain data: the stable JSON of `nianbao dump` (documented in docs/dump.md)."""
from __future__ import annotations

from decimal import Decimal

from .editions import EDITIONS
from .model import Report, Row, Table


def _value(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and "." not in str(v) else float(v)
    return v


def _values(row: Row | None, n: int):
    if row is None:
        return None
    if not row.cells:
        return [None] * n
    return [_value(c.value) for c in row.cells]


def _table2(report: Report, t: Table | None):
    if t is None:
        return None
    out: dict[str, dict[str, list]] = {}
    for block in t.blocks.values():
        bdef = EDITIONS[block.edition or report.edition.id].block(block.id)
        n = len(bdef.columns) if bdef else 0
        rows = out.setdefault(block.id, {})
        for row in block.rows:
            if row.id and row.id not in rows:
                rows[row.id] = _values(row, n)
    return out


def _table3(report: Report, t: Table | None):
    if t is None:
        return None
    out: dict[str, list | None] = {r.id: None for r in report.edition.table3_data_rows}
    for row in t.rows:                 # the other edition's （六） rows too, when the report has them
        if row.id and out.get(row.id) is None:
            out[row.id] = _values(row, 7)
    return out


def _inferred(report: Report) -> list[dict]:
    """Rows placed by their position (their label missing or garbled) and cells split from
    glued digits: the values are in the tables, and this says which were inferred."""
    out = []
    for t in (report.table2, report.table3, report.table4):
        for row in (t.rows if t else []):
            if row.inferred:
                out.append({"table": row.table, "row": row.id, "block": row.block, "by": row.inferred})
            elif row.cells and all(c.inferred for c in row.cells):
                out.append({"table": row.table, "row": row.id, "block": row.block, "by": "glued-digits"})
    return out


def to_dict(report: Report, filename: str) -> dict:
    src = report.source
    t4 = report.table4.rows[0] if report.table4 and report.table4.rows else None
    return {
        "file": filename,
        "title": report.title,
        "year": report.year,
        "edition": report.edition.id,
        "edition_source": report.edition_source,
        "sections": [
            {"number": s.number, "title": s.heading.title, "line": src.line_of(s.heading.span.start) + 1,
             "form": s.heading.form, "wording": s.heading.wording}
            for s in report.sections
        ],
        "table2": _table2(report, report.table2),
        "table3": _table3(report, report.table3),
        "table4": _values(t4, 15) if report.table4 is not None else None,
        "inferred": _inferred(report),
        "problems": [
            {"kind": p.kind, "table": p.table, "row": p.row,
             "line": src.line_of(p.span.start) + 1, "column": src.position(p.span.start)[1] + 1,
             "message": p.message}
            for p in report.problems
        ],
    }
