"""Cutting a line into cell tokens, whatever the layout it came in.

Layouts (TEMPLATE.md §7): tab-separated rows (Word), pipe rows and Markdown tables, one cell
per line (indented with a tab, terminated by ` |`, or with `|` lines between cells),
blank-line separated cells, space-separated numbers (PDF text). A line becomes a list of
`Tok`s: text pieces with their spans, and separators. Whether a separator pair stands for
an empty cell is decided by the row reader (`rows.py`), which sees several lines.
"""
from __future__ import annotations

import re

from . import normalize
from .model import Span
from .record import Record

# characters that pad cells: ASCII space, U+3000, NBSP and friends (tab is a separator)
PAD = " \u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\r\v\f"
_RULE_CHARS = re.compile(r"[\s\-—=_]*")
_MD_RULE = re.compile(r"^\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*:?-{3,}:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")


class Tok(Record):
    __slots__ = ("kind", "span", "raw")

    def __init__(self, kind: str, span: Span, raw: str):
        self.kind = kind        # text | sep
        self.span = span
        self.raw = raw          # stripped text ("" for an empty field of a tab row)


class LineToks(Record):
    __slots__ = ("mode", "toks")

    def __init__(self, mode: str, toks: list[Tok]):
        self.mode = mode        # blank | rule | tab | pipe | plain
        self.toks = toks        # tab: one text tok per field (empties included); pipe: text and sep toks


_PAD_TAB = PAD + "\t"


def _text(text: str, start: int, end: int) -> Tok:
    """The piece text[start:end] without its padding, with the span of what is left."""
    piece = text[start:end]
    left = piece.lstrip(_PAD_TAB)
    s = start + len(piece) - len(left)
    raw = left.rstrip(_PAD_TAB)
    return Tok("text", Span(s, s + len(raw)), raw)


def _is_rule(line: str) -> bool:
    """----- or ---\t--- or ======: rule characters only, with a run of three (or ——).

    Not one regex with a star on each side of the run: that backtracks quadratically on a
    long line of dashes ending in anything else (a 1 MB line took hours)."""
    return ("---" in line or "——" in line or "===" in line) and _RULE_CHARS.fullmatch(line) is not None


def tokenize(text: str, start: int, end: int) -> LineToks:
    line = text[start:end]
    if not line.strip(" \r"):
        return LineToks("blank", [])
    if ("-" in line or "—" in line or "=" in line) and (_is_rule(line) or _MD_RULE.match(line)):
        return LineToks("rule", [])
    if "\t" in line:
        fields = line.split("\t")
        if sum(1 for f in fields if f.strip()) >= 2:       # str.strip() knows U+3000 and NBSP
            toks, pos = [], start
            for f in fields:
                toks.append(_text(text, pos, pos + len(f)))
                pos += len(f) + 1
            return LineToks("tab", toks)
    if "|" in line:
        toks, pos = [], start
        for i, piece in enumerate(line.split("|")):
            if i:
                toks.append(Tok("sep", Span(pos - 1, pos), "|"))
            tok = _text(text, pos, pos + len(piece))
            if tok.raw:
                toks.append(tok)
            pos += len(piece) + 1
        return LineToks("pipe", toks)
    return LineToks("plain", [_text(text, start, end)])


_WORD = re.compile(r"[^\s\u3000\u00a0]+")


def split_words(text: str, start: int, end: int) -> list[Tok]:
    """Whitespace-separated pieces of text[start:end] (space-separated numbers in PDF text)."""
    return [Tok("text", Span(start + m.start(), start + m.end()), m.group())
            for m in _WORD.finditer(text[start:end])]


def raw_index_after(raw: str, key_chars: int) -> int:
    """Index in `raw` just after its first `key_chars` non-space characters (see normalize.key)."""
    folded = normalize.fold(raw)
    seen = 0
    for i, ch in enumerate(folded):
        if seen == key_chars:
            return i
        if not ch.isspace():
            seen += 1
    return len(raw)
