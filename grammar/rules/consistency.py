"""NB4xx — the prose must agree with the tables and with itself."""
from __future__ import annotations

import re

from .. import lazy_re
from ..bounded import Bounded
from ..editions import EDITIONS, LATEST
from ..model import Span
from ..rule import rule

_CN_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}


def W(word: str) -> str:
    """A literal word as a regex that lets PDF text break it anywhere: 受理政府\n信息公开申请."""
    return r"\s*".join(re.escape(c) for c in word)


def _finditer(pattern: re.Pattern, firsts: str | None, text: str, start: int, end: int):
    """`pattern.finditer(text, start, end)`. A pattern that starts with one of several CJK words
    says their first characters (`firsts`): `re` has no fast scan for an alternation and tried
    it at every character (~10 ns each, over a whole report's prose at every keystroke), where
    `str.find` finds the few places it can start and the pattern is tried there only. A pattern
    that starts with one literal character is scanned fast by `re` itself (firsts None)."""
    if firsts is None:
        yield from pattern.finditer(text, start, end)
        return
    starts = []
    find = text.find
    for ch in firsts:
        i = find(ch, start, end)
        while i >= 0:
            starts.append(i)
            i = find(ch, i + 1, end)
    starts.sort()
    pos = start
    for at in starts:
        if at >= pos:
            m = pattern.match(text, at, end)
            if m is not None:
                pos = m.end()             # (no pattern here matches an empty string)
                yield m


def _prose(ctx):
    """(start, end) ranges of text outside the tables."""
    r = ctx.report
    spans = sorted(t.span for t in (r.table2, r.table3, r.table4) if t is not None)
    pos = 0
    for s in spans:
        if s.start > pos:
            yield pos, s.start
        pos = max(pos, s.end)
    yield pos, len(ctx.text)


def _total(r, row_id: str):
    """The 总计 of table 三's row `row_id` (None when it is no number)."""
    row, col = r.table3.row(row_id), r.edition.table3_row_sum.total
    if row is None or len(row.cells) <= col or not row.cells[col].is_number:
        return None
    return row.cells[col].value


# (pattern, what it states, how to get the table value and where it is); a figure must stand
# right after the words that name the quantity, so prose about other things is never compared.
def _t3(rid, where):
    return lambda r: (_total(r, rid), where) if r.table3 else None


def _t4(where, *cols):
    def get(r):
        if not r.table4 or not r.table4.rows or not r.table4.rows[0].cells:
            return None
        cells = [r.table4.rows[0].cells[c] for c in cols]
        if not all(c.is_number or c.kind == "blank" for c in cells):
            return None
        return sum(c.value or 0 for c in cells), where
    return get


def _t2(states):
    """The 规范性文件 row of 第二十条第（一）项, in the column whose figure the text `states`
    (issued / published: `ColumnDef.prose`), as the block's edition has it."""
    def get(r):
        block = r.table2.blocks.get("20.1") if r.table2 else None
        bdef = EDITIONS[block.edition].block("20.1") if block and block.edition else None
        if bdef is None:
            return None
        col = next((i for i, c in enumerate(bdef.columns) if states in c.prose), None)
        rdef = next(d for d in bdef.rows if "规范性文件" in d.label)
        row = next((x for x in block.rows if x.id == rdef.id), None)
        if col is None or row is None or col >= len(row.cells) or not row.cells[col].is_number:
            return None
        return row.cells[col].value, f"表二“{bdef.title}”“{rdef.label}”的“{bdef.columns[col].label}”"
    return get


