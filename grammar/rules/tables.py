"""NB2xx — the shape of the tables: present, complete, one number per cell, the right edition."""
from __future__ import annotations

from .. import normalize
from ..cells import COUNT_UNITS, MONEY_UNITS, NA_MARKS
from ..editions import EDITIONS, any_block, any_table3_row, block_edition, row_name
from ..findings import Edit, Fix, wording_fix
from ..layout import document_layout, line_bounds, newline, on_own_line, render_row, row_layout, skeleton
from ..model import Row, Span
from ..template import NUMERALS, ColumnDef
from ..rule import rule

BASIS = "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》（2019、2020年度报告：国办公开办函〔2019〕60号）"


@rule("NB201", "missing-table", "error",
      "第二、三、四部分缺少统计表格",
      "第二、三、四部分必须以统一格式的表格报告数据，只有文字叙述不符合格式要求。", BASIS,
      "unsafe: 在该部分标题后插入该版本的全零表格（表中的数字须由作者填写）")
def missing_table(ctx):
    r, text = ctx.report, ctx.text
    nl = newline(text)
    for n in (2, 3, 4):
        s = r.section(n)
        if s is None or r.table(n) is not None:
            continue
        at = line_bounds(text, s.heading.span.end)[1]
        table = on_own_line(text, at, skeleton(r.edition, n, document_layout(r), nl))
        yield ctx.finding("NB201", s.heading.span, f"第{NUMERALS[n]}部分没有{r.edition.table_name(n)}",
                          fix=Fix("插入全零表格", (Edit(at, at, table),), "unsafe"))


def _insert_row(ctx, prev: Row | None, label: str, n: int, before: Row | None = None,
                after: int | None = None) -> Fix | None:
    """A fix inserting `label` with n zeros: after row `prev` in that row's layout; for a first
    row, before the row `before`, or else after the block's header (offset `after`)."""
    text = ctx.text
    if prev is not None:
        last = max([c.span.end for c in prev.found] + [prev.span.end])
        lay = row_layout(text, prev)
    elif before is not None:
        at = line_bounds(text, before.span.start)[0]
        content = render_row(row_layout(text, before), label, [0] * n, newline(text))
        return Fix(f"插入一行“{label}”（全为0）", (Edit(at, at, content),), "unsafe")
    elif after is not None:
        last = after
        lay = "pipe" if document_layout(ctx.report) == "markdown" else "tab"
    else:
        return None
    at = line_bounds(text, max(last - 1, 0))[1]
    content = on_own_line(text, at, render_row(lay, label, [0] * n, newline(text)))
    return Fix(f"插入一行“{label}”（全为0）", (Edit(at, at, content),), "unsafe")


@rule("NB202", "missing-row", "error",
      "统计表缺少一项或一行，或行标签缺失/残缺",
      "统一格式的每个表项（如“第二十条第（五）项”）和每一行（如“1.属于国家秘密”）都必须出现，没有数据的填0。"
      "行标签缺失或残缺时，数字无法归入任何一行，审核时等同缺行。", BASIS,
      "unsafe: 缺行时插入该行并填0；标签缺失或残缺而按行序读出时写上该行的标签；无法确定是哪一行时不修复")
