"""Property tests: no input crashes the engine, and fixes never corrupt a report.

Reports are generated from the real seeds, the clean fixtures and `nianbao new` skeletons, then
damaged in every way real files are damaged (lines deleted, duplicated or truncated, sections
shuffled, cells edited or glued, CJK/emoji/astral/control characters, \\v, \\f, U+2028, NUL,
mixed CRLF/CR/LF, 1 MB lines). For each: parse, lint and dump do not raise; every span lies in
the text and cells/labels/headings match their raw text; applying the safe fixes, in one pass,
as `nianbao lint --fix` does (in memory and written back to a file) or as the editor does,
changes only the ranges the fixes name, converges (a second run has nothing to do) and never
leaves more findings of a fixed code than before.

About a minute by default (the 1 MB lines are a plain parametrized test, each case once);
NIANBAO_LONG=1 runs 40× the examples.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, reject, settings, strategies as st

from conftest import SEEDS, read
from nianbao.grammar import fixes
from nianbao.grammar import (FIRST_YEAR, Config, Edit, Source, apply_edits, check, lint, new_report, parse,
                             to_dict)
from nianbao.server import files, fixing, output

LONG = os.environ.get("NIANBAO_LONG") == "1"
settings.register_profile("default", deadline=None, max_examples=60, derandomize=False, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", deadline=None, max_examples=4000, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = "long" if LONG else "default"


def examples(n: int) -> settings:
    """`n` examples in the default run, 40× that in the long profile."""
    return settings(settings.get_profile(PROFILE), max_examples=n * 40 if LONG else n)


FIXTURES = Path(__file__).parent / "fixtures"
BASES = {p.name: read(p) for p in sorted(SEEDS.glob("*.txt"))}
BASES.update({p.name: read(p) for p in (FIXTURES / "clean-2021.txt", FIXTURES / "clean-2019.md")})

# ---------------------------------------------------------------------------------------------
# reports


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def lines_of(text: str) -> list[str]:
    """Lines with their breaks, breaking only at \\r\\n, \\r, \\n (as the engine does)."""
    return _LINE.findall(text)


REAL_ORGANS = ["某某县人民政府", "某某市统计局", "XX区教育局", "國家檔案局", "🏛️某某乡", "𠀀𠀁县政府"]
ORGANS = st.one_of(
    st.sampled_from(REAL_ORGANS),
    st.text(st.characters(blacklist_characters="\r\n\t|", blacklist_categories=("Cs",)), min_size=1, max_size=20)
    .filter(str.strip))


NEW_ARGS = (st.integers(FIRST_YEAR, 2030), ORGANS, st.sampled_from(["tsv", "markdown"]),
            st.sampled_from(["\n", "\r\n", "\r"]))


@st.composite
def new_reports(draw) -> str:
    try:
        return new_report(*(draw(a) for a in NEW_ARGS))
    except ValueError:            # an organ that cannot stand in a title (see the test below)
        reject()


BASE = st.one_of(st.sampled_from(sorted(BASES)).map(BASES.__getitem__), new_reports())

CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 40)) + "一二三四五六七八九十、（）〔〕【】第条项本年总计其他万元"
ODD = ("\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\u2028\u2029\ufeff\u200b\u200d\u3000\u00a0\u202e\ufffd"
       "😀👍🏽🇨🇳𠀀𠀁𝟘𝟙\U0010ffff\u0301\u0338"
       "０１２３４５６７８９＋－．／｜"
       "\r\n\t |#-—=/.:：;；,，、()（）<>!*")
CHARS = st.sampled_from(list(CJK + ODD + "0123456789abcXYZ"))
SNIPPETS = st.sampled_from([
    "\r\n", "\r", "\n", "\n\n", "\t", "\t\t", "|", " | ", "|---|---|", "\v", "\f", "\u2028", "\x00", "\ufeff",
    "一、", "二、主动公开政府信息情况", "三、", "四、政府信息公开行政复议、行政诉讼情况", "## 五、", "（六）", "6、",
    "第二十条第（一）项", "第二十条第（九）项", "规章", "（七）总计", "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理",
    "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "行政复议", "结果维持", "本年收费金额（单位：万元）", "136648（元）", "12.5万元",
    "<!-- nianbao-disable -->", "<!-- nianbao-enable -->", "<!-- nianbao-disable-next-line NB302 -->",
    "<!-- nianbao-disable-file NB1 -->", "<!-- nianbao-disable NB2, NB205-->", "<!--", "-->",
    "统计期限为2019年1月1日至2020年12月31日", "本报告由总体情况等七部分组成", "共收到申请99件", "行政复议3件",
    "2023年政府信息公开工作年度报告", "1" * 45, "0" * 16, "９", "-3", "+5", "减2", "/", "—", "N/A", "00", "1.50",
])
CELLS = st.one_of(
    st.sampled_from(["", " ", "0", "00", "007", "１２", "-1", "+2", "增3", "减少4", "1.5", "0.0", "12.3456万元",
                     "136648（元）", "5件", "/", "-", "---", "—", "不适用", "N/A", "无", "x", "一二", "9" * 30,
                     "1 2 3", "12345678901234", "\t", "|", "1|2", "1\t2", "３.５", "\u3000", "\u00a0"]),
    st.integers(-10**20, 10**20).map(str),
    st.text(CHARS, max_size=8))


def _at(draw, text: str) -> int:
    return draw(st.integers(0, len(text)))


def _line_span(draw, lines: list[str]) -> tuple[int, int]:
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    return i, i + draw(st.integers(1, 8))


def delete_lines(draw, text):
    lines = lines_of(text)
    i, j = _line_span(draw, lines)
    return "".join(lines[:i] + lines[j:])


def duplicate_lines(draw, text):
    lines = lines_of(text)
    i, j = _line_span(draw, lines)
    at = draw(st.integers(0, len(lines)))
    return "".join(lines[:at] + lines[i:j] + lines[at:])


def move_lines(draw, text):
    lines = lines_of(text)
    i, j = _line_span(draw, lines)
    block, rest = lines[i:j], lines[:i] + lines[j:]
    at = draw(st.integers(0, len(rest)))
    return "".join(rest[:at] + block + rest[at:])


_HEADING = re.compile(r"^[ \t#*]*(?:[一二三四五六七八九十]+[、.．]|\d[、.]|（[一二三四五六]）)")


def shuffle_sections(draw, text):
    chunks, cur = [], []
    for line in lines_of(text):
        if _HEADING.match(line) and cur:
            chunks.append(cur)
            cur = []
        cur.append(line)
    chunks.append(cur)
    order = draw(st.permutations(range(len(chunks))))
    return "".join("".join(chunks[k]) for k in order)


_CELL = re.compile(r"(?<=[\t|])[^\t|\r\n]*|[0-9０-９]+")


def edit_cell(draw, text):
    cells = [m.span() for m in _CELL.finditer(text)]
    if not cells:
        return text
    a, b = draw(st.sampled_from(cells))
    return text[:a] + draw(CELLS) + text[b:]


def glue_row(draw, text):
    """A crawler's glued row: the separators between a row's numbers vanish."""
    lines = lines_of(text)
    rows = [i for i, line in enumerate(lines) if re.search(r"\d[\t|] *\d", line)]
    if not rows:
        return text
    i = draw(st.sampled_from(rows))
    m = re.search(r"[\t|]", lines[i])
    head, tail = lines[i][:m.end()], lines[i][m.end():]
    lines[i] = head + re.sub(r"(?<=\d)[ \t|]+(?=\d)", "", tail)
    return "".join(lines)


def insert_chars(draw, text):
    at = _at(draw, text)
    return text[:at] + draw(st.text(CHARS, min_size=1, max_size=12)) + text[at:]


def insert_snippet(draw, text):
    at = _at(draw, text)
    return text[:at] + draw(SNIPPETS) + text[at:]


def delete_chars(draw, text):
    a = _at(draw, text)
    return text[:a] + text[a + draw(st.integers(1, 6)):]


def replace_all(draw, text):
    old, new = draw(st.sampled_from([("\t", "|"), ("\t", "  "), ("\t", " | "), ("、", "."), ("\n", "\n\n"),
                                     ("0", "０"), ("（", "("), ("）", ")"), ("\t", "\v"), ("\n", "\f"),
                                     ("\n", "\u2028"), ("\n", "\n\t"), (" ", "\u3000"), ("|", "")]))
    return text.replace(old, new)


def line_endings(draw, text):
    """Each line break becomes \\n, \\r\\n or \\r, independently: Windows and old Mac mixed."""
    rnd = draw(st.randoms(use_true_random=False))
    return re.sub(r"\r\n|\r|\n", lambda m: rnd.choice(["\n", "\r\n", "\r", m.group()]), text)


def nul_bytes(draw, text):
    for _ in range(draw(st.integers(1, 4))):
        at = _at(draw, text)
        text = text[:at] + "\x00" * draw(st.integers(1, 3)) + text[at:]
    return text


def truncate(draw, text):
    return text[:_at(draw, text)]


def splice_other(draw, text):
    other = draw(st.sampled_from(sorted(BASES)).map(BASES.__getitem__))
    a = draw(st.integers(0, len(other)))
    b = draw(st.integers(a, min(len(other), a + 2000)))
    at = _at(draw, text)
    return text[:at] + other[a:b] + text[at:]


DAMAGE = [delete_lines, duplicate_lines, move_lines, shuffle_sections, edit_cell, glue_row, insert_chars,
          insert_snippet, delete_chars, replace_all, line_endings, nul_bytes, truncate, splice_other]


@st.composite
def reports(draw, max_damage: int = 6) -> str:
    text = draw(BASE)
    for op in draw(st.lists(st.sampled_from(DAMAGE), max_size=max_damage)):
        text = op(draw, text)
    return text


# ---------------------------------------------------------------------------------------------
# checks


def check_span(span, n: int, what) -> None:
    assert span is not None and 0 <= span.start <= span.end <= n, (what, span, n)


def check_model(r, text: str) -> None:
    n = len(text)
    assert r.text is text and r.source.line_count == len(re.findall(r"\r\n|\r|\n", text)) + 1
    if r.title_span is not None:
        check_span(r.title_span, n, "title")
    for h in [s.heading for s in r.sections] + r.extra_headings:
        for span in (h.span, h.title_span, h.numbering_span):
            check_span(span, n, "heading")
        assert text[h.title_span.start:h.title_span.end] == h.title
        assert text[h.numbering_span.start:h.numbering_span.end] == h.numbering
    for s in r.sections:
        check_span(s.body, n, "section body")
    for t in (r.table2, r.table3, r.table4):
        if t is None:
            continue
        check_span(t.span, n, "table")
        for lab in t.header:
            check_span(lab.span, n, "header")
            assert text[lab.span.start:lab.span.end] == lab.raw
        for b in t.blocks.values():
            if b.span is not None:
                check_span(b.span, n, "block")
            if b.title is not None:
                check_span(b.title.span, n, "block title")
                assert text[b.title.span.start:b.title.span.end] == b.title.raw
        for row in t.rows:
            check_span(row.span, n, "row")
            if row.label is not None:
                check_span(row.label.span, n, "label")
                assert text[row.label.span.start:row.label.span.end] == row.label.raw
            if row.label_text_span is not None:
                check_span(row.label_text_span, n, "label text")
            for c in row.cells + row.found:
                check_span(c.span, n, "cell")
                assert text[c.span.start:c.span.end] == c.raw, (c, text[c.span.start:c.span.end])
    for p in r.problems:
        check_span(p.span, n, "problem")


def check_findings(findings, text: str) -> None:
    n = len(text)
    for f in findings:
        check_span(f.span, n, f.code)
        for s, _ in f.related:
            check_span(s, n, f.code)
        if f.fix is not None:
            assert f.fix.safety in ("safe", "unsafe") and f.fix.edits, f
            check_edits(text, list(f.fix.edits), f.code)


def check_edits(text: str, edits: list[Edit], what) -> None:
    """Edits lie in the text, do not overlap each other, and never split a \\r\\n in two."""
    n = len(text)
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    for e in edits:
        assert 0 <= e.start <= e.end <= n, (what, e, n)
        for k in (e.start, e.end):
            assert not (0 < k < n and text[k - 1] == "\r" and text[k] == "\n"), (what, "splits \\r\\n", e)
    for a, b in zip(edits, edits[1:]):
        assert a.end <= b.start and not (a.start == a.end == b.start == b.end), (what, "overlap", a, b)


def check_confined(old: str, new: str, edits: list[Edit]) -> None:
    """`new` is `old` with exactly these edits: every character outside them is kept, in place.

    Walks the kept stretches itself rather than trusting `apply_edits`. (A line diff is no
    second check: among repeated lines it places an insertion at any of them.)
    """
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    pos_old = pos_new = 0
    for e in edits:
        kept = old[pos_old:e.start]
        assert new[pos_new:pos_new + len(kept)] == kept, ("text outside the edits changed", e)
        pos_new += len(kept)
        assert new[pos_new:pos_new + len(e.content)] == e.content, ("edit not applied as named", e)
        pos_new += len(e.content)
        pos_old = e.end
    assert new[pos_new:] == old[pos_old:] and len(new) - pos_new == len(old) - pos_old, "tail changed"


def counts(findings, codes) -> Counter:
    return Counter(f.code for f in findings if f.code in codes)


def choose(findings, unsafe: bool = False) -> list[Edit]:
    """One pass of safe fixes, non-overlapping, as `fix` chooses them."""
    chosen: list[Edit] = []
    for f in findings:
        if f.fix is None or (f.fix.safety != "safe" and not unsafe):
            continue
        if any(fixes._overlap(e, c) for e in f.fix.edits for c in chosen):
            continue
        chosen.extend(f.fix.edits)
    return chosen


@contextmanager
def recording_passes():
    """Record each pass of `fix`: (text before, edits applied)."""
    passes: list[tuple[str, list[Edit]]] = []
    real = fixes.apply_edits

    def apply(text, edits):
        passes.append((text, list(edits)))
        return real(text, edits)
    with mock.patch.object(fixes, "apply_edits", apply):
        yield passes


def engine(text: str, config: Config | None = None, fresh: bool = True):
    """Everything a door does with a text: parse, lint, dump (as JSON), the CLI's output lines;
    `fresh`: also lint with a parse of its own and expect the same findings."""
    r = parse(text, edition=config.edition if config else None)
    check_model(r, text)
    findings = check(r, config)
    check_findings(findings, text)
    if fresh:
        assert findings == lint(text, config)    # no hidden state between parses
    json.dumps(to_dict(r, "x.txt"), ensure_ascii=False)
    src = Source(text)
    output.dumps([output.to_json("x.txt", src, f) for f in findings])
    output.dumps(output.sarif([("x.txt", src, findings)], "0"))
    for f in findings:
        output.text_line("x.txt", src, f)
        output.github_line("x.txt", src, f)
    return r, findings


def check_fixes(text: str, config: Config | None = None) -> None:
    config = config or Config()
    _, before = engine(text, config)
    fixable = {f.code for f in before if f.fix and f.fix.safety == "safe"}

    # one pass: every safe fix that does not overlap another
    edits = choose(before)
    check_edits(text, edits, "one pass")
    once = apply_edits(text, edits)
    check_confined(text, once, edits)
    _, after_once = engine(once, config)
    for code in fixable:
        assert counts(after_once, {code})[code] <= counts(before, {code})[code], (code, "more findings after one pass")

    # `nianbao lint --fix`: passes until nothing changes; each pass confined
    with recording_passes() as passes:
        fixed = fixes.fix(text, config).text
    for old, pass_edits in passes:
        check_edits(old, pass_edits, "fix pass")
        check_confined(old, apply_edits(old, pass_edits), pass_edits)
    assert (fixed == text) == (not passes)
    _, after = engine(fixed, config)
    assert not [f for f in after if f.fix and f.fix.safety == "safe"], "fix left safe fixes undone"
    again = fixes.fix(fixed, config)
    assert (again.text, again.applied) == (fixed, 0), "a second --fix still edits"
    for code in fixable:
        assert counts(after, {code})[code] <= counts(before, {code})[code], (code, "more findings after --fix")

    # unsafe fixes too: still confined and no crash
    edits = choose(before, unsafe=True)
    check_edits(text, edits, "unsafe pass")
    check_confined(text, apply_edits(text, edits), edits)
    engine(fixes.fix(text, config, unsafe=True).text, config)


# ---------------------------------------------------------------------------------------------
# the properties


@examples(80)
@given(reports())
def test_damaged_reports_never_crash_the_engine(text):
    engine(text)


@examples(60)
@given(reports(), st.sampled_from([None, "2019", "2021"]))
def test_fixes_are_confined_idempotent_and_never_worse(text, edition):
    check_fixes(text, Config(edition=edition))


@examples(40)
@given(reports(max_damage=2), st.data())
def test_each_single_fix_touches_its_range_and_removes_no_more_than_it_should(text, data):
    """Every finding's own fix (what a quick fix applies), alone: confined, and its code does
    not get more findings."""
    _, before = engine(text)
    fixable = [f for f in before if f.fix is not None]
    if not fixable:
        return
    for f in data.draw(st.lists(st.sampled_from(fixable), min_size=1, max_size=4, unique_by=id)):
        edits = list(f.fix.edits)
        new = apply_edits(text, edits)
        check_confined(text, new, edits)
        _, after = engine(new)
        if f.fix.safety == "safe":
            assert counts(after, {f.code})[f.code] <= counts(before, {f.code})[f.code], (f.code, f.message)


@examples(30)
@given(reports(max_damage=3), st.data())
def test_fix_all_of_a_code_in_the_editor_is_confined(text, data):
    """The editor's “fix all NBxxx in this file” action (its own choice of non-overlapping edits)."""
    from nianbao.server.lsp.actions import _non_overlapping
    _, before = engine(text)
    codes = sorted({f.code for f in before if f.fix and f.fix.safety == "safe"})
    if not codes:
        return
    code = data.draw(st.sampled_from(codes))
    edits = _non_overlapping([f.fix for f in before if f.code == code and f.fix and f.fix.safety == "safe"])
    check_edits(text, edits, code)
    new = apply_edits(text, edits)
    check_confined(text, new, edits)
    _, after = engine(new)
    assert counts(after, {code})[code] <= counts(before, {code})[code]