_FIGURE = r"\s*(?:共\s*计?)?\s*(\d+)\s*件"
_RULES_DOCS = rf"(?:{W('行政')}\s*)?{W('规范性文件')}"
# Each pattern starts with the literal words that name the quantity (when several, their first
# characters beside it: `_finditer`); optional words before them (共、全年…) change nothing for
# the figure.
CLAIMS = (
    (re.compile(rf"(?:{W('收到')}|{W('受理')}|{W('新收')})\s*(?:(?:{W('各类')}|{W('政府信息公开')}|{W('依申请公开')})\s*)*"
                rf"{W('申请')}{_FIGURE}"), "收受新",
     "收到的申请数", _t3("r1", "表三“一、本年新收政府信息公开申请数量”总计")),
    (re.compile(rf"{W('结转')}\s*(?:至|到)?\s*下\s*(?:一\s*)?{W('年')}\s*度?\s*(?:{W('继续')}\s*)?{W('办理')}"
                rf"\s*(?:{W('的申请')}\s*)?{_FIGURE}"), None,
     "结转下年度的申请数", _t3("r4", "表三“四、结转下年度继续办理”总计")),
    (re.compile(rf"{W('行政复议')}\s*(?:{W('案件')}\s*)?{_FIGURE}"), None,
     "行政复议件数", _t4("表四行政复议总计", 4)),
    (re.compile(rf"{W('行政诉讼')}\s*(?:{W('案件')}\s*)?{_FIGURE}"), None,
     "行政诉讼件数", _t4("表四两类行政诉讼总计之和", 9, 14)),
    (re.compile(rf"{W('主动公开')}\s*{_RULES_DOCS}{_FIGURE}"), None,
     "主动公开的规范性文件数", _t2("published")),
    (re.compile(rf"(?:{W('制发')}|{W('制作')}|{W('印发')}|{W('出台')}|{W('制定')})\s*{_RULES_DOCS}{_FIGURE}"), "制印出",
     "制发的规范性文件数", _t2("issued")),
)
_TABLE2_CLAIMS = {"主动公开的规范性文件数", "制发的规范性文件数"}
_CARRIED = re.compile(W("上年结转"))
# a figure of another year: a year named before it in its sentence, or a comparison in its clause
_SENTENCE_END = "。！？；!?;"
_CLAUSE_END = _SENTENCE_END + "，,"
_A_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_THIS_YEAR = lazy_re.compile(r"本年|今年|全年")
_COMPARISON = lazy_re.compile(r"较|比|同比|环比|上年|上一年|去年|前一年|往年|以前|之前|历年|截至|截止")
# 累计 is "in all this year" for applications (全年累计受理…), "over the years" for documents
_CUMULATIVE = lazy_re.compile(r"累计|现行有效|有效")


def _another_year(folded: str, at: int, year: int | None, documents: bool = False) -> bool:
    """Whether the figure at `at` is stated for another year than the report's: `2022年收到申请10件`,
    `较上年收到申请10件`, `上年度收到…`; for 规范性文件, also `累计主动公开…`."""
    sentence = max(folded.rfind(c, max(0, at - 120), at) for c in _SENTENCE_END) + 1 or max(0, at - 120)
    last = None
    for last in _A_YEAR.finditer(folded, sentence, at):
        pass
    if year is not None and last is not None and int(last.group(1)) != year \
            and _THIS_YEAR.search(folded, last.end(), at) is None:
        return True
    clause = max(folded.rfind(c, max(0, at - 40), at) for c in _CLAUSE_END) + 1 or max(0, at - 40)
    return _COMPARISON.search(folded, clause, at) is not None or \
        (documents and _CUMULATIVE.search(folded, clause, at) is not None)


@rule("NB401", "text-vs-table", "warning",
      "正文中的数字与表格不一致",
      "总体情况等正文常复述表格中的数字（收到申请多少件、结转下年度多少件、行政复议和行政诉讼多少件、"
      "主动公开或制发规范性文件多少件）。正文与表格不一致属于“发布内容不准确”，审核时会被退回。"
      "只有当句子明确指同一数量时才比较：数字须紧跟在说明数量的词之后；“含上年结转”、其他年度的数字"
      "（“2022年收到申请…”）和比较（“较上年…”“累计…”）不比较。",
      "国办公开办函〔2021〕30号：“出现……发布内容不准确不全面……等问题并造成不良后果的……严肃追究”")
def text_vs_table(ctx):
    r = ctx.report
    folded = r.folded
    for start, end in _prose(ctx):
        for i, m0, m1, g0, g1 in _claims(folded, start, end):
            _, _, what, get = CLAIMS[i]
            got = get(r)
            if got is None or got[0] is None:
                continue
            table_value, where = got
            # "含上年结转" counts r1 + r2: not the same quantity, leave it
            if _CARRIED.search(folded, max(0, m0 - 20), m1 + 15):
                continue
            if _another_year(folded, m0, r.year, what in _TABLE2_CLAIMS):
                continue
            stated = int(folded[g0:g1])
            if stated != table_value:
                yield ctx.finding("NB401", Span(g0, g1), f"正文说{what}为{stated}件，但{where}为{table_value}")


# What NB401 and NB403 find in a stretch of prose, kept by its text: the editor lints the whole
# report at each keystroke, and most keystrokes (in a table, in another paragraph) leave most prose
# as it was. Not a stretch longer than any report's prose (a few reports' worth, not a few books').
_FOUND = Bounded(16)                  # `_claims`
_SAID = Bounded(16)                   # `_parts_said`
_KEPT_MOST = 200_000


def _kept(store: Bounded, piece: str, find):
    """`find(piece)`, kept in `store` by `piece` (None is an answer too)."""
    got = store.get(piece, store)
    if got is store:
        got = find(piece)
        if len(piece) <= _KEPT_MOST:
            store.put(piece, got)
    return got


