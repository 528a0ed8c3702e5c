"""The lexer hands out again the tokens of a chunk that stands where it stood in the text read
before (`lexer._chunk_tokens`): an author typing in table 三 leaves every chunk before the
cell where it was. The tokens of a text lexed right after another must be exactly those of the
text lexed alone — every field, the text after each label (`Token.after`, which the chunks
after a label extend) included — and lexing it must change none of the tokens handed out
before."""
from __future__ import annotations

import random

import pytest

from conftest import SHARED
from nianbao.grammar import Source, lexer, reader

REPORTS = sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
_SLOTS = lexer.Token.__slots__


def _lex(text: str) -> list[lexer.Token]:
    r = reader._Reader(text, None)
    chosen, duplicates = r._headings()
    start, end = r._zone(chosen)
    cuts = [(h.span.start, h.span.end, h) for h in chosen + duplicates if start <= h.span.start < end]
    return lexer.lex(text, r.src.bounds, r.src.line_of(start), start, end, cuts, [])


def _fields(tokens: list[lexer.Token]) -> list[tuple]:
    return [tuple(getattr(t, f) if f != "term" else repr(t.term) for f in _SLOTS) for t in tokens]


def _edits(text: str, rnd: random.Random) -> list[str]:
    """Typing in the zone: a digit before a cell, a cell's digits doubled, a character of a label
    deleted, a line break inserted, a character typed after the last label; and at random places."""
    toks = _lex(text)
    cells = [t for t in toks if t.kind == lexer.CELL]
    terms = [t for t in toks if t.kind == lexer.TERM]
    out = []
    for c in cells[len(cells) // 3:len(cells) // 3 + 2] + cells[-1:]:
        out += [text[:c.start] + "1" + text[c.start:], text[:c.end] + c.raw + text[c.end:]]
    for t in terms[len(terms) // 2:len(terms) // 2 + 1] + terms[-1:]:
        mid = (t.start + t.end) // 2
        out += [text[:mid] + text[mid + 1:], text[:mid] + "\n" + text[mid:], text[:t.end] + "情形" + text[t.end:]]
    if toks:
        for _ in range(4):
            p = rnd.randrange(toks[0].start, toks[-1].end + 1)
            out.append(text[:p] + rnd.choice(["0", "7", " ", "\n", "\t", "（", "不"]) + text[p:])
    return out


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_tokens_after_an_edit_are_those_of_the_text_lexed_alone(path):
    text = path.read_text(encoding="utf-8")
    rnd = random.Random(path.name)
    reused = 0
    for edited in _edits(text, rnd):
        lexer._CHUNKS.cache_clear()
        alone = _fields(_lex(edited))
        lexer._CHUNKS.cache_clear()
        before = _lex(text)
        seen = _fields(before)
        after = _lex(edited)
        assert _fields(after) == alone
        assert _fields(before) == seen                # the tokens handed out before are as they were
        reused += sum(1 for t in after if any(t is b for b in before))
        again = _lex(text)                            # and back: the first text's tokens again
        assert _fields(again) == seen
    if not path.name.startswith("oneline"):          # (a one-line page is one chunk, too long to keep)
        assert reused > 0                             # the tokens before each edit were handed out again
