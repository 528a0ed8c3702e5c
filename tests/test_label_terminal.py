"""The label terminal's core expression is written as a trie (`labels._trie`); it must find
what the plain alternation of the cores, longest first, finds: the same core at the same place,
from every position of every shared text's compact view and of made-up texts full of the cores'
characters and their beginnings."""
import random
import re

from conftest import SHARED
from nianbao.grammar import labels, normalize

_CORES = sorted(labels.CATALOGUE, key=len, reverse=True)
_ORACLE = re.compile(f"(?P<block>{labels.BLOCK_TITLE.pattern})|(?P<core>{'|'.join(map(re.escape, _CORES))})")


def _every(rx: re.Pattern, s: str) -> list[tuple]:
    out, pos = [], 0
    while (m := rx.search(s, pos)) is not None:
        out.append((m.start(), m.end(), m.group("block"), m.group("core"), m.group("item")))
        pos = m.start() + 1
    return out


def test_the_trie_finds_what_the_longest_first_alternation_finds_in_every_shared_text():
    found = 0
    for path in sorted(SHARED.glob("**/*.txt")):
        text = path.read_text(encoding="utf-8")
        for piece in [normalize.key(line) for line in text.splitlines()] + [normalize.key(text)]:
            want = _every(_ORACLE, piece)
            assert _every(labels.TERMINAL, piece) == want, (path.name, piece[:60])
            found += len(want)
    assert found > 2000                       # the texts are full of labels


def test_the_trie_finds_what_the_alternation_finds_in_made_up_texts():
    rnd = random.Random(7)
    alphabet = sorted(set("".join(_CORES)) | set("0123456789().、第二十条项"))
    for _ in range(5000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        for _ in range(rnd.randint(0, 3)):      # whole cores and cores cut short, side by side
            core = rnd.choice(_CORES)
            k = rnd.randint(0, len(s))
            s = s[:k] + core[:rnd.randint(1, len(core))] + s[k:]
        assert _every(labels.TERMINAL, s) == _every(_ORACLE, s), s


def test_the_longest_core_wins_where_a_shorter_one_is_its_start():
    m = labels.TERMINAL.search("其他法律行政法规禁止公开")
    assert m.group("core") == "其他法律行政法规禁止公开" and labels.TERMINAL.search("其他").group("core") == "其他"
