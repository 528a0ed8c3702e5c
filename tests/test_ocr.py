"""OCR output: a wrong number is worse than a blank. Rulings read as digits, page numbers taken
for cells, values printed before their labels: the reader leaves such cells unread (NB203) or
reads them where the table's relations say they belong, never as a number nobody wrote. A
report whose numbers genuinely fail their sums is still read as written (NB3xx says so)."""
from nianbao.grammar import lint, parse

TITLE = "某某局2024年政府信息公开工作年度报告\n"
HEAD3 = ("三、收到和处理政府信息公开申请情况\n"
         "申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计\n")
LABELS = [
    ("r1", "一、本年新收政府信息公开申请数量"), ("r2", "二、上年结转政府信息公开申请数量"),
    ("r3.1", "三、本年度办理结果 （一）予以公开"), ("r3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("r3.3.1", "（三）不予公开 1.属于国家秘密"), ("r3.3.2", "2.其他法律行政法规禁止公开"),
    ("r3.3.3", "3.危及“三安全一稳定”"), ("r3.3.4", "4.保护第三方合法权益"), ("r3.3.5", "5.属于三类内部事务信息"),
    ("r3.3.6", "6.属于四类过程性信息"), ("r3.3.7", "7.属于行政执法案卷"), ("r3.3.8", "8.属于行政查询事项"),
    ("r3.4.1", "（四）无法提供 1.本机关不掌握相关政府信息"), ("r3.4.2", "2.没有现成信息需要另行制作"),
    ("r3.4.3", "3.补正后申请内容仍不明确"), ("r3.5.1", "（五）不予处理 1.信访举报投诉类申请"),
    ("r3.5.2", "2.重复申请"), ("r3.5.3", "3.要求提供公开出版物"), ("r3.5.4", "4.无正当理由大量反复申请"),
    ("r3.5.5", "5.要求行政机关确认或重新出具已获取信息"),
    ("r3.6.1", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("r3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("r3.6.3", "3.其他"), ("r3.7", "（七）总计"), ("r4", "四、结转下年度继续办理"),
]
# a table that balances: 12 new requests, 10 published, 2 not held
VALUES = {"r1": [12, 0, 0, 0, 0, 0, 12], "r3.1": [10, 0, 0, 0, 0, 0, 10], "r3.4.1": [2, 0, 0, 0, 0, 0, 2],
          "r3.7": [12, 0, 0, 0, 0, 0, 12]}
HEAD4 = ("四、政府信息公开行政复议、行政诉讼情况\n"
         "行政复议 | 行政诉讼\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计\n")
TABLE4 = "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"
TAIL = "五、存在的主要问题及改进情况\n无。\n"


def cells(rid: str) -> str:
    return " | ".join(map(str, VALUES.get(rid, [0] * 7)))


def table3(lines: dict[str, str] | None = None) -> str:
    """Table 三 as pipe rows, `lines` replacing the line of some rows."""
    lines = lines or {}
    return HEAD3 + "".join(lines.get(rid, f"{label} | {cells(rid)}") + "\n" for rid, label in LABELS)


def report(t3: str, t4: str = TABLE4) -> str:
    return TITLE + t3 + HEAD4 + t4 + TAIL


def codes(text: str) -> set[str]:
    return {f.code for f in lint(text)}


def values(text: str) -> dict:
    r = parse(text)
    return {row.id: row.values for row in r.table3.rows if row.id}


# -- rows failing their sums with OCR damage in their text are unreadable, not misread ---------------

def test_clean_table_reads_every_row():
    v = values(report(table3()))
    assert v["r1"] == [12, 0, 0, 0, 0, 0, 12] and v["r3.7"] == [12, 0, 0, 0, 0, 0, 12]
    assert not codes(report(table3())) & {"NB203", "NB302", "NB303", "NB301"}


def test_rulings_read_as_ones_leave_the_row_unread():
    # `| 2 | 0 | 0 | 0 | 0 | 0 | 2` with rulings read as 1 and spaces: 2,0,0,1,0,10,10102
    damaged = "（四）无法提供 1.本机关不掌握相关政府信息 | 2 | 0 | 0 1 0 10 10102"
    text = report(table3({"r3.4.1": damaged}))
    r = parse(text)
    row = r.table3.row("r3.4.1")
    assert (row.status, row.cells) == ("unreadable", [])
    assert [c.raw for c in row.found] == ["2", "0", "0", "1", "0", "10", "10102"]
    (p,) = [p for p in r.problems if p.row == "r3.4.1"]
    assert p.kind == "unreadable" and "10102" in p.message
    found = lint(text)
    assert [text[f.span.start:f.span.end] for f in found if f.code == "NB203"] == ["2 | 0 | 0 1 0 10 10102"]
    assert "NB302" not in {f.code for f in found}          # no sum over a number nobody wrote
    assert values(text)["r1"] == [12, 0, 0, 0, 0, 0, 12]  # the other rows as written


def test_mixed_separators_with_a_stray_one_are_damage():
    # `| 2 | 0 | 0 | 0 | 0 | 0 | 2`, one ruling lost and one read as 1: 2,0,0,0,0,10,2
    text = report(table3({"r3.4.1": "（四）无法提供 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0  0 10 | 2"}))
    assert parse(text).table3.row("r3.4.1").status == "unreadable"
    assert "NB203" in codes(text) and "NB302" not in codes(text)


def test_runs_of_zeros_and_ones_are_damage():
    # every ruling read, some as `1` glued to the next cell: 10, 10, 101, 110
    text = report(table3({"r3.1": "三、本年度办理结果 （一）予以公开 10|0|10|0|10|101|110"}))
    assert parse(text).table3.row("r3.1").status == "unreadable"


def test_leading_zero_and_ruling_junk_in_a_tab_row_are_damage():
    # `12 | 0 … 0 | 12` as TAB fields: a ruling kept as a field, the last one glued as `01`
    text = report(table3({"r3.7": "（七）总计\t12\t|\t0\t0\t0\t0\t0112"}))
    row = parse(text).table3.row("r3.7")
    assert (row.status, row.cells) == ("unreadable", [])


def test_a_clean_row_that_fails_its_total_is_read_as_written():
    # no sign of OCR in the text: the author's numbers, and NB302 says they do not add up
    text = report(table3({"r3.4.1": "（四）无法提供 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 10 | 2"}))
    assert values(text)["r3.4.1"] == [2, 0, 0, 0, 0, 10, 2]
    assert "NB302" in codes(text)


def test_damage_signs_in_a_row_that_adds_up_change_nothing():
    # `10` and `101` written in a row whose total holds: numbers as written
    text = report(table3({"r3.1": "三、本年度办理结果 （一）予以公开 | 10 | 0 | 101 | 0 | 0 | 0 | 111"}))
    assert values(text)["r3.1"] == [10, 0, 101, 0, 0, 0, 111]


def test_table4_group_failing_with_damage_is_unread():
    t4 = "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 1 1010\n"     # 0, 0, 0, 1 → 1010
    r = parse(report(table3(), t4))
    row = r.table4.rows[0]
    assert (row.status, row.cells) == ("unreadable", [])
    assert "NB203" in codes(report(table3(), t4))


# -- page numbers are no cells -------------------------------------------------------------------------

BODY1 = "一、总体情况\n本机关依法公开政府信息。\n-1-\n本年度继续推进政务公开。\n-2-\n"


def rows_report(lines: dict[str, str] | None = None, footer_after: str = "r3.4.1", footer: str = "") -> str:
    """A report as an OCR engine's rows: each row its label and its numbers on one line, pages
    ending in `-n-`; `footer` is the line OCR made of page 3's `-3-`, right after `footer_after`."""
    lines = lines or {}
    out = [TITLE + BODY1 + "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"]
    for rid, label in LABELS:
        out.append(lines.get(rid, f"{label} " + " ".join(map(str, VALUES.get(rid, [0] * 7)))))
        if rid == footer_after and footer:
            out.append(footer)
    out.append(HEAD4.rstrip("\n") + "\n" + TABLE4.replace(" |", "") + "-4-\n" + TAIL + "-5-")
    return "\n".join(out) + "\n"


SHORT = {"r3.4.1": "（四）无法提供 1.本机关不掌握相关政府信息 2 0 0 0 0 2"}      # OCR lost a 0


def test_rows_layout_reads_clean():
    v = values(rows_report())
    assert v["r3.4.1"] == [2, 0, 0, 0, 0, 0, 2] and v["r3.7"] == [12, 0, 0, 0, 0, 0, 12]


def test_a_bare_page_number_does_not_complete_a_short_row():
    # `3` stands where page 3's `-3-` is due (after -2-, before -4-): the row 2,0,0,0,0,2,3 it
    # would complete fails its total, so the row is unreadable, not that
    text = rows_report(SHORT, footer="3")
    r = parse(text)
    row = r.table3.row("r3.4.1")
    assert row.cells == [] and row.status == "unreadable"
    assert [c.raw for c in row.found][-1] == "3"
    assert "NB203" in codes(text) and "NB302" not in codes(text)
    assert values(text)["r3.4.2"] == [0] * 7


def test_a_page_number_missing_a_dash_is_noise():
    text = rows_report(SHORT, footer="-3")
    r = parse(text)
    row = r.table3.row("r3.4.1")
    assert row.cells == [] and "-3" not in [c.raw for c in row.found]
    assert "NB203" in codes(text) and "NB302" not in codes(text)
    # the same line with no footer due there (`-7` after -2-) is a cell as written
    assert parse(rows_report(SHORT, footer="-7")).table3.row("r3.4.1").values == [2, 0, 0, 0, 0, 2, -7]


def test_a_lone_number_that_is_no_page_number_is_read_as_written():
    # `7` is not due after -2-: a cell as written, and the row's total fails as written (NB302)
    text = rows_report(SHORT, footer="7")
    assert values(text)["r3.4.1"] == [2, 0, 0, 0, 0, 2, 7]
    assert "NB302" in codes(text)


def test_a_lone_number_that_completes_its_row_is_a_cell():
    # `3` is due as a page number there, but 2+1 = 3: the row's own total says it is its cell
    text = rows_report({"r3.4.1": "（四）无法提供 1.本机关不掌握相关政府信息 2 0 0 0 0 1"}, footer="3")
    assert values(text)["r3.4.1"] == [2, 0, 0, 0, 0, 1, 3]


def test_a_footer_cut_into_pipe_cells_is_noise():
    from nianbao.grammar.lexer import _noise
    assert _noise("|     |     |     |     | -   | 3 - |")
    assert _noise("|     | - 4 | -   |     |     |")
    assert not _noise("| - | 3 | - |")              # three cells: a dash, 3, a dash
    assert not _noise("| 规章 | - 3 - |")


# -- empty stub cells next to a label are no row -------------------------------------------------------

def test_empty_stub_cells_on_a_labels_line_take_no_row():
    # a PDF→Markdown table: the stub's empty cells before a label on its line, and values
    # before their label on the line after (`| … | 0 | … |` then `3.补正后…`)
    lines = {
        "r3.4.2": "|  |  | 2.没有现成信息需要另行制作 |  | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
                  "|  |  |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "r3.4.3": "3.补正后申请内容仍不明确\n|  |  |  |  | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
        "r3.5.1": "1.信访举报投诉类申请",
        "r3.5.2": "|  |  | 2.重复申请 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    }
    v = values(report(table3(lines)))
    assert v["r3.4.2"] == [1, 0, 0, 0, 0, 0, 1]
    assert v["r3.4.3"] == [0] * 7
    assert v["r3.5.1"] == [4, 0, 0, 0, 0, 0, 4]
    assert v["r3.5.2"] == [0] * 7


# -- values before their labels: the label side the table's relations choose ----------------------------

def boxes(before: set[str] | None = None, vals: dict | None = None) -> str:
    """Table 三 one item per line, as OCR boxes come: each row's values before its label (rows
    in `before`; all when None), the others' after it."""
    vals = vals or VALUES
    out = [TITLE + HEAD3.split("\n")[0], "申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织",
           "法律服务机构", "其他", "总计"]
    for rid, label in LABELS:
        v = [str(x) for x in vals.get(rid, [0] * 7)]
        out += v + label.split(" ") if before is None or rid in before else label.split(" ") + v
    return "\n".join(out) + "\n" + HEAD4 + TABLE4 + TAIL


def test_labels_after_their_values_when_only_that_reading_adds_up():
    r = parse(boxes())
    got = {row.id: row.values for row in r.table3.rows if row.id}
    for rid, _ in LABELS:
        if rid != "r3.6.1":                # （六）其他处理 then 1.申请人…: which one the zeros are is open
            assert got[rid] == VALUES.get(rid, [0] * 7), rid
    assert "NB301" not in codes(boxes()) and "NB303" not in codes(boxes())


def test_labels_before_their_values_read_as_before():
    v = values(boxes(before=set()))
    assert all(v[rid] == VALUES.get(rid, [0] * 7) for rid, _ in LABELS)


def test_mixed_sides_that_no_reading_verifies_leave_the_disputed_rows_unread():
    # values before the labels at the table's top and bottom, after them in between: neither
    # reading passes the relations whole; the rows they disagree on are unread, none misread
    vals = dict(VALUES)
    text = boxes(before={"r1", "r2", "r3.1", "r3.7", "r4"}, vals=vals)
    r = parse(text)
    got = {row.id: row.values for row in r.table3.rows if row.id}
    for rid, _ in LABELS:
        assert got.get(rid) in ([], None, vals.get(rid, [0] * 7)), rid
    assert got["r1"] == [] and got["r3.7"] == []
    assert got["r3.3.1"] == [0] * 7
    assert any(p.kind == "unreadable" and p.row == "r1" for p in r.problems)
    assert "NB203" in codes(text)


def test_a_table_that_fails_either_way_is_read_as_written():
    # the author's （七）总计 is 13, not 12: labels before their values, read so, and NB3xx say it
    vals = dict(VALUES, **{"r3.7": [13, 0, 0, 0, 0, 0, 13]})
    text = boxes(before=set(), vals=vals)
    assert values(text)["r3.7"] == [13, 0, 0, 0, 0, 0, 13] and values(text)["r1"] == [12, 0, 0, 0, 0, 0, 12]
    assert {"NB301", "NB303"} <= codes(text)


def test_a_row_filled_across_a_blank_line_by_a_lone_number_is_unread():
    # `| 2 | 0 | 0 | 0 | 0 | 0 |` short of its total, and a `7` alone after a blank line
    text = report(table3({"r3.4.1": "（四）无法提供 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0\n\n7"}))
    row = parse(text).table3.row("r3.4.1")
    assert row.status == "unreadable" and [c.raw for c in row.found][-1] == "7"


def test_a_row_written_one_cell_per_line_is_read_as_written():
    # every cell a paragraph of its own (a word processor's text): a wrong total is the author's
    cells = "\n\n".join(["2", "0", "0", "0", "0", "0", "3"])
    text = report(table3({"r3.4.1": "（四）无法提供 1.本机关不掌握相关政府信息\n\n" + cells}))
    assert values(text)["r3.4.1"] == [2, 0, 0, 0, 0, 0, 3]
    assert "NB302" in codes(text)


def test_ones_and_tens_an_author_wrote_are_no_damage():
    # a converter's merged fields (`| 1 0 |`) and numbers of 1s and 0s in a row whose total
    # fails: nothing in the text says OCR, so the numbers stand as written (NB302)
    merged = "（四）无法提供 1.本机关不掌握相关政府信息 | 1 0 | 0 0 | 0 0 | 3 |"
    text = report(table3({"r3.4.1": merged}))
    assert values(text)["r3.4.1"] == [1, 0, 0, 0, 0, 0, 3] and "NB302" in codes(text)
    tens = "三、本年度办理结果 （一）予以公开 | 10 | 100 | 0 | 0 | 0 | 0 | 111"
    text = report(table3({"r3.1": tens}))
    assert values(text)["r3.1"] == [10, 100, 0, 0, 0, 0, 111] and "NB302" in codes(text)
