"""NB3xx — the sums the tables must satisfy (勾稽关系), as the edition states them
(`Edition.table3_row_sum`, `.table3_balance`, `.table3_results`, `.table4_sums`)."""
from __future__ import annotations

from ..findings import Edit, Fix
from ..model import Cell
from ..rule import rule

BASIS3 = "收到和处理政府信息公开申请情况表表头：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”"


def _num(c: Cell):
    """A cell's value for sums: blanks count 0, anything not a number is None (skip)."""
    kind = c.kind
    if kind == "blank":
        return 0
    return c.value if kind == "int" or kind == "decimal" else None


def _nums(cells: list[Cell]) -> list | None:
    """The cells' values for sums (`_num`), or None if one is no number: one call for a row or
    a column, not one for each cell."""
    out = []
    for c in cells:
        kind = c.kind
        if kind == "int" or kind == "decimal":
            out.append(c.value)
        elif kind == "blank":
            out.append(0)
        else:
            return None
    return out


def _related(cells_and_names):
    return [(c.span, name) for c, name in cells_and_names]


def _set_total(cell: Cell, addends) -> Fix | None:
    """Set a total to the sum of its addends (unsafe: which number is wrong only the author
    knows), if they are all counts: a negative or fractional number (NB204) is itself wrong, and
    its sum would only spread it."""
    if not all(isinstance(v, int) and v >= 0 for v in addends):
        return None
    value = sum(addends)
    return Fix(f"把总计改为{value}", (Edit(cell.span.start, cell.span.end, str(value)),), "unsafe")


def _row_sum(row, s) -> int | None:
    """The sum of a table 三 row's parts (None if one is no number)."""
    v = _nums([row.cells[i] for i in s.parts])
    return None if v is None else sum(v)


def _rows(ctx, ids) -> list | None:
    """Table 三's rows `ids`, if all of them are there with cells."""
    first: dict = {}                  # each id's first row, as `Table.row` finds it
    for r in ctx.report.table3.rows:
        first.setdefault(r.id, r)
    rows = [first.get(i) for i in ids]
    return None if any(r is None or not r.cells for r in rows) else rows


def _column(rows, col: int) -> list | None:
    """Column `col` of those rows (None if one is no number)."""
    return _nums([r.cells[col] for r in rows])


def _corner_in_doubt(ctx, parts) -> bool:
    """（七）总计's 总计 cell is both a row total (NB302) and a column total (NB303): when the two
    sums disagree, which number is wrong cannot be decided, and fixing it to either undoes the other."""
    ed = ctx.report.edition
    total = ctx.report.table3.row(ed.table3_results.total)
    if total is None or not total.cells or parts is None:
        return False
    a, b = _row_sum(total, ed.table3_row_sum), _column(parts, ed.table3_row_sum.total)
    return a is not None and b is not None and a != sum(b)


@rule("NB301", "table3-balance", "error",
      "表三不平衡：第一项加第二项之和不等于第三项加第四项之和",
      "收到和处理政府信息公开申请情况表的表头印有勾稽关系：本年新收（第一项）加上年结转（第二项），"
      "等于本年度办理结果的总计（第三项）加结转下年度继续办理（第四项），七列都要成立。不成立说明有申请漏统计或重复统计。"
      "哪个数字错了无法自动判断，因此不提供修复。", BASIS3)
def table3_balance(ctx):
    t = ctx.report.table3
    if t is None:
        return
    ed = ctx.report.edition
    (a, b), (c, d) = ed.table3_balance
    rows = _rows(ctx, (a, b, c, d))
    if rows is None:
        return
    columns = [col.label for col in ed.table3_columns]
    for col in range(len(columns)):
        cells = [r.cells[col] for r in rows]
        v = _nums(cells)
        if v is None:
            continue
        left, right = v[0] + v[1], v[2] + v[3]
        if left != right:
            yield ctx.finding(
                "NB301", cells[2].span,
                f"“{columns[col]}”列：第一项加第二项 {v[0]}+{v[1]}={left}，"
                f"第三项（总计）加第四项 {v[2]}+{v[3]}={right}，两者不等",
                related=_related(zip(cells, (ed.table3_row(i).name for i in (a, b, c, d)))))


