"""Published documents in: `nianbao lint` / `dump` / `text` on .pdf, .html and .docx files.

The PDF and the web page are the real published reports in ../shared/corpus/real; their answer
keys (pdfplumber-hongze-2024.key.json, html-tab-pingtan-spj-2025.key.json) are read at test time.
No real .docx report exists: Word files are built at test time with python-docx from the real
web page and from the seeds (how: tests/documents_make.py), in tmp_path.

Two kinds of value test per format: `…_converted_text_…` checks the text nianbao makes of the
document against the key row by row (labels and values of tables 三 and 四, the six headings),
independently of the reader; `…_dump_…` checks what the reader makes of it, through the
installed command, against the key as ../shared/tools/score_real.py scores it.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED, seed_path
from documents_make import docx_from_html, docx_from_text, pdf

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
REAL = SHARED / "corpus" / "real"
PDF = REAL / "hongze-2024.pdf"
HTML = REAL / "pingtan-spj-2025.html"
PDF_KEY = REAL / "pdfplumber-hongze-2024.key.json"
HTML_KEY = REAL / "html-tab-pingtan-spj-2025.key.json"
CLEAN = Path(__file__).parent / "fixtures" / "clean-2021.txt"
NUMERALS = "一二三四五六"


def run(*args, cwd=None):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, timeout=300)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def key(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spj_docx(tmp_path_factory) -> Path:
    """The real web page as the Word document it was typed in (merged cells as Word makes them)."""
    path = tmp_path_factory.mktemp("docx") / "pingtan-spj-2025.docx"
    path.write_bytes(docx_from_html(HTML.read_bytes()))
    return path


# --- the converted text, checked against the key independently of the reader -------------

def _labels():
    from nianbao.grammar import EDITIONS
    out = {r.id: r.label for r in EDITIONS["2019"].table3_data_rows}
    out.update({r.id: r.label for r in EDITIONS["2021"].table3_data_rows})
    return out


def _value_rows(text: str, n: int) -> list[tuple[str, list[int]]]:
    """(label, values) of every TAB row that ends in n numbers, in order."""
    out = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) > n and all(f.strip().isdigit() for f in fields[-n:]) and \
                not fields[-n - 1].strip().isdigit():
            label = next((f for f in reversed(fields[:-n]) if f.strip()), "")
            out.append((label, [int(f) for f in fields[-n:]]))
        elif len(fields) == n and all(f.strip().isdigit() for f in fields):
            out.append(("", [int(f) for f in fields]))
    return out


def check_converted(text: str, k: dict, printed: dict[str, str]) -> None:
    """Every table 三 row of the key, in the template's order, as one TAB row: its label (as the
    document prints it: `printed`) and its 7 values; table 四's 15 values as one row; each
    statutory heading on a line of its own."""
    labels = _labels()
    rows = [r for r in _value_rows(text, 7) if r[0]]
    want = [(printed.get(rid, labels[rid]), vals) for rid, vals in k["table3"].items()]
    assert rows == want
    assert [v for label, v in _value_rows(text, 15)] == [k["table4"]]
    lines = [ln.strip() for ln in text.splitlines()]
    for n in k["sections_present"]:
        assert any(ln.startswith(NUMERALS[n - 1] + "、") and "\t" not in ln and len(ln) < 30 for ln in lines), n


def test_pdf_converted_text_has_every_value_of_the_key():
    rc, text, err = run("text", PDF)
    assert (rc, err) == (0, "")
    # the PDF prints this label so (the key's NB207); the 2024 report still has the single 2019 row
    check_converted(text, key(PDF_KEY), {"r3.3.2": "2.其他法律行政止公开", "r3.6": "（六）其他处理"})
    assert "\n- " not in text and "-1-" not in text          # page numbers are gone
    assert "受理政府信息公开申请17件" in text                   # wrapped lines joined, no gap before 17


def test_html_converted_text_has_every_value_of_the_key():
    rc, text, err = run("text", HTML)
    assert (rc, err) == (0, "")
    check_converted(text, key(HTML_KEY), {})


def test_docx_converted_text_has_every_value_of_the_key(spj_docx):
    rc, text, err = run("text", spj_docx)
    assert (rc, err) == (0, "")
    check_converted(text, key(HTML_KEY), {})
    # Word's merged cells read like the page's rowspan/colspan: the same table rows
    html_rows = [ln for ln in run("text", HTML)[1].splitlines() if "\t" in ln]
    assert [ln for ln in text.splitlines() if "\t" in ln] == html_rows


def test_merged_cells_are_read_once_and_every_row_has_the_grid_width():
    _, text, _ = run("text", HTML)
    table3 = [ln.split("\t") for ln in text.split("三、收到和处理政府信息公开申请情况", 1)[1]
              .split("四、政府信息公开", 1)[0].splitlines() if "\t" in ln]
    assert {len(r) for r in table3} == {10}                  # 3 stub columns + 7
    assert sum(f == "三、本年度办理结果" for r in table3 for f in r) == 1   # rowspan=22, once
    assert table3[1][:5] == ["", "", "", "自然人", "法人或其他组织"]        # covered: empty fields
    assert table3[5][:2] == ["三、本年度办理结果", "（一）予以公开"]
    assert table3[6][:2] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]


# --- what the reader makes of it, through `nianbao dump`, against the key --------------------

def wrong_cells(got: dict, k: dict) -> list[str]:
    """As ../shared/tools/score_real.py compares: table 三/四 cells and sections."""
    wrong = []
    for rid, vals in k["table3"].items():
        g = (got.get("table3") or {}).get(rid) or [None] * 7
        wrong += [f"{rid}[{i}] want {v} got {g[i]}" for i, v in enumerate(vals) if v is not None and g[i] != v]
    g4 = got.get("table4") or [None] * 15
    wrong += [f"table4[{i}] want {v} got {g4[i]}" for i, v in enumerate(k["table4"]) if v is not None and g4[i] != v]
    found = {s["number"] for s in got["sections"]}
    wrong += [f"section {n} missing" for n in k["sections_present"] if n not in found]
    return wrong


@pytest.mark.parametrize("doc,key_path", [(PDF, PDF_KEY), (HTML, HTML_KEY), ("docx", HTML_KEY)],
                         ids=["pdf", "html", "docx"])
def test_dump_matches_the_key(doc, key_path, spj_docx):
    doc = spj_docx if doc == "docx" else doc
    rc, out, err = run("dump", "--format", "json", doc)
    assert (rc, err) == (0, "")
    got = json.loads(out)
    assert got["year"] == key(key_path)["year"]
    assert wrong_cells(got, key(key_path)) == []


@pytest.mark.parametrize("doc,key_path", [(PDF, PDF_KEY), (HTML, HTML_KEY), ("docx", HTML_KEY)],
                         ids=["pdf", "html", "docx"])
def test_lint_finds_what_the_key_says(doc, key_path, spj_docx):
    doc = spj_docx if doc == "docx" else doc
    k = key(key_path)
    rc, out, err = run("lint", "--format", "json", doc)
    assert "nianbao: error" not in err and rc in (0, 1)
    codes = {f["code"] for f in json.loads(out)}
    assert {m["code"] for m in k["must_find"]} - codes == set()
    assert codes & set(k["must_not_find"]) == set()


SEEDS_IN_WORD = ["000", "001", "003", "004"]   # 002 writes one value per line: no table to build


@pytest.mark.parametrize("seed", SEEDS_IN_WORD)
def test_a_seed_typed_into_word_reads_as_its_text_does(seed, tmp_path):
    text = seed_path(seed).read_text(encoding="utf-8-sig")
    doc = tmp_path / f"{seed}.docx"
    doc.write_bytes(docx_from_text(text))
    a = json.loads(run("dump", seed_path(seed))[1])
    b = json.loads(run("dump", doc)[1])
    for k in ("title", "year", "edition", "table2", "table3", "table4"):
        assert a[k] == b[k], k
    assert [s["number"] for s in a["sections"]] == [s["number"] for s in b["sections"]]


# --- where a finding is ---------------------------------------------------------------------

def test_pdf_findings_name_page_and_line():
    rc, out, _ = run("lint", PDF)
    nb401 = next(ln for ln in out.splitlines() if " NB401 " in ln)
    assert nb401.startswith(f"{PDF}:p1:l24: warning NB401 ")
    import pdfplumber                      # line 24 of page 1, as pdfplumber counts its lines
    with pdfplumber.open(PDF) as p:
        assert "17" in p.pages[0].extract_text_lines()[23]["text"]
    f = next(x for x in json.loads(run("lint", "--format", "json", PDF)[1]) if x["code"] == "NB401")
    assert {k: f["origin"][k] for k in ("page", "line")} == {"page": 1, "line": 24}
    assert "17" in f["origin"]["text"]
    gh = next(ln for ln in run("lint", "--format", "github", PDF)[1].splitlines() if "NB401" in ln)
    assert f"file={PDF}::" in gh and "（第1页第24行" in gh and ",line=" not in gh
    res = next(r for r in json.loads(run("lint", "--format", "sarif", PDF)[1])["runs"][0]["results"]
               if r["ruleId"] == "NB401")
    loc = res["locations"][0]
    assert loc["physicalLocation"] == {"artifactLocation": {"uri": PDF.as_uri()}}     # outside the current folder
    assert loc["logicalLocations"] == [{"name": "p1:l24"}]
    assert loc["properties"]["origin"]["page"] == 1


def test_html_findings_name_the_source_position_and_the_visible_text():
    source = HTML.read_text(encoding="utf-8").splitlines()
    rc, out, _ = run("lint", HTML)
    line = next(ln for ln in out.splitlines() if " NB105 " in ln)
    place = line[len(str(HTML)) + 1:line.index(": warning NB105")]
    pos, quote = place.split(" ", 1)
    row, col = map(int, pos.split(":"))
    assert quote == "“政府信息公开行政复议与行政诉讼情况”"
    assert source[row - 1][col - 1:].startswith("政府信息公开行政复议与行政诉讼情况")
    data = json.loads(run("lint", "--format", "json", HTML)[1])
    nb202 = next(f for f in data if f["code"] == "NB202")
    o = nb202["origin"]
    assert (o["table"], o["row"], o["cell"]) == (1, 3, 1) and o["text"].startswith("行政规范性文件")
    assert source[o["source_line"] - 1][o["source_column"] - 1:].startswith("行政规范性文件")
    assert nb202["location"] and nb202["fix"]                # existing keys unchanged
    gh = next(ln for ln in run("lint", "--format", "github", HTML)[1].splitlines() if "NB105" in ln)
    assert f",line={row},col={col}::" in gh and "网页源码第" in gh
    res = next(r for r in json.loads(run("lint", "--format", "sarif", HTML)[1])["runs"][0]["results"]
               if r["ruleId"] == "NB105")
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": row, "startColumn": col}


def test_docx_findings_name_paragraph_or_table_cell(spj_docx):
    import docx
    d = docx.Document(str(spj_docx))
    rc, out, _ = run("lint", spj_docx)
    lines = out.splitlines()
    assert f"{spj_docx}:表1 行3 列1: error NB202 “第二十条第（一）项”缺少“规章”一行" in lines
    assert d.tables[0].rows[2].cells[0].text == "行政规范性文件"
    nb105 = next(ln for ln in lines if " NB105 " in ln)
    n = int(nb105[len(str(spj_docx)) + 2:nb105.index(": warning NB105")])      # FILE:段N
    assert d.paragraphs[n - 1].text == "四、政府信息公开行政复议与行政诉讼情况"
    data = json.loads(run("lint", "--format", "json", spj_docx)[1])
    assert next(f for f in data if f["code"] == "NB105")["origin"]["paragraph"] == n
    gh = run("lint", "--format", "github", spj_docx)[1]
    assert f"（第{n}段“" in gh and "（表1第3行第1列“行政规范性文件" in gh
    sarif = json.loads(run("lint", "--format", "sarif", spj_docx)[1])["runs"][0]["results"]
    assert {r["locations"][0]["logicalLocations"][0]["name"] for r in sarif} == {"表1 行3 列1", f"段{n}"}


def test_dump_gives_the_origin_of_headings_and_problems():
    d = json.loads(run("dump", PDF)[1])
    assert d["sections"][0]["origin"]["page"] == 1 and d["sections"][0]["origin"]["text"] == "一、总体情况"
    assert all("origin" in p for p in d["problems"])
    assert "(p1:l" in run("dump", "--format", "text", PDF)[1]


def test_text_files_keep_their_output_unchanged():
    rc, out, _ = run("lint", "--format", "json", seed_path("003"))
    assert all("origin" not in f for f in json.loads(out))
    assert run("lint", seed_path("001"))[1].splitlines()[0].startswith(f"{seed_path('001')}:396:1: warning NB104")


# --- --fix and --diff ---------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fix_refuses_documents_and_still_fixes_the_rest(flag, tmp_path, spj_docx):
    txt = tmp_path / "r.txt"
    txt.write_text(seed_path("001").read_text(encoding="utf-8"), encoding="utf-8")   # NB104, safe fixes
    doc = tmp_path / "r.docx"
    shutil.copy(spj_docx, doc)
    before = doc.read_bytes()
    rc, out, err = run("lint", flag, doc, txt)
    assert rc == 2
    errors = [ln for ln in err.splitlines() if ln.startswith("nianbao:")]
    assert errors == [f"nianbao: error: {doc}: {flag} applies to text files only; fix the .docx in Word"]
    assert doc.read_bytes() == before
    if flag == "--fix":
        assert "6、" not in txt.read_text(encoding="utf-8")        # the text file was fixed
    else:
        assert "-5、" in out or "+五、" in out                         # its diff was shown
    rc, out, err = run("lint", "--format", "json", flag, doc)
    errors = [ln for ln in err.splitlines() if ln.startswith("nianbao:")]
    assert rc == 2 and len(errors) == 1
    # still offered as suggestions; with --diff stdout is the patch alone and the findings go to stderr
    findings = out if flag == "--fix" else "\n".join(ln for ln in err.splitlines() if not ln.startswith("nianbao:"))
    assert any(f["fix"] for f in json.loads(findings))


# --- bad input ------------------------------------------------------------------------------

def _scanned(p):
    p.write_bytes(pdf([None, None]))


BAD = {
    "truncated.docx": (lambda p, d: p.write_bytes(d[: len(d) // 2]), "not a readable .docx"),
    "garbage.docx": (lambda p, d: p.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8), "not a readable .docx"),
    "notword.docx": (lambda p, d: _zip(p), "not a readable .docx"),
    "protected.docx": (lambda p, d: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
                       "a password-protected or old-format Word file"),
    "old.doc": (lambda p, d: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "an old binary Word document (.doc)"),
    "report.wps": (lambda p, d: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "a WPS document (.wps)"),
    "garbage.pdf": (lambda p, d: p.write_bytes(b"\x89garbage" * 100), "not a PDF (no %PDF- header"),
    "truncated.pdf": (lambda p, d: p.write_bytes(PDF.read_bytes()[:5000]), "not a readable PDF"),
    "encrypted.pdf": (lambda p, d: p.write_bytes(pdf([["secret"]], encrypt=True)), "encrypted PDF"),
    "scanned.pdf": (lambda p, d: _scanned(p),
                    "scanned PDF without a text layer; nianbao needs text (run OCR first)"),
    "list.html": (lambda p, d: p.write_text("<html><body><nav>首页</nav><ul><li><a href=a.html>2024年报</a></li>"
                                            "</ul></body></html>", encoding="utf-8"), "no annual report in this page"),
}


def _zip(p):
    import zipfile
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "not word")


@pytest.mark.parametrize("name", list(BAD))
def test_bad_documents_are_one_error_line_and_the_rest_is_linted(name, tmp_path, spj_docx):
    make, message = BAD[name]
    bad = tmp_path / name
    make(bad, spj_docx.read_bytes())
    for cmd in ("lint", "dump"):
        rc, out, err = run(cmd, bad, seed_path("004"))
        assert rc == 2
        assert err.count("\n") == 1 and err.startswith(f"nianbao: error: {bad}: {message}"), err
        assert "Traceback" not in err
        assert ("NB203" in out) if cmd == "lint" else (json.loads(out)["year"] == 2020)


def test_a_missing_extra_says_how_to_install_it(tmp_path, spj_docx):
    code = ("import sys; sys.modules['docx'] = None; sys.modules['pdfplumber'] = None\n"
            "from nianbao.server.cli import main; sys.exit(main(sys.argv[1:]))")
    p = subprocess.run([sys.executable, "-c", code, "lint", str(spj_docx), str(PDF), str(HTML)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert p.stderr.splitlines() == [
        f"nianbao: error: {spj_docx}: reading .docx files needs the documents extra: pip install 'nianbao[documents]'",
        f"nianbao: error: {PDF}: reading .pdf files needs the documents extra: pip install 'nianbao[documents]'"]
    assert "pingtan-spj-2025.html:" in p.stdout                    # web pages need no extra


# --- web pages: encodings, site chrome ------------------------------------------------------

def _page_text(path) -> str:
    rc, out, err = run("text", path)
    assert (rc, err) == (0, ""), err
    return out


@pytest.mark.parametrize("encoding,declare", [
    ("gbk", '<meta charset="gbk">'),
    ("gb2312", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
    ("gb18030", ""),                     # nothing declared: not UTF-8, so GB18030
    ("utf-8-sig", ""),                   # a BOM
    ("utf-8", '<meta charset="gbk">'),   # declared wrong: the declaration fails, UTF-8 fits
])
def test_web_page_encodings(encoding, declare, tmp_path):
    source = HTML.read_text(encoding="utf-8").replace('<meta charset="UTF-8" />', declare)
    page = tmp_path / "page.htm"
    page.write_bytes(source.encode(encoding))
    assert _page_text(page) == _page_text(HTML)


def test_site_navigation_scripts_and_styles_are_no_report_text(tmp_path):
    body = HTML.read_text(encoding="utf-8")
    chrome = body.replace("<body>", """<body><header><div class="logo">平潭综合实验区门户网站</div></header>