def missing_row(ctx):
    r = ctx.report
    ed = r.edition
    t2 = r.table2
    if t2 is not None:
        prev_block = None
        for bdef in ed.table2:
            block = t2.blocks.get(bdef.id)
            if block is None:
                anchor = prev_block or (list(t2.blocks.values())[0] if t2.blocks else None)
                span = anchor.title.span if anchor and anchor.title else t2.span
                yield ctx.finding("NB202", Span(span.start, span.end),
                                  f"主动公开情况表缺少“{bdef.title}”（{bdef.rows[0].label}等）",
                                  fix=_insert_block(ctx, prev_block, bdef.id))
                continue
            prev_block = block
            if block.edition and block.edition != ed.id:
                continue          # the block follows the other edition: NB206 says so
            have = {row.id for row in block.rows}
            prev = None
            for i, rdef in enumerate(bdef.rows):
                row = next((x for x in block.rows if x.id == rdef.id), None)
                if row is None and _renamed(ed, bdef.id, i, have):
                    continue      # written with the other edition's label: NB206 says so
                if row is None:
                    anchor = prev or (block.rows[0] if block.rows else None)
                    span = anchor.span if anchor else (block.title.span if block.title else t2.span)
                    nxt = next((x for x in block.rows if x.id in {d.id for d in bdef.rows[i + 1:]}), None)
                    yield ctx.finding("NB202", span, f"“{bdef.title}”缺少“{rdef.label}”一行",
                                      fix=_insert_row(ctx, prev, rdef.label, len(bdef.columns),
                                                      before=nxt, after=block.span.end))
                prev = row or prev
    for p in r.problems:          # numbers the reader could not place on a row, or placed by position
        if p.kind == "unlabeled-row":
            yield ctx.finding("NB202", p.span, p.message)
        elif p.kind == "row-by-position":
            yield ctx.finding("NB202", p.span, p.message, fix=_write_label(ctx, p.target, _canonical_label(ctx, p.target)))
    t3 = r.table3
    if t3 is not None:
        # rows written the other edition's way (（六）其他处理 as one row, or as three): NB206 says
        # so, and they are not missing; inserting them would count the author's numbers twice
        other = [x.id for x in t3.rows if x.id and not _data_row(ed, x.id)]
        first: dict = {}                  # each id's first row, as `Table.row` finds it
        for x in t3.rows:
            first.setdefault(x.id, x)
        prev = None
        for d in ed.table3_data_rows:
            row = first.get(d.id)
            if row is None and any(o.startswith(d.id + ".") or d.id.startswith(o + ".") for o in other):
                continue
            if row is None:
                span = prev.span if prev else t3.span
                yield ctx.finding("NB202", Span(span.start, span.end if prev else span.start),
                                  f"{ed.table_name(3)}缺少“{d.label}”一行",
                                  fix=_insert_row(ctx, prev, d.label, len(ed.table3_columns)))
            prev = row or prev


def _data_row(ed, row_id: str) -> bool:
    d = ed.table3_row(row_id)
    return d is not None and d.kind == "data"


def _insert_block(ctx, prev, block_id: str) -> Fix | None:
    """Insert a missing table 二 block, all zeros, after the block before it."""
    if prev is None:
        return None
    text = ctx.text
    at = line_bounds(text, max(prev.span.end - 1, 0))[1]
    new = on_own_line(text, at, skeleton(ctx.report.edition, 2, document_layout(ctx.report), newline(text),
                                         block=block_id))
    return Fix(f"插入“{ctx.report.edition.block(block_id).title}”（全为0）", (Edit(at, at, new),), "unsafe")


def _renamed(ed, block_id: str, i: int, have: set[str]) -> str | None:
    """The other edition's label for row i of a block, if the report used that one instead."""
    for other in EDITIONS.values():
        b = other.block(block_id)
        if other.id != ed.id and b and i < len(b.rows) and b.rows[i].id in have \
                and b.rows[i].id not in {r.id for r in ed.block(block_id).rows}:
            return b.rows[i].id
    return None


def _canonical_label(ctx, row: Row) -> str:
    if row.table == 3:
        return (ctx.report.edition.table3_row(row.id) or any_table3_row(row.id)).label
    return row.id


def _write_label(ctx, row: Row, label: str) -> Fix | None:
    if row.label_text_span is not None:
        edit = Edit(row.label_text_span.start, row.label_text_span.end, label)
    elif row.found:
        text = ctx.text
        first = row.found[0].span.start
        line_start, after = line_bounds(text, first)
        line = text[line_start:after].rstrip("\r\n")
        indent = line[:len(line) - len(line.lstrip(" \t\u3000\u00a0|"))]
        before = text[line_start:first]          # what stands before the row's first cell
        if line_bounds(text, row.found[-1].span.start)[0] != line_start:      # one cell per line
            edit = Edit(line_start, line_start, indent + label + newline(text))
        elif before.count("|") >= 2:             # `|  | 0 | …`: the label's cell is there, empty
            bar = line_start + before.index("|")
            edit = Edit(bar + 1, line_start + before.index("|", bar - line_start + 1), f" {label} ")
        elif "\t" in before:                     # `\t0\t…`: likewise, before the first TAB
            edit = Edit(line_start, line_start + before.index("\t"), label)
        else:
            sep = "\t" if "\t" in line else " | " if "|" in line else " "
            edit = Edit(line_start + len(indent), line_start + len(indent), label + sep)
    else:
        return None
    return Fix(f"写上行标签“{label}”", (edit,), "unsafe")


@rule("NB203", "cell-count", "error",
      "一行的单元格数与统一格式不符",
      "每一行的数字个数必须与表头的列数一致：表三每行7个（自然人、5类法人或其他组织、总计），表四15个，表二按各项的列数。"
      "多出或缺少的数字，粘连在一起无法拆开的数字，或扫描识别（OCR）留下错误痕迹、又不满足本行合计关系而无法可靠读出的数字，"
      "都使表格无法核对。粘连的数字只有一种拆法满足勾稽关系时，按那种拆法读出，不作为本规则的问题。", BASIS)
