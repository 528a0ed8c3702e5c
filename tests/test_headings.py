"""Section headings in the forms real reports use, and lines that only look like headings."""
import pytest

from nianbao.grammar import parse

BODY = "本年度本机关认真贯彻落实条例。"


def headings(*lines):
    text = "\n".join(lines)
    r = parse(text)
    return text, r, [(s.number, s.heading.form, s.heading.wording, s.heading.title) for s in r.sections]


@pytest.mark.parametrize("line,expected", [
    ("一、总体情况", (1, "canonical", "exact", "总体情况")),
    ("### 三、收到和处理政府信息公开申请情况", (3, "markdown", "exact", "收到和处理政府信息公开申请情况")),
    ("**六、其他需要报告的事项**", (6, "canonical", "exact", "其他需要报告的事项")),
    ("、主动公开政府信息情况", (2, "no-numeral", "exact", "主动公开政府信息情况")),
    ("5、 存在的主要问题及改进情况", (5, "arabic", "exact", "存在的主要问题及改进情况")),
    ("（五）存在的主要问题及改进情况", (5, "paren", "exact", "存在的主要问题及改进情况")),
    ("五.存在的主要问题及改进情况", (5, "other", "exact", "存在的主要问题及改进情况")),
    ("三、存在的主要问题及改进情况", (5, "other", "exact", "存在的主要问题及改进情况")),
    ("四、政府信息公开申请行政复议、行政诉讼情况", (4, "canonical", "variant", "政府信息公开申请行政复议、行政诉讼情况")),
    ("一、总休情况", (1, "canonical", "variant", "总休情况")),
    ("四、因政府信息公开工作被申请行政复议提起行政诉讼情况", (4, "canonical", "alias", "因政府信息公开工作被申请行政复议提起行政诉讼情况")),
    ("　　二、主动公开政府信息情况：", (2, "canonical", "exact", "主动公开政府信息情况")),
    ("第一部分 总体情况", (1, "other", "exact", "总体情况")),
    ("第五部分：存在的主要问题及改进情况", (5, "other", "exact", "存在的主要问题及改进情况")),
    ("第三部分 收到和处理政府信息公开申请的情况", (3, "other", "alias", "收到和处理政府信息公开申请的情况")),
])
def test_heading_forms(line, expected):
    text, r, found = headings("某某局2023年政府信息公开工作年度报告", line, BODY)
    assert found == [expected]
    h = r.sections[0].heading
    assert text[h.title_span.start:h.title_span.end] == expected[3]
    assert text[h.numbering_span.start:h.numbering_span.end] == h.numbering


def test_a_stronger_heading_wins_over_a_sub_item_with_the_same_title():
    # 015.txt: （一）主动公开政府信息情况 is a sub-item of 总体情况; 二、… further down is the section
    text, r, found = headings("一、总体情况", "(一)主动公开政府信息情况", BODY, "二、主动公开政府信息情况", BODY)
    assert [(n, f) for n, f, _, _ in found] == [(1, "canonical"), (2, "canonical")]
    assert r.section(2).heading.span.start == text.index("二、主动")


def test_duplicate_canonical_heading_is_kept_aside():
    text, r, found = headings("一、总体情况", BODY, "一、总体情况", BODY)
    assert len(found) == 1 and [h.span.start for h in r.extra_headings] == [text.rindex("一、总体情况")]


@pytest.mark.parametrize("line", [
    "二、上年结转政府信息公开申请数量",
    "四、结转下年度继续办理",
    "三、本年度办理结果",
    "三、",
    "1、主动公开数量。自2020年1月1日至2020年12月31日，我镇通过政府信息公开平台发布各类信息43条。",
    "（五）监督保障情况",
    "行政复议",
])
def test_not_headings(line):
    _, _, found = headings("某某局2023年政府信息公开工作年度报告", line, BODY)
    assert found == []


def test_section_bodies_run_to_the_next_heading():
    text, r, _ = headings("一、总体情况", BODY, "二、主动公开政府信息情况", BODY)
    s1 = r.section(1)
    assert text[s1.body.start:s1.body.end] == "\n" + BODY + "\n"


def test_part_headings_are_fixed_to_the_template_numbering():
    from nianbao.grammar import fix
    text = "\n".join(["第一部分 总体情况", BODY, "第二部分、主动公开政府信息情况", BODY]) + "\n"
    assert fix(text).text.startswith("一、总体情况\n" + BODY + "\n二、主动公开政府信息情况\n")


@pytest.mark.parametrize("title,sections,expected", [
    ("某某县2023年政务公开工作年度报告", ["一、总体情况"], True),       # the broader report, one statutory part
    ("某某县2023年政务公开工作年度报告", [], False),
    ("某某县2023年工作总结", ["一、总体情况"], False),
    ("某某县人民政府办公室", ["第一部分 总体情况", "第二部分 主动公开政府信息情况"], True),
])
def test_what_looks_like_a_report(title, sections, expected):
    from nianbao.grammar import is_report
    assert is_report(parse("\n".join([title, *sections, BODY]))) is expected
