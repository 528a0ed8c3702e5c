"""The five complete real reports read exactly: sections, table values, and what cannot be read."""
from decimal import Decimal

import pytest

from conftest import line_col, read, seed_path
from nianbao.grammar import parse, to_dict

Z7, Z3 = [0] * 7, [0, 0, 0]
ROWS_2019 = ["r1", "r2", "r3.1", "r3.2"] + [f"r3.3.{i}" for i in range(1, 9)] + \
    [f"r3.4.{i}" for i in range(1, 4)] + [f"r3.5.{i}" for i in range(1, 6)] + ["r3.6", "r3.7", "r4"]
TABLE2_ZERO_2019 = {
    "20.1": {"规章": Z3, "规范性文件": Z3},
    "20.5": {"行政许可": Z3, "其他对外管理服务事项": Z3},
    "20.6": {"行政处罚": Z3, "行政强制": Z3},
    "20.8": {"行政事业性收费": [0, 0]},
}


def load(prefix):
    text = read(seed_path(prefix))
    report = parse(text)
    return text, report, to_dict(report, prefix)


def sections(d):
    return [(s["number"], s["line"], s["form"]) for s in d["sections"]]


def test_000_tab_separated_missing_heading_and_rows():
    text, r, d = load("000")
    assert (d["year"], d["edition"], d["edition_source"]) == (2020, "2019", "year")
    assert d["title"] == "三岔口镇政府 2020 年信息公开工作 年度报告"
    # no heading for 三: its rows start at 二、上年结转… which is a table row, not a section
    assert sections(d) == [(1, 5, "canonical"), (2, 23, "canonical"), (4, 53, "canonical"),
                           (5, 60, "canonical"), (6, 64, "canonical")]
    assert r.section(4).heading.wording == "variant"
    assert r.section(4).heading.title == "政府信息公开申请行政复议、行政诉讼情况"
    # table 二 has only the 第二十条（一）项 title and its header: no rows at all
    assert d["table2"] == {"20.1": {}}
    assert r.table2.blocks["20.1"].title.raw == "第二十条（一）项"
    assert r.table2.blocks["20.1"].title.exact is False
    assert d["table3"]["r1"] is None
    assert all(d["table3"][i] == Z7 for i in ROWS_2019[1:])
    r2 = r.table3.row("r2")
    assert line_col(text, r2.label.span.start) == (28, 1)
    assert r2.label.raw == "二、上年结转政府信息公开申请数量"
    assert r.table3.row("r3.3.1").label.numbering == "1、"
    # table 四: the five 行政复议 cells are blank, not zero
    assert d["table4"] == [None] * 5 + [0] * 10
    t4 = r.table4.rows[0].cells
    assert [c.kind for c in t4[:6]] == ["blank"] * 5 + ["int"]
    assert line_col(text, t4[5].span.start) == (58, 6)
    assert d["problems"] == []


def test_001_one_cell_per_line_with_arabic_headings():
    text, r, d = load("001")
    assert d["title"] == "富阳区万市镇2020年政府信息公开工作年度报告"
    assert line_col(text, r.title_span.start) == (1, 1) and line_col(text, r.title_span.end) == (2, 5)
    assert sections(d) == [(1, 4, "canonical"), (2, 16, "canonical"), (3, 89, "canonical"),
                           (4, 351, "canonical"), (5, 396, "arabic"), (6, 401, "arabic")]
    h5 = r.section(5).heading
    assert (h5.numbering, h5.written_number, h5.title) == ("5、", 5, "存在的主要问题及改进情况")
    assert text[h5.numbering_span.start:h5.numbering_span.end] == "5、"
    assert d["table2"] == {**TABLE2_ZERO_2019, "20.9": {"政府集中采购": [15, 127.082]}}
    money = r.table2.row("政府集中采购").cells[1]
    assert (money.raw, money.value, money.unit) == ("127.082万元", Decimal("127.082"), "万元")
    assert line_col(text, money.span.start) == (86, 3)
    assert d["table3"] == {i: Z7 for i in ROWS_2019}
    r4 = r.table3.row("r4")
    assert [line_col(text, c.span.start)[0] for c in r4.cells] == list(range(342, 349))
    assert d["table4"] == [0] * 15
    assert line_col(text, r.table4.rows[0].cells[0].span.start) == (379, 2)
    assert d["problems"] == []