def cell_count(ctx):
    # a row of the wrong length, glued digits no sum can split, OCR damage. Glued digits the sums
    # split one way only (glued-inferred) are read, not reported: RULES.md's NB203 is for cells
    # that cannot be split, and the real keys count NB203 on such rows as a false finding
    for p in ctx.report.problems:
        if p.kind in ("cell-count", "glued-ambiguous", "unreadable"):
            yield ctx.finding("NB203", p.span, p.message)


def _row_name(ctx, row: Row) -> str:
    return row_name(ctx.report.edition, row.table, row.id)


def _column(ctx, row: Row, i: int) -> ColumnDef:
    """The template column of cell i of a table 二 row, as its block's edition has it."""
    block = ctx.report.table2.blocks.get(row.block)
    bdef = block_edition(block, ctx.report.edition).block(row.block) or any_block(row.block)
    return bdef.columns[i] if i < len(bdef.columns) else ColumnDef("")


def _column_kind(ctx, row: Row, i: int) -> str:
    return _column(ctx, row, i).kind if row.table == 2 else "count"


def _rows(ctx):
    for t in (ctx.report.table2, ctx.report.table3, ctx.report.table4):
        if t is not None:
            yield from t.rows


@rule("NB204", "bad-cell", "warning",
      "单元格不是有效的数值",
      "表格单元格只能填写数字：件数为非负整数，“本年增/减”可为负数，金额可有小数。文字、负的件数、件数带小数、"
      "件数前的正负号（“+156”，只有“本年增/减”列写增减）、件数带金额单位（“156万元”“1.5万”）、"
      "前导零（“00”）和全角数字（“１２”）都会妨碍统计汇总。", BASIS,
      "safe: 去掉前导零、全角数字改为半角")
def bad_cell(ctx):
    for row in _rows(ctx):
        for i, c in enumerate(row.cells):
            kind = c.kind
            if kind == "text":
                yield ctx.finding("NB204", c.span, f"单元格“{c.raw}”不是数字")
                continue
            if kind != "int" and kind != "decimal":       # `is_number`, not called for each cell
                continue
            if kind == "int" and c.value >= 0 and not (c.unit or c.sign or c.leading_zero or c.fullwidth):
                continue                  # most cells: a plain count is right in every column
            column = _column_kind(ctx, row, i)
            if c.value < 0 and column != "signed":
                yield ctx.finding("NB204", c.span, f"件数不能为负数：“{c.raw}”")
            elif column != "money" and c.unit in MONEY_UNITS:
                yield ctx.finding("NB204", c.span, f"件数应写出完整的整数，不以“万”计：“{c.raw}”" if c.unit == "万"
                                  else f"这一列是件数，单元格“{c.raw}”写了金额单位“{c.unit}”")
            elif kind == "decimal" and column == "count":
                yield ctx.finding("NB204", c.span, f"件数应为整数：“{c.raw}”")
            elif c.sign and column == "count":
                yield ctx.finding("NB204", c.span, f"件数前不应有“{c.sign}”：“{c.raw}”（只有“本年增/减”列填写增减）")
            elif c.leading_zero or c.fullwidth:
                fixed = normalize.fold(c.raw).strip()
                head, dot, tail = fixed.partition(".")
                sign = head[:len(head) - len(head.lstrip("+-"))]
                head = head[len(sign):].lstrip("0") or "0"
                fixed = sign + head + dot + tail
                what = "有前导零" if c.leading_zero else "使用了全角数字"
                yield ctx.finding("NB204", c.span, f"单元格“{c.raw}”{what}，应写作“{fixed}”",
                                  fix=Fix(f"改为“{fixed}”", (Edit(c.span.start, c.span.end, fixed),)))


@rule("NB205", "empty-cell", "warning",
      "单元格空白",
      "没有发生的事项应填0。空白单元格无法区分“没有”与“漏填”，汇总时也会被当作缺失数据。"
      + "".join(f"“{m}”" for m in NA_MARKS) + "等符号或文字同样不能代替0。",
      BASIS, "unsafe: 空白、" + "".join(f"“{m}”" for m in NA_MARKS) + "等改为0（没有发生还是漏填，只有作者知道）")