@examples(40)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300) |
       st.text(CHARS, max_size=400) |
       st.lists(SNIPPETS | CELLS, max_size=60).map("".join) |
       st.lists(SNIPPETS | CELLS, max_size=60).map("\t".join))
def test_arbitrary_text(text):
    engine(text)
    check_fixes(text)


@examples(20)
@given(reports(max_damage=3), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_fix_in_place_keeps_the_encoding_the_bom_and_every_unfixed_character(text, encoding):
    """`nianbao lint --fix FILE`: read the bytes, fix, write back atomically."""
    data = text.encode(encoding)
    try:
        doc = files.decode(data)
    except files.ReadError:
        assert "\x00" in text                    # only NUL bytes make a text unreadable
        return
    if doc.text != (text.removeprefix("\ufeff") if encoding == "utf-8" else text):   # a leading U+FEFF is a BOM
        assert encoding == "gb18030" and doc.encoding == "utf-8"     # GB18030 bytes that are valid UTF-8
        return
    with recording_passes() as passes:
        fixed = fixes.fix(doc.text, Config()).text
    for old, pass_edits in passes:
        check_confined(old, apply_edits(old, pass_edits), pass_edits)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_bytes(data)
        fixing.write_back(path, doc, data, fixed)
        written = path.read_bytes()
    assert written == (codecs.BOM_UTF8 if doc.bom else b"") + fixed.encode(doc.encoding)
    assert written.startswith(codecs.BOM_UTF8) == data.startswith(codecs.BOM_UTF8)
    assert files.decode(written).text == fixed and (fixed != doc.text or written == data)


@examples(40)
@given(*NEW_ARGS)
def test_new_reports_lint_clean_in_any_organ_year_and_line_ending(year, organ, layout, nl):
    """`nianbao new` writes a report its lint accepts but for the three prose sections the author
    has to write (NB107 on 一, 五, 六), or refuses the organ (never a real one)."""
    try:
        text = new_report(year, organ, layout, nl)
    except ValueError:
        assert organ not in REAL_ORGANS
        return
    report = parse(text)
    findings = engine(text)[1]
    assert [(f.code, f.span) for f in findings] == \
        [("NB107", report.sections[i].heading.span) for i in (0, 4, 5)]


HUGE = [
    "9" * 1_000_000, "1\t" * 500_000, "|" * 1_000_000, "| 0 " * 250_000, "一、" * 500_000,
    "统计期限" * 250_000, "<!-- nianbao-disable " * 50_000, "（" * 1_000_000, "本年度共收到政府信息公开申请1件，" * 60_000,
    "0 " * 500_000, "第二十条第（一）项" * 100_000, "\v\f\u2028" * 333_333, "-" * 1_000_000,
]


@pytest.mark.parametrize("k", range(len(HUGE)))
def test_a_one_megabyte_line(k):
    """Plain and bounded (not a hypothesis example): each huge line once, in a different base."""
    huge = HUGE[k]
    names = sorted(BASES)
    lines = lines_of(BASES[names[k % len(names)]])
    at = (len(lines) * (k + 1)) // (len(HUGE) + 1)
    text = "".join(lines[:at]) + huge + "\n" + "".join(lines[at:])
    engine(text, fresh=False)                    # a parse of 1 MB takes seconds: once is enough
    fixed = fixes.fix(text, Config()).text
    assert huge in fixed
