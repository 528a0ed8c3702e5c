"""The model as plain data: the stable JSON of `nianbao dump`, and its CSV row (both documented
in docs/dump.md)."""
from __future__ import annotations

from decimal import Decimal

from .editions import EDITIONS, LATEST, block_edition
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
        bdef = block_edition(block, report.edition).block(block.id)
        n = len(bdef.columns) if bdef else 0
        rows = out.setdefault(block.id, {})
        for row in block.rows:
            if row.id and row.id not in rows:
                rows[row.id] = _values(row, n)
    return out


def _unit(block, column, cell) -> str | None:
    """The unit of an amount: as written in its cell, else as the block's header or the template
    says (万元), else None (not stated: NB208)."""
    if column.kind != "money":
        return None
    if cell is not None and cell.unit in ("元", "万元"):
        return cell.unit
    return "万元" if column.unit == "万元" or "万元" in block.header else None


def _table2_units(report: Report, t: Table | None):
    """For the blocks with an amount column: per row, the unit of each value (None for counts)."""
    if t is None:
        return None
    out: dict[str, dict[str, list]] = {}
    for block in t.blocks.values():
        bdef = block_edition(block, report.edition).block(block.id)
        if bdef is None or not any(c.kind == "money" for c in bdef.columns):
            continue
        rows = out.setdefault(block.id, {})
        for row in block.rows:
            if row.id and row.id not in rows:
                cells = row.cells if len(row.cells) == len(bdef.columns) else [None] * len(bdef.columns)
                rows[row.id] = [_unit(block, c, cell) for c, cell in zip(bdef.columns, cells)]
    return out


def _table3(report: Report, t: Table | None):
    if t is None:
        return None
    out: dict[str, list | None] = {r.id: None for r in report.edition.table3_data_rows}
    for row in t.rows:                 # the other edition's （六） rows too, when the report has them
        if row.id and out.get(row.id) is None:
            out[row.id] = _values(row, len(report.edition.table3_columns))
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
        "table2_units": _table2_units(report, report.table2),
        "table3": _table3(report, report.table3),
        "table4": _values(t4, len(report.edition.table4_columns)) if report.table4 is not None else None,
        "inferred": _inferred(report),
        "problems": [
            {"kind": p.kind, "table": p.table, "row": p.row,
             "line": src.line_of(p.span.start) + 1, "column": src.position(p.span.start)[1] + 1,
             "message": p.message}
            for p in report.problems
        ],
    }


# -- one CSV row per report --------------------------------------------------------------------

def _natural(row_id: str) -> tuple:
    return tuple(int(p) for p in row_id[1:].split("."))


def csv_columns() -> list[str]:
    """Every cell of every edition's tables, named by the template's ids and labels, in the
    tables' order: the same columns whatever the reports, so that files of different years line up."""
    cols = ["file", "title", "year", "edition", "edition_source", "problems"]
    blocks: dict[str, list[str]] = {}
    for e in EDITIONS.values():
        for b in e.table2:
            names = blocks.setdefault(b.id, [])
            for r in b.rows:
                for c in b.columns:
                    for name in [f"表二/{b.id}/{r.id}/{c.label}"] + ([f"表二/{b.id}/{r.id}/{c.label}/单位"]
                                                                     if c.kind == "money" else []):
                        if name not in names:
                            names.append(name)
    for block_id in sorted(blocks, key=lambda i: tuple(map(int, i.split(".")))):
        cols += blocks[block_id]
    rows = sorted({r.id for e in EDITIONS.values() for r in e.table3_data_rows}, key=_natural)
    cols += [f"表三/{r}/{c.label}" for r in rows for c in LATEST.table3_columns]   # the same in every edition
    return cols + _table4_names(LATEST)


def csv_row(report: Report, filename: str) -> dict:
    """One report's values by csv_columns() name; a cell that is blank, missing or unreadable is absent."""
    d = to_dict(report, filename)
    out = {"file": filename, "title": d["title"], "year": d["year"], "edition": d["edition"],
           "edition_source": d["edition_source"], "problems": len(d["problems"])}
    t = report.table2
    for block in (t.blocks.values() if t else ()):
        bdef = block_edition(block, report.edition).block(block.id)
        for row_id, values in (d["table2"] or {}).get(block.id, {}).items():
            if bdef is None or values is None or len(values) != len(bdef.columns):
                continue
            units = (d["table2_units"] or {}).get(block.id, {}).get(row_id)
            for i, (c, v) in enumerate(zip(bdef.columns, values)):
                out[f"表二/{block.id}/{row_id}/{c.label}"] = v
                if c.kind == "money":
                    out[f"表二/{block.id}/{row_id}/{c.label}/单位"] = units[i] if units else None
    labels = [c.label for c in report.edition.table3_columns]
    for row_id, values in (d["table3"] or {}).items():
        for label, v in zip(labels, values or ()):
            out[f"表三/{row_id}/{label}"] = v
    out.update(zip(_table4_names(report.edition), d["table4"] or ()))
    return out


def _table4_names(e) -> list[str]:
    return [f"表四/{group}/{e.table4_columns[i].label}" for group, idx in e.table4_groups for i in idx]
