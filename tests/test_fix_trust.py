"""Safe fixes change how a report is written, never what it says (RULES.md: "What safe means").

- A wording fix (NB105 a heading's title, NB207 a label) replaces the recognised wording and
  nothing after it: `六、其他需要报告的事项：无。` keeps `：无。`, a label keeps its note.
- Over every shared real report and seed, and damaged versions of them, every safe edit
  replaces exactly one recognised piece of wording (a heading's numbering or title, a label, a
  block title, a column label), writes a cell's value the same (NB204: `00` → `0`, `１２` → `12`;
  NB208: `12.5万元` → `12.5` under a header that prints 万元), or inserts a heading line; the
  numbers of the report stay as they were. So do the per-rule fixtures and the excerpts.
- `--fix` never turns a failing report into a passing one by inserting content: a heading it
  inserts opens an empty section (NB107), and tables, rows and zeros are unsafe fixes.
- RULES.md's fix column and the rules' own metadata (`nianbao rules`, docs/rules.md) agree.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given

from conftest import EXCERPTS, SHARED, read
from nianbao.grammar import normalize, parse
from nianbao.grammar.cells import cell_value
from nianbao.grammar import RULES, apply_edits, check, fix, lint
from test_properties import BASES, examples, reports

REAL = sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))


# -- wording fixes keep what follows the wording ---------------------------------------------------

SUFFIXES = ["：无。", ":无", "：本机关无其他需要报告的事项。", "（续）", "（2020年度）", " 无", "\u000b本年度无。",
            "\u2028本年度无。", "。", "；", "，详见附件", "(见下表)", " ", "\u3000", "：", "**", "（一）", "如下：",
            "——无", " 本年度无此类情况"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_reworded_heading_keeps_what_follows_its_title(suffix):
    text = read(SHARED / "seeds" / "001_bfb8706c80373661.txt").replace(
        "6、 其他需要报告的事项", "六、其它需要报告的事项" + suffix, 1)
    fs = [f for f in lint(text) if f.code == "NB105"]
    assert len(fs) == 1 and text[fs[0].span.start:fs[0].span.end] == "其它需要报告的事项"
    fixed = apply_edits(text, list(fs[0].fix.edits))
    assert "六、其他需要报告的事项" + suffix in fixed and fixed.replace("其他需要报告", "其它需要报告", 1) == text


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_official_title_with_something_after_it_is_no_finding(suffix):
    text = read(SHARED / "seeds" / "001_bfb8706c80373661.txt").replace(
        "6、 其他需要报告的事项", "六、其他需要报告的事项" + suffix, 1)
    assert [f for f in lint(text) if f.code in ("NB104", "NB105")] == [f for f in lint(text) if f.code == "NB104"][:1]
    assert fix(text).text.count("六、其他需要报告的事项" + suffix) == 1


@pytest.mark.parametrize("note", ["（含备案）", "(注：含规章)", "（历史累计）", "（单位：件）"])
def test_a_label_keeps_its_note(note):
    text = BASES["clean-2021.txt"]
    assert "\n行政许可\t" in text and "\n1.属于国家秘密\t" in text
    noted = text.replace("\n行政许可\t", f"\n行政许可{note}\t", 1)
    assert lint(noted) == []                      # the label is exact; its note is the report's
    typo = text.replace("\n1.属于国家秘密\t", f"\n1、属于国家秘密{note}\t", 1)
    (f,) = [f for f in lint(typo) if f.code == "NB207"]
    assert typo[f.span.start:f.span.end] == "1、属于国家秘密"
    assert apply_edits(typo, list(f.fix.edits)) == text.replace("\n1.属于国家秘密\t", f"\n1.属于国家秘密{note}\t", 1)


# -- every safe edit replaces recognised wording, or a cell by itself -----------------------------

def numbers(text: str) -> Counter:
    """The report's numbers as values: full-width folded, leading zeros dropped."""
    return Counter(str(int(m)) for m in re.findall(r"\d+", normalize.fold(text)))


def wording(report) -> dict[tuple[int, int], str]:
    """The spans a safe fix may replace, by what they are."""
    spans = {}
    for s in report.sections:
        h = s.heading
        spans[(h.numbering_span.start, h.numbering_span.end)] = "numbering"
        spans[(h.numbering_span.start, h.title_span.start)] = "numbering"     # with the space after it
        spans[(h.title_span.start, h.title_span.end)] = "title"
    for t in (report.table2, report.table3, report.table4):
        for row in (t.rows if t else []):
            if row.label:
                spans[(row.label.span.start, row.label.span.end)] = "label"
            for c in row.cells:
                spans[(c.span.start, c.span.end)] = "cell"
        for b in (t.blocks.values() if t else []):
            if b.title:
                spans[(b.title.span.start, b.title.span.end)] = "label"
            for lab in b.columns:
                spans[(lab.span.start, lab.span.end)] = "label"
    return spans


def cells(report):
    return [c for t in (report.table2, report.table3, report.table4) for row in (t.rows if t else []) for c in row.cells]