@rule("NB302", "table3-row-total", "error",
      "表三某行的总计不等于六类申请人之和",
      "表三每一行的“总计”是自然人与五类法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）之和。",
      BASIS3, "unsafe: 把总计改为六列之和（哪个数字错了只有作者知道；有负数或小数时不修复；（七）总计的总计格若与各项办理结果的总计之和也不一致，不修复）")
def table3_row_total(ctx):
    t = ctx.report.table3
    if t is None:
        return
    ed = ctx.report.edition
    s = ed.table3_row_sum
    columns = [col.label for col in ed.table3_columns]
    for row in t.rows:
        if not row.id or not row.cells:
            continue
        v = _nums(row.cells)
        if v is None:
            continue
        parts = [v[i] for i in s.parts]
        if sum(parts) != v[s.total]:
            d = ed.table3_row(row.id)
            label = d.label if d else row.id
            doubt = row.id == ed.table3_results.total and _corner_in_doubt(ctx, _rows(ctx, ed.table3_results.parts))
            yield ctx.finding(
                "NB302", row.cells[s.total].span,
                f"“{label}”行：{'+'.join(map(str, parts))}={sum(parts)}，但总计为{v[s.total]}",
                related=_related(zip(row.cells, columns)),
                fix=None if doubt else _set_total(row.cells[s.total], parts))


@rule("NB303", "table3-results-total", "error",
      "表三（七）总计不等于各项办理结果之和",
      "“三、本年度办理结果”的“（七）总计”是（一）予以公开、（二）部分公开、（三）不予公开各项、（四）无法提供各项、"
      "（五）不予处理各项、（六）其他处理（2021年版为其下三项）之和，每一列都要成立。",
      BASIS3, "unsafe: 把（七）总计改为各项之和（哪个数字错了只有作者知道；有负数或小数时不修复；其总计格若与（七）总计一行六列之和也不一致，不修复）")
def table3_results_total(ctx):
    t = ctx.report.table3
    ed = ctx.report.edition
    s = ed.table3_results
    total_row = t.row(s.total) if t is not None else None
    if total_row is None or not total_row.cells:
        return
    parts = _rows(ctx, s.parts)
    if parts is None:
        return
    columns = [col.label for col in ed.table3_columns]
    for col in range(len(columns)):
        got = _num(total_row.cells[col])
        parts_v = _column(parts, col)
        want = None if parts_v is None else sum(parts_v)
        if got is None or want is None or want == got:
            continue
        doubt = col == ed.table3_row_sum.total and _corner_in_doubt(ctx, parts)
        yield ctx.finding(
            "NB303", total_row.cells[col].span,
            f"“{columns[col]}”列：各项办理结果之和为{want}，但（七）总计为{got}",
            related=_related([(p.cells[col], p.label.raw if p.label else p.id) for p in parts]),
            fix=None if doubt else _set_total(total_row.cells[col], parts_v))


@rule("NB304", "table4-total", "error",
      "表四某组的总计不等于各项结果之和",
      "行政复议、未经复议直接起诉、复议后起诉三组，各组“总计”等于结果维持、结果纠正、其他结果、尚未审结之和。",
      "政府信息公开行政复议、行政诉讼情况表", "unsafe: 把总计改为四项之和（哪个数字错了只有作者知道；有负数或小数时不修复）")
def table4_total(ctx):
    t = ctx.report.table4
    if t is None or not t.rows or not t.rows[0].cells:
        return
    ed = ctx.report.edition
    cells = t.rows[0].cells
    for (name, _), s in zip(ed.table4_groups, ed.table4_sums):
        v = _nums([cells[i] for i in s.parts])
        total = _num(cells[s.total])
        if total is None or v is None:
            continue
        if sum(v) != total:
            yield ctx.finding(
                "NB304", cells[s.total].span,
                f"“{name}”：{'+'.join(map(str, v))}={sum(v)}，但总计为{total}",
                related=_related([(cells[i], ed.table4_columns[i].label) for i in s.parts + (s.total,)]),
                fix=_set_total(cells[s.total], v))
