"""Text made from a published document, and where each piece of it came from.

Every reader (word.py, pdf.py, webpage.py) writes its document as the text nianbao reads best —
one paragraph per line, one table row per line with its cells separated by TAB — through a
`TextBuilder`, handing over each piece of text with its origin: a small dict naming the place a
person can find in the original (`{"page": 3, "line": 12}`, `{"paragraph": 41}`,
`{"table": 2, "row": 5, "cell": 3}`, `{"source_line": 120, "source_column": 7}`). The result, a
`Converted`, maps any offset of the text back to the origin of the piece that holds it.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right

from ...grammar import Record

QUOTE = 24               # characters of visible text quoted with an origin


def wide(ch: str) -> bool:
    """CJK ideographs and full-width forms: Chinese text puts no spaces between them."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join_wrapped(parts: list[str]) -> str:
    """The lines of one cell (or one wrapped paragraph) as one line. A line break in Chinese text
    is where the cell or page ran out of width, not a word boundary: `结果` / `维持` is the label
    结果维持 and `三` / `、` / `本` … (a stub written downwards) is 三、本…, so the pieces join with
    nothing when either side is a CJK or full-width character. Between two Latin letters or digits
    a space stays, so that `95` / `0` never becomes the number 950."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and not (wide(out[-1]) or wide(p[0])):
            out += " "
        out += p
    return out


_BREAKS = str.maketrans(dict.fromkeys("\v\f\r\n\x1c\x1d\x1e\x85\u2028\u2029", " "))
_FIELD = str.maketrans(dict.fromkeys("\t\v\f\r\n\x1c\x1d\x1e\x85\u2028\u2029", " "))


def clean(text: str, tabs: bool = False) -> str:
    """No line break of any kind inside a line (the reader, like an editor, breaks lines at them);
    no TAB inside a field, as TAB separates fields. A line keeps its TABs when `tabs`: a Word
    paragraph laid out with tab stops is a row of cells to its author."""
    return text.translate(_BREAKS if tabs else _FIELD)


class Converted(Record):
    """The text of a document and, for each piece of it, where it is in the original."""
    __slots__ = ("text", "kind", "starts", "origins", "_verbatim")

    def __init__(self, text: str, kind: str, starts: list[int], origins: list[dict], verbatim: list[bool]):
        self.text = text
        self.kind = kind                 # "docx" | "pdf" | "html"
        self.starts = starts             # offset where each piece begins, ascending
        self.origins = origins
        self._verbatim = verbatim        # piece copied unchanged from one source line (HTML)

    def origin(self, start: int, end: int | None = None) -> dict | None:
        """Where the text at [start, end) is in the original, with a short quote of it."""
        i = bisect_right(self.starts, start) - 1
        if i < 0:
            return None
        o = dict(self.origins[i])
        if self._verbatim[i] and "source_column" in o:       # exact column inside a text run
            o["source_column"] += start - self.starts[i]
        o["text"] = self.quote(start, end)
        return o

    def quote(self, start: int, end: int | None) -> str:
        """Visible text to search the original for: the finding's own text when it is long
        enough to be found; in a table row, the row from its label on (a cell's `0` alone would
        not help anyone); in prose, the words around the finding."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        end = line_end if end is None else min(max(end, start), line_end)
        if end - start >= 6:
            piece = text[start:end]
        elif "\t" in text[line_start:line_end]:
            piece = text[line_start:line_end]
        else:
            a = max(line_start, start - QUOTE // 2)
            piece = text[a:min(line_end, a + QUOTE)]
        piece = " ".join(piece.replace("\t", " ").split())
        return piece if len(piece) <= QUOTE else piece[:QUOTE - 1] + "…"


class TextBuilder:
    """Writes lines and table rows, keeping the origin of every piece. Blocks are set apart by a
    blank line, as in Markdown: each paragraph (each line of text), and each table, whose rows
    follow one another."""

    def __init__(self, kind: str):
        self.kind = kind
        self.parts: list[str] = []
        self.pos = 0
        self.starts: list[int] = []
        self.origins: list[dict] = []
        self.verbatim: list[bool] = []
        self._blank = True               # at the start, or just after a blank line
        self._row = False                # just after a table row

    def _put(self, text: str, origin: dict | None, verbatim: bool = False) -> None:
        if origin is not None:
            self.starts.append(self.pos)
            self.origins.append(origin)
            self.verbatim.append(verbatim)
        self.parts.append(text)
        self.pos += len(text)

    def line(self, pieces: list[tuple[str, dict, bool]], tabs: bool = False) -> None:
        """One line from pieces of (text, origin, verbatim); nothing when it is all blank."""
        pieces = [(clean(t, tabs), o, v) for t, o, v in pieces]
        while pieces and not pieces[0][0].strip():
            pieces.pop(0)
        while pieces and not pieces[-1][0].strip():
            pieces.pop()
        if not pieces:
            return
        self.blank()
        first, o, v = pieces[0]
        stripped = first.lstrip()
        if stripped != first and v and "source_column" in o:
            o = {**o, "source_column": o["source_column"] + len(first) - len(stripped)}
        pieces[0] = (stripped, o, v)
        pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1], pieces[-1][2])
        for t, o, v in pieces:
            self._put(t, o, v)
        self._put("\n", None)
        self._blank = False
        self._row = False

    def row(self, cells: list[tuple[str, dict] | None]) -> None:
        """One table row: every grid position a field, TAB between them; covered or empty
        positions are empty fields. A row with no text at all is left out."""
        if not any(c and c[0].strip() for c in cells):
            return
        if not self._row:
            self.blank()
        for i, c in enumerate(cells):
            if i:
                self._put("\t", None)
            if c is not None:
                text, origin = c
                self._put(clean(text).strip(), origin)
        self._put("\n", None)
        self._blank = False
        self._row = True

    def blank(self) -> None:
        """A blank line between blocks (never two, never at the start); ends a table."""
        if not self._blank:
            self._put("\n", None)
            self._blank = True
        self._row = False

    def build(self) -> Converted:
        text = "".join(self.parts)
        if text.endswith("\n\n"):               # the blank line after a last table
            text = text[:-1]
        return Converted(text, self.kind, self.starts, self.origins, self.verbatim)


def place(o: dict) -> str:
    """The origin as the text output writes it after `FILE:` (documented in README.md):
    PDF `p3:l12` (page 3, line 12 of that page); Word `段41` (the 41st paragraph of the body) or
    `表2 行5 列3` (table 2, row 5, column 5 of its grid); web page `120:7 “quote”` (line and
    column in the HTML source, then the visible text)."""
    if "source_line" in o:
        return f"{o['source_line']}:{o['source_column']} “{o.get('text', '')}”"
    if "page" in o:
        return f"p{o['page']}:l{o['line']}" if "line" in o else f"p{o['page']}"
    if "table" in o:
        return f"表{o['table']} 行{o['row']} 列{o['cell']}"
    return f"段{o['paragraph']}"


def in_words(o: dict) -> str:
    """The origin in words, for messages (GitHub annotations)."""
    quote = f"“{o['text']}”" if o.get("text") else ""
    if "source_line" in o:
        return f"网页源码第{o['source_line']}行第{o['source_column']}列{quote}"
    if "page" in o:
        return f"第{o['page']}页第{o['line']}行{quote}" if "line" in o else f"第{o['page']}页{quote}"
    if "table" in o:
        return f"表{o['table']}第{o['row']}行第{o['cell']}列{quote}"
    return f"第{o['paragraph']}段{quote}"