<nav><a href="/">首页</a><a href="/zwgk">政务公开</a></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开年报</div>
<div id="top-menu"><ul><li>政府信息公开指南</li><li>四、机构职能</li></ul></div>
<script>var s = "一、总体情况";</script><style>.x { content: "二、主动公开" }</style>
<div hidden>隐藏的文字</div>""").replace("</body>", "<footer>版权所有 主办单位</footer></body>")
    page = tmp_path / "page.html"
    page.write_text(chrome, encoding="utf-8")
    text = _page_text(page)
    assert text == _page_text(HTML)
    a, b = json.loads(run("dump", page)[1]), json.loads(run("dump", HTML)[1])
    for d in (a, b):                     # the same model; only the source positions moved
        del d["file"]
        for item in d["sections"] + d["problems"]:
            del item["origin"]["source_line"], item["origin"]["source_column"]
    assert a == b


def test_an_article_keeps_its_own_header_and_a_layout_table_is_no_data_table(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><table><tr><td><table><tr><td>站点</td><td>导航</td></tr></table></td></tr>"
                    "<tr><td><article><header><h1>某局2024年政府信息公开工作年度报告</h1></header>"
                    "<p>一、总体情况</p><p>正文<br>第二行</p></article></td></tr></table></body></html>",
                    encoding="utf-8")
    assert _page_text(page).splitlines() == [
        "站点\t导航", "", "某局2024年政府信息公开工作年度报告", "", "一、总体情况", "", "正文", "", "第二行"]


# --- folders and pre-commit -------------------------------------------------------------------

def test_a_folder_of_every_format_lints_the_reports_and_skips_the_rest(tmp_path, spj_docx):
    shutil.copy(seed_path("004"), tmp_path / "r2020.txt")
    shutil.copy(CLEAN, tmp_path / "r2023.md")
    shutil.copy(spj_docx, tmp_path / "spj.docx")
    shutil.copy(PDF, tmp_path / "hongze.pdf")
    shutil.copy(HTML, tmp_path / "spj.html")
    (tmp_path / "notes.txt").write_text("会议纪要\n今天讨论了预算。\n", encoding="utf-8")
    (tmp_path / "readme.md").write_text("# 说明\n\n本目录存放年报。\n", encoding="utf-8")
    (tmp_path / "memo.docx").write_bytes(docx_from_text("会议纪要\n今天讨论了预算。\n"))
    (tmp_path / "letter.pdf").write_bytes(pdf([["Dear colleagues,", "see you on Monday."]]))
    (tmp_path / "index.htm").write_text("<html><body><nav>首页</nav><p>欢迎访问</p></body></html>", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)    # not a report format
    rc, out, err = run("lint", "--format", "json", tmp_path)
    assert rc == 1 and "nianbao: error" not in err                     # NB203 etc. are errors
    linted = {Path(f["filename"]).name for f in json.loads(out)}
    assert linted == {"r2020.txt", "spj.docx", "hongze.pdf", "spj.html"}   # r2023.md is clean
    rc, out, err = run("lint", tmp_path)
    assert "in 5 files" in out                                         # the clean .md was linted too


def test_the_pre_commit_hook_installs_what_the_documents_extra_pins():
    import yaml
    tomllib = __import__("tomllib" if sys.version_info >= (3, 11) else "tomli")
    from conftest import ROOT
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["documents"]
    assert hook["additional_dependencies"] == extra
    import re
    for name in ("r.txt", "r.md", "r.docx", "r.PDF", "r.html", "r.htm"):
        assert re.search(hook["files"], name)
    assert not re.search(hook["files"], "r.png")


# --- start-up -------------------------------------------------------------------------------

def test_a_document_imports_only_its_own_reader():
    code = ("import sys, io, contextlib; from nianbao.server.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['lint', sys.argv[1]])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'pdfplumber', 'pdfminer'}))")
    p = subprocess.run([sys.executable, "-c", code, str(HTML)], capture_output=True, text=True, cwd="/")
    assert (p.stdout.strip(), p.stderr) == ("[]", "")


def test_a_page_of_thousands_of_unclosed_tags_is_read(tmp_path):
    page = tmp_path / "deep.html"          # old CMS output: a <font> per line, never closed
    page.write_text("<html><body>" + "<font>一、总体情况<br>" * 3000 + "</body></html>", encoding="utf-8")
    rc, out, err = run("text", page)
    assert (rc, err) == (0, "") and out.count("一、总体情况") == 3000
