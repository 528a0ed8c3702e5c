"""Outline (document symbols) and folding ranges: the six sections, their tables and blocks."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from . import convert

if TYPE_CHECKING:          # the engine is imported after the initialize answer (server/cli.py)
    from ...grammar import Span

def _tables(report):
    return [t for t in (report.table2, report.table3, report.table4) if t is not None]


def _trimmed(text: str, span: Span) -> Span:
    """Without trailing blanks, whatever they are (NBSP, U+3000, \\v …: `str.isspace`)."""
    from ...grammar import Span
    end = span.end
    while end > span.start and text[end - 1].isspace():
        end -= 1
    return Span(span.start, end)


def _fit(span: Span, selection: Span, within: Span) -> tuple[Span, Span]:
    """The range and selection range of a symbol, as VS Code requires them: the range holds the
    selection (else it throws "selectionRange must be contained in fullRange" and drops the
    whole outline) and lies within its parent's. The reader's spans do not promise either (a
    block title with an empty block, a table that runs past its section's trimmed end)."""
    from ...grammar import Span
    start = min(max(min(span.start, selection.start), within.start), within.end)
    end = min(max(span.end, selection.end, start), within.end)
    sel_start = min(max(selection.start, start), end)
    return Span(start, end), Span(sel_start, min(max(selection.end, sel_start), end))


def symbols(doc, enc) -> list[types.DocumentSymbol]:
    from ...grammar import NUMERALS, Span
    r, src, text = doc.report, doc.source, doc.text
    everything = Span(0, len(text))
    out = []
    tables = _tables(r)

    def symbol(name, kind, span, selection, within, detail=None, children=()):
        whole, sel = _fit(_trimmed(text, span), selection, within)
        kids = [child(whole) for child in children]
        return types.DocumentSymbol(name=name, detail=detail, kind=kind, range=convert.range_(src, whole, enc),
                                    selection_range=convert.range_(src, sel, enc), children=kids or None)

    def table(t):
        def block(b):
            span = b.span or t.span
            return lambda within: symbol(
                b.title.canonical if b.title else f"第二十条（{b.id}）", types.SymbolKind.Struct, span,
                b.title.span if b.title else Span(span.start, span.start), within)
        name = f"表{NUMERALS[t.number]} {r.edition.table_name(t.number).removesuffix('表')}"   # 表二 主动公开政府信息情况
        return lambda within: symbol(name, types.SymbolKind.Struct, t.span,
                                     Span(t.span.start, t.span.start), within,
                                     children=[block(b) for b in t.blocks.values()])

    for s in r.sections:
        whole = Span(s.heading.span.start, s.body.end)
        out.append(symbol(f"{NUMERALS[s.number]}、{r.edition.sections[s.number - 1].title}", types.SymbolKind.Namespace,
                          whole, s.heading.span, everything,
                          detail=s.heading.title if s.heading.wording != "exact" else None,
                          children=[table(t) for t in tables if whole.start <= t.span.start < whole.end]))
    for t in tables:           # tables outside any recognised section still show
        if not any(s.heading.span.start <= t.span.start < s.body.end for s in r.sections):
            out.append(table(t)(everything))
    return out


def folding(doc) -> list[types.FoldingRange]:
    from ...grammar import Span
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
