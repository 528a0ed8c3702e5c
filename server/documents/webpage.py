"""A report published as a web page (.html/.htm) → text, through the standard library's HTML
parser: the page's visible text, a line per paragraph, and its <table>s as TAB-separated rows
with rowspan/colspan resolved. Scripts, styles and the site's navigation are left out.
Origins: the line and column of the text in the HTML source (1-based, in characters)."""
from __future__ import annotations

import codecs
import sys
from html.parser import HTMLParser

from ..files import ReadError
from .origin import Converted, TextBuilder, join_wrapped

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "keygen", "basefont", "bgsound", "frame"}
BLOCK = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
         "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
         "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
         "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
         "tr", "ul"}
# never text a reader sees in the page (the <title> is the tab's; the body repeats it when it matters)
HIDDEN = {"head", "title", "script", "style", "noscript", "template", "select", "button", "textarea", "object",
          "iframe", "svg", "map"}
# a new one of these ends the open one (HTML's implied end tags, enough for real pages)
CLOSES = {"p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
          "td": {"td", "th"}, "th": {"td", "th"}, "tr": {"tr", "td", "th"},
          "tbody": {"tbody", "thead", "tfoot", "tr", "td", "th"}, "thead": {"tbody", "thead", "tfoot", "tr", "td", "th"},
          "tfoot": {"tbody", "thead", "tfoot", "tr", "td", "th"}, "option": {"option"}}
