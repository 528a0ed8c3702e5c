"""A report drafted in Word or WPS (.docx) → text, through python-docx: the body's paragraphs in
order, a line each (a manual line break starts a new line), and its tables with their real rows
and cells, a TAB-separated line per row. A merged cell (gridSpan across, vMerge down) is read
once, in its first row and column; the grid positions it covers are empty fields.
Origins: the paragraph's number in the body (empty ones counted, as Word's paragraph marks
are), or table / row / column of the table's grid."""
from __future__ import annotations

import io

from ..files import ReadError
from .origin import Converted, TextBuilder, join_wrapped

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}


class _Reader:
    def __init__(self, document):
        from docx.table import Table
        from docx.text.paragraph import Paragraph
        from lxml import etree
        self.Table, self.Paragraph = Table, Paragraph
        self.document = document
        # the runs a reader sees: tracked deletions are gone, a text box is not the paragraph's
        # text, and the Fallback copy of alternate content would repeat the Choice
        self.runs = etree.XPath(".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
                                " or ancestor::mc:Fallback)]", namespaces=NS)
        self.b = TextBuilder("docx")
        self.paragraphs = 0
        self.tables = 0

    def text(self, p) -> str:
        return "".join(r.text for r in self.runs(p))

    def body(self, parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == f"{{{W}}}p":
                self.paragraphs += 1
                origin = {"paragraph": self.paragraphs}
                for line in self.text(child).split("\n"):      # a manual line break
                    self.b.line([(line, origin, False)], tabs=True)   # tab stops lay out cells
            elif tag == f"{{{W}}}tbl":
                self.table(self.Table(child, self.document))
            elif tag == f"{{{W}}}sdt":                       # a content control around blocks
                content = child.find(f"{{{W}}}sdtContent")
                if content is not None:
                    self.body(content)

    def cell_text(self, cell) -> str:
        """All of a cell's lines as one field (see join_wrapped); a table inside it, row by row."""
        lines: list[str] = []
        for item in cell.iter_inner_content():
            if isinstance(item, self.Paragraph):
                lines += self.text(item._p).split("\n")
            else:
                for row in item.rows:
                    lines.append(join_wrapped([self.cell_text(c) for c in _unique(row.cells)]))
        return join_wrapped(lines)

    def table(self, table) -> None:
        rows = []
        seen: set = set()                # python-docx repeats a merged cell in every position
        for row in table.rows:
            out: list = [None] * row.grid_cols_before
            for cell in row.cells:
                if cell._tc in seen:
                    out.append(None)
                    continue
                seen.add(cell._tc)
                out.append(cell)
            out += [None] * row.grid_cols_after
            rows.append(out)
        width = max((len(r) for r in rows), default=0)
        if width <= 1:                   # a framed box of text: its paragraphs are paragraphs
            for r in rows:
                for cell in r:
                    if cell is not None:
                        self.body(cell._tc)
            return
        self.tables += 1
        self.b.blank()
        for r, cells in enumerate(rows, 1):
            self.b.row([None if c is None else (self.cell_text(c), {"table": self.tables, "row": r, "cell": col})
                        for col, c in enumerate(cells + [None] * (width - len(cells)), 1)])
        self.b.blank()


def _unique(cells):
    seen: set = set()
    for c in cells:
        if c._tc not in seen:
            seen.add(c._tc)
            yield c


def convert(data: bytes) -> Converted:
    import docx
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:               # a damaged zip, a zip that is no Word document, bad XML
        raise ReadError(f"not a readable .docx ({_why(e)})") from None
    reader = _Reader(document)
    try:
        reader.body(document.element.body)
    except Exception as e:               # a table python-docx cannot lay out, and the like
        raise ReadError(f"not a readable .docx ({_why(e)})") from None
    return reader.b.build()


def _why(e: Exception) -> str:
    import zipfile
    if isinstance(e, zipfile.BadZipFile):
        return "damaged, or not a zip archive as a .docx is"
    if isinstance(e, KeyError):
        return "a zip archive without a Word document in it"
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg[:80]}" if msg else type(e).__name__
