"""A report published as PDF → text, through pdfplumber, from the characters' positions on the
page: ruled tables (found from the lines drawn on the page) become TAB-separated rows, one row
per line, and the text around them becomes lines grouped by height, wrapped lines of a
paragraph joined. Page numbers in the margin (`- 1 -`, `第 1 页`) are dropped.
Origins: page and line on the page (lines of text counted from the top, tables included)."""
from __future__ import annotations

import io
import re
import statistics

from ..files import ReadError
from .origin import Converted, TextBuilder, join_wrapped, wide

PAGE_NUMBER = re.compile(r"[-－—–~〜\s]*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)[-－—–~〜\s]*")
HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[.、．])")
SENTENCE_END = "。！？；：!?;:"


def _white(color) -> bool:
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    if len(color) == 4:                  # CMYK: no ink is white
        return all(v <= 0.02 for v in color)
    return all(v >= 0.98 for v in color)


def _visible(obj) -> bool:
    """Only edges a reader sees make tables. Word and WPS draw white boxes behind text (one per
    line in hongze-2024.pdf); as edges those turned every paragraph into a one-column table."""
    if obj.get("object_type") != "rect":
        return True
    if obj.get("stroke") and not _white(obj.get("stroking_color")):
        return True
    thin = min(obj["width"], obj["height"]) <= 2        # a rule drawn as a filled bar
    return bool(obj.get("fill") and thin and not _white(obj.get("non_stroking_color")))


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped into lines: a character joins the line its vertical middle falls in."""
    out: list[list[dict]] = []
    top = bottom = None
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        mid = (c["top"] + c["bottom"]) / 2
        if out and top <= mid <= bottom:
            out[-1].append(c)
            top, bottom = min(top, c["top"]), max(bottom, c["bottom"])
        else:
            out.append([c])
            top, bottom = c["top"], c["bottom"]
    for line in out:
        line.sort(key=lambda c: c["x0"])
    return out


def _text(line: list[dict], cell: bool) -> str:
    """A line's characters with spaces where the gaps mean them. Chinese text has none: the gap
    Word leaves between 2024 and 年, or between the letters of a justified 总 计, is layout. A gap
    of two characters or more outside a table separates columns (a TAB); between Latin letters or
    digits a gap of a fifth of a character is a space."""
    out = []
    prev = None
    for c in line:
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            size = max(c["size"], prev["size"], 1)
            if not cell and gap >= 2 * size:
                out.append("\t")
            elif wide(prev["text"][-1:] or " ") or wide(c["text"][:1] or " "):
                if not cell and gap >= size:
                    out.append(" ")
            elif gap > 0.15 * size:
                out.append(" ")
        out.append(c["text"])
        prev = c
    return "".join(out)


class _Line:
    __slots__ = ("page", "number", "x0", "x1", "top", "bottom", "size", "text", "left", "right")

    def __init__(self, page: int, number: int, chars: list[dict]):
        self.page = page
        self.number = number
        self.x0 = min(c["x0"] for c in chars)
        self.x1 = max(c["x1"] for c in chars)
        self.top = min(c["top"] for c in chars)
        self.bottom = max(c["bottom"] for c in chars)
        self.size = statistics.median(c["size"] for c in chars)
        self.text = _text(chars, cell=False).strip()
        self.left = self.right = 0.0     # the page's text column, set once the page is read


def _inside(c: dict, box) -> bool:
    x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


class _Reader:
    def __init__(self):
        self.b = TextBuilder("pdf")
        self.tables = 0
        self.para: list[_Line] = []      # the paragraph being collected

    def flush(self) -> None:
        if self.para:
            self.b.line([(ln.text + ("" if i == len(self.para) - 1 else _joint(ln, self.para[i + 1])),
                          _origin(ln.page, ln.number), False) for i, ln in enumerate(self.para)], tabs=True)
            self.para = []

    def prose(self, line: _Line) -> None:
        if self.para and not self._continues(self.para[-1], line):
            self.flush()
        self.para.append(line)

    def _continues(self, prev: _Line, line: _Line) -> bool:
        """Is `line` the wrapped rest of `prev`'s paragraph? Only when `prev` runs to the right
        edge, ends mid-sentence, and `line` starts at the left edge (no first-line indent) with no
        heading number: a heading is never swallowed by the paragraph before it."""
        if "\t" in prev.text or "\t" in line.text or prev.text[-1:] in SENTENCE_END:
            return False
        if prev.x1 < prev.right - 1.5 * prev.size:
            return False
        if line.x0 > line.left + 0.6 * line.size or HEADING.match(line.text):
            return False
        same_page = prev.page == line.page
        return not same_page or line.top - prev.bottom < 1.2 * max(prev.size, line.size)

    def page(self, page, number: int) -> None:
        page = page.dedupe_chars()
        chars = [c for c in page.chars if c["text"].strip()]
        # a character's line on the page as pdfplumber counts lines (extract_text_lines: text
        # lines from the top, table rows among them), so that anyone can count the same way
        numbers: dict = {}
        for n, line in enumerate(page.extract_text_lines(return_chars=True, strip=False), 1):
            for c in line["chars"]:
                numbers[_key(c)] = n
        tables = []
        for t in page.filter(_visible).find_tables():
            rows = [r.cells for r in t.rows]
            if max((len(r) for r in rows), default=0) > 1:     # one column: a framed paragraph
                tables.append((t.bbox, rows))
        prose = [c for c in chars if not any(_inside(c, box) for box, _ in tables)]
        lines = [_Line(number, numbers.get(_key(ln[0])), ln) for ln in _lines(prose)]
        lines = [ln for ln in lines if ln.text and not self._page_number(ln, page)]
        if lines:
            left = _mode(round(ln.x0) for ln in lines)      # most lines start at the margin
            right = max(ln.x1 for ln in lines)
            for ln in lines:
                ln.left, ln.right = left, right
        items = [(ln.top, 0, ln) for ln in lines] + [(box[1], 1, (box, rows)) for box, rows in tables]
        for _, is_table, item in sorted(items, key=lambda i: (i[0], i[1])):
            if is_table:
                self.flush()
                self.table(item, chars, number, numbers)
            else:
                self.prose(item)

    @staticmethod
    def _page_number(line: _Line, page) -> bool:
        margin = line.top > page.height * 0.85 or line.bottom < page.height * 0.12
        return margin and PAGE_NUMBER.fullmatch(line.text) is not None

    def table(self, item, chars: list[dict], page: int, numbers: dict) -> None:
        box, rows = item
        self.tables += 1
        inside = [c for c in chars if _inside(c, box)]
        self.b.blank()
        for r, cells in enumerate(rows, 1):
            out = []
            for col, cell in enumerate(cells, 1):
                if cell is None:             # covered by a merged cell above or to the left
                    out.append(None)
                    continue
                mine = [c for c in inside if _inside(c, cell)]
                text = join_wrapped([_text(ln, cell=True) for ln in _lines(mine)])
                first = min(mine, key=lambda c: (c["top"], c["x0"])) if mine else None
                origin = {**_origin(page, numbers.get(_key(first)) if first else None),
                          "table": self.tables, "row": r, "cell": col}
                out.append((text, origin))
            self.b.row(out)
        self.b.blank()


def _origin(page: int, line: int | None) -> dict:
    return {"page": page} if line is None else {"page": page, "line": line}


def _key(c: dict) -> tuple:
    return c["text"], round(c["x0"], 2), round(c["top"], 2)


def _joint(a: _Line, b: _Line) -> str:
    """What goes between two wrapped lines of one paragraph: see join_wrapped."""
    return "" if wide(a.text[-1:] or " ") or wide(b.text[:1] or " ") else " "


def _mode(values) -> float:
    values = list(values)
    return max(set(values), key=lambda v: (values.count(v), -v))


def convert(data: bytes) -> Converted:
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF (no %PDF- header: damaged, or another kind of file named .pdf)")
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:               # pdfplumber wraps what pdfminer raised
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ReadError("encrypted PDF: it needs a password to open, which nianbao does not take; "
                            "save an unprotected copy") from None
        raise ReadError(f"not a readable PDF ({_why(cause)})") from None
    reader = _Reader()
    text_found = False
    try:
        with pdf:
            for n, page in enumerate(pdf.pages, 1):
                if any(c["text"].strip() for c in page.chars):
                    text_found = True
                reader.page(page, n)
    except ReadError:
        raise
    except Exception as e:
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        raise ReadError(f"not a readable PDF ({_why(cause)})") from None
    if not text_found:
        raise ReadError("scanned PDF without a text layer; nianbao needs text (run OCR first)")
    reader.flush()
    return reader.b.build()


def _why(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg[:80]}" if msg else type(e).__name__
