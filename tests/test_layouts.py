"""The reader on every input layout of TEMPLATE.md §7, one synthetic report fragment each.

Each test asserts the row ids read, the cell values, and exact spans: the text under a span
and its numeric offsets, computed here independently of the reader (`at`).
"""
from decimal import Decimal

import pytest

from nianbao.grammar import parse

TITLE_2021 = "某某局2023年政府信息公开工作年度报告"
TITLE_2020 = "某某局2020年政府信息公开工作年度报告"   # 2019-edition columns
N, I = "\u00a0", "\u3000"                        # NBSP, ideographic space


def frame(*lines: str, title: str = TITLE_2021, sep: str = "\n") -> str:
    """Report text around `lines`: title, section 一 with a sentence, the lines, section 五."""
    head = (title, "一、总体情况", "本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》。")
    tail = ("五、存在的主要问题及改进情况", "政务公开工作仍存在公开内容不够全面等问题。")
    return sep.join(head + lines + tail)


def at(text: str, before: str, target: str) -> int:
    """Offset of `target` where it follows `before`; the pair must occur exactly once."""
    assert text.count(before + target) == 1, f"{before + target!r} is not unique"
    return text.index(before + target) + len(before)


def assert_span(text: str, span, expected: str, start: int) -> None:
    assert text[span.start:span.end] == expected
    assert (span.start, span.end) == (start, start + len(expected))


def assert_rows(table, expected: dict) -> dict:
    """The table has exactly these rows (id → values), in this order, all read cleanly."""
    assert table is not None
    assert [r.id for r in table.rows] == list(expected)
    assert {r.id: r.values for r in table.rows} == expected
    assert [r.status for r in table.rows] == ["ok"] * len(expected)
    return {r.id: r for r in table.rows}


ZEROS = [0] * 7
T4_HEADER = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


# 1 ------------------------------------------------------------------------------------------

def test_tab_separated_rows_from_word():
    text = frame(
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
        "一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3",
        "二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1",
        "三、本年度办理结果\t(一) 予以公开\t2\t0\t0\t0\t0\t0\t2",
        "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t0\t0\t0\t0\t0\t1",
        "\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
        "\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0",
        "\t（七）总计\t3\t0\t0\t0\t0\t0\t3",
        "四、结转下年度继续办理\t\t1\t0\t0\t0\t0\t0\t1",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t\t\t\t\t行政诉讼",
        "\t".join(T4_HEADER) + "\t未经复议直接起诉\t\t\t\t\t复议后起诉",
        "\t" * 5 + "\t".join(T4_HEADER * 2),
        "\t\t\t\t\t0\t1\t0\t0\t1\t0\t0\t0\t0\t0",
    )
    report = parse(text)
    rows = assert_rows(report.table3, {
        "r1": [3, 0, 0, 0, 0, 0, 3], "r2": [1, 0, 0, 0, 0, 0, 1], "r3.1": [2, 0, 0, 0, 0, 0, 2],
        "r3.2": [1, 0, 0, 0, 0, 0, 1], "r3.3.1": ZEROS, "r3.3.2": ZEROS,
        "r3.7": [3, 0, 0, 0, 0, 0, 3], "r4": [1, 0, 0, 0, 0, 0, 1],
    })
    assert_span(text, rows["r1"].cells[0].span, "3", at(text, "申请数量\t\t", "3"))
    assert_span(text, rows["r3.1"].cells[6].span, "2", at(text, "予以公开\t2\t0\t0\t0\t0\t0\t", "2"))
    assert_span(text, rows["r3.1"].label.span, "(一) 予以公开", at(text, "办理结果\t", "(一) 予以公开"))
    assert_span(text, rows["r3.3.1"].label.span, "1.属于国家秘密", text.index("1.属于国家秘密"))

    (t4,) = assert_rows(report.table4, {"r": [None] * 5 + [0, 1, 0, 0, 1] + [0] * 5}).values()
    assert [c.kind for c in t4.cells[:5]] == ["blank"] * 5
    assert_span(text, t4.cells[6].span, "1", at(text, "\t\t\t\t\t0\t", "1"))
    assert_span(text, t4.cells[9].span, "1", at(text, "\t\t\t\t\t0\t1\t0\t0\t", "1"))
    assert report.problems == []


# 2 ------------------------------------------------------------------------------------------

