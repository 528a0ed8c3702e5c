"""Engine offsets ↔ LSP positions in the negotiated encoding (UTF-16, UTF-8 or UTF-32)."""
from __future__ import annotations

from lsprotocol import types

from ...grammar import Source
from ...grammar.findings import Finding
from ...grammar.model import Span
from ..output import DOCS

SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


def encoding_name(kind) -> str:
    return {"utf-8": "utf-8", "utf-32": "utf-32"}.get(str(getattr(kind, "value", kind)), "utf-16")


def position(src: Source, offset: int, enc: str) -> types.Position:
    line, character = src.encoded_position(offset, enc)
    return types.Position(line=line, character=character)


def range_(src: Source, span: Span, enc: str) -> types.Range:
    return types.Range(start=position(src, span.start, enc), end=position(src, span.end, enc))


def offset(src: Source, pos: types.Position, enc: str) -> int:
    return src.offset_from_encoded(pos.line, pos.character, enc)


def diagnostic(uri: str, src: Source, f: Finding, enc: str) -> types.Diagnostic:
    return types.Diagnostic(
        range=range_(src, f.span, enc),
        message=f.message,
        severity=SEVERITY[f.severity],
        code=f.code,
        code_description=types.CodeDescription(href=f"{DOCS}#{f.code.lower()}"),
        source="nianbao",
        related_information=[
            types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=range_(src, s, enc)), message=m)
            for s, m in f.related] or None,
        data={"fixable": f.fix is not None},
    )


def text_edits(src: Source, edits, enc: str) -> list[types.TextEdit]:
    return [types.TextEdit(range=range_(src, Span(e.start, e.end), enc), new_text=e.content) for e in edits]
