"""NB403's reading of a preamble's list of parts (本报告由总体情况、主动公开…等六部分组成): the names
in each piece, found by a scan of its characters with whitespace allowed anywhere inside a name
(PDF text breaks lines inside words). Checked against the one regex of spaced-out names it
replaced (7 ms to compile at every CLI start), on every shared text and on made-up lists."""
import random
import re

from conftest import SHARED
from nianbao.grammar import normalize
from nianbao.grammar.rules.consistency import _NAMES, W, _listed, _names_in

_ORACLE = re.compile("|".join(f"(?P<s{i}>{W(w)})" for i, (w, _) in enumerate(_NAMES)))


def _oracle(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    return [(_NAMES[int(m.lastgroup[1:])][1], m.start(), m.end()) for m in _ORACLE.finditer(text, start, end)]


def test_names_are_found_where_the_regex_finds_them_in_every_shared_text():
    rnd = random.Random(3)
    texts = [normalize.fold(p.read_text(encoding="utf-8")) for p in sorted(SHARED.glob("**/*.txt"))]
    found = 0
    for text in texts:
        for start in range(0, len(text), 61):
            end = min(len(text), start + rnd.randint(0, 400))
            want = _oracle(text, start, end)
            assert _names_in(text, start, end) == want, (start, end)
            found += len(want)
    assert found > 300                        # the texts do name the parts


def test_names_broken_by_spaces_and_line_breaks_and_run_together():
    rnd = random.Random(5)
    words = [w for w, _ in _NAMES] + ["、", "和", "情况", "工作", " ", "\n", "\u3000"]
    for _ in range(5000):
        pieces = [rnd.choice(words) for _ in range(rnd.randint(1, 10))]
        text = "".join(p if rnd.random() < 0.6 else rnd.choice([" ", "\n", "\u3000 "]).join(p) for p in pieces)
        start, end = sorted((rnd.randint(0, len(text)), rnd.randint(0, len(text))))
        assert _names_in(text, start, end) == _oracle(text, start, end), (text, start, end)


def test_a_list_wrapped_over_lines_names_its_parts_with_their_spans():
    text = "本报告由总体情况、主动公开政府信\n息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况等四部分组成。"
    items, whole = _listed(text, 0, text.index("等四部分"))
    assert [n for n, _, _ in items] == [1, 2, 3, 5]
    assert whole
    first, second = items[0], items[1]
    assert text[first[1]:first[2]] == "总体情况"
    assert text[second[1]:second[2]] == "主动公开政府信\n息情况"