def test_markdown_pipe_tables():
    text = "\n".join([
        f"# {TITLE_2021}",
        "## 一、总体情况",
        "本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "## 二、主动公开政府信息情况",
        "| 第二十条第（一）项 | | | |",
        "|---|---|---|---|",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "| 规章 | 0 | 0 | 0 |",
        "| 行政规范性文件 | 2 | 1 | 15 |",
        "| 第二十条第（五）项 | | | |",
        "| 信息内容 | 本年处理决定数量 | | |",
        "| 行政许可 | 120 | | |",
        "| 第二十条第（六）项 | | | |",
        "| 信息内容 | 本年处理决定数量 | | |",
        "| 行政处罚 | 35 | | |",
        "| 行政强制 | 4 | | |",
        "| 第二十条第（八）项 | | | |",
        "| 信息内容 | 本年收费金额（单位：万元） | | |",
        "| 行政事业性收费 | 4068.208 | | |",
        "## 三、收到和处理政府信息公开申请情况",
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| 一、本年新收政府信息公开申请数量 | | | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
        "| 三、本年度办理结果 | （一）予以公开 | | 4 | 1 | 0 | 0 | 0 | 0 | 5 |",
        "## 四、政府信息公开行政复议、行政诉讼情况",
    ])
    report = parse(text)
    rows = assert_rows(report.table2, {
        "规章": [0, 0, 0], "行政规范性文件": [2, 1, 15], "行政许可": [120], "行政处罚": [35],
        "行政强制": [4], "行政事业性收费": [Decimal("4068.208")],
    })
    assert {r.id: r.block for r in rows.values()} == {
        "规章": "20.1", "行政规范性文件": "20.1", "行政许可": "20.5", "行政处罚": "20.6",
        "行政强制": "20.6", "行政事业性收费": "20.8"}
    assert_span(text, rows["行政规范性文件"].cells[2].span, "15", at(text, "| 1 | ", "15"))
    assert_span(text, rows["行政许可"].cells[0].span, "120", at(text, "| 行政许可 | ", "120"))
    assert_span(text, rows["行政事业性收费"].cells[0].span, "4068.208", text.index("4068.208"))
    assert_span(text, rows["行政处罚"].label.span, "行政处罚", at(text, "| ", "行政处罚"))

    rows3 = assert_rows(report.table3, {"r1": [5, 1, 0, 0, 0, 0, 6], "r3.1": [4, 1, 0, 0, 0, 0, 5]})
    assert_span(text, rows3["r1"].cells[6].span, "6", at(text, "| 0 | ", "6"))
    assert_span(text, rows3["r3.1"].label.span, "（一）予以公开", text.index("（一）予以公开"))
    assert [(s.number, s.heading.form) for s in report.sections] == [
        (1, "markdown"), (2, "markdown"), (3, "markdown"), (4, "markdown")]
    assert report.problems == []


# 3 ------------------------------------------------------------------------------------------

def test_pipe_rows_without_leading_pipe():
    text = frame(
        "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 3 | 1 | 17 |",
        "第二十条第(五)项 | |||",
        "信息内容 | 本年处理决定数量 |||",
        "行政许可 | 0 | ||",
        "第二十条第(六)项 | |||",
        "信息内容 | 本年处理决定数量 |||",
        "行政处罚 | 28 | ||",
        "行政强制 | 2 | ||",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 | | | 9 | 0 | 0 | 0 | 0 | 0 | 9 |",
    )
    report = parse(text)
    rows = assert_rows(report.table2, {
        "规章": [0, 0, 0], "行政规范性文件": [3, 1, 17], "行政许可": [0], "行政处罚": [28], "行政强制": [2]})
    assert_span(text, rows["行政规范性文件"].cells[2].span, "17", at(text, "| 1 | ", "17"))
    assert_span(text, rows["行政许可"].cells[0].span, "0", at(text, "行政许可 | ", "0"))
    assert_span(text, rows["行政处罚"].cells[0].span, "28", text.index("28"))
    assert_span(text, rows["行政强制"].label.span, "行政强制", text.index("行政强制 |"))
    rows3 = assert_rows(report.table3, {"r1": [9, 0, 0, 0, 0, 0, 9]})
    assert_span(text, rows3["r1"].cells[0].span, "9", at(text, "| | | ", "9"))
    assert report.problems == []


# 4 ------------------------------------------------------------------------------------------

