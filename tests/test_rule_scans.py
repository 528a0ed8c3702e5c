"""NB401 looks for a claim that starts with one of several words only where one can start
(`consistency._finditer`: the pattern tried at each of the words' first characters, found by
`str.find`) instead of letting `re` scan the whole prose. It must find exactly what `finditer`
finds: in every shared text, folded, and in made-up texts dense with the claims' words, with
spaces and line breaks inside them."""
import random

from conftest import SHARED
from nianbao.grammar import normalize
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
