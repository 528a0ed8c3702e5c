"""Two real published reports, turned into text by common tools: the reader must not lean on line
breaks or on one tool's layout.

The documents are `../shared/corpus/real/hongze-2024.pdf` (淮安市洪泽区 2024, a real PDF) and
`pingtan-spj-2025.html` (平潭综合实验区行政审批局 2025, a real report page). Their answer keys are read
at test time, never copied: `pdfplumber-hongze-2024.key.json` (same values as the pdftotext key)
and `html-tab-pingtan-spj-2025.key.json` (same values as the html2text key).

Each rendering is made here, once per module, by the tool itself (cached in pytest's temporary
directory; the failure messages name the file). Classes:

- a: every table value is present, in template order → the reader must read table 三, table 四
  and the sections exactly as the key says, and the linter must report every must_find code and
  no must_not_find code; the same holds with every line break inside the tables replaced by a
  space, and with every line break outside them replaced by a space.
- b: the values are present but scrambled (column-major blocks): the reader may leave rows
  unassigned, but every value it does give must be the key's, and no arithmetic finding (NB3xx:
  the source tables balance) may come out of it.
- c (losing or corrupting data) renderings are not tested: Debian's html2text 1.3.2a cuts UTF-8
  sequences inside cells (`0\\ufffd`, `（三\\ufffd`); markitdown re-tables the PDF prose and puts two
  columns' numbers into one cell (`| 95 0 |`); trafilatura drops the title.

Which key codes carry over to another rendering of the same document: all of them that are about
the document's content. hongze: NB206 (one 2019-style （六）其他处理 row in a 2024 report), NB401
(受理…申请 17 件 vs r1 总计 95) and NB207 (the label typo 2.其他法律行政止公开, printed so in the PDF
and on one line in every rendering) are in the document, not in the pdfplumber layout; pingtan:
NB202 (table 二 has no 规章 row in the page itself). The keys' `where` (line numbers, quoted
lines) belongs to their own layout and is not checked here; only the codes are. Two renderings
change what is in the text, and their rows in RENDERINGS say so: the glued crawler text makes
table 二's row 行政规范性文件 `3024` unsplittable (NB203 becomes a must, as in the oneline keys), and
pandoc's Markdown writer turns the curly quotes of 3.危及“三安全一稳定” into ASCII `"` (a label
deviation the tool made: NB207 may be reported).

pip tools (pinned in the `test` extra): PyMuPDF, pdfplumber, pdfminer.six, pypdf, pypdfium2 for
the PDF; html2text, markdownify, BeautifulSoup, inscriptis and pandoc (pypandoc-binary ships it)
for the HTML. Debian tools: pdftotext (poppler-utils) and w3m; where one is missing its tests
fail and say which package `.ci/run` must install.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Callable, NamedTuple

import pytest

from conftest import SHARED
from nianbao.grammar import lint, parse, to_dict

REAL = SHARED / "corpus" / "real"
DOCS = {"hongze": REAL / "hongze-2024.pdf", "pingtan": REAL / "pingtan-spj-2025.html"}
KEYS = {"hongze": REAL / "pdfplumber-hongze-2024.key.json", "pingtan": REAL / "html-tab-pingtan-spj-2025.key.json"}

# every break str.splitlines() knows (pdftotext's U+000C page starts included)
BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def flatten(text: str) -> str:
    """A crawler's flattening: every line break becomes one space."""
    return BREAK.sub(" ", text)


def collapse(text: str) -> str:
    """A crawler's page text: every run of whitespace becomes one space, so the body is one line."""
    return re.sub(r"\s+", " ", text).strip()


# --- one helper per tool --------------------------------------------------------------------------

def pymupdf_text(pdf: Path, **opts) -> str:
    import pymupdf
    with pymupdf.open(pdf) as doc:
        return "".join(page.get_text(**opts) for page in doc)


def pymupdf_blocks(pdf: Path) -> str:
    import pymupdf
    with pymupdf.open(pdf) as doc:
        return "\n".join(b[4] for page in doc for b in page.get_text("blocks") if b[6] == 0)


def pdfplumber_text(pdf: Path, **opts) -> str:
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text(**opts) or "" for page in doc.pages)


def pdfminer_text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text
    return extract_text(pdf)


def pypdf_text(pdf: Path, **opts) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text(**opts) for page in PdfReader(pdf).pages)