P_CLOSERS = BLOCK - {"body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "li", "dd", "dt"}
SCOPE = {"table", "td", "th", "html", "body", "ul", "ol", "dl", "button", "object"}
NAV_WORDS = {"nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "crumb", "crumbs"}
DEPTH = 50_000 if sys.version_info >= (3, 11) else 8_000
SPACE = str.maketrans(dict.fromkeys(" \t\n\r\f", " "))     # HTML collapses these, not NBSP or U+3000
ENCODINGS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
             "gb_2312-80": "gb18030", "euc-cn": "gb18030", "gb18030": "gb18030"}


class Node:
    __slots__ = ("tag", "attrs", "children", "line", "col")

    def __init__(self, tag: str, attrs: dict, line: int, col: int):
        self.tag = tag
        self.attrs = attrs
        self.children: list = []         # Nodes and Text
        self.line = line
        self.col = col


class Text:
    __slots__ = ("data", "line", "col", "verbatim")

    def __init__(self, data: str, line: int, col: int, verbatim: bool):
        self.data = data
        self.line = line
        self.col = col
        self.verbatim = verbatim         # the source has these very characters (no entity, no break)


class _TreeBuilder(HTMLParser):
    """Tags into a tree, closing what HTML closes implicitly (an unclosed <p> before a <div>,
    a <td> before the next <td>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, 1, 1)
        self.stack = [self.root]

    def _close_implied(self, tag: str) -> None:
        closes = CLOSES.get(tag, set())
        if tag in P_CLOSERS:
            closes = closes | {"p"}
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t in closes:
                del self.stack[i:]
                return
            if t in SCOPE or t == tag:
                return

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES or tag in P_CLOSERS:
            self._close_implied(tag)
        line, col = self.getpos()
        node = Node(tag, {k: v or "" for k, v in attrs}, line, col + 1)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "br":                  # </br> is a <br> to browsers
            self.handle_starttag("br", [])
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
            if self.stack[i].tag == "table":
                return                   # a stray end tag does not close across a table

    def handle_data(self, data):
        line, col = self.getpos()        # where the data starts: reported before the parser moves on
        start = self._line_starts[line - 1] + col
        verbatim = self._text[start:start + len(data)] == data and "\n" not in data
        self.stack[-1].children.append(Text(data, line, col + 1, verbatim))

    def feed_all(self, text: str) -> Node:
        starts = [0]
        i = text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self._line_starts = starts
        self._text = text
        self.feed(text)
        self.close()
        return self.root


def _skipped(node: Node, in_article: bool) -> bool:
    tag, a = node.tag, node.attrs
    if tag in HIDDEN or tag == "nav" or "hidden" in a or a.get("role") == "navigation" or a.get("aria-hidden") == "true":
        return True
    if tag in ("header", "footer") and not in_article:       # an article's own header is its title
        return True
    style = a.get("style", "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    words = set()
    for name in (a.get("class", ""), a.get("id", "")):
        for token in name.lower().split():
            words.update(token.replace("_", "-").split("-"))
    return bool(words & NAV_WORDS)


class _Writer:
    """Walks the tree; lines of the text go to the builder, a table's rows as TAB rows."""

    def __init__(self, builder: TextBuilder):
        self.b = builder
        self.pieces: list[tuple[str, dict, bool]] = []
        self.tables = 0
        self.pre = 0

    def flush(self) -> None:
        if self.pieces:
            self.b.line(self.pieces)
            self.pieces = []

    def text(self, t: Text) -> None:
        origin = {"source_line": t.line, "source_column": t.col}
        if self.pre:
            first = True
            for part in t.data.split("\n"):
                if not first:
                    self.flush()
                first = False
                self.pieces.append((part, origin, False))
            return
        spaced = t.data.translate(SPACE)
        data = " ".join(w for w in spaced.split(" ") if w)
        if not data:
            if self.pieces and not self.pieces[-1][0].endswith(" "):
                self.pieces.append((" ", origin, False))
            return
        if spaced[0] == " " and self.pieces and not self.pieces[-1][0].endswith(" "):
            self.pieces.append((" ", origin, False))
        verbatim = t.verbatim and data == t.data
        self.pieces.append((data, origin, verbatim))
        if spaced[-1] == " ":
            self.pieces.append((" ", origin, False))

    def walk(self, node: Node, in_article: bool = False) -> None:
        for child in node.children:
            if isinstance(child, Text):
                self.text(child)
                continue
            tag = child.tag
            if _skipped(child, in_article):
                continue
            if tag == "br":
                self.flush()
                continue
            if tag == "table":
                self.flush()
                self.table(child, in_article)
                continue
            block = tag in BLOCK
            if block:
                self.flush()
            self.pre += tag == "pre"
            self.walk(child, in_article or tag in ("article", "main"))
            self.pre -= tag == "pre"
            if block:
                self.flush()

    def cell_text(self, cell: Node, in_article: bool) -> tuple[str, dict]:
        """A cell's lines (its <p>s, <br>s) joined into one field; its origin is its first text."""
        sub = TextBuilder("html")
        w = _Writer(sub)
        w.walk(cell, in_article)
        w.flush()
        out = sub.build()
        lines = [ln for ln in out.text.split("\n") if ln.strip()]
        origin = dict(out.origins[0]) if out.origins else {"source_line": cell.line, "source_column": cell.col}
        return join_wrapped(lines), origin

    def table(self, table: Node, in_article: bool) -> None:
        rows = list(_rows(table))
        if _layout(table, rows):         # a page laid out with a table: its cells are blocks
            for tr in rows:
                for cell in _cells(tr):
                    self.walk(cell, in_article)
                    self.flush()
            return
        self.tables += 1
        number = self.tables
        grid: list[list] = []
        for r, tr in enumerate(rows):
            while len(grid) <= r:
                grid.append([])
            c = 0
            for cell in _cells(tr):
                while c < len(grid[r]) and grid[r][c] is not False:
                    c += 1
                rowspan = _span(cell.attrs.get("rowspan"), len(rows) - r)
                colspan = _span(cell.attrs.get("colspan"), 1000)
                text, origin = self.cell_text(cell, in_article)
                origin.update(table=number, row=r + 1, cell=c + 1)
                for dr in range(rowspan):
                    while len(grid) <= r + dr:
                        grid.append([])
                    line = grid[r + dr]
                    while len(line) < c + colspan:
                        line.append(False)
                    for dc in range(colspan):
                        line[c + dc] = (text, origin) if dr == dc == 0 else None
                c += colspan
        width = max((len(line) for line in grid), default=0)
        caption = next((ch for ch in table.children if isinstance(ch, Node) and ch.tag == "caption"), None)
        self.b.blank()
        if caption is not None:
            self.walk(caption, in_article)
            self.flush()
        for line in grid:
            self.b.row([c or None for c in line] + [None] * (width - len(line)))
        self.b.blank()


def _span(value: str | None, limit: int) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    if n == 0:                           # rowspan="0": to the end of the table
        return max(limit, 1)
    return max(1, min(n, limit))


def _rows(table: Node):
    """The table's own <tr>s (through thead/tbody/tfoot), not those of tables inside it."""
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                yield child
            elif child.tag in ("thead", "tbody", "tfoot"):
                yield from _rows(child)


def _cells(tr: Node):
    return [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]


def _layout(table: Node, rows: list[Node]) -> bool:
    """A table that holds other tables, or only one column, lays out the page; it is no data table."""
    def has_table(n: Node) -> bool:
        return any(isinstance(c, Node) and (c.tag == "table" or has_table(c)) for c in n.children)
    if not rows:
        return True
    if all(len(_cells(tr)) <= 1 and all(_span(c.attrs.get("colspan"), 1000) == 1 for c in _cells(tr)) for tr in rows):
        return True
    return any(has_table(c) for tr in rows for c in _cells(tr))


class _MetaCharset(HTMLParser):
    """The encoding a page declares in <meta charset> or <meta http-equiv content="…charset=…">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.charset: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag != "meta" or self.charset:
            return
        a = {k.lower(): (v or "") for k, v in attrs}
        if a.get("charset"):
            self.charset = a["charset"].strip()
        elif a.get("http-equiv", "").lower() == "content-type":
            for part in a.get("content", "").split(";"):
                key, _, val = part.partition("=")
                if key.strip().lower() == "charset":
                    self.charset = val.strip().strip("'\"")

    handle_startendtag = handle_starttag


def _known(name: str | None) -> str | None:
    if not name:
        return None
    name = ENCODINGS.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """(text, encoding): --encoding, else a BOM, else the page's own declaration, else UTF-8,
    else GB18030 (what Chinese government sites use when they are not UTF-8)."""
    if forced:
        try:
            return data.decode(forced), forced
        except (LookupError, UnicodeDecodeError) as e:
            raise ReadError(f"cannot decode the page as {forced} ({e.__class__.__name__})") from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                raise ReadError(f"not valid {enc} after its byte order mark") from None
    meta = _MetaCharset()
    try:
        meta.feed(data[:8192].decode("latin-1"))   # ASCII markup reads the same in any of them
    except Exception:                    # a half tag at the cut, or worse: no declaration then
        pass
    declared = _known(meta.charset)
    for enc in (declared, "utf-8", "gb18030"):
        if enc:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue
    raise ReadError("neither UTF-8 nor GB18030 text, and no charset the page declares fits; use --encoding")


def convert(data: bytes, encoding: str | None = None) -> Converted:
    text, _ = decode(data, encoding)
    if "\x00" in text[:8192]:
        raise ReadError("binary file (contains NUL bytes), not a web page")
    text = text.replace("\r\n", "\n")    # HTMLParser counts lines by \n
    tree = _TreeBuilder().feed_all(text)
    builder = TextBuilder("html")
    w = _Writer(builder)
    # the walk recurses once per level of nesting, and old CMS pages leave thousands of <font>
    # unclosed; Python-to-Python calls do not use the C stack from 3.11 on, so allow deep ones
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, DEPTH))
    try:
        w.walk(tree)
        w.flush()
    except RecursionError:
        raise ReadError(f"elements nested too deeply to read (more than {DEPTH} levels)") from None
    finally:
        sys.setrecursionlimit(limit)
    return builder.build()