def _claims(folded: str, start: int, end: int) -> list[tuple[int, int, int, int, int]]:
    """The claims stated in folded[start:end], in `CLAIMS`' order, each (its index in `CLAIMS`,
    the match's start and end, its figure's start and end)."""
    got = _kept(_FOUND, folded[start:end], _find_claims)
    return [(i, start + a, start + b, start + c, start + d) for i, a, b, c, d in got]


def _find_claims(piece: str) -> tuple[tuple[int, int, int, int, int], ...]:
    return tuple((i, m.start(), m.end(), m.start(1), m.end(1)) for i, (pattern, firsts, _, _) in enumerate(CLAIMS)
                 for m in _finditer(pattern, firsts, piece, 0, len(piece)))


_YEAR_REF = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|~)\s*(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")
_PERIOD = re.compile(W("统计期限") + r"[^。]{0,30}?((?:19|20)\d{2})\s*年")
# words just before a period that name another year than the report's
_COMPARED = re.compile(r"较|比|上年|上一年|去年|前一年|往年|同期|以前|之前|历年")


@rule("NB402", "year-mismatch", "warning",
      "报告年度前后不一致",
      "标题中的年度、统计期限（如“2023年1月1日至2023年12月31日”）和正文中的起止日期应为同一年度；"
      "不一致通常是沿用上一年报告时漏改，属于“内容雷同、敷衍塞责”的典型表现。")
def year_mismatch(ctx):
    r = ctx.report
    if r.year is None:
        return
    folded = ctx.report.folded
    seen = set()
    for m in list(_year_refs(folded)) + list(_PERIOD.finditer(folded)):
        if m.re is _YEAR_REF and _COMPARED.search(folded, max(0, m.start() - 12), m.start()):
            continue                      # 较上年度（2022年1月1日至…）: another year on purpose
        for g in (1, 2):
            if g > (m.re.groups or 0) or not m.group(g):
                continue
            y = int(m.group(g))
            if y != r.year and (m.start(g), m.end(g)) not in seen:
                seen.add((m.start(g), m.end(g)))
                yield ctx.finding("NB402", Span(m.start(g), m.end(g)),
                                  f"这里的年度是{y}年，报告是{r.year}年度（{_source(r)}）")


# a period's first date from its 年 on: `re` finds a pattern that starts with a literal by a fast
# scan for it, where `_YEAR_REF` (a choice of digits first) is tried at every character
_FIRST_DAY = re.compile(r"年\s*1\s*月\s*1\s*日")


def _year_refs(folded: str):
    """`_YEAR_REF.finditer(folded)`, each match tried where its first date's 年 stands: its
    year's four digits end right before that 年 and the whitespace before it."""
    pos = 0
    for q in _FIRST_DAY.finditer(folded):
        a = q.start()
        while a > pos and folded[a - 1].isspace():
            a -= 1
        if a - 4 >= pos:
            m = _YEAR_REF.match(folded, a - 4)
            if m is not None:
                pos = m.end()
                yield m


def _source(r) -> str:
    return {"title": "见标题", "period": "见统计期限", "text": "见正文"}.get(r.year_source, "")


_PARTS = re.compile(r"(?:由|包括|分为|共)[^。\n]{0,120}?(?:等)?([一二两三四五六七八九]|\d)\s*(?:个)?部分")
_ABOUT_REPORT = re.compile(r"报告|全文|本文|年报|总体情况|主动公开|存在的主要问题")   # or lists its parts
_LIST_VERB = re.compile(r"由|包括|分为")
_PIECES = re.compile(r"[、，,；;]")
# a part's name in a preamble's list: its title, an alias or a keyword, longest first
_NAMES = sorted(((w, s.number) for s in LATEST.sections for w in (s.title,) + s.aliases + s.keywords),
                key=lambda x: -len(x[0]))


def _by_first(names: list[tuple[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """The names by their first character, each list in the names' order (longest first)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for w, n in names:
        out.setdefault(w[0], []).append((w, n))
    return out


_FIRST = _by_first(_NAMES)


def _names_in(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """The names in text[start:end], each (section, start, end), leftmost first and the longest
    at a place, whitespace allowed anywhere inside one (PDF text breaks lines inside words).
    A scan of the piece's characters: as one regex of 35 spaced-out names, 7 ms to compile."""
    at = [i for i in range(start, end) if not text[i].isspace()]
    compact = "".join(text[i] for i in at)
    out, k = [], 0
    while k < len(compact):
        for w, n in _FIRST.get(compact[k], ()):
            if compact.startswith(w, k):
                out.append((n, at[k], at[k + len(w) - 1] + 1))
                k += len(w)
                break
        else:
            k += 1
    return out


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(c, 0, at) for c in "。\n！？；") + 1


def _listed(text: str, start: int, end: int) -> tuple[list[tuple[int, int, int]], bool] | None:
    """The parts a preamble's list in text[start:end] names, in order: (section, start, end) of
    the first words naming each; and whether every piece of the list (between 、 and ，) names
    one. A name may hold a 、 (行政复议、行政诉讼情况): pieces naming the same part are one item.
    None when the list names fewer than three parts: it is no list of the report's parts."""
    verb = None
    for verb in _LIST_VERB.finditer(text, start, end):
        pass
    if verb is not None:
        start = verb.end()
    items: list[tuple[int, int, int]] = []
    whole = True
    pos = start
    for piece_end in [m.start() for m in _PIECES.finditer(text, start, end)] + [end]:
        named = False
        for number, s, e in _names_in(text, pos, piece_end):
            named = True
            if not items or items[-1][0] != number:
                items.append((number, s, e))
        whole = whole and (named or not text[pos:piece_end].strip())
        pos = piece_end + 1
    if len({n for n, _, _ in items}) < 3:
        return None
    return items, whole


def _names(numbers) -> str:
    return "、".join(f"“{LATEST.sections[n - 1].title}”" for n in sorted(numbers))


@rule("NB403", "parts-count", "info",
      "前言所说的部分数或部分名称与实际不符",
      "很多报告在开头说明“本报告由总体情况、……等六部分组成”。所说的部分数、列出的部分名称的个数，"
      "或列出的部分名称与实际标题不符，通常是漏写了某个部分或套用了旧模板。")
def parts_count(ctx):
    r = ctx.report
    first = r.sections[0].body.start if r.sections else len(ctx.text)
    second = r.sections[1].heading.span.start if len(r.sections) > 1 else len(ctx.text)
    folded = ctx.report.folded
    have = {s.number for s in r.sections}
    m = _parts_said(folded[:max(first, second)])
    if m:
        (g0, g1), listed = m
        count = folded[g0:g1]
        said = _CN_COUNT.get(count) or (int(count) if count.isdigit() else None)
        problems = []
        if said and listed and listed[1] and len(listed[0]) != said:
            items = listed[0]
            missing = {d.number for d in LATEST.sections} - {n for n, _, _ in items}
            problems.append(f"但列出了{len(items)}个部分的名称" +
                            (f"（没有{_names(missing)}）" if len(items) < said and missing else ""))
        if said and said != len(r.sections):
            problems.append(f"实际有{len(r.sections)}个部分标题")
        elif said and listed and not problems:
            problems += _against_headings(*listed, have)
        if problems:
            yield ctx.finding("NB403", Span(g0, g1), f"前言说报告由{count}部分组成，" + "，".join(problems))
        return
    # a list of the parts without their number (全文包括总体情况、…，以及其他需要报告的事项。),
    # before the first heading
    end = r.sections[0].heading.span.start if r.sections else len(ctx.text)
    pos = 0
    while pos < end:
        stop = min([i for i in (folded.find(c, pos, end) for c in "。！？；") if i >= 0] + [end])
        listed = _LIST_VERB.search(folded, pos, stop) and _ABOUT_REPORT.search(folded, pos, stop) \
            and _listed(folded, pos, stop)
        if listed:
            problems = _against_headings(*listed, have)
            if problems:
                items = listed[0]
                # at the name of a part without heading; else at the whole list
                _, a, b = next((x for x in items if x[0] not in have and any(h > x[0] for h in have)),
                               (0, items[0][1], items[-1][2]))
                yield ctx.finding("NB403", Span(a, b), "前言" + "，".join(problems))
            return
        pos = stop + 1


def _parts_said(before: str) -> tuple[tuple[int, int], tuple | None] | None:
    """Where the text before section 二 first says how many parts the report has (本报告由…六部分组成):
    the count's span and the parts it lists before it (`_listed`); None. Kept by that text (`_kept`)."""
    return _kept(_SAID, before, _find_parts_said)


def _find_parts_said(before: str) -> tuple[tuple[int, int], tuple | None] | None:
    # the sentence must be about the report (本报告由…六部分组成, 内容包括总体情况…等五部分), not
    # about a training in two parts
    m = next((m for m in _PARTS.finditer(before)
              if _ABOUT_REPORT.search(before, _sentence_start(before, m.start()), m.end())), None)
    return (m.span(1), _listed(before, m.start(), m.start(1))) if m else None


def _against_headings(items, whole: bool, have: set[int]) -> list[str]:
    """What a list of the parts says that the headings do not: a part listed without its
    heading — when a later part has one: parts missing at the end are a text cut short as much
    as parts left out —, a heading not listed (when every name in the list was read)."""
    listed = {n for n, _, _ in items}
    out = []
    absent = {n for n in listed - have if any(h > n for h in have)}
    if absent:
        out.append(f"列出了{_names(absent)}，但报告中没有这一部分的标题")
    if whole and have - listed:
        out.append(f"列出的部分中没有{_names(have - listed)}")
    return out
