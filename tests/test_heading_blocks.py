"""The reader looks for headings block by block of lines, each block's candidates kept by its
text and the line after it (`reader._Reader._headings`): a report read again after an edit
must get the headings the edited text gets alone — an edit inside a block, before it (the
block moved), a line added or removed (every later block cut differently), and a title
wrapped from a block's last line onto the next block's first."""
from __future__ import annotations

import random

import pytest

from conftest import SHARED
from nianbao.grammar import bounded, parse, reader

REPORTS = sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))


def _headings(text: str) -> tuple:
    r = parse(text)
    return [(s.number, s.heading) for s in r.sections], r.extra_headings


def _alone(text: str) -> tuple:
    bounded.forget()
    reader._heading_shape.cache_clear()
    return _headings(text)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:24])
def test_headings_after_an_edit_are_those_of_the_text_alone(path):
    text = path.read_text(encoding="utf-8")
    rnd = random.Random(path.name)
    for _ in range(12):
        _headings(text)
        at = rnd.randrange(len(text) + 1)
        edited = text[:at] + rnd.choice(["x", "\n", "一、", "\n\n", ""]) + text[at + rnd.choice([0, 0, 1, 30]):]
        warm = _headings(edited)
        assert warm == _alone(edited)


def _wrapped_at_a_block_edge() -> str:
    lines = [f"第{i}行正文。" for i in range(reader._BLOCK - 1)]
    return "\n".join(lines + ["四、政府信息", "公开行政复议、行政诉讼情况", "本年度无。"]) + "\n"


def _titles(text: str) -> list[tuple[int, str]]:
    return [(n, text[h.span.start:h.span.end]) for n, h in _headings(text)[0]]


def test_a_title_wrapped_onto_the_next_block_is_read_whole_only_with_its_second_line():
    text = _wrapped_at_a_block_edge()
    second = "公开行政复议、行政诉讼情况"
    assert text.splitlines().index(second) == reader._BLOCK          # the first line of the next block
    whole = [(4, "四、政府信息\n" + second)]
    assert _titles(text) == whole
    assert _titles(text.replace(second, "其他事项")) == []
    assert _titles(text) == whole
    assert _titles("前言。\n" + text) == whole


def test_a_block_too_long_to_keep_is_read_every_time():
    """A page whose text is one line is one block of its whole text: read, never kept (the
    store holds a few hundred blocks, not a few hundred pages)."""
    text = (SHARED / "corpus" / "real" / "oneline-pingtan-2021.txt").read_text(encoding="utf-8")
    page = (" ".join(text.split("\n")) + " ") * 6
    assert "\n" not in page and len(page) > reader._BLOCK_MOST
    reader._BLOCKS.clear()
    assert _headings(page) == _alone(page)
    assert [n for n, _ in _headings(page)[0]] == [1, 2, 3, 4, 5, 6]
    assert len(reader._BLOCKS) == 0