def empty_cell(ctx):
    for row in _rows(ctx):
        for i, c in enumerate(row.cells):
            if c.kind == "blank":
                yield ctx.finding("NB205", c.span, f"{_row_name(ctx, row)}第{i + 1}列为空白，没有的应填0",
                                  fix=Fix("填写0", (_fill(ctx.text, c.span, "0"),), "unsafe"))
            elif c.kind == "na":
                yield ctx.finding("NB205", c.span, f"{_row_name(ctx, row)}第{i + 1}列填写了“{c.raw}”，没有的应填0",
                                  fix=Fix("改为0", (Edit(c.span.start, c.span.end, "0"),), "unsafe"))


def _fill(text: str, span: Span, value: str) -> Edit:
    """Write `value` into a blank cell; between Markdown pipes, padded like its neighbours
    (`| 2 |  | 0 |` → `| 2 | 0 | 0 |`, not `|  0|`)."""
    a, b = span.start, span.end
    while a > 0 and text[a - 1] in " \u3000\u00a0":
        a -= 1
    while b < len(text) and text[b] in " \u3000\u00a0":
        b += 1
    if a > 0 and text[a - 1] == "|" and b < len(text) and text[b] == "|":
        return Edit(a, b, f" {value} ")
    return Edit(span.start, span.end, value)


@rule("NB206", "edition-mismatch", "error",
      "表格使用了另一版本的统一格式",
      "2019、2020年度报告使用国办公开办函〔2019〕60号的表格，2021年度起使用国办公开办函〔2021〕30号修订后的表格。"
      "修订后：删去第二十条第（九）项，第（一）项列改为本年制发件数/本年废止件数/现行有效件数、“规范性文件”改为“行政规范性文件”，"
      "第（五）（六）项只有“本年处理决定数量”一列，第（八）项改为本年收费金额（万元），表三“（六）其他处理”分为三行。", BASIS,
      "unsafe: 没有填写数字（只有0或空白）的表二项替换为本版本的全零表格；另一版本的行名改为本版本的行名。"
      "已填数字的项不提供修复：两版的列含义不同，数字无法换算，需由作者按本版本重新填写")
def edition_mismatch(ctx):
    r = ctx.report
    ed = r.edition
    if r.table2 is not None:
        for block in r.table2.blocks.values():
            if block.edition and block.edition != ed.id:
                span = block.title.span if block.title else (block.rows[0].span if block.rows else r.table2.span)
                yield ctx.finding("NB206", span,
                                  f"“{block_edition(block, ed).block(block.id).title}”使用了{block.edition}年版表格，"
                                  f"{r.year or ''}年度报告应使用{ed.id}年版（{ed.document}）",
                                  fix=_replace_block(ctx, block))
        for block in r.table2.blocks.values():
            bdef = ed.block(block.id)
            if bdef is None or block.edition != ed.id:
                continue
            for row in block.rows:
                if row.id in {x.id for x in bdef.rows} or row.label is None:
                    continue
                other = next(e for e in EDITIONS.values() if e.block(block.id) and
                             row.id in {x.id for x in e.block(block.id).rows})
                idx = [x.id for x in other.block(block.id).rows].index(row.id)
                want = bdef.rows[idx].label if idx < len(bdef.rows) else None
                fix = Fix(f"改为“{want}”", (Edit(row.label.span.start, row.label.span.end, want),), "unsafe") \
                    if want else None
                yield ctx.finding("NB206", row.label.span,
                                  f"“{row.label.raw}”是{other.id}年版表格的行名" +
                                  (f"，{ed.id}年版为“{want}”" if want else f"，{ed.id}年版没有这一行"), fix=fix)
    if r.table3 is not None:
        for row in r.table3.rows:
            if row.id and not _data_row(ed, row.id):
                other = next(e for e in EDITIONS.values() if _data_row(e, row.id))
                yield ctx.finding("NB206", row.label.span if row.label else row.span,
                                  f"“{row.label.raw if row.label else row.id}”是{other.id}年版表格的行，"
                                  f"应使用{ed.id}年版（{ed.document}）的行")


def _replace_block(ctx, block) -> Fix | None:
    """Unsafe: the block, from its title to its last row, becomes the right edition's all-zero
    block — only when it holds no number but 0: the editions' columns mean different things, so
    the author's numbers cannot be carried over, and no fix deletes them."""
    ed = ctx.report.edition
    if ed.block(block.id) is None or not block.rows:
        return None            # 第二十条第（九）项 has no 2021 counterpart: deleting it is the author's call
    if any(c.kind != "blank" and not (c.is_number and c.value == 0) for row in block.rows for c in row.found):
        return None
    text = ctx.text
    start = line_bounds(text, block.title.span.start if block.title else block.rows[0].span.start)[0]
    last = max(c.span.end for row in block.rows for c in (row.found or [])) if any(r.found for r in block.rows) \
        else block.rows[-1].span.end
    end = line_bounds(text, max(last - 1, start))[1]
    lay = "markdown" if row_layout(text, block.rows[0]) == "pipe" else "tab"
    new = skeleton(ed, 2, lay, newline(text), block=block.id)
    return Fix(f"替换为{ed.id}年版的全零表格（原数字需重新填写）", (Edit(start, end, new),), "unsafe")