def test_002_nbsp_cells_unlabeled_rows_and_blanks():
    text, r, d = load("002")
    assert d["title"] == "拦隆口镇2020年政府信息公开工作年度报告"     # not the cover letter above it
    assert sections(d) == [(1, 20, "canonical"), (2, 27, "canonical"), (3, 102, "canonical"),
                           (4, 364, "canonical"), (5, 409, "canonical"), (6, 411, "canonical")]
    assert d["table2"]["20.5"]["其他对外管理服务事项"] == [100, 10, 110]
    assert d["table2"]["20.9"] == {"政府集中采购": [157, 3256.6732]}
    # the two sub-rows under （三）不予公开 have no labels: the template's row order says they are
    # r3.3.1 and r3.3.2 (between （二） and 3.危及…, exactly two rows are missing), and dump says so
    assert d["table3"]["r3.3.1"] == Z7 and d["table3"]["r3.3.2"] == Z7
    by_position = [row for row in r.table3.rows if row.inferred == "position"]
    assert [(row.id, line_col(text, row.found[0].span.start)) for row in by_position] == [
        ("r3.3.1", (160, 3)), ("r3.3.2", (171, 3))]
    assert d["inferred"] == [{"table": 3, "row": "r3.3.1", "block": None, "by": "position"},
                             {"table": 3, "row": "r3.3.2", "block": None, "by": "position"}]
    assert [(p["kind"], p["row"], p["line"], p["column"], p["message"]) for p in d["problems"]] == [
        ("row-by-position", "r3.3.1", 160, 3, "这一行数字没有行标签，按表格的行序读作“1.属于国家秘密”"),
        ("row-by-position", "r3.3.2", 171, 3, "这一行数字没有行标签，按表格的行序读作“2.其他法律行政法规禁止公开”")]
    # row 四: blanks and a `00`
    assert d["table3"]["r4"] == [0, 0, 0, None, 0, None, 0]
    c5 = r.table3.row("r4").cells[4]
    assert (c5.raw, c5.leading_zero, line_col(text, c5.span.start)) == ("00", True, (359, 3))
    assert d["table4"] == [None] * 4 + [0, None, None, 1, None, 1] + [None] * 5


def test_003_garbled_labels_and_amount_unit():
    text, r, d = load("003")
    assert sections(d) == [(1, 7, "canonical"), (2, 21, "canonical"), (3, 43, "canonical"),
                           (4, 75, "canonical"), (5, 84, "canonical"), (6, 92, "canonical")]
    assert d["table2"] == {**TABLE2_ZERO_2019, "20.9": {"政府集中采购": [6, 136648]}}
    amount = r.table2.row("政府集中采购").cells[1]
    assert (amount.raw, amount.unit) == ("136648（元）", "元")
    # （一） and （二） lost their labels to pieces of the vertical stub and a wrapped hint: they
    # are the only rows missing between 二、 and 1.属于国家秘密, so their place says which they are
    assert d["table3"]["r3.1"] == Z7 and d["table3"]["r3.2"] == Z7
    garbled = [(row.id, row.label_text, line_col(text, row.label_text_span.start))
               for row in r.table3.rows if row.inferred == "position"]
    assert garbled == [("r3.1", "本年", (51, 1)), ("r3.2", "计这一情形，不计其他情形)", (53, 1))]
    assert r.table3.row("r3.3.1").label.raw == "1. 属于国家秘密"
    assert d["table3"]["r4"] == Z7 and d["table4"] == [0] * 15


def test_004_headings_without_numerals_and_wrong_cell_counts():
    text, r, d = load("004")
    assert sections(d) == [(1, 5, "no-numeral"), (2, 19, "no-numeral"), (3, 40, "no-numeral"),
                           (4, 70, "no-numeral"), (5, 77, "no-numeral"), (6, 83, "no-numeral")]
    h1 = r.section(1).heading
    assert (h1.numbering, text[h1.title_span.start:h1.title_span.end]) == ("、", "总体情况")
    # （一）总体情况 further down is a sub-heading of section 一, not a second 一
    assert r.extra_headings == []
    fees = r.table2.row("行政事业性收费")
    assert (fees.status, [c.raw for c in fees.found]) == ("cell-count", ["0", "0", "0"])
    assert d["table2"]["20.8"] == {"行政事业性收费": [None, None]}
    counts = {row.id: len(row.found) for row in r.table3.rows if row.status == "cell-count"}
    assert counts == {**{i: 8 for i in ROWS_2019[4:20]}, "r3.6": 5, "r3.7": 5, "r4": 5}
    assert d["table3"]["r1"] == Z7 and d["table3"]["r3.2"] == Z7
    assert sum(p["kind"] == "cell-count" for p in d["problems"]) == 20
    p = next(p for p in d["problems"] if p["row"] == "r3.6")
    # the problem is where the numbers are, as NB203 reports it (one channel: the same words)
    assert (p["line"], p["column"], p["message"]) == (66, 14, "“（六）其他处理”行应有7个单元格，实际有5个")
    assert d["table4"] == [0] * 15


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_cell_span_points_at_its_text(prefix):
    text, r, _ = load(prefix)
    for t in (r.table2, r.table3, r.table4):
        for row in t.rows:
            for c in row.found:
                assert text[c.span.start:c.span.end] == c.raw
                if c.raw:
                    assert c.raw == c.raw.strip(" \t\u3000\u00a0")
