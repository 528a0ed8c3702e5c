"""Completion: the six headings in order, the current table's row labels, whole-table snippets."""
from __future__ import annotations

from lsprotocol import types

from . import convert

def _table_at(report, offset: int) -> int | None:
    best = None
    for t in (report.table2, report.table3, report.table4):
        if t is not None and t.span.start <= offset:
            best = t
    if best is None:
        return None
    nxt = [s.heading.span.start for s in report.sections if s.heading.span.start > best.span.start]
    return best.number if not nxt or offset < min(nxt) else None


def items(doc, offset: int, enc: str) -> list[types.CompletionItem]:
    from ...grammar import LATEST, NUMERALS, document_layout, newline, skeleton
    r = doc.report
    ed = r.edition if r else LATEST
    present = {s.number for s in r.sections} if r else set()
    out = []
    for s in ed.sections:
        out.append(types.CompletionItem(
            label=s.heading, kind=types.CompletionItemKind.Module, detail="法定部分标题",
            documentation=s.hover, sort_text=f"{0 if s.number not in present else 1}{s.number}",
            insert_text=s.heading))
    table = _table_at(r, offset) if r else None
    if table == 3:
        for i, row in enumerate(ed.table3_rows):
            if row.kind == "data":
                out.append(types.CompletionItem(label=row.label, kind=types.CompletionItemKind.Field,
                                                detail=f"表三 {row.id}", documentation=row.hover,
                                                sort_text=f"2{i:02}"))
    elif table == 2:
        for b in ed.table2:
            for row in b.rows:
                out.append(types.CompletionItem(label=row.label, kind=types.CompletionItemKind.Field,
                                                detail=b.title, documentation=b.hover, sort_text=f"2{b.id}"))
    nl = newline(doc.text)
    layout = document_layout(r) if r else "tab"
    for n in (2, 3, 4):
        out.append(types.CompletionItem(
            label=f"表{NUMERALS[n]}：{ed.table_name(n).removesuffix('表')}（全零）", kind=types.CompletionItemKind.Snippet,
            detail=f"{ed.id}年版统一格式表格", insert_text=skeleton(ed, n, layout, nl),
            insert_text_format=types.InsertTextFormat.PlainText, sort_text=f"3{n}"))
    return out


def register(ls) -> None:
    @ls.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["、"]))
    async def completion(ls, params: types.CompletionParams):
        doc = ls.documents.docs.get(params.text_document.uri)
        if doc is None:
            return None
        await ls.documents.analysed(doc)
        off = convert.offset(doc.source, params.position, ls.enc)
        return types.CompletionList(is_incomplete=False, items=items(doc, off, ls.enc))
