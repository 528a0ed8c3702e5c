"""NB1xx — the structure of the report: the six sections and the title."""
from __future__ import annotations

import re

from .. import normalize
from ..findings import Edit, Fix, wording_fix
from ..layout import line_bounds, newline
from ..model import Span
from ..template import NUMERALS
from ..rule import rule

BASIS = "《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2021〕30号（2019、2020年度报告：〔2019〕60号）"


def _insertion_point(ctx, number: int) -> int:
    """Where a missing section's heading belongs: before its table if the table is there,
    else before the next section or table present, else at the end."""
    r = ctx.report
    table = r.table(number) if number in (2, 3, 4) else None
    if table is not None:
        return _before(r, ctx.text, table.span.start)
    later = [s.heading.span.start for s in r.sections if s.number > number]
    later += [_before(r, ctx.text, r.table(n).span.start) for n in (2, 3, 4) if n > number and r.table(n)]
    return min(later, default=len(ctx.text))


def _before(r, text: str, at: int) -> int:
    """The start of the line `at` is on; `at` itself when a heading or the title lies on that
    line before it (lines broken by \f or U+2028 only, a web page's one line): the heading then
    goes right before the table, not before the title and every section above it."""
    start = line_bounds(text, at)[0]
    ends = [s.heading.span.end for s in r.sections] + [h.span.end for h in r.extra_headings]
    if r.title_span is not None:
        ends.append(r.title_span.end)
    return at if any(start < e <= at for e in ends) else start


@rule("NB101", "missing-section", "error",
      "缺少法定的六个部分之一",
      "年度报告应当包括条例第五十条规定的全部内容，按统一格式分为六个部分：一、总体情况；二、主动公开政府信息情况；"
      "三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；"
      "六、其他需要报告的事项。“年度报告内容……不能遗漏，也不宜泛化。”缺少标题的部分，审核时视为缺项。",
      BASIS, "safe: 在法定位置插入标准标题（该部分仍是空的，由NB107提示补写；缺少的表格由NB201提示）")
def missing_section(ctx):
    r, text = ctx.report, ctx.text
    present = {s.number for s in r.sections}
    nl = newline(text)
    for sec in r.edition.sections:
        if sec.number in present:
            continue
        at = _insertion_point(ctx, sec.number)
        content = sec.heading + nl        # the heading only: what the section says is the author's
        if at == len(text) and text and not text.endswith(("\n", "\r")):
            content = nl + content
        end = _trim_end(text, Span(at, line_bounds(text, at)[1])) if at < len(text) else at
        msg = f"缺少第{NUMERALS[sec.number]}部分“{sec.heading}”"
        if r.table(sec.number) is not None:
            msg += "：这里的表格没有所属部分的标题"
        yield ctx.finding("NB101", Span(at, end), msg,
                          fix=Fix(f"插入标题“{sec.heading}”", (Edit(at, at, content),)))


def _trim_end(text: str, span: Span) -> int:
    end = span.end
    while end > span.start and text[end - 1] in "\r\n":
        end -= 1
    return end


@rule("NB102", "section-order", "warning",
      "各部分没有按法定顺序排列",
      "统一格式规定了六个部分的先后顺序。顺序颠倒会让审核人员和公众找不到对应内容。移动整段文字需要作者判断，因此不提供自动修复。",
      BASIS)
def section_order(ctx):
    highest = 0
    for s in ctx.report.sections:
        if s.number < highest:
            yield ctx.finding("NB102", s.heading.span,
                              f"第{NUMERALS[s.number]}部分出现在第{NUMERALS[highest]}部分之后，应按一至六的顺序排列")
        highest = max(highest, s.number)


@rule("NB103", "duplicate-section", "error",
      "同一个法定部分出现了两次",
      "每个法定部分只应出现一次。重复的标题通常是复制粘贴的残留，或把小标题误写成了部分标题。", BASIS)
def duplicate_section(ctx):
    for h in ctx.report.extra_headings:
        first = ctx.report.section(h.number)
        yield ctx.finding("NB103", h.span, f"第{NUMERALS[h.number]}部分重复出现",
                          related=[(first.heading.span, "第一次出现的位置")] if first else [])


@rule("NB104", "heading-numbering", "warning",
      "部分标题的序号缺失或格式不对",
      "六个部分的标题使用中文数字加顿号编号：一、二、……六、。缺少序号（“、总体情况”）、使用阿拉伯数字（“5、”）、"
      "使用括号（“（五）”，那是下一级的编号）、使用点号（“五.”）或序号与位置不符，都会使结构不清。",
      BASIS, "safe: 把序号改写为标准的中文数字加顿号")
def heading_numbering(ctx):
    for s in ctx.report.sections:
        h = s.heading
        if h.form in ("canonical", "markdown"):
            continue
        want = f"{NUMERALS[s.number]}、"
        if h.numbering:      # the fix also drops the space some reports put after the numeral
            edit, span = Edit(h.numbering_span.start, h.title_span.start, want), h.numbering_span
            what = f"序号“{h.numbering}”应为“{want}”"
        else:
            edit, span = Edit(h.title_span.start, h.title_span.start, want), h.title_span
            what = f"缺少序号“{want}”"
        yield ctx.finding("NB104", span, f"第{NUMERALS[s.number]}部分标题{what}",
                          fix=Fix(f"改为“{want}”", (edit,)))


