"""Hover: what a heading, block, row label or number is, and what a diagnostic means."""
from __future__ import annotations

from lsprotocol import types

from . import convert


def _in(span, offset: int) -> bool:
    return span is not None and span.start <= offset <= span.end


def describe(doc, offset: int) -> list[str]:
    from ...grammar import RULES, any_block, block_edition
    r, parts = doc.report, []
    if r is None:
        return parts
    ed = r.edition
    for f in doc.findings or []:
        if _in(f.span, offset):
            rule = RULES[f.code]
            parts.append(f"**{f.code} {rule.name}**：{f.message}\n\n{rule.explanation}")
    for s in r.sections:
        if _in(s.heading.span, offset):
            sec = ed.sections[s.number - 1]
            parts.append(f"**{sec.heading}**\n\n{sec.hover}")
    if r.table2:
        for b in r.table2.blocks.values():
            if b.title and _in(b.title.span, offset):
                bdef = block_edition(b, ed).block(b.id) or any_block(b.id)
                cols = "、".join(c.label for c in bdef.columns)
                parts.append(f"**{bdef.title}**（{b.edition or ed.id}年版）\n\n{bdef.hover}\n\n列：{cols}")
    for t in (r.table2, r.table3, r.table4):
        for row in (t.rows if t else []):
            if row.label and _in(row.label.span, offset):
                parts.append(_row_hover(ed, row))
            for i, c in enumerate(row.cells):
                if _in(c.span, offset):
                    parts.append(_cell_hover(ed, r, row, i, c))
    return parts


def _row_hover(ed, row) -> str:
    from ...grammar import any_table3_row
    if row.table == 3:
        d = ed.table3_row(row.id) or any_table3_row(row.id)
        return f"**{d.label}**（{row.id}）\n\n{d.hover}"
    return f"**{row.id}**（第二十条第（{row.block}）项）" if row.block else f"**{row.id}**"


def _cell_hover(ed, r, row, i, c) -> str:
    from ...grammar import any_block, any_table3_row, block_edition
    if row.table == 3:
        d = ed.table3_row(row.id) or any_table3_row(row.id)
        col = ed.table3_columns[i].label
        text = f"表三 **{d.label}** × **{col}** = {c.raw or '（空白）'}"
        s = ed.table3_row_sum
        if i == s.total:
            parts = [x.value or 0 for x in (row.cells[k] for k in s.parts) if x.is_number or x.kind == "blank"]
            if len(parts) == len(s.parts):
                ok = sum(parts) == (c.value if c.is_number else 0)
                text += f"\n\n总计应等于前六列之和：{'+'.join(map(str, parts))}={sum(parts)}，{'一致' if ok else '不一致'}"
        if row.id == ed.table3_results.total:
            rows = [r.table3.row(x.id) for x in ed.table3_result_rows]
            if all(x is not None and x.cells for x in rows):
                v = [x.cells[i].value or 0 for x in rows if x.cells[i].is_number or x.cells[i].kind == "blank"]
                if len(v) == len(rows):
                    ok = sum(v) == (c.value if c.is_number else 0)
                    text += f"\n\n{d.label}应等于各项办理结果之和：{sum(v)}，{'一致' if ok else '不一致'}"
        return text
    if row.table == 4:
        col = ed.table4_columns[i].label
        group = next(name for name, cols in ed.table4_groups if i in cols)
        text = f"表四 **{group}** × **{col}** = {c.raw or '（空白）'}"
        s = next((s for s in ed.table4_sums if s.total == i), None)
        if s is not None:
            v = [row.cells[k].value or 0 for k in s.parts]
            ok = sum(v) == (c.value if c.is_number else 0)
            text += f"\n\n总计应等于{'+'.join(map(str, v))}={sum(v)}，{'一致' if ok else '不一致'}"
        return text + f"\n\n{ed.table4_hover}"
    block = r.table2.blocks.get(row.block)
    bdef = block_edition(block, ed).block(row.block) or any_block(row.block)
    col = bdef.columns[i].label if i < len(bdef.columns) else f"第{i + 1}列"
    return f"表二 {bdef.title} **{row.id}** × **{col}** = {c.raw or '（空白）'}"


def register(ls) -> None:
    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls, params: types.HoverParams):
        doc = await ls.report(params.text_document.uri)
        if doc is None:
            return None
        off = convert.offset(doc.source, params.position, ls.enc)
        parts = describe(doc, off)
        if not parts:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))
