"""Engine offsets ↔ LSP positions in the negotiated encoding (UTF-16, UTF-8 or UTF-32)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types

from ..links import rule_url

if TYPE_CHECKING:          # the engine is imported after the initialize answer (server/cli.py)
    from ...grammar import Edit, Finding, Source, Span

SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


def encoding_name(kind) -> str:
    return {"utf-8": "utf-8", "utf-32": "utf-32"}.get(str(getattr(kind, "value", kind)), "utf-16")


def position(src: Source, offset: int, enc: str) -> types.Position:
    line, character = src.encoded_position(offset, enc)
    return types.Position(line=line, character=character)


def range_(src: Source, span: Span | Edit, enc: str) -> types.Range:
    return types.Range(start=position(src, span.start, enc), end=position(src, span.end, enc))


def edited(src: Source, rng: types.Range, new_text: str, enc: str) -> str:
    """The text after an incremental change: `rng` replaced by `new_text` (a range whose end
    comes before its start is taken the other way round)."""
    a, b = sorted((offset(src, rng.start, enc), offset(src, rng.end, enc)))
    return src.text[:a] + new_text + src.text[b:]


def offset(src: Source, pos: types.Position, enc: str) -> int:
    """The offset of an LSP position: past the end of its line, the line's end; inside a
    character (a surrogate pair, a UTF-8 sequence), its start. As `Source.offset_from_encoded`,
    whose loop takes a Python step per character of the line: here C-speed steps over the part
    of the line before the position, so that an edit at the end of a one-line megabyte (a
    crawler's report) costs milliseconds, not a second."""
    if pos.line < 0:
        return 0
    if pos.line >= src.line_count:
        return len(src.text)
    line = src.line(pos.line)
    n = max(pos.character, 0)
    # at most n code points lie before a position n units in: one unit or more each
    head = src.text[line.start:min(line.end, line.start + n)]
    if enc == "utf-32" or head.isascii():
        return line.start + len(head)
    if enc == "utf-8":
        data = head.encode("utf-8", "surrogatepass")
        if n >= len(data):
            return line.start + len(head)
        # the characters that start in the first n bytes, less the one n falls inside of, if any
        inside = 0x80 <= data[n] < 0xC0
        return line.start + len(data[:n].translate(None, _CONTINUATION)) - inside
    units = 0                            # UTF-16: one unit a character, two for one beyond U+FFFF
    at = 0
    for m in _ASTRAL.finditer(head):
        if units + m.start() - at >= n:
            break
        units += m.start() - at
        at = m.start()
        if units + 2 > n:                # inside the pair
            return line.start + at
        units += 2
        at += 1
    return line.start + min(at + n - units, len(head))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CONTINUATION = bytes(range(0x80, 0xC0))     # UTF-8 bytes that do not start a character


def diagnostic(uri: str, src: Source, f: Finding, enc: str) -> types.Diagnostic:
    return types.Diagnostic(
        range=range_(src, f.span, enc),
        message=f.message,
        severity=SEVERITY[f.severity],
        code=f.code,
        code_description=types.CodeDescription(href=rule_url(f.code)),
        source="nianbao",
        related_information=[
            types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=range_(src, s, enc)), message=m)
            for s, m in f.related] or None,
        data={"fixable": f.fix is not None},
    )


def text_edits(src: Source, edits, enc: str) -> list[types.TextEdit]:
    return [types.TextEdit(range=range_(src, e, enc), new_text=e.content) for e in edits]
