"""The rules on real and constructed reports: exact codes, places, messages and fixes."""
from pathlib import Path

import pytest

from conftest import line_col, read, seed_path
from nianbao.grammar import Config, apply_edits, fix, lint

FIXTURES = Path(__file__).parent / "fixtures"
CLEAN = {"2021": FIXTURES / "clean-2021.txt", "2019": FIXTURES / "clean-2019.md"}


def found(text, config=None):
    return [(f.code, *line_col(text, f.span.start)) for f in lint(text, config)]


def codes(text, config=None):
    return sorted({f.code for f in lint(text, config)})


def fix_all(text, unsafe=False):
    return fix(text, Config(), unsafe=unsafe).text


# -- the seeds -------------------------------------------------------------------------------

def test_seed_000():
    text = read(seed_path("000"))
    fs = lint(text)
    at = {(f.code, *line_col(text, f.span.start)) for f in fs}
    assert ("NB101", 28, 1) in at                        # no heading for 三: its rows start at 二、上年结转…
    assert ("NB105", 53, 3) in at                        # 四、政府信息公开申请行政复议…
    missing = [f.message for f in fs if f.code == "NB202"]
    assert "收到和处理政府信息公开申请情况表缺少“一、本年新收政府信息公开申请数量”一行" in missing
    for item in "五六八九":
        assert any(f"缺少“第二十条第（{item}）项”" in m for m in missing)
    blanks = [line_col(text, f.span.start) for f in fs if f.code == "NB205"]
    assert blanks == [(58, c) for c in range(1, 6)]      # the five 行政复议 cells of table 四
    wording = [f for f in fs if f.code == "NB207"]
    assert ("第二十条（一）项", 25) == (wording[0].message.split("”")[0][1:], line_col(text, wording[0].span.start)[0])
    assert any(f.message.startswith("“1、属于国家秘密”") for f in wording)
    assert any(f.message.startswith("“5、要求行政机关确认") for f in wording)
    assert not {"NB102", "NB103", "NB206", "NB301", "NB302", "NB303", "NB304", "NB401", "NB402"} & {f.code for f in fs}


def test_seed_001_only_the_two_arabic_numerals():
    text = read(seed_path("001"))
    fs = lint(text)
    assert [(f.code, *line_col(text, f.span.start)) for f in fs] == [("NB104", 396, 1), ("NB104", 401, 1)]
    fixed = apply_edits(text, [e for f in fs for e in f.fix.edits])
    assert "\n五、存在的主要问题及改进情况\n" in fixed and "\n六、其他需要报告的事项\n" in fixed
    assert lint(fixed) == []


def test_seed_002():
    text = read(seed_path("002"))
    got = found(text)
    assert [x for x in got if x[0] == "NB202"] == [("NB202", 160, 3), ("NB202", 171, 3)]
    assert ("NB204", 359, 3) in got                      # 00 in row 四
    blanks = [x[1] for x in got if x[0] == "NB205"]
    assert blanks == [358, 360] + [392, 393, 394, 395, 397, 398, 400, 402, 403, 404, 405, 406]
    assert {x[0] for x in got} == {"NB202", "NB204", "NB205"}


def test_seed_003():
    text = read(seed_path("003"))
    assert found(text) == [("NB403", 9, 163), ("NB208", 41, 10), ("NB202", 51, 1), ("NB202", 53, 1)]
    nb208 = next(f for f in lint(text) if f.code == "NB208")
    assert nb208.fix.safety == "unsafe" and nb208.fix.edits[0].content == "13.6648万元"


def test_seed_004():
    text = read(seed_path("004"))
    fs = lint(text)
    heads = [f for f in fs if f.code == "NB104"]
    assert [line_col(text, f.span.start)[0] for f in heads] == [5, 19, 40, 70, 77, 83]
    assert [f.fix.edits[0].content for f in heads] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    counts = [(line_col(text, f.span.start)[0], f.message) for f in fs if f.code == "NB203"]
    assert counts[0] == (35, "“行政事业性收费”行应有2个单元格，实际有3个")
    assert [c[0] for c in counts[1:17]] == list(range(50, 66))
    assert all(m.endswith("实际有8个") for _, m in counts[1:17])
    assert counts[17:] == [(66, "“（六）其他处理”行应有7个单元格，实际有5个"), (67, "“（七）总计”行应有7个单元格，实际有5个"),
                           (68, "“四、结转下年度继续办理”行应有7个单元格，实际有5个")]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_seed_gets_rules_whose_defects_are_not_there(prefix):
    absent = {"NB102", "NB103", "NB206", "NB301", "NB302", "NB303", "NB304", "NB401", "NB402"}
    assert not absent & set(codes(read(seed_path(prefix))))


# -- clean reports and single defects ----------------------------------------------------------

@pytest.mark.parametrize("edition", ["2021", "2019"])
def test_clean_reports_have_no_findings(edition):
    assert lint(read(CLEAN[edition])) == []


