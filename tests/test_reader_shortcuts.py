"""Shortcuts the reader takes must answer what the plain definitions answer.

The lexer looks for a page footer a flattening left inside a line (`… 31 - 4 - 2.没有…`) only
where a dash stands (`lexer._inline_footer`), not by letting `re` try the pattern at every
character of the table zone: it must answer what `_INLINE_FOOTER.search` answers, on every
shared text and every line of it, and on made-up strings dense with dashes, digits and spaces.
Table 三's header words are known by the identity of their catalogue entries (`reader._T3_HEADER`)."""
import random

from conftest import SHARED
from nianbao.grammar import lexer


def _same(s: str) -> bool:
    want = lexer._INLINE_FOOTER.search(s) is not None
    assert lexer._inline_footer(s) == want, repr(s)
    return want


def test_inline_footers_are_found_as_the_regex_finds_them_in_every_shared_text():
    found = 0
    for p in sorted(SHARED.glob("**/*.txt")):
        text = p.read_text(encoding="utf-8")
        found += _same(text)
        found += _same(text.replace("\n", " "))
        found += sum(_same(line) for line in text.splitlines())
    assert found >= 3                     # some texts do hold such footers


def test_inline_footers_are_found_as_the_regex_finds_them_in_made_up_strings():
    rnd = random.Random(7)
    pieces = list("-—–－~") + ["1", "23", "456", "7890", " ", "  ", "\n", "\u3000", "页", "x", "。"]
    found = 0
    for _ in range(30000):
        found += _same("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10))))
    assert 200 < found < 29000             # both answers, many times


def test_table_three_header_words_are_known_by_their_entries():
    """`reader._T3_HEADER` (by the identity of a label's entries) names the labels all of whose
    table 三 entries are header ones, as asking each label's entries does."""
    from test_lexer_reuse import REPORTS, _lex
    from nianbao.grammar import reader
    seen = 0
    for path in REPORTS:
        text = path.read_text(encoding="utf-8")
        for variant in (text, text.replace("\n", " ")):
            for t in _lex(variant):
                if t.kind != lexer.TERM:
                    continue
                entries = t.term.entries
                want = next(e for e in entries if e.table == 3) if entries and any(e.table == 3 for e in entries) \
                    and all(e.kind == "header" for e in entries if e.table == 3) else None
                assert reader._T3_HEADER.get(id(entries)) == want, t.raw
                seen += want is not None
    assert seen >= 50