@rule("NB105", "heading-wording", "warning",
      "部分标题的文字与统一格式不一致",
      "部分标题应使用统一格式的表述，例如“四、政府信息公开行政复议、行政诉讼情况”。错字、多字、少字（如“政府信息公开申请行政复议”）"
      "会被审核人员视为格式不规范；常见的等义写法（如“因政府信息公开工作被申请行政复议提起行政诉讼情况”）只作提示。",
      BASIS, "safe: 替换为统一格式的标题文字")
def heading_wording(ctx):
    for s in ctx.report.sections:
        h = s.heading
        if h.wording == "exact":
            continue
        sec = ctx.report.edition.sections[s.number - 1]
        f = ctx.finding("NB105", h.title_span, f"标题“{h.title}”与统一格式“{sec.title}”不一致",
                        fix=wording_fix(f"改为“{sec.title}”", ctx.text, h.title_span, sec.title))
        if h.wording == "alias":
            f.severity = "info"
            f.message = f"标题“{h.title}”是常见的等义写法，统一格式为“{sec.title}”"
        yield f


_TITLE_KEYS = ("信息公开", "报告")


@rule("NB106", "report-title", "warning",
      "缺少含年份的报告标题",
      "报告应有一行标题写明机关名称、年度和“政府信息公开工作年度报告”，如“某某县人民政府2023年政府信息公开工作年度报告”。"
      "缺少标题、标题中没有年份，读者和审核系统都无法确定报告所属年度。")
def report_title(ctx):
    r = ctx.report
    if r.title is None:
        first = re.search(r"\S", ctx.text)
        at = first.start() if first else 0
        yield ctx.finding("NB106", Span(at, line_bounds(ctx.text, at)[1] if ctx.text else 0),
                          "没有找到报告标题（应含年度和“政府信息公开工作年度报告”）")
        return
    if not re.search(r"(19|20)\d{2}\s*年", normalize.fold(r.title)):
        yield ctx.finding("NB106", r.title_span, f"报告标题“{r.title}”中没有年份")


# a section that says nothing: the hints `nianbao new` writes, or (for 五) that there is nothing to say
_PLACEHOLDER = re.compile(r"[（(]请在此填写[^\r\n]*")
_NOTHING = re.compile(r"(?:本(?:机关|单位|部门|局|委|办|镇|街道|县|区|市)?(?:本?年度)?)?(?:暂|均)?(?:无|没有)"
                      r"(?:存在(?:的)?)?(?:主要)?(?:问题)?(?:及改进情况)?[。.]?")


_UNSAID = re.compile(r"[\s:：。.,，;；、*#>|-]+")
_BREAK = re.compile(r"[\r\n]")
_NOTHING_MAX = 22           # `_NOTHING` matches no more (本机关本年度暂没有存在的主要问题及改进情况。)


def _said(text: str, body: Span, enough: int) -> str:
    """What a section body says: folded, without hints, whitespace and punctuation; only until
    `enough` is said, as a section of prose is long. Piece by piece, each ending at a line break
    or, past 50 characters, at a space or punctuation (which no hint's start holds), so that a
    web page's text in one line is not folded whole either."""
    said, pos, end = "", body.start, body.end
    while pos < end and len(said) < enough:
        cut = _BREAK.search(text, pos, min(pos + 50, end)) or _UNSAID.search(text, pos + 50, end)
        stop = cut.start() + 1 if cut else end
        before, *hint = _PLACEHOLDER.split(normalize.fold(text[pos:stop]), 1)
        said += _UNSAID.sub("", before)
        if hint and text[stop - 1] not in "\r\n":       # a hint runs to its line's end
            br = _BREAK.search(text, stop, end)
            stop = br.end() if br else end
        pos = stop
    return said


@rule("NB107", "empty-section", "error",
      "法定部分没有内容",
      "六个部分都要写出实际内容。只有标题、只有“（请在此填写…）”之类的占位提示，都等于缺项；"
      "第五部分“存在的主要问题及改进情况”只写“无”或“本机关无存在的问题”也不符合要求（应说明存在的问题和改进措施）。"
      "第六部分没有需要报告的事项时写明“无”即可，只有标题时提示补写。修复插入的标题也会留下空的部分，由本规则提示作者补写。",
      BASIS)
def empty_section(ctx):
    r, text = ctx.report, ctx.text
    tables = [t for t in (r.table2, r.table3, r.table4) if t is not None]
    for s in r.sections:
        if any(s.body.start <= t.span.start < s.body.end for t in tables):
            continue                     # 二、三、四: the table is the content
        said = _said(text, s.body, 1 if s.number != 5 else _NOTHING_MAX + 1)
        if said and not (s.number == 5 and _NOTHING.fullmatch(said)):
            continue
        sec = r.edition.sections[s.number - 1]
        f = ctx.finding("NB107", s.heading.span,
                        f"第{NUMERALS[s.number]}部分“{sec.heading}”" +
                        ("只写了没有问题，应说明存在的问题和改进措施" if said else "没有内容"))
        if s.number == 6:
            f.severity = "warning"
        yield f