def _defect(edition, old, new, count=1):
    text = read(CLEAN[edition])
    assert text.count(old) >= count, old
    return text.replace(old, new, count)


DEFECTS = [
    # (edition, old, new, code, line of the finding)
    ("2021", "三、收到和处理政府信息公开申请情况\n", "", "NB101", 30),
    ("2021", "四、政府信息公开行政复议、行政诉讼情况", "五、政府信息公开行政复议、行政诉讼情况", "NB104", 58),
    ("2019", "## 五、存在的主要问题及改进情况", "## 5、存在的主要问题及改进情况", "NB104", 74),
    ("2021", "六、其他需要报告的事项", "六、其它需要报告的事项", "NB105", 68),
    ("2021", "行政许可\t156", "行政许可\t十五", "NB204", 18),
    ("2021", "一、本年新收政府信息公开申请数量\t10\t2\t0\t0\t1\t0\t13", "一、本年新收政府信息公开申请数量\t10\t2\t0\t0\t1\t0\t14",
     "NB302", 32),
    ("2019", "| （七）总计 | 10 | 2 | 0 | 0 | 1 | 0 | 13 |", "| （七）总计 | 10 | 2 | 0 | 0 | 1 | 0 | 12 |", "NB302", 64),
    ("2021", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t2\t0\t0\t0\t1\t0\t3",
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t0\t0\t0\t1\t0\t4", "NB303", 55),
    ("2021", "1\t0\t0\t0\t1\t0\t1\t0\t0\t1\t0\t0\t0\t0\t0", "1\t0\t0\t0\t2\t0\t1\t0\t0\t1\t0\t0\t0\t0\t0", "NB304", 62),
    ("2021", "本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量", "NB206", 11),
    ("2021", "共收到政府信息公开申请13件", "共收到政府信息公开申请12件", "NB401", 7),
    # the phrase searches see Traditional forms, full-width digits and dashes folded
    ("2021", "共收到政府信息公开申请13件", "共收到政府信息公開申請１２件", "NB401", 7),
    ("2021", "2023年1月1日至2023年12月31日", "2022年1月1日－2022年12月31日", "NB402", 3),
    ("2021", "行政规范性文件\t3\t1\t25", "规范性文件 3 1 25", "NB206", 14),
    ("2021", "\t0\t0\t0\t0\t0\t0\t0\n2.其他法律", "\t0\t0\t0\t0\t\t0\t0\n2.其他法律", "NB205", 36),
]


@pytest.mark.parametrize("edition,old,new,code,line", DEFECTS)
def test_each_single_defect_is_reported_and_fixed(edition, old, new, code, line):
    text = _defect(edition, old, new)
    fs = lint(text)
    assert code in {f.code for f in fs}, [(f.code, f.message) for f in fs]
    f = next(f for f in fs if f.code == code)
    assert line_col(text, f.span.start)[0] == line, f.message
    if any(x.fix and x.fix.safety == "safe" for x in fs):
        fixed = fix_all(text)
        remaining = {x.code for x in lint(fixed)}
        fixable = {x.code for x in fs if x.fix and x.fix.safety == "safe"}
        assert not remaining & fixable
        assert fix_all(fixed) == fixed                     # a second pass changes nothing


def test_nb101_fix_puts_the_heading_back_before_its_table():
    clean = read(CLEAN["2021"])
    text = clean.replace("三、收到和处理政府信息公开申请情况\n\n", "")
    assert fix_all(text) == clean.replace("三、收到和处理政府信息公开申请情况\n\n", "三、收到和处理政府信息公开申请情况\n")


def test_nb301_balance_names_the_column_and_both_sides():
    text = _defect("2021", "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1", "四、结转下年度继续办理\t2\t0\t0\t0\t0\t0\t2")
    f, g = [f for f in lint(text) if f.code == "NB301"]
    assert f.message == "“自然人”列：第一项加第二项 10+1=11，第三项（总计）加第四项 10+2=12，两者不等"
    assert g.message == "“总计”列：第一项加第二项 13+1=14，第三项（总计）加第四项 13+2=15，两者不等"
    assert [m for _, m in f.related] == ["一、本年新收", "二、上年结转", "（七）总计", "四、结转下年度继续办理"]
    assert f.fix is None


def test_nb302_message_has_the_six_numbers_sum_and_total():
    text = _defect("2021", "（一）予以公开\t5\t1\t0\t0\t0\t0\t6", "（一）予以公开\t5\t1\t0\t0\t0\t0\t7")
    f = next(f for f in lint(text) if f.code == "NB302")
    assert f.message == "“（一）予以公开”行：5+1+0+0+0+0=6，但总计为7"
    assert len(f.related) == 7 and f.fix.edits[0].content == "6"


def test_missing_row_inserted_in_the_document_layout():
    text = _defect("2021", "2.重复申请\t0\t0\t0\t0\t0\t0\t0\n", "")
    f = next(f for f in lint(text) if f.code == "NB202")
    assert f.message == "收到和处理政府信息公开申请情况表缺少“2.重复申请”一行"
    assert f.fix.edits[0].content == "2.重复申请\t0\t0\t0\t0\t0\t0\t0\n"
    md = _defect("2019", "| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n", "")
    f = next(f for f in lint(md) if f.code == "NB202")
    assert f.fix.edits[0].content == "| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    # a row of zeros says what the report says: only the author may decide it (RULES: unsafe)
    assert f.fix.safety == "unsafe" and fix_all(md) == md
    assert fix_all(md, unsafe=True) == read(CLEAN["2019"])


# -- configuration and suppression -------------------------------------------------------------

def test_select_ignore_and_severity():
    text = read(seed_path("004"))
    assert codes(text, Config(select=("NB1",))) == ["NB104"]
    assert "NB203" not in codes(text, Config(ignore=("NB203",)))
    fs = lint(text, Config(severity={"NB104": "error"}))
    assert {f.severity for f in fs if f.code == "NB104"} == {"error"}
    assert "NB104" not in codes(text, Config(severity={"NB104": "off"}))


def test_suppression_comments():
    text = read(seed_path("001"))
    before = text.replace("5、 存在的", "<!-- nianbao-disable-next-line NB104 -->\n5、 存在的")
    assert [f.code for f in lint(before)] == ["NB104"]        # only 6、 is left
    file_wide = "<!-- nianbao-disable-file NB104 -->\n" + text
    assert lint(file_wide) == []
    block = text.replace("5、 存在的", "<!-- nianbao-disable NB104 -->\n5、 存在的").replace(
        "6、 其他", "<!-- nianbao-enable NB104 -->\n6、 其他")
    assert [f.code for f in lint(block)] == ["NB104"]
    unused = "<!-- nianbao-disable-next-line NB301 -->\n" + text
    fs = lint(unused)
    assert [f.code for f in fs] == ["NB001", "NB104", "NB104"]
    assert fs[0].severity == "info" and line_col(unused, fs[0].span.start) == (1, 1)


def test_nb206_unsafe_fix_replaces_an_unfilled_block_with_the_right_edition():
    text = _defect("2021", "本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量")
    text = text.replace("行政规范性文件\t3\t1\t25", "行政规范性文件\t0\t0\t0")     # nothing to lose
    (f,) = [f for f in lint(text) if f.code == "NB206"]
    assert f.fix.safety == "unsafe"
    assert fix_all(text) == text                          # not applied without --unsafe-fixes
    fixed = fix_all(text, unsafe=True)
    assert "第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t0\t0\t0\n" in fixed
    assert lint(fixed) == []


def test_nb206_has_no_fix_that_would_delete_the_authors_numbers():
    """The editions' columns mean different things (本年新制作数量 is no 本年制发件数): the numbers
    cannot be carried over, and replacing them with zeros would make a failing report pass."""
    text = _defect("2021", "本年制发件数\t本年废止件数\t现行有效件数", "本年新制作数量\t本年新公开数量\t对外公开总数量")
    (f,) = [f for f in lint(text) if f.code == "NB206"]
    assert f.fix is None
    assert fix_all(text, unsafe=True) == text


def test_nb401_on_the_excerpts_reports_only_the_real_contradiction():
    from conftest import real_reports
    hits = []
    for p in sorted((real_reports() / "corpus" / "excerpts").glob("*.txt")):
        text = read(p)
        hits += [(p.name, *line_col(text, f.span.start), f.message) for f in lint(text) if f.code == "NB401"]
    # 028: “受理政府信息公开申请2件” while its table says 本年新收 3
    assert hits == [("028.txt", 3, 104, "正文说收到的申请数为2件，但表三“一、本年新收政府信息公开申请数量”总计为3")]


def test_missing_table2_rows_and_blocks_are_inserted_in_place():
    clean = read(CLEAN["2021"])
    no_row = clean.replace("行政强制\t0\n", "")
    f = next(f for f in lint(no_row) if f.code == "NB202")
    assert (f.message, f.fix.edits[0].content) == ("“第二十条第（六）项”缺少“行政强制”一行", "行政强制\t0\n")
    assert f.fix.safety == "unsafe" and fix_all(no_row) == no_row
    assert fix_all(no_row, unsafe=True) == clean
    first = clean.replace("规章\t0\t0\t0\n", "")           # the first row of a block goes after its header
    assert fix_all(first, unsafe=True) == clean
    start = clean.index("第二十条第（六）项")
    no_block = clean[:start] + clean[clean.index("第二十条第（八）项"):]
    f = next(f for f in lint(no_block) if f.code == "NB202")
    assert f.message == "主动公开情况表缺少“第二十条第（六）项”（行政处罚等）"
    fixed = fix_all(no_block, unsafe=True)
    assert "第二十条第（六）项\t\n信息内容\t本年处理决定数量\n行政处罚\t0\n行政强制\t0\n" in fixed
    assert lint(fixed) == []
