"""Inlay hints: the computed sum beside each 总计 that is wrong."""
from __future__ import annotations

from lsprotocol import types

from . import convert

SUM_RULES = {"NB302", "NB303", "NB304"}


def register(ls) -> None:
    @ls.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    async def inlay_hint(ls, params: types.InlayHintParams):
        doc = await ls.report(params.text_document.uri)
        if doc is None:
            return []
        findings = doc.findings
        start = convert.offset(doc.source, params.range.start, ls.enc)
        end = convert.offset(doc.source, params.range.end, ls.enc)
        out, seen = [], set()
        for f in findings:
            if f.code in SUM_RULES and f.fix and start <= f.span.start <= end \
                    and (f.span.end, f.fix.edits[0].content) not in seen:      # NB302 and NB303 on one cell
                seen.add((f.span.end, f.fix.edits[0].content))
                out.append(types.InlayHint(
                    position=convert.position(doc.source, f.span.end, ls.enc),
                    label=f" ≠ {f.fix.edits[0].content}", kind=types.InlayHintKind.Parameter,
                    tooltip=f.message, padding_left=True))
        return out