def test_one_cell_per_line_terminated_by_pipe():
    text = frame(
        "二、主动公开政府信息情况",
        "第二十条第（一）项 |", "|", "|", "|",
        "信息内容 |", "本年制发件数 |", "本年废止件数 |", "现行有效件数 |",
        "规章 |", "0 |", "0 |", "|", "|",
        "行政规范性文件 |", "3 |", "1 |", "12 |",
        "第二十条第（五）项 |", "|",
        "信息内容 |", "本年处理决定数量 |",
        "行政许可 |", "56 |",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 |", "56 |", "|", "|", "|", "|", "|", "56 |",
        "二、上年结转政府信息公开申请数量 |", "|", "|", "|", "|", "|", "|", "|",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    report = parse(text)
    rows = assert_rows(report.table2, {"规章": [0, 0, None], "行政规范性文件": [3, 1, 12], "行政许可": [56]})
    assert rows["规章"].cells[2].kind == "blank"          # 现行有效件数 left empty
    assert_span(text, rows["规章"].cells[1].span, "0", at(text, "规章 |\n0 |\n", "0"))
    assert_span(text, rows["行政规范性文件"].cells[2].span, "12", text.index("12 |"))
    assert_span(text, rows["行政许可"].cells[0].span, "56", at(text, "行政许可 |\n", "56"))
    assert_span(text, rows["规章"].label.span, "规章", text.index("规章 |"))
    rows3 = assert_rows(report.table3, {"r1": [56] + [None] * 5 + [56], "r2": [None] * 7})
    assert_span(text, rows3["r1"].cells[6].span, "56", at(text, "|\n|\n|\n|\n|\n", "56"))
    assert_span(text, rows3["r2"].label.span, "二、上年结转政府信息公开申请数量", text.index("二、上年结转"))
    assert report.problems == []


# 5 ------------------------------------------------------------------------------------------

def test_one_cell_per_line_with_pipe_lines_between():
    text = frame(
        "二、主动公开政府信息情况",
        "|", "第二十条第（一）项", "|",
        "|", "信息内容", "|", "本年制发件数", "|", "本年废止件数", "|", "现行有效件数", "|",
        "规章", "|", "0", "|", "1", "|", "2", "|",
        "行政规范性文件", "|", "4", "|", "0", "|", "25", "|",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量", "|", "6", "|", "|", "|", "|", "|", "|", "6", "|",
        "三、本年度办理结果", "|", "（一）予以公开", "|", "5", "|", "|", "|", "|", "|", "|", "5", "|",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    report = parse(text)
    rows = assert_rows(report.table2, {"规章": [0, 1, 2], "行政规范性文件": [4, 0, 25]})
    assert_span(text, rows["规章"].cells[2].span, "2", at(text, "1\n|\n", "2"))
    assert_span(text, rows["行政规范性文件"].cells[2].span, "25", text.index("25"))
    assert_span(text, rows["行政规范性文件"].label.span, "行政规范性文件", text.index("行政规范性文件"))
    rows3 = assert_rows(report.table3, {"r1": [6] + [None] * 5 + [6], "r3.1": [5] + [None] * 5 + [5]})
    assert_span(text, rows3["r1"].cells[0].span, "6", at(text, "申请数量\n|\n", "6"))
    assert_span(text, rows3["r3.1"].cells[6].span, "5", at(text, "|\n|\n|\n|\n|\n|\n", "5"))
    assert report.problems == []


# 6 ------------------------------------------------------------------------------------------

def test_one_cell_per_line_tab_indented_blank_line_rows():
    def rows_of(*cells):                  # a row: one tab-indented cell per line, then a blank line
        return [f"\t{c}" for c in cells] + [""]

    text = frame(
        "二、主动公开政府信息情况",
        *rows_of("第二十条第（一）项"),
        *rows_of("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        *rows_of("规章", 0, 0, 0),
        *rows_of("行政规范性文件", 2, 0, 9),
        *rows_of("第二十条第（八）项"),
        *rows_of("信息内容", "本年收费金额（单位：万元）"),
        *rows_of("行政事业性收费", "0.5"),
        "三、收到和处理政府信息公开申请情况",
        *rows_of("一、本年新收政府信息公开申请数量", 4, 0, 0, 0, 0, 1, 5),
        *rows_of("三、本年度办理结果"),
        *rows_of("（一）予以公开", 3, 0, 0, 0, 0, 1, 4),
        "四、政府信息公开行政复议、行政诉讼情况",
        *rows_of("行政复议"),
        *rows_of(*T4_HEADER),
        *rows_of(0, 0, 0, 0, 0),
        *rows_of(0, 0, 0, 0, 0),
        *rows_of(0, 0, 1, 0, 1),
    )
    report = parse(text)
    rows = assert_rows(report.table2, {"规章": [0, 0, 0], "行政规范性文件": [2, 0, 9],
                                       "行政事业性收费": [Decimal("0.5")]})
    assert_span(text, rows["行政规范性文件"].cells[0].span, "2", at(text, "行政规范性文件\n\t", "2"))
    assert_span(text, rows["行政事业性收费"].cells[0].span, "0.5", text.index("0.5"))
    assert_span(text, rows["规章"].label.span, "规章", at(text, "\t", "规章"))
    rows3 = assert_rows(report.table3, {"r1": [4, 0, 0, 0, 0, 1, 5], "r3.1": [3, 0, 0, 0, 0, 1, 4]})
    assert_span(text, rows3["r1"].cells[6].span, "5", at(text, "\t1\n\t", "5"))
    assert_span(text, rows3["r3.1"].label.span, "（一）予以公开", text.index("（一）予以公开"))
    (t4,) = assert_rows(report.table4, {"r": [0] * 12 + [1, 0, 1]}).values()
    assert_span(text, t4.cells[14].span, "1", at(text, "\t1\n\t0\n\t", "1"))
    assert report.problems == []


# 7 ------------------------------------------------------------------------------------------

def test_blank_line_separated_cells():
    text = frame(
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
        "规章", "  0", " 0", " 0",
        "行政规范性文件", "  6", " 2", " 31",
        "第二十条第（五）项",
        "信息内容", "本年处理决定数量",
        "行政许可", " 210",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量", "7", "1", "0", "0", "0", "0", "8",
        "二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1",
        "四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议", "行政诉讼", *T4_HEADER, "未经复议直接起诉", "复议后起诉", *T4_HEADER, *T4_HEADER,
        "1", "0", "0", "0", "1", *["0"] * 10,
        sep="\n\n",
    )
    report = parse(text)
    rows = assert_rows(report.table2, {"规章": [0, 0, 0], "行政规范性文件": [6, 2, 31], "行政许可": [210]})
    assert_span(text, rows["行政规范性文件"].cells[0].span, "6", at(text, "行政规范性文件\n\n  ", "6"))
    assert_span(text, rows["行政规范性文件"].cells[2].span, "31", text.index("31"))
    assert_span(text, rows["行政许可"].cells[0].span, "210", text.index("210"))
    assert_span(text, rows["行政许可"].label.span, "行政许可", text.index("行政许可"))
    rows3 = assert_rows(report.table3, {
        "r1": [7, 1, 0, 0, 0, 0, 8], "r2": [1, 0, 0, 0, 0, 0, 1], "r4": ZEROS})
    assert_span(text, rows3["r1"].cells[6].span, "8", text.index("8\n"))
    assert_span(text, rows3["r4"].label.span, "四、结转下年度继续办理", text.index("四、结转"))
    (t4,) = assert_rows(report.table4, {"r": [1, 0, 0, 0, 1] + [0] * 10}).values()
    assert_span(text, t4.cells[4].span, "1", at(text, "总计\n\n1\n\n0\n\n0\n\n0\n\n", "1"))
    assert report.problems == []


# 8 ------------------------------------------------------------------------------------------

def test_space_separated_numbers_from_pdf_text():
    text = frame(
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
        "自然人 法人或其他组织 总计",
        "商业企业 科研机构 社会公益组织 法律服务机构 其他",
        "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3",
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "三、本年度办理结果",
        "（一）予以公开 2 0 0 0 0 0 2",
        "（七）总计 3 0 0 0 0 0 3",
        "四、结转下年度继续办理 0 0 0 0 0 0 0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 行政诉讼",
        "结 结 其 尚",
        "果 果 他 未",
        "总计 果 果 他 未 总 果 果 他 未 总",
        "维 纠 结 审",
        "0 0 0 0 0 0 0 0 0 0 0 1 0 0 1",
    )
    report = parse(text)
    rows = assert_rows(report.table3, {
        "r1": [3, 0, 0, 0, 0, 0, 3], "r2": ZEROS, "r3.1": [2, 0, 0, 0, 0, 0, 2],
        "r3.7": [3, 0, 0, 0, 0, 0, 3], "r4": ZEROS})
    assert_span(text, rows["r1"].cells[0].span, "3", at(text, "申请数量 ", "3"))
    assert_span(text, rows["r1"].cells[6].span, "3", at(text, "申请数量 3 0 0 0 0 0 ", "3"))
    assert_span(text, rows["r1"].label.span, "一、本年新收政府信息公开申请数量", text.index("一、本年新收"))
    assert_span(text, rows["r3.7"].label.span, "（七）总计", text.index("（七）总计"))
    (t4,) = assert_rows(report.table4, {"r": [0] * 11 + [1, 0, 0, 1]}).values()
    assert_span(text, t4.cells[11].span, "1", at(text, "0 0 0 0 0 0 0 0 0 0 0 ", "1"))
    assert_span(text, t4.cells[14].span, "1", at(text, "1 0 0 ", "1"))
    assert report.problems == []


@pytest.mark.parametrize("space", [N, I, "\u2002"])
def test_numbers_separated_by_other_spaces_read_as_plain_spaces(space):
    """A row of numbers alone on its line, with NBSP, U+3000 or an en space between them."""
    row = space.join("0" * 11 + "1001")
    text = frame("四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼", "结 结 其 尚",
                 "果 果 他 未", "总计 果 果 他 未 总 果 果 他 未 总", "维 纠 结 审", row)
    (t4,) = assert_rows(parse(text).table4, {"r": [0] * 11 + [1, 0, 0, 1]}).values()
    assert_span(text, t4.cells[14].span, "1", len(text[:text.index(row)]) + len(row) - 1)


# 9 ------------------------------------------------------------------------------------------

def test_header_cells_broken_over_lines():
    text = frame(
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容", "本年新", "制作数量", "本年新", "公开数量", "对外公开", "总数量",
        "规章", "0", "0", "3",
        "规范性文件", "2", "2", "20",
        "第二十条第（五）项",
        "信息内容", "上一年", "项目数量", "本年增/减", "处理决定", "数量",
        "行政许可", "12", "+1", "300",
        "其他对外管理服务事项", "0", "0", "0",
        "三、收到和处理政府信息公开申请情况",
        title=TITLE_2020,
    )
    report = parse(text)
    assert report.edition.id == "2019"
    rows = assert_rows(report.table2, {
        "规章": [0, 0, 3], "规范性文件": [2, 2, 20], "行政许可": [12, 1, 300], "其他对外管理服务事项": [0, 0, 0]})
    assert rows["行政许可"].cells[1].sign == "+"
    assert_span(text, rows["规范性文件"].cells[2].span, "20", at(text, "2\n2\n", "20"))
    assert_span(text, rows["行政许可"].cells[1].span, "+1", text.index("+1"))
    assert_span(text, rows["行政许可"].cells[2].span, "300", text.index("300"))
    assert_span(text, rows["规范性文件"].label.span, "规范性文件", text.index("规范性文件"))
    assert {b.id: b.edition for b in report.table2.blocks.values()} == {"20.1": "2019", "20.5": "2019"}
    assert report.problems == []


# 10 -----------------------------------------------------------------------------------------

def test_labels_split_across_cells():
    text = frame(
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量", "4", "0", "0", "0", "0", "0", "4",
        "三、本年度办理结果",
        "(一)", "予以公开", "1", "0", "0", "0", "0", "0", "1",
        "(三)", "不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0",
        "2.", "其他法律行政法规禁止公开", "2", "0", "0", "0", "0", "0", "2",
        "(四)", "无法提供", "1.本机关不掌握相关政府信息", "1", "0", "0", "0", "0", "0", "1",
        "四、政府信息公开行政复议、行政诉讼情况",
        sep="\n\n",
    )
    report = parse(text)
    rows = assert_rows(report.table3, {
        "r1": [4, 0, 0, 0, 0, 0, 4], "r3.1": [1, 0, 0, 0, 0, 0, 1], "r3.3.1": ZEROS,
        "r3.3.2": [2, 0, 0, 0, 0, 0, 2], "r3.4.1": [1, 0, 0, 0, 0, 0, 1]})
    assert_span(text, rows["r3.1"].cells[0].span, "1", at(text, "予以公开\n\n", "1"))
    assert_span(text, rows["r3.3.2"].cells[0].span, "2", at(text, "禁止公开\n\n", "2"))
    assert_span(text, rows["r3.4.1"].cells[6].span, "1", at(text, "相关政府信息\n\n1" + "\n\n0" * 5 + "\n\n", "1"))
    assert_span(text, rows["r3.3.1"].label.span, "1.属于国家秘密", text.index("1.属于国家秘密"))
    assert_span(text, rows["r3.4.1"].label.span, "1.本机关不掌握相关政府信息", text.index("1.本机关"))
    assert report.problems == []


# 11 -----------------------------------------------------------------------------------------

def test_ascii_and_fullwidth_punctuation_and_numbering_variants():
    text = frame(
        "二、主动公开政府信息情况",
        "第二十条第(一)项 | |||",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "第二十条 第(八)项 | |||",
        "信息内容 | 本年收费金额(单位:万元) |||",
        "行政事业性收费 | 12.5 | ||",
        "三、收到和处理政府信息公开申请情况",
        "三、本年度办理结果 | (一)予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| (二)部分公开(区分处理的,只计这一情形,不计其他情形) | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| (三)不予公开 | 1、属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| | 2. 其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        '| | 3.危及"三安全一稳定" | 1 | 0 | 0 | 0 | 0 | 0 | 1 |',
        "| （四）无法提供 | 1．本机关不掌握相关政府信息 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
        "| （六）其他处理 | 1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
        "| | 3、其他 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
        "四、政府信息公开行政复议、行政诉讼情况",
    )
    report = parse(text)
    rows2 = assert_rows(report.table2, {"规章": [0, 0, 0], "行政事业性收费": [Decimal("12.5")]})
    assert rows2["行政事业性收费"].block == "20.8"
    assert_span(text, rows2["行政事业性收费"].cells[0].span, "12.5", text.index("12.5"))
    rows = assert_rows(report.table3, {
        "r3.1": [2, 0, 0, 0, 0, 0, 2], "r3.2": [1, 0, 0, 0, 0, 0, 1], "r3.3.1": ZEROS, "r3.3.2": ZEROS,
        "r3.3.3": [1, 0, 0, 0, 0, 0, 1], "r3.4.1": [3, 0, 0, 0, 0, 0, 3],
        "r3.6.1": [4, 0, 0, 0, 0, 0, 4], "r3.6.3": [5, 0, 0, 0, 0, 0, 5]})
    assert_span(text, rows["r3.4.1"].cells[0].span, "3", at(text, "相关政府信息 | ", "3"))
    assert_span(text, rows["r3.6.3"].cells[0].span, "5", at(text, "3、其他 | ", "5"))
    assert_span(text, rows["r3.3.1"].label.span, "1、属于国家秘密", text.index("1、属于国家秘密"))
    assert_span(text, rows["r3.3.2"].label.span, "2. 其他法律行政法规禁止公开", text.index("2. 其他"))
    assert_span(text, rows["r3.3.3"].label.span, '3.危及"三安全一稳定"', text.index("3.危及"))
    assert report.problems == []


# 12 -----------------------------------------------------------------------------------------

def test_nbsp_and_ideographic_space_padding_is_outside_spans():
    text = frame(
        "二、主动公开政府信息情况",
        "第二十条第（一）项\t\t\t",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        f"{I}规章{I}\t{N}0{N}\t{I}{I}7{I}\t{N} 16 {N}",
        f"行政规范性文件 | {N}{N}1{N} | {I}0{I} | {I}11{I} |",
        "第二十条第（五）项",
        "信息内容",
        "本年处理决定数量",
        "行政许可",
        f"{N}{N}{N}88{N}",
        "三、收到和处理政府信息公开申请情况",
        f"一、本年新收政府信息公开申请数量{I}{I}5{N}0{N}0{N}0{N}0{N}0{N}5",
    )
    report = parse(text)
    rows = assert_rows(report.table2, {"规章": [0, 7, 16], "行政规范性文件": [1, 0, 11], "行政许可": [88]})
    assert_span(text, rows["规章"].cells[1].span, "7", at(text, f"\t{I}{I}", "7"))
    assert_span(text, rows["规章"].cells[2].span, "16", at(text, f"\t{N} ", "16"))
    assert_span(text, rows["行政规范性文件"].cells[0].span, "1", at(text, f"| {N}{N}", "1"))
    assert_span(text, rows["行政规范性文件"].cells[2].span, "11", at(text, f"| {I}", "11"))
    assert_span(text, rows["行政许可"].cells[0].span, "88", at(text, f"{N}{N}{N}", "88"))
    assert_span(text, rows["规章"].label.span, "规章", at(text, I, "规章"))
    rows3 = assert_rows(report.table3, {"r1": [5, 0, 0, 0, 0, 0, 5]})
    assert_span(text, rows3["r1"].cells[0].span, "5", at(text, f"{I}{I}", "5"))
    assert_span(text, rows3["r1"].cells[6].span, "5", at(text, f"0{N}", "5"))
    assert_span(text, rows3["r1"].label.span, "一、本年新收政府信息公开申请数量", text.index("一、本年新收"))
    assert report.problems == []


# 13 -----------------------------------------------------------------------------------------

def test_crlf_line_endings_and_bom():
    text = "\ufeff" + frame(
        "二、主动公开政府信息情况",
        "第二十条第（一）项 | |||",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 5 | 1 | 44 |",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量", "", "9", "", "0", "", "0", "", "0", "", "0", "", "1", "", "10", "",
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
        "四、政府信息公开行政复议、行政诉讼情况",
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
        sep="\r\n",
    )
    report = parse(text)
    assert report.text == text
    assert_span(text, report.title_span, TITLE_2021, 1)
    heading = report.section(2).heading
    assert_span(text, heading.span, "二、主动公开政府信息情况", text.index("二、主动"))
    assert_span(text, heading.title_span, "主动公开政府信息情况", at(text, "二、", "主动公开"))
    rows = assert_rows(report.table2, {"规章": [0, 0, 0], "行政规范性文件": [5, 1, 44]})
    assert_span(text, rows["行政规范性文件"].cells[2].span, "44", text.index("44"))
    assert_span(text, rows["行政规范性文件"].label.span, "行政规范性文件", text.index("行政规范性文件"))
    rows3 = assert_rows(report.table3, {"r1": [9, 0, 0, 0, 0, 1, 10], "r2": ZEROS})
    assert_span(text, rows3["r1"].cells[0].span, "9", at(text, "申请数量\r\n\r\n", "9"))
    assert_span(text, rows3["r1"].cells[6].span, "10", at(text, "1\r\n\r\n", "10"))
    assert_span(text, rows3["r2"].cells[0].span, "0", at(text, "结转政府信息公开申请数量\t\t", "0"))
    assert_rows(report.table4, {"r": [0] * 15})
    assert report.problems == []


# 14 -----------------------------------------------------------------------------------------

def test_fullwidth_digits_leading_zero_and_na():
    text = frame(
        "二、主动公开政府信息情况",
        "| 第二十条第（五）项 | |",
        "|---|---|",
        "| 信息内容 | 本年处理决定数量 |",
        "| 行政许可 | １２ |",
        "| 第二十条第（六）项 | |",
        "| 信息内容 | 本年处理决定数量 |",
        "| 行政处罚 | 00 |",
        "| 行政强制 | / |",
        "三、收到和处理政府信息公开申请情况",
    )
    report = parse(text)
    rows = assert_rows(report.table2, {"行政许可": [12], "行政处罚": [0], "行政强制": [None]})
    twelve, zero, na = (rows[k].cells[0] for k in ("行政许可", "行政处罚", "行政强制"))
    assert (twelve.kind, twelve.fullwidth, twelve.leading_zero) == ("int", True, False)
    assert (zero.kind, zero.fullwidth, zero.leading_zero) == ("int", False, True)
    assert (na.kind, na.value) == ("na", None)
    assert_span(text, twelve.span, "１２", text.index("１２"))
    assert_span(text, zero.span, "00", text.index("00"))
    assert_span(text, na.span, "/", at(text, "行政强制 | ", "/"))
    assert_span(text, rows["行政强制"].label.span, "行政强制", text.index("行政强制"))
    assert report.problems == []


# 15 -----------------------------------------------------------------------------------------

def test_traditional_script():
    text = "\n".join([
        "某某局2023年政府信息公開工作年度報告",
        "一、總體情況",
        "本年度，本局認真貫徹落實《中華人民共和國政府信息公開條例》。",
        "二、主動公開政府信息情況",
        "第二十條第(一)項\t\t\t",
        "信息內容\t本年製發件數\t本年廢止件數\t現行有效件數",
        "規章\t0\t0\t0",
        "行政規範性檔案\t8\t3\t40",
        "三、收到和處理政府信息公開申請情況",
        "一、本年新收政府信息公開申請數量\t\t6\t0\t0\t0\t0\t0\t6",
        "四、結轉下年度繼續辦理\t\t2\t0\t0\t0\t0\t0\t2",
        "四、政府信息公開行政復議、行政訴訟情況",
    ])
    report = parse(text)
    assert report.year == 2023
    assert [s.number for s in report.sections] == [1, 2, 3, 4]
    block = report.table2.blocks["20.1"]
    assert_span(text, block.title.span, "第二十條第(一)項", text.index("第二十條"))
    rows = assert_rows(report.table2, {"规章": [0, 0, 0], "行政规范性文件": [8, 3, 40]})
    assert rows["行政规范性文件"].label.canonical == "行政规范性文件"
    assert_span(text, rows["行政规范性文件"].label.span, "行政規範性檔案", text.index("行政規範性檔案"))
    assert_span(text, rows["行政规范性文件"].cells[2].span, "40", text.index("40"))
    rows3 = assert_rows(report.table3, {"r1": [6, 0, 0, 0, 0, 0, 6], "r4": [2, 0, 0, 0, 0, 0, 2]})
    assert_span(text, rows3["r1"].cells[0].span, "6", at(text, "申請數量\t\t", "6"))
    assert_span(text, rows3["r4"].cells[0].span, "2", at(text, "繼續辦理\t\t", "2"))
    assert_span(text, rows3["r4"].label.span, "四、結轉下年度繼續辦理", text.index("四、結轉"))
    assert report.problems == []


# section headings -----------------------------------------------------------------------------

def test_section_heading_forms_and_table_labels_that_look_like_headings():
    text = "\n".join([
        TITLE_2021,
        "、总体情况",
        "本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "## 二、主动公开政府信息情况",
        "| 第二十条第（一）项 | | | |",
        "|---|---|---|---|",
        "| 规章 | 0 | 0 | 0 |",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2",
        "二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1",
        "三、本年度办理结果",
        "（一）予以公开", "2", "0", "0", "0", "0", "0", "2",
        "（七）总计", "2", "0", "0", "0", "0", "0", "2",
        "四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", "1",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
        "5、存在的主要问题及改进情况",
        "一是公开内容不够全面。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ])
    report = parse(text)
    headings = {s.number: s.heading for s in report.sections}
    assert list(headings) == [1, 2, 3, 4, 5, 6]
    assert report.extra_headings == []
    assert {n: h.form for n, h in headings.items()} == {
        1: "no-numeral", 2: "markdown", 3: "canonical", 4: "canonical", 5: "arabic", 6: "canonical"}

    assert_span(text, headings[1].span, "、总体情况", text.index("、总体情况"))
    assert_span(text, headings[1].title_span, "总体情况", at(text, "\n、", "总体情况"))
    assert_span(text, headings[2].span, "## 二、主动公开政府信息情况", text.index("## 二"))
    assert_span(text, headings[2].title_span, "主动公开政府信息情况", at(text, "## 二、", "主动公开"))
    assert_span(text, headings[4].span, "四、政府信息公开行政复议、行政诉讼情况", text.index("四、政府"))
    assert_span(text, headings[5].span, "5、存在的主要问题及改进情况", text.index("5、存在"))
    assert_span(text, headings[5].title_span, "存在的主要问题及改进情况", at(text, "5、", "存在"))

    # 二、上年结转… and 四、结转下年度… are table 三 rows, not sections 二 and 四
    rows = assert_rows(report.table3, {
        "r1": [2, 0, 0, 0, 0, 0, 2], "r2": [1, 0, 0, 0, 0, 0, 1], "r3.1": [2, 0, 0, 0, 0, 0, 2],
        "r3.7": [2, 0, 0, 0, 0, 0, 2], "r4": [1, 0, 0, 0, 0, 0, 1]})
    assert_span(text, rows["r2"].label.span, "二、上年结转政府信息公开申请数量", text.index("二、上年"))
    assert_span(text, rows["r4"].label.span, "四、结转下年度继续办理", text.index("四、结转"))
    assert_span(text, rows["r2"].cells[0].span, "1", at(text, "申请数量\n", "1"))
    assert_span(text, rows["r4"].cells[6].span, "1", text.index("1\n四、政府"))
    assert rows["r4"].cells[6].span.end <= headings[4].span.start
    assert report.problems == []