@rule("NB207", "label-wording", "info",
      "表格标签与统一格式的文字不一致",
      "表格的项名、列名、行名应与统一格式一致（如“第二十条第（一）项”“本年制发件数”“1.属于国家秘密”）。序号写法不同（“1、”）、"
      "漏字（“第二十条（一）项”）、错字（“三类内容事务信息”）或在列名中加入年份（“本年（2023）制发件数”）虽不影响识别，"
      "但不规范；“本年收费金额”列名还应写明单位（万元）。列名后加注的说明（如“现行有效件数（历史累计）”）不在此列。"
      "表二的列名只在表头分格（制表符、竖线、网页表格）时检查：PDF文字中表头的分格无从确定。", BASIS,
      "safe: 改为统一格式的标签（会删去标签中的数字、会合并两行或会补写单位时不修复）")
def label_wording(ctx):
    r = ctx.report
    labels = []
    if r.table2 is not None:
        labels += [b.title for b in r.table2.blocks.values() if b.title]
        labels += [lab for b in r.table2.blocks.values() for lab in b.columns]
        labels += [row.label for row in r.table2.rows if row.label]
    if r.table3 is not None:
        labels += [row.label for row in r.table3.rows if row.label]
    for lab in labels:
        if lab.exact:
            continue
        unit = next((u for u in MONEY_UNITS if u in lab.canonical), None)
        if unit and unit not in normalize.fold(lab.raw):
            # 本年收费金额 for 本年收费金额（单位：万元）: writing the unit in says what the numbers are
            yield ctx.finding("NB207", lab.span, f"“{lab.raw}”与统一格式“{lab.canonical}”不一致，表头没有写明单位")
            continue
        yield ctx.finding("NB207", lab.span, f"“{lab.raw}”与统一格式“{lab.canonical}”不一致",
                          fix=wording_fix(f"改为“{lab.canonical}”", ctx.text, lab.span, lab.canonical))


def _in_wan(yuan) -> str:
    """An amount in 元 written in 万元, exactly and without trailing zeros: 136648 → 13.6648."""
    if isinstance(yuan, int):     # most amounts: integer arithmetic, where decimal costs ~1 ms to import
        whole, frac = divmod(abs(yuan), 10000)
        return ("-" if yuan < 0 else "") + (f"{whole}.{frac:04d}".rstrip("0") if frac else str(whole))
    from decimal import Decimal
    return f"{(Decimal(yuan) / 10000).normalize():f}"


@rule("NB208", "amount-unit", "warning",
      "金额单元格的单位缺失或与表头不符",
      "2021年版“本年收费金额”以万元为单位（表头已注明），不能按元填写；"
      "2019年版“采购总金额”表头未注明单位，应在单元格或表头写明万元，按元填写（如“136648（元）”）会与其他机关的数据相差万倍。"
      "单元格写了与表头相同的“万元”不算不符。",
      BASIS, "unsafe: 把元换算为万元（除以10000）")
def amount_unit(ctx):
    r = ctx.report
    if r.table2 is None:
        return
    for row in r.table2.rows:
        for i, c in enumerate(row.cells):
            if _column_kind(ctx, row, i) != "money" or not c.is_number:
                continue
            block = r.table2.blocks.get(row.block)
            written = block is not None and "万元" in block.header       # the header as written says 万元
            header_unit = _column(ctx, row, i).unit or ("万元" if written else None)
            if c.unit == "元":
                new = _in_wan(c.value) + ("" if header_unit else "万元")
                yield ctx.finding("NB208", c.span, f"金额“{c.raw}”以元填写，应以万元填写（{new}）",
                                  fix=Fix(f"换算为万元：{new}", (Edit(c.span.start, c.span.end, new),), "unsafe"))
            elif c.unit in COUNT_UNITS:
                yield ctx.finding("NB208", c.span, f"金额“{c.raw}”的单位“{c.unit}”不是金额单位，这一列填写金额")
            elif c.unit is None and header_unit is None and block and block.edition == "2019" and c.value:
                yield ctx.finding("NB208", c.span, f"金额“{c.raw}”没有写明单位（元还是万元）")
