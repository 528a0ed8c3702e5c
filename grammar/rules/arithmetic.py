"""NB3xx — the sums the tables must satisfy (勾稽关系)."""
from __future__ import annotations

from ..findings import Edit, Fix
from ..model import Cell
from . import rule

T3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
BASIS3 = "收到和处理政府信息公开申请情况表表头：“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”"


def _num(c: Cell):
    """A cell's value for sums: blanks count 0, anything not a number is None (skip)."""
    if c.kind == "blank":
        return 0
    return c.value if c.is_number else None


def _fmt(v) -> str:
    return str(v)


def _related(cells_and_names):
    return [(c.span, name) for c, name in cells_and_names]


def _set_total(cell: Cell, addends) -> Fix | None:
    """Set a total to the sum of its addends, if they are all counts: a negative or fractional
    number (NB204) is itself wrong, and its sum would only spread it."""
    if not all(isinstance(v, int) and v >= 0 for v in addends):
        return None
    value = sum(addends)
    return Fix(f"把总计改为{value}", (Edit(cell.span.start, cell.span.end, _fmt(value)),), "unsafe")


def _row_sum(row) -> int | None:
    """The sum of a table 三 row's six applicant columns (None if one is no number)."""
    v = [_num(c) for c in row.cells[:6]]
    return None if any(x is None for x in v) else sum(v)


def _result_rows(ctx) -> list | None:
    """Table 三's result rows (一)–(六), if all of them are there with cells."""
    t = ctx.report.table3
    parts = [t.row(d.id) for d in ctx.report.edition.table3_result_rows]
    return None if any(p is None or not p.cells for p in parts) else parts


def _column(parts, col: int) -> list | None:
    """Column `col` of those rows (None if one is no number)."""
    v = [_num(p.cells[col]) for p in parts]
    return None if any(x is None for x in v) else v


def _corner_in_doubt(ctx, parts) -> bool:
    """（七）总计's 总计 cell is both a row total (NB302) and a column total (NB303): when the two
    sums disagree, which number is wrong cannot be decided, and fixing it to either undoes the other."""
    total = ctx.report.table3.row("r3.7")
    if total is None or not total.cells or parts is None:
        return False
    a, b = _row_sum(total), _column(parts, 6)
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
    rows = {rid: t.row(rid) for rid in ("r1", "r2", "r3.7", "r4")}
    if any(r is None or not r.cells for r in rows.values()):
        return
    for col in range(7):
        cells = {rid: r.cells[col] for rid, r in rows.items()}
        v = {rid: _num(c) for rid, c in cells.items()}
        if any(x is None for x in v.values()):
            continue
        left, right = v["r1"] + v["r2"], v["r3.7"] + v["r4"]
        if left != right:
            yield ctx.finding(
                "NB301", cells["r3.7"].span,
                f"“{T3_COLUMNS[col]}”列：第一项加第二项 {v['r1']}+{v['r2']}={left}，"
                f"第三项（总计）加第四项 {v['r3.7']}+{v['r4']}={right}，两者不等",
                related=_related([(cells["r1"], "一、本年新收"), (cells["r2"], "二、上年结转"),
                                  (cells["r3.7"], "（七）总计"), (cells["r4"], "四、结转下年度继续办理")]))


@rule("NB302", "table3-row-total", "error",
      "表三某行的总计不等于六类申请人之和",
      "表三每一行的“总计”是自然人与五类法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）之和。",
      BASIS3, "unsafe: 把总计改为六列之和（哪个数字错了只有作者知道；有负数或小数时不修复；（七）总计的总计格若与各项办理结果的总计之和也不一致，不修复）")
def table3_row_total(ctx):
    t = ctx.report.table3
    if t is None:
        return
    ed = ctx.report.edition
    for row in t.rows:
        if not row.id or not row.cells:
            continue
        v = [_num(c) for c in row.cells]
        if any(x is None for x in v):
            continue
        total = sum(v[:6])
        if total != v[6]:
            d = ed.table3_row(row.id)
            label = d.label if d else row.id
            doubt = row.id == "r3.7" and _corner_in_doubt(ctx, _result_rows(ctx))
            yield ctx.finding(
                "NB302", row.cells[6].span,
                f"“{label}”行：{'+'.join(map(_fmt, v[:6]))}={total}，但总计为{v[6]}",
                related=_related([(c, T3_COLUMNS[i]) for i, c in enumerate(row.cells)]),
                fix=None if doubt else _set_total(row.cells[6], v[:6]))


@rule("NB303", "table3-results-total", "error",
      "表三（七）总计不等于各项办理结果之和",
      "“三、本年度办理结果”的“（七）总计”是（一）予以公开、（二）部分公开、（三）不予公开各项、（四）无法提供各项、"
      "（五）不予处理各项、（六）其他处理（2021年版为其下三项）之和，每一列都要成立。",
      BASIS3, "unsafe: 把（七）总计改为各项之和（哪个数字错了只有作者知道；有负数或小数时不修复；其总计格若与（七）总计一行六列之和也不一致，不修复）")
def table3_results_total(ctx):
    t = ctx.report.table3
    if t is None or t.row("r3.7") is None or not t.row("r3.7").cells:
        return
    parts = _result_rows(ctx)
    if parts is None:
        return
    total_row = t.row("r3.7")
    for col in range(7):
        got = _num(total_row.cells[col])
        parts_v = _column(parts, col)
        want = None if parts_v is None else sum(parts_v)
        if got is None or want is None or want == got:
            continue
        doubt = col == 6 and _corner_in_doubt(ctx, parts)
        yield ctx.finding(
            "NB303", total_row.cells[col].span,
            f"“{T3_COLUMNS[col]}”列：各项办理结果之和为{want}，但（七）总计为{got}",
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
    cells = t.rows[0].cells
    for name, cols in ctx.report.edition.table4_groups:
        v = [_num(cells[i]) for i in cols]
        if any(x is None for x in v):
            continue
        if sum(v[:4]) != v[4]:
            yield ctx.finding(
                "NB304", cells[cols[4]].span,
                f"“{name}”：{'+'.join(map(_fmt, v[:4]))}={sum(v[:4])}，但总计为{v[4]}",
                related=_related([(cells[i], lab) for i, lab in zip(cols, ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))]),
                fix=_set_total(cells[cols[4]], v[:4]))