def check_safe_edits(text: str) -> None:
    report = parse(text)
    places = wording(report)
    for f in check(report):
        if f.fix is None or f.fix.safety != "safe":
            continue
        for e in f.fix.edits:
            what = places.get((e.start, e.end))
            if e.start == e.end:          # a heading line (NB101), or a heading's numbering (NB104)
                assert f.code in ("NB101", "NB104") and not re.search(r"\d", normalize.fold(e.content)), (f.code, e)
            elif what == "cell":
                old = cell_value(text[e.start:e.end])
                assert cell_value(e.content).value == old.value and f.code == "NB204", (f.code, e)
            elif what is None and any(c.span.start < e.start and e.end == c.span.end for c in cells(report)):
                # the end of a cell: a unit the header already prints (`12.5万元` → `12.5`), same value
                (c,) = [c for c in cells(report) if c.span.start < e.start and e.end == c.span.end]
                kept = text[c.span.start:e.start] + e.content
                assert cell_value(kept).value == c.value and f.code == "NB208", (f.code, e)
            else:
                assert what in ("numbering", "title", "label"), (f.code, e, text[e.start:e.end])
                assert f.code in ("NB104", "NB105", "NB207"), f.code
    fixed = fix(text)
    if fixed.applied:
        kept = numbers(text) - numbers(fixed.text)
        # only numberings may go (5、 → 五、): every number the text loses was a heading's numbering
        lost = Counter(str(h.written_number) for s in report.sections for h in [s.heading]
                       if h.form == "arabic" and h.written_number is not None)
        assert not kept - lost, kept - lost


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_safe_fixes_on_real_reports_change_only_wording(path):
    check_safe_edits(read(path))


FIXTURES = sorted(p for p in (Path(__file__).parent / "rules").iterdir()
                  if re.fullmatch(r"NB\d{3}(-\w+)?\.(md|txt)", p.name)) + sorted(EXCERPTS.glob("*.txt"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_safe_fixes_on_rule_fixtures_and_excerpts_change_only_wording(path):
    # the fixtures hold one of each finding (a header's unit, a column label); the excerpts, real ones
    check_safe_edits(re.sub(r" ?<!-- expect (?:NB\d{3}[ ,]*)+-->", "", read(path)))


@examples(60)
@given(reports())
def test_safe_fixes_on_damaged_reports_change_only_wording(text):
    check_safe_edits(text)


# -- a failing report never passes by what --fix inserts -------------------------------------------

def _heads_a_table_already_there(report, finding) -> bool:
    """An NB101 whose safe fix puts the missing heading over the section's table, which the
    report holds without it (the fixture NB101-table): the section then holds what the author
    wrote, and nothing but the heading was inserted."""
    if finding.code != "NB101" or finding.fix is None or finding.fix.safety != "safe":
        return False
    (edit,) = finding.fix.edits
    (number,) = [s.number for s in report.edition.sections if edit.content.strip() == s.heading]
    return report.table(number) is not None


@examples(60)
@given(reports())
def test_fix_never_turns_errors_into_a_pass(text):
    before = [f for f in lint(text) if f.severity == "error"]
    if not before:
        return
    after = fix(text)
    if [f for f in after.findings if f.severity == "error"]:
        return
    report = parse(text)
    assert all(_heads_a_table_already_there(report, f) for f in before), "--fix made a failing report pass"


def test_a_heading_put_over_its_orphaned_table_is_the_one_way_fix_passes():
    """Found by the long property run: the only error a table without its section's heading;
    the fix heads it and the report passes, as the rule fixture says. A missing section without
    its table still fails after the fix (NB107 / NB201, below)."""
    clean = read(Path(__file__).parent / "fixtures" / "clean-2021.txt")
    text = clean.replace("二、主动公开政府信息情况\n", "", 1)
    (nb101,) = [f for f in lint(text) if f.severity == "error"]
    assert nb101.code == "NB101" and _heads_a_table_already_there(parse(text), nb101)
    fixed = fix(text)
    assert fixed.text == text.replace("第二十条第（一）项", "二、主动公开政府信息情况\n第二十条第（一）项", 1)
    assert [f for f in fixed.findings if f.severity == "error"] == []


@pytest.mark.parametrize("name", sorted(BASES))
def test_a_report_with_a_section_cut_out_still_fails_after_fix(name):
    text = BASES[name]
    r = parse(text)
    if len(r.sections) < 3:
        pytest.fail(f"{name} should have its sections")
    s = r.sections[2]
    cut = text[:s.heading.span.start] + text[s.body.end:]
    assert [f for f in lint(cut) if f.severity == "error"]
    assert [f for f in fix(cut).findings if f.severity == "error"]


def test_a_table_replaced_by_a_sentence_is_not_filled_in():
    from nianbao.grammar import new_report
    text = re.sub(r"\n[（(]请在此填写.*", "\n本年度，本机关依法做好政府信息公开工作。", new_report(2023, "某局"))
    start = text.index("三、收到和处理政府信息公开申请情况")
    end = text.index("四、政府信息公开行政复议")
    text = text[:start] + "三、收到和处理政府信息公开申请情况\n本年度共收到申请12件。\n\n" + text[end:]
    assert [f.code for f in lint(text) if f.severity == "error"] == ["NB201"]
    fixed = fix(text)
    assert fixed.text == text and fixed.applied == 0 and fixed.unsafe_left == 1
    assert [f.code for f in fixed.findings if f.severity == "error"] == ["NB201"]


# -- RULES.md and the rules agree ----------------------------------------------------------------

def rules_md() -> dict[str, tuple[str, str]]:
    """code → (default severity, first word of the fix column) from ../shared/docs/RULES.md."""
    out = {}
    for line in (SHARED / "docs" / "RULES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"NB\d{3}", cells[0]):
            out[cells[0]] = (cells[2].split()[0], re.match(r"(safe|unsafe|none)", cells[4]).group(1))
    return out


def test_rules_md_and_the_rules_agree_rule_by_rule():
    documented = rules_md()
    rules = {code: r for code, r in RULES.items() if code != "NB001"}
    assert sorted(documented) == sorted(rules)
    for code, (severity, fixes) in documented.items():
        r = rules[code]
        assert r.severity == severity, code
        assert (r.fix.split(":")[0] if r.fix else "none") == fixes, code
