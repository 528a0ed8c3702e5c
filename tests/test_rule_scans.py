"""NB401 looks for a claim that starts with one of several words only where one can start
(`consistency._finditer`: the pattern tried at each of the words' first characters, found by
`str.find`) instead of letting `re` scan the whole prose, and NB402 for a period only where its
first date's 年 stands (`_year_refs`). They must find exactly what `finditer` finds: in every
shared text, folded, and in made-up texts dense with the words, with spaces and line breaks
inside them. What NB401 and NB403 find in a stretch of prose is kept by its text (`_claims`,
`_parts_said`): a report read again after an edit elsewhere gets the findings it gets alone."""
import random

import pytest

from conftest import SHARED
from nianbao.grammar import bounded, lint, normalize, parse
from nianbao.grammar.rules import consistency as C

_SCANS = [(p, firsts) for p, firsts, _, _ in C.CLAIMS if firsts]


def _same(text: str, start: int, end: int) -> int:
    found = 0
    for pattern, firsts in _SCANS:
        want = [m.span() + m.groups() for m in pattern.finditer(text, start, end)]
        got = [m.span() + m.groups() for m in C._finditer(pattern, firsts, text, start, end)]
        assert got == want, (pattern.pattern[:40], start, end)
        found += len(want)
    return found


def test_the_scans_find_what_finditer_finds_in_every_shared_text():
    rnd = random.Random(5)
    found = 0
    for path in sorted(SHARED.glob("**/*.txt")):
        text = normalize.fold(path.read_text(encoding="utf-8"))
        found += _same(text, 0, len(text))
        for _ in range(5):
            a = rnd.randrange(len(text) + 1)
            found += _same(text, a, rnd.randint(a, len(text)))
    assert found >= 5                           # the texts do state such figures


_FIGURE = [["", "共", "共计"], ["17", "3", "0"], ["件"]]
# each phrase: its pieces in order, each piece one of its words ("": left out)
_PHRASES = [
    [["收到", "受理", "新收"], ["", "各类", "政府信息公开", "依申请公开"], ["申请"]] + _FIGURE,
    [["结转"], ["", "至", "到"], ["下一年度", "下年度", "下年"], ["", "继续"], ["办理"], ["", "的申请"]] + _FIGURE,
    [["行政复议", "行政诉讼"], ["", "案件"]] + _FIGURE,
    [["主动公开", "制发", "制作", "印发", "出台", "制定"], ["", "行政"], ["规范性文件"]] + _FIGURE,
]


def _made_up(rnd: random.Random) -> str:
    """Phrases, each whole or cut short, with noise between them and spaces or line breaks
    inside words, as PDF text has them."""
    out = []
    for _ in range(rnd.randint(1, 4)):
        phrase = rnd.choice(_PHRASES)
        for piece in phrase[rnd.choice([0, 0, 1]):len(phrase) - rnd.choice([0, 0, 0, 1])]:
            word = rnd.choice(piece)
            if word and rnd.random() < 0.3:
                k = rnd.randrange(len(word) + 1)
                word = word[:k] + rnd.choice([" ", "\n", "\u3000 "]) + word[k:]
            out.append(word)
        out.append(rnd.choice(["", "。", "，", "较", "x", "\n"]))
    return "".join(out)


def test_the_scans_find_what_finditer_finds_in_made_up_texts():
    rnd = random.Random(11)
    found = 0
    for _ in range(20000):
        text = normalize.fold(_made_up(rnd))
        a = rnd.randrange(len(text) + 1)
        found += _same(text, 0, len(text))
        _same(text, a, rnd.randint(a, len(text)))
    assert found > 1500                         # the made-up texts do state figures


def _periods(text: str) -> int:
    want = [m.span() + m.groups() for m in C._YEAR_REF.finditer(text)]
    got = [m.span() + m.groups() for m in C._year_refs(text)]
    assert got == want
    return len(want)


def test_the_period_scan_finds_what_finditer_finds_in_every_shared_text():
    found = sum(_periods(normalize.fold_phrases(p.read_text(encoding="utf-8"))) for p in sorted(SHARED.glob("**/*.txt")))
    assert found >= 5