def pdfium_text(pdf: Path) -> str:
    import pypdfium2
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def debian_tool(command: str, package: str) -> str:
    path = shutil.which(command)
    if path is None:
        pytest.fail(f"{command} is not installed: .ci/run must `apt-get install -y {package}` "
                    f"(Debian package {package}) for this rendering")
    return path


def pdftotext(pdf: Path, *opts: str) -> str:
    exe = debian_tool("pdftotext", "poppler-utils")
    return subprocess.run([exe, *opts, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          timeout=120).stdout.decode("utf-8")


def w3m(html: Path) -> str:
    exe = debian_tool("w3m", "w3m")
    return subprocess.run([exe, "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "80", str(html)],
                          capture_output=True, check=True, timeout=120).stdout.decode("utf-8")


def html2text_md(html: Path, **opts) -> str:
    import html2text
    h = html2text.HTML2Text()
    for k, v in opts.items():
        setattr(h, k, v)
    return h.handle(html.read_text(encoding="utf-8"))


def markdownify_md(html: Path) -> str:
    from markdownify import markdownify
    return markdownify(html.read_text(encoding="utf-8"))


def inscriptis_text(html: Path) -> str:
    from inscriptis import get_text
    return get_text(html.read_text(encoding="utf-8"))


def pandoc(html: Path, to: str, via_docx: bool = False, tmp: Path | None = None) -> str:
    import pypandoc
    if not via_docx:
        return pypandoc.convert_file(str(html), to, format="html")
    docx = tmp / f"{html.stem}.docx"
    pypandoc.convert_file(str(html), "docx", format="html", outputfile=str(docx))
    return pypandoc.convert_file(str(docx), to, format="docx")


def soup_text(html: Path, sep: str) -> str:
    from bs4 import BeautifulSoup
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").get_text(sep)


# --- the renderings -------------------------------------------------------------------------------

class Rendering(NamedTuple):
    id: str
    doc: str                                   # "hongze" (the PDF) or "pingtan" (the HTML)
    cls: str                                   # "a" or "b", see the module docstring
    make: Callable[[Path, Path], str]          # (document, scratch folder) -> text
    must: frozenset = frozenset()              # codes this rendering adds to the key's must_find
    may: frozenset = frozenset()               # must_not_find codes this rendering makes debatable
    breaks: bool = True                        # has line breaks (else no line-break variants)


R = Rendering
RENDERINGS = [
    # PDF, pip tools
    # one cell per line; stub 三/、/本/年/度/办/理/结/果 one character per line; footer "- 4 -" between r3.4.1 and r3.4.2
    R("pymupdf", "hongze", "a", lambda d, t: pymupdf_text(d)),
    # layout columns of spaces; footer "- 3 -" and ~90 spaces glued before r3.4.2 on its line; r3.2's numbers between its label halves
    R("pymupdf-sorted", "hongze", "a", lambda d, t: pymupdf_text(d, sort=True)),
    # text blocks joined by blank lines: a label and its 7 numbers one per line in one block
    R("pymupdf-blocks", "hongze", "a", lambda d, t: pymupdf_blocks(d)),
    # a crawler's flattening: the whole report on one line, headings and rows mid-line
    R("pymupdf-flat", "hongze", "a", lambda d, t: flatten(pymupdf_text(d)), breaks=False),
    # = the shared pdfplumber rendering: number lines before their labels, group labels glued before row labels
    R("pdfplumber", "hongze", "a", lambda d, t: pdfplumber_text(d)),
    # fixed-width page image: indented headings, trailing spaces, number lines above and between label lines
    R("pdfplumber-layout", "hongze", "a", lambda d, t: pdfplumber_text(d, layout=True)),
    # one row per line; r3.2's numbers after the second half of its wrapped label; "总 计" spaced
    R("pypdf", "hongze", "a", lambda d, t: pypdf_text(d)),
    # layout mode: a label glued to its first number ("重新出具0  0  0"), wrapped label halves after the numbers
    R("pypdf-layout", "hongze", "a", lambda d, t: pypdf_text(d, extraction_mode="layout")),
    # PDFium: CRLF line ends (pages joined by LF), each page's footer "- n -" at the page's top
    R("pdfium", "hongze", "a", lambda d, t: pdfium_text(d)),
    # column-major: all labels first, then each column's numbers as a block ("95 0 50 9 0 0 1 0 0 1 1 0 31")
    R("pdfminer", "hongze", "b", lambda d, t: pdfminer_text(d)),
    # PDF, Debian's poppler-utils
    # content-stream order: one row per line; U+000C before each page's footer
    R("pdftotext-raw", "hongze", "a", lambda d, t: pdftotext(d, "-raw")),
    # = the shared pdftotext rendering: runs of spaces, stub spaced out (" 三 、本 年 度办 理 结果"), all 15 of table 四 on one line
    R("pdftotext-layout", "hongze", "a", lambda d, t: pdftotext(d, "-layout")),
    # default order: r1's numbers before its label, then r3.3.1–r3.4.1 as column blocks ("0 0 1 0 0 1 1 0 31" = 自然人 of 9 rows)
    R("pdftotext", "hongze", "b", lambda d, t: pdftotext(d)),
    # the same on one line
    R("pdftotext-flat", "hongze", "b", lambda d, t: flatten(pdftotext(d)), breaks=False),
    # HTML, pip tools
    # = the shared html2text rendering: "| " cells, merged cells dropped (rows of 8/9 cells), two-space hard breaks
    R("html2text", "pingtan", "a", lambda d, t: html2text_md(d)),
    # pipe table padded into columns, but the stub cells shift the columns row by row
    R("html2text-padded", "pingtan", "a", lambda d, t: html2text_md(d, pad_tables=True)),
    # one cell per paragraph (blank line between cells), rows end in "  "
    R("html2text-no-tables", "pingtan", "a", lambda d, t: html2text_md(d, ignore_tables=True)),
    # GFM: an empty header row, colspans as empty cells ("数量 | | | 6 |"), "自  然  人"
    R("markdownify", "pingtan", "a", lambda d, t: markdownify_md(d)),
    # 2-D text layout: the rowspan stub one character per line with r3.1's row on the 度 line; blank lines of spaces
    R("inscriptis", "pingtan", "a", lambda d, t: inscriptis_text(d)),
    # grid tables (+---+ rules, | cells |): the rowspan stub 三/、/本… one character per line in its own column, header cells stacked
    R("pandoc-plain", "pingtan", "a", lambda d, t: pandoc(d, "plain")),
    # grid tables plus ::: divs and [..]{.class} spans; smart quotes written as ASCII: 3.危及"三安全一稳定"
    R("pandoc-markdown", "pingtan", "a", lambda d, t: pandoc(d, "markdown"), may=frozenset({"NB207"})),
    # tables kept as raw HTML: <td colspan="3" rowspan="3">, <col style="width: 10%" />, one tag per line
    R("pandoc-gfm", "pingtan", "a", lambda d, t: pandoc(d, "gfm")),
    # through Word: html → docx → plain; grid tables as Word laid them out
    R("pandoc-docx", "pingtan", "a", lambda d, t: pandoc(d, "plain", via_docx=True, tmp=t)),
    # BeautifulSoup get_text("\n"): one cell (one <p>) per line, header 自/然/人 on three lines
    R("soup-lines", "pingtan", "a", lambda d, t: soup_text(d, "\n")),
    # crawler page text: every cell and heading separated by one space, the whole page one line
    R("crawler-spaced", "pingtan", "a", lambda d, t: collapse(soup_text(d, " ")), breaks=False),
    # crawler page text with cells glued ("申请数量6000006二、上年结转…"); table 二 "行政规范性文件3024" has 2 splits: NB203
    R("crawler-glued", "pingtan", "a", lambda d, t: collapse(soup_text(d, "")), breaks=False, must=frozenset({"NB203"})),
    # HTML, Debian's w3m
    # 80-column box-drawing table: labels wrapped inside their cells ("不计其他 │0 │…" / "│  │情形）"), stub 三/、/本… down the left
    R("w3m", "pingtan", "a", lambda d, t: w3m(d)),
]
BY_ID = {f"{r.id}-{r.doc}": r for r in RENDERINGS}
CLASS_A = [k for k, r in BY_ID.items() if r.cls == "a"]
CLASS_B = [k for k, r in BY_ID.items() if r.cls == "b"]


class Renderings:
    """Each rendering made on first use and kept as a file (bytes as the tool gave them)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.txt"

    def __getitem__(self, name: str) -> str:
        path = self.path(name)
        if not path.exists():
            r = BY_ID[name]
            scratch = self.folder / "scratch"
            scratch.mkdir(exist_ok=True)
            text = r.make(DOCS[r.doc], scratch)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> Renderings:
    return Renderings(tmp_path_factory.mktemp("renderings"))


def key_of(name: str) -> dict:
    return json.loads(KEYS[BY_ID[name].doc].read_text(encoding="utf-8"))


# --- what is read ---------------------------------------------------------------------------------

def read(text: str, name: str) -> dict:
    return to_dict(parse(text), name)


def table_diff(d: dict, key: dict, exact: bool) -> list[str]:
    """Cells that differ from the key; with exact=False a blank (None) reading is no difference."""
    wrong = []
    got3 = d["table3"] or {}
    for rid, want in key["table3"].items():
        got = got3.get(rid) or [None] * 7
        for i, (w, g) in enumerate(zip(want, got)):
            if g != w and (exact or g is not None):
                wrong.append(f"{rid}[{i}] want {w} got {g}")
    for rid, got in got3.items():               # rows the key has not (2021 sub-rows in hongze) stay unread
        if rid not in key["table3"] and got is not None and any(v is not None for v in got):
            wrong.append(f"{rid} is not in the source, got {got}")
    got4 = d["table4"] or [None] * 15
    for i, (w, g) in enumerate(zip(key["table4"], got4)):
        if g != w and (exact or g is not None):
            wrong.append(f"table4[{i}] want {w} got {g}")
    return wrong


def sections(d: dict) -> list[int]:
    return [s["number"] for s in d["sections"]]


def assert_reads_the_key(text: str, name: str, where: str) -> None:
    key = key_of(name)
    d = read(text, name)
    wrong = table_diff(d, key, exact=True)
    assert not wrong, f"{where}: {len(wrong)} cells wrong: " + "; ".join(wrong[:20])
    assert sections(d) == key["sections_present"], where


@pytest.mark.parametrize("name", CLASS_A)
def test_reads_every_value(renderings, name):
    assert_reads_the_key(renderings[name], name, str(renderings.path(name)))


@pytest.mark.parametrize("name", CLASS_A)
def test_lint_reports_the_keys_codes(renderings, name):
    r, key = BY_ID[name], key_of(name)
    must = {m["code"] for m in key["must_find"]} | r.must
    must_not = set(key["must_not_find"]) - r.must - r.may
    codes = {f.code for f in lint(renderings[name])}
    assert sorted(must - codes) == [], f"{renderings.path(name)}: missed codes"
    assert sorted(must_not & codes) == [], f"{renderings.path(name)}: false codes"


@pytest.mark.parametrize("name", CLASS_B)
def test_scrambled_values_are_never_misread(renderings, name):
    key, text = key_of(name), renderings[name]
    d = read(text, name)
    wrong = table_diff(d, key, exact=False)
    assert not wrong, f"{renderings.path(name)}: misread: " + "; ".join(wrong[:20])
    assert sections(d) == key["sections_present"], renderings.path(name)
    arithmetic = sorted({f.code for f in lint(text)} & {"NB301", "NB302", "NB303", "NB304"})
    assert arithmetic == [], f"{renderings.path(name)}: the source tables balance"


# --- line breaks carry no meaning -----------------------------------------------------------------

HEADINGS = ("二、主动公开", "三、收到和处理", "四、政府信息公开行政复议", "五、存在的主要问题")


def table_regions(text: str) -> list[tuple[int, int]]:
    """The text of tables 二, 三 and 四: from the line after heading 二 (三, 四) up to the line break
    before heading 三 (四, 五). The breaks that end a heading line or precede one are not inside."""
    starts, pos = [], 0
    for anchor in HEADINGS:
        pos = text.index(anchor, pos)
        starts.append(pos)
    regions = []
    for here, there in zip(starts, starts[1:]):
        start = BREAK.search(text, here).end()
        end = [m.start() for m in BREAK.finditer(text, start, there)][-1]
        regions.append((start, end))
    return regions


def join_inside_tables(text: str) -> str:
    out, pos = [], 0
    for a, b in table_regions(text):
        out += [text[pos:a], flatten(text[a:b])]
        pos = b
    return "".join(out) + text[pos:]


def join_outside_tables(text: str) -> str:
    out, pos = [], 0
    for a, b in table_regions(text):
        out += [flatten(text[pos:a]), text[a:b]]
        pos = b
    return "".join(out) + flatten(text[pos:])


VARIANTS = {"tables-one-line": join_inside_tables, "prose-one-line": join_outside_tables}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", [k for k in CLASS_A if BY_ID[k].breaks])
def test_line_breaks_carry_no_meaning(renderings, name, variant):
    original = renderings[name]
    text = VARIANTS[variant](original)
    assert text != original
    path = renderings.path(name).with_suffix(f".{variant}.txt")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    assert_reads_the_key(text, name, str(path))
