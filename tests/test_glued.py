"""Crawled pages glue a row's cells together; recover them only when the sums allow one split."""
from nianbao.grammar import lint, parse
from nianbao.grammar.glued import run_splits, splits

HEAD = ("某某局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况自然人法人或其他组织总计\n")
ZERO_ROWS = ["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]


def test_splits_respect_leading_zeros():
    assert splits("801000081", 7).count((80, 1, 0, 0, 0, 0, 81)) == 1
    assert all(len(s) == 7 for s in splits("801000081", 7))
    assert (8, 0, 1, 0, 0, 0, 81) not in splits("801000081", 7)   # 9 digits: 8|0|1|0|0|0|081 is no split
    assert splits("12", 3) == []


def test_row_total_picks_the_one_split():
    assert run_splits(("801000081",), 7, ((0, 1, 2, 3, 4, 5, 6),)) == [(80, 1, 0, 0, 0, 0, 81)]


def test_spaces_are_hard_boundaries_and_each_string_gives_a_number_at_least():
    # （七）总计23 0 00 0 023: 00 and 023 are glued zeros, not leading-zero cells
    assert run_splits(("23", "0", "00", "0", "023"), 7, ((0, 1, 2, 3, 4, 5, 6),)) == [(23, 0, 0, 0, 0, 0, 23)]
    assert run_splits(("230", "000023"), 7, ((0, 1, 2, 3, 4, 5, 6),)) == [(23, 0, 0, 0, 0, 0, 23)]
    # table 四: each group of five sums to its 总计; 17 digits, one split
    assert run_splits(("10203120001200000",), 15, ((0, 1, 2, 3, 4), (5, 6, 7, 8, 9), (10, 11, 12, 13, 14))) == [
        (1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0)]


def test_glued_row_is_recovered_and_marked_inferred():
    text = HEAD + "一、本年新收政府信息公开申请数量801000081\n"
    r = parse(text)
    row = r.table3.row("r1")
    assert row.values == [80, 1, 0, 0, 0, 0, 81]
    assert all(c.inferred for c in row.cells)
    assert [text[c.span.start:c.span.end] for c in row.cells] == ["80", "1", "0", "0", "0", "0", "81"]
    assert row.cells[6].span.end == text.index("801000081") + 9
    (p,) = r.problems
    assert (p.kind, p.row, p.message) == (
        "glued-inferred", "r1", "“一、本年新收政府信息公开申请数量”行的数字粘连在一起（“801000081”），已按表格勾稽关系唯一拆分为：80、1、0、0、0、0、81")
    # one split fits the sums: the row reads, and no rule calls it unreadable (NB203 is for
    # digits that cannot be split)
    assert [f.code for f in lint(text) if f.code == "NB203"] == []


def test_ambiguous_row_is_left_unassigned():
    assert len(run_splits(("110000011",), 7, ((0, 1, 2, 3, 4, 5, 6),))) == 2
    r = parse(HEAD + "一、本年新收政府信息公开申请数量110000011\n")
    row = r.table3.row("r1")
    assert (row.status, row.cells) == ("glued", [])
    assert [p.kind for p in r.problems] == ["glued-ambiguous"]


def _full_table(r1: str) -> str:
    rows = [f"一、本年新收政府信息公开申请数量{r1}", "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
            "三、本年度办理结果\t（一）予以公开\t11\t0\t0\t0\t0\t0\t11"]
    rows += ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）" + "\t0" * 7]
    rows += [f"{i}.{label}" + "\t0" * 7 for i, label in enumerate(
        ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
         "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"], 1)]
    rows += [f"{i}.{label}" + "\t0" * 7 for i, label in enumerate(
        ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"], 1)]
    rows += [f"{i}.{label}" + "\t0" * 7 for i, label in enumerate(
        ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"], 1)]
    rows += ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" + "\t0" * 7,
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" + "\t0" * 7, "3.其他" + "\t0" * 7,
             "（七）总计\t11\t0\t0\t0\t0\t0\t11", "四、结转下年度继续办理" + "\t0" * 7]
    return HEAD + "\n".join(rows) + "\n"


def test_column_relations_settle_what_the_row_total_cannot():
    # 110000011 splits as 11,0,0,0,0,0,11 or 1,10,0,0,0,0,11; only the first balances r1+r2 = r3.7+r4
    r = parse(_full_table("110000011"))
    assert [row.id for row in r.table3.rows if row.status != "ok"] == []
    assert r.table3.row("r1").values == [11, 0, 0, 0, 0, 0, 11]
    assert [p.kind for p in r.problems] == ["glued-inferred"]


def test_column_relations_that_do_not_decide_leave_it_alone():
    text = _full_table("110000011").replace("（七）总计\t11\t0\t0\t0\t0\t0\t11", "（七）总计\t1\t1\t1\t1\t1\t1\t1")
    r = parse(text)
    assert r.table3.row("r1").status == "glued"


def test_glued_table4_row_recovered_by_group_totals():
    text = ("某某局2021年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n"
            "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n" + "101020000000000\n")
    r = parse(text)
    assert r.table4.rows[0].values == [1, 0, 1, 0, 2] + [0] * 10


def test_edition_from_labels_when_no_year():
    # no year anywhere: the 2021 sub-rows of （六） decide, the （六） stub itself does not vote 2019
    text = _full_table("110000011").replace("某某局2021年政府信息公开工作年度报告\n", "")
    text = "\n".join(line for line in text.split("\n") if not line.startswith(("2.申请人", "3.其他")))
    r = parse(text)
    assert (r.year, r.edition.id, r.edition_source) == (None, "2021", "labels")


def test_a_glued_run_ending_in_a_line_separator_is_split_over_its_digits_only():
    """U+2028 is no line break for the lexer: a run `0000000\\u2028` (hypothesis found it, in a
    report whose lines are broken by U+2028 only) ended the split's values one character early."""
    text = HEAD + "一、本年新收政府信息公开申请数量\t801000081\u2028\n"
    row = parse(text).table3.row("r1")
    assert [c.value for c in row.cells] == [80, 1, 0, 0, 0, 0, 81]
    assert text[row.cells[-1].span.start:row.cells[-1].span.end] == "81"