def _made_up_periods(rnd: random.Random) -> str:
    pieces = ["2023", "2024", "1999", "12023", "20", "23", "年", "1", "月", "1", "日", "起", "至", "12", "月", "31", "日",
              "较上年", "。", "x"]
    out = []
    for _ in range(rnd.randint(1, 30)):
        out.append(rnd.choice(pieces) if rnd.random() < 0.3 else "")
        out += rnd.choice([["2023", "年", "1", "月", "1", "日", "至", "2023", "年", "12", "月", "31", "日"],
                           ["2024", "年", "1", "月", "1", "日", "-", "12", "月", "31", "日"], ["年", "1", "月", "1", "日"]])
        out.append(rnd.choice(["", " ", "\n", "\u3000"]))
    return "".join(w + (rnd.choice([" ", "\n", "  "]) if rnd.random() < 0.2 else "") for w in out)


def test_the_period_scan_finds_what_finditer_finds_in_made_up_texts():
    rnd = random.Random(3)
    found = sum(_periods(_made_up_periods(rnd)) for _ in range(20000))
    assert found > 10000


def _forget_prose() -> None:
    bounded.forget()


def _findings(text: str) -> list[tuple]:
    return [(f.code, f.span.start, f.span.end, f.message) for f in lint(text)]


REPORTS = sorted(SHARED.glob("corpus/real/*.txt")) + sorted(SHARED.glob("seeds/*.txt"))


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:24])
def test_prose_findings_after_an_edit_elsewhere_are_those_of_the_text_alone(path):
    text = path.read_text(encoding="utf-8")
    lint(text)
    nb4 = [f for f in _findings(text) if f[0].startswith("NB40")]
    tail = len(text) // 2
    for edited in (text[:tail] + "9" + text[tail:], text[:tail] + text[tail + 1:], text + "\n。"):
        warm = _findings(edited)
        _forget_prose()
        assert warm == _findings(edited)
    _forget_prose()
    assert nb4 == [f for f in _findings(text) if f[0].startswith("NB40")]


def test_a_claim_after_the_tables_moved_by_typing_in_a_table_is_found_where_it_stands():
    """A space typed before table 三's first number moves the prose after the tables (a claim
    appended to each report); the claims kept for that prose are found where they stand now."""
    found = 0
    for path in REPORTS:
        text = path.read_text(encoding="utf-8") + "\n本年共收到政府信息公开申请99999件。\n"
        report = parse(text)
        cell = next((c for r in report.table3.rows for c in r.found if c.is_number), None) if report.table3 else None
        if cell is None:
            continue
        lint(text)
        at = cell.span.start
        edited = text[:at] + " " + text[at:]
        warm = _findings(edited)
        _forget_prose()
        assert warm == _findings(edited), path.name
        claim = edited.rindex("99999")
        found += any(f[0] == "NB401" and f[1:3] == (claim, claim + 5) for f in warm)
    assert found >= 10                 # (where table 三 reads 一、本年新收… as a number)


def test_a_preamble_edited_before_its_count_of_parts_is_read_again():
    """NB403's count of parts is kept by the text before section 二: a word typed into the
    preamble before the count moves it, and the finding is where the count stands now."""
    path = next(p for p in REPORTS if "html-tab-pingtan-spj" in p.name)
    text = path.read_text(encoding="utf-8").replace("六个部分组成", "五个部分组成")       # it has six
    said = text.index("个部分组成") - 1
    lint(text)
    for at in (said - 10, text.index("本报告") + 3, said):
        edited = text[:at] + "全文" + text[at:]
        warm = _findings(edited)
        _forget_prose()
        assert warm == _findings(edited)
        count = edited.index("个部分组成") - 1
        assert [f[1:3] for f in warm if f[0] == "NB403"] == [(count, count + 1)], at


def test_prose_longer_than_any_report_is_scanned_not_kept():
    """Stretches of prose over `_KEPT_MOST` characters are scanned at every lint, never kept."""
    text = next(p for p in REPORTS if "html-tab-pingtan-spj" in p.name).read_text(encoding="utf-8")
    huge = text.replace("本报告全文", "本报告全文" + "。" * (C._KEPT_MOST + 10))
    _forget_prose()
    first = _findings(huge)
    assert first == _findings(huge)
    assert any(f[0] == "NB403" or f[0] == "NB401" for f in _findings(huge.replace("六个部分组成", "五个部分组成")))
    assert all(len(k) <= C._KEPT_MOST for k in list(C._FOUND) + list(C._SAID))
