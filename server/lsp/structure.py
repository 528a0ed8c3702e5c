"""Outline (document symbols) and folding ranges: the six sections, their tables and blocks."""
from __future__ import annotations

from lsprotocol import types

from ...grammar.model import Span
from ...grammar.template import NUMERALS
from . import convert

TABLE_NAMES = {2: "表二 主动公开政府信息情况", 3: "表三 收到和处理政府信息公开申请情况", 4: "表四 行政复议、行政诉讼情况"}


def _tables(report):
    return [t for t in (report.table2, report.table3, report.table4) if t is not None]


def _trimmed(text: str, span: Span) -> Span:
    end = span.end
    while end > span.start and text[end - 1] in " \t\r\n\u3000":
        end -= 1
    return Span(span.start, end)


def symbols(doc, enc) -> list[types.DocumentSymbol]:
    r, src, text = doc.report, doc.source, doc.text
    out = []
    tables = _tables(r)
    for s in r.sections:
        whole = _trimmed(text, Span(s.heading.span.start, s.body.end))
        children = []
        for t in tables:
            if whole.start <= t.span.start < whole.end:
                children.append(_table_symbol(t, src, enc))
        out.append(types.DocumentSymbol(
            name=f"{NUMERALS[s.number]}、{r.edition.sections[s.number - 1].title}",
            detail=s.heading.title if s.heading.wording != "exact" else None,
            kind=types.SymbolKind.Namespace, range=convert.range_(src, whole, enc),
            selection_range=convert.range_(src, s.heading.span, enc), children=children or None))
    for t in tables:           # tables outside any recognised section still show
        if not any(s.heading.span.start <= t.span.start < s.body.end for s in r.sections):
            out.append(_table_symbol(t, src, enc))
    return out


def _table_symbol(t, src, enc) -> types.DocumentSymbol:
    children = []
    for b in t.blocks.values():
        span = b.span or t.span
        children.append(types.DocumentSymbol(
            name=b.title.canonical if b.title else f"第二十条（{b.id}）", kind=types.SymbolKind.Struct,
            range=convert.range_(src, span, enc),
            selection_range=convert.range_(src, b.title.span if b.title else Span(span.start, span.start), enc)))
    return types.DocumentSymbol(name=TABLE_NAMES[t.number], kind=types.SymbolKind.Struct,
                                range=convert.range_(src, t.span, enc),
                                selection_range=convert.range_(src, Span(t.span.start, t.span.start), enc),
                                children=children or None)


def folding(doc) -> list[types.FoldingRange]:
    r, src, text = doc.report, doc.source, doc.text
    spans = [_trimmed(text, Span(s.heading.span.start, s.body.end)) for s in r.sections]
    spans += [t.span for t in _tables(r)]
    out = []
    for sp in spans:
        a, b = src.line_of(sp.start), src.line_of(max(sp.end - 1, sp.start))
        if b > a:
            out.append(types.FoldingRange(start_line=a, end_line=b, kind=types.FoldingRangeKind.Region))
    return out


def register(ls) -> None:
    @ls.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def document_symbol(ls, params: types.DocumentSymbolParams):
        doc = await ls.report(params.text_document.uri)
        return symbols(doc, ls.enc) if doc else []

    @ls.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def folding_range(ls, params: types.FoldingRangeParams):
        doc = await ls.report(params.text_document.uri)
        return folding(doc) if doc else []
