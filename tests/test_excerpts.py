"""Seventeen cut real reports in many layouts: every section and table row before the cut."""
import pytest

from conftest import EXCERPTS, line_col, read
from nianbao.grammar import lint, parse, to_dict

Z7 = [0] * 7
T2_2021_ZERO = {"20.1": {"规章": [0, 0, 0], "行政规范性文件": [0, 0, 0]}, "20.5": {"行政许可": [0]},
                "20.6": {"行政处罚": [0], "行政强制": [0]}, "20.8": {"行政事业性收费": [0]}}
T2_2019_ZERO = {"20.1": {"规章": [0, 0, 0], "规范性文件": [0, 0, 0]},
                "20.5": {"行政许可": [0, 0, 0], "其他对外管理服务事项": [0, 0, 0]},
                "20.6": {"行政处罚": [0, 0, 0], "行政强制": [0, 0, 0]}, "20.8": {"行政事业性收费": [0, 0]}}


def dump(name):
    text = read(EXCERPTS / name)
    report = parse(text)
    return text, report, to_dict(report, name)


def t3(d):
    return {k: v for k, v in (d["table3"] or {}).items() if v is not None}


# name: (year, edition, [(section, line)], table 二, table 三 rows read before the cut)
CASES = {
    "013.txt": (2022, "2021", [(1, 2), (2, 4), (3, 49)],
                {**T2_2021_ZERO, "20.1": {"规章": [0, 0, None], "行政规范性文件": [5, 12, 8]}},
                {"r1": [8, 0, 0, 0, 0, 0, 8], "r2": Z7}),
    "015.txt": (2022, "2021", [(1, 1), (2, 13), (3, 28)], T2_2021_ZERO, {}),
    "016.txt": (2022, "2021", [(1, 3), (2, 9), (3, 71)], T2_2021_ZERO,
                {i: Z7 for i in ("r1", "r2", "r3.1", "r3.2", "r3.3.1", "r3.3.2", "r3.3.3")}),
    "018.txt": (2019, "2019", [(1, 1), (2, 6), (3, 113)],
                {**T2_2019_ZERO, "20.1": {"规章": [0, 0, 0], "规范性文件": [30, 30, 30]},
                 "20.9": {"政府集中采购": [8, 160.5964]}}, {}),
    "021.txt": (2023, "2021", [(1, 1), (2, 3), (3, 18)],
                {**T2_2021_ZERO, "20.6": {"行政处罚": [1472], "行政强制": [0]}},
                {"r1": [1, 0, 0, 0, 0, 0, 1], **{i: Z7 for i in (
                    "r2", "r3.1", "r3.2", "r3.3.1", "r3.3.2", "r3.3.3", "r3.3.4", "r3.3.5")}}),
    "025.txt": (2020, "2019", [(1, 11), (2, 15)],
                {**T2_2019_ZERO, "20.1": {"规章": [0, 0, 0], "规范性文件": [5, 5, 5]},
                 "20.9": {"政府集中采购": [1, 8040]}}, {}),
    "026.txt": (2024, "2021", [(1, 1), (2, 3), (3, 18)],
                {**T2_2021_ZERO, "20.1": {"规章": [0, 0, 0], "行政规范性文件": [5, 1, 25]}},
                {"r1": [58, 7, 0, 0, 1, 0, 66], "r2": [2, 0, 0, 0, 0, 0, 2], "r3.1": [2, 1, 0, 0, 0, 0, 3],
                 "r3.2": [16, 1, 0, 0, 0, 0, 17], "r3.3.5": [1, 0, 0, 0, 0, 0, 1],
                 **{i: Z7 for i in ("r3.3.1", "r3.3.2", "r3.3.3", "r3.3.4", "r3.3.6")}}),
    "028.txt": (2023, "2021", [(1, 1), (2, 5), (3, 20)], T2_2021_ZERO, {"r1": [3, 0, 0, 0, 0, 0, 3], "r2": Z7}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_excerpt_reads_everything_before_the_cut(name):
    year, edition, secs, table2, table3 = CASES[name]
    _, _, d = dump(name)
    assert (d["year"], d["edition"]) == (year, edition)
    assert [(s["number"], s["line"]) for s in d["sections"]] == secs
    assert d["table2"] == table2
    assert {k: v for k, v in t3(d).items() if v != [None] * 7} == table3


def test_014_empty_cells_are_blank_not_zero():
    text, r, d = dump("014.txt")
    assert [(s["number"], s["line"]) for s in d["sections"]] == [(1, 2), (2, 4), (3, 45)]
    assert d["table2"] == T2_2021_ZERO
    blank = [None] * 5
    assert t3(d)["r1"] == [56, *blank, 56] and t3(d)["r2"] == [0, *blank, 0]
    assert t3(d)["r3.1"] == [18] + [None] * 6                      # 予以公开 total left empty
    assert all(t3(d)[f"r3.3.{i}"] == [None] * 7 for i in range(1, 8))
    # typos still recognised: 只计这一情况, 三类内容事务信息
    assert r.table3.row("r3.2").label.exact is False
    assert r.table3.row("r3.3.5").label.raw == "5.属于三类内容事务信息"
    # the row the cut went through is reported, not guessed
    assert [(p["kind"], p["row"], p["line"]) for p in d["problems"]] == [("cell-count", "r3.3.8", 161)]   # its numbers


def test_017_signed_changes_and_missing_block_title():
    _, r, d = dump("017.txt")
    assert (d["year"], d["edition"]) == (2019, "2019")
    assert r.table2.blocks["20.1"].title is None              # 第二十条第(一)项 header missing
    assert d["table2"]["20.5"] == {"行政许可": [16, 3, 780], "其他对外管理服务事项": [22, 0, 889]}
    assert d["table2"]["20.6"]["行政处罚"] == [253, -253, 0]   # `--253`
    c = r.table2.row("其他对外管理服务事项").cells[0]
    assert (c.raw, c.sign, c.value) == ("+22", "+", 22)
    assert d["table2"]["20.9"] == {"政府集中采购": [9, 103.3879]}


def test_020_traditional_script_with_template_hints():
    text, r, d = dump("020.txt")
    assert (d["year"], d["edition"], d["sections"]) == (2020, "2019", [])
    assert d["table2"]["20.1"] == {"规章": [0, 0, 0], "规范性文件": [2, 2, 19]}
    assert d["table2"]["20.5"] == {"行政许可": [8, 5, 93], "其他对外管理服务事项": [117, 0, 165]}
    assert d["table2"]["20.6"] == {"行政处罚": [90, 0, 22], "行政强制": [4, 4, None]}   # `-` is not 0
    assert r.table2.row("行政强制").cells[2].kind == "na"
    assert d["table2"]["20.8"] == {"行政事业性收费": [None, None]}
    assert r.table2.blocks["20.1"].title.raw == "第二十條第(一)項"
    # the label is the label: the note after it is the report's text, which NB207's fix never touches
    assert r.table2.row("规范性文件").label.raw == "規範性檔案"
    # the Hubei-only row 其他主動公開檔案 is no template row: kept apart, with its label text
    (extra,) = [row for row in r.table2.rows if row.id is None]
    assert extra.label_text.startswith("其他主動公開檔案") and [c.value for c in extra.found[:3]] == [186, 86, 255]


def test_022_2019_table_in_a_2023_report():
    _, r, d = dump("022.txt")
    assert (d["year"], d["edition"], d["title"]) == (2023, "2021", "西咸新区底张街道办事处2023年度政府信息公开工作年度报告")
    assert r.table2.blocks["20.1"].edition == "2019" and r.table2.blocks["20.5"].edition == "2019"
    assert d["table2"] == {"20.1": {"规章": [0, 0, 0], "规范性文件": [0, 0, 0]}, "20.5": {"行政许可": [0, 0, 0]}}


def test_023_arabic_top_level_heading():
    _, r, d = dump("023.txt")
    assert [(s["number"], s["line"], s["form"]) for s in d["sections"]] == [(1, 13, "arabic")]
    assert d["title"] == "正阳街道办事处2023年政府信息公开工作年度报告"


def test_023_the_parts_listed_in_a_text_cut_short_are_no_finding():
    # the preamble lists six parts; the excerpt ends in part 一: parts missing at the end are no
    # sign that the report left them out
    text, _, _ = dump("023.txt")
    assert "NB403" not in [f.code for f in lint(text)]


def test_024_year_in_header_cells():
    text, r, d = dump("024.txt")
    assert r.table2.blocks["20.1"].edition == "2021"          # 本年(2023)制发件数
    assert d["table2"]["20.1"] == {"规章": [0, 0, 0], "规范性文件": [0, 1, 0]}
    # NB207 names the two headers with a year in them; its fix would drop the year, so none
    found = [(f.code, text[f.span.start:f.span.end], f.fix) for f in lint(text) if f.code == "NB207"]
    assert found == [("NB207", "本年(2023)制发件数", None), ("NB207", "本年(2023)废止件数", None)]


def test_027_label_less_run_of_64_cells_is_not_guessed():
    text, r, d = dump("027.txt")
    assert (d["year"], d["edition"], d["edition_source"]) == (None, "2019", "labels")
    assert d["table2"]["20.5"]["行政许可"] == [6, -4, 2]       # `减4`
    assert t3(d) == {"r1": Z7, "r2": Z7, "r3.1": Z7, "r3.2": Z7}
    (run,) = [row for row in r.table3.rows if row.id is None]
    assert len(run.found) == 64 and line_col(text, run.found[0].span.start) == (102, 1)


def test_029_the_preamble_lists_five_parts_of_six():
    text, _, _ = dump("029.txt")
    (f,) = [f for f in lint(text) if f.code == "NB403"]
    assert text[f.span.start:f.span.end] == "六" and "列出了5个部分的名称（没有“政府信息公开行政复议、行政诉讼情况”）" in f.message


def test_029_slash_cells_and_totals_only():
    _, r, d = dump("029.txt")
    assert d["table2"]["20.1"] == {"规章": [None, None, None], "行政规范性文件": [0, 0, 0]}
    assert [c.kind for c in r.table2.row("规章").cells] == ["na"] * 3
    assert t3(d)["r1"] == [None] * 6 + [0] and t3(d)["r2"] == [None] * 6 + [0]


def test_030_reworded_heading():
    _, r, d = dump("030.txt")
    assert [(s["number"], s["line"], s["wording"]) for s in d["sections"]] == [(1, 2, "exact"), (2, 9, "variant")]
    assert d["year"] == 2024 and d["table2"] is None
