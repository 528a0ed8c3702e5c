"""`normalize.fold` and `normalize.key` take shortcuts (an ASCII string is folded without the
regex, whitespace is removed by `str.split`); they must give what the plain definitions give:
every character folded by the table, every `\\s` removed."""
import random
import re

from conftest import SHARED
from nianbao.grammar import normalize


def _fold(s: str) -> str:
    return s.translate(normalize._FOLD)


def _key(s: str) -> str:
    return normalize.unify_words(re.sub(r"\s+", "", _fold(s)))


def test_fold_and_key_are_the_table_and_the_whitespace_regex_on_every_shared_line():
    lines = {line for p in SHARED.glob("**/*.txt") for line in p.read_text(encoding="utf-8").splitlines()}
    for line in lines:
        assert normalize.fold(line) == _fold(line)
        assert normalize.key(line) == _key(line)


def test_fold_and_key_on_made_up_strings_of_every_kind_of_character():
    rnd = random.Random(2)
    ascii_ = [chr(i) for i in range(128)]
    others = [chr(i) for i in normalize._FOLD] + ["\u2028", "\u0085", "\u1680", "档案", "一", "〇", "𝟘"]
    for _ in range(20000):
        pool = ascii_ if rnd.random() < 0.5 else ascii_ + others
        s = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
        assert normalize.fold(s) == _fold(s), repr(s)
        assert normalize.key(s) == _key(s), repr(s)


def test_fold_phrases_folds_what_the_phrase_searches_need_in_texts_of_short_and_long_lines():
    """`fold_phrases` folds line by line, a text of lines of up to 2 000 characters by `map`,
    one with a longer line (a page whose text is one line) that line uncached."""
    want = re.compile(normalize._PHRASE_RUN.pattern)
    for p in sorted(SHARED.glob("**/*.txt")):
        text = p.read_text(encoding="utf-8")
        for t in (text, text.replace("\n", " "), text + "\n" + "１２－" * 800):
            folded = normalize.fold_phrases(t)
            assert folded == want.sub(lambda m: _fold(m.group()), t)
            assert len(folded) == len(t)
