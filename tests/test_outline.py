"""The outline (textDocument/documentSymbol) keeps the rules VS Code enforces, for every report:
a symbol's selectionRange lies in its range (else VS Code throws "selectionRange must be
contained in fullRange" and drops the whole outline), a child's range lies in its parent's, and
no name is empty — over the real reports and damaged ones, in UTF-16, UTF-8 and UTF-32."""
from __future__ import annotations

import pytest
from hypothesis import given

from conftest import EXCERPTS, SEEDS, SHARED, read
from nianbao.grammar import Source, parse
from nianbao.server.lsp.structure import symbols
from test_properties import examples, reports

ENCODINGS = ["utf-16", "utf-8", "utf-32"]
REAL = sorted(SEEDS.glob("*.txt")) + sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted(EXCERPTS.glob("*.txt"))


class Doc:
    def __init__(self, text: str):
        self.text, self.source, self.report = text, Source(text), parse(text)


def at(p) -> tuple[int, int]:
    return p.line, p.character


def inside(inner, outer) -> bool:
    return at(outer.start) <= at(inner.start) and at(inner.end) <= at(outer.end)


def check(text: str, enc: str) -> None:
    def walk(nodes, parent):
        for s in nodes:
            assert s.name, s
            assert at(s.range.start) <= at(s.range.end), (s.name, s.range)
            assert inside(s.selection_range, s.range), ("selectionRange outside range", s.name, s.range, s.selection_range)
            if parent is not None:
                assert inside(s.range, parent.range), ("child outside its parent", s.name, s.range, parent.name, parent.range)
            walk(s.children or [], s)
    walk(symbols(Doc(text), enc), None)


@pytest.mark.parametrize("enc", ENCODINGS)
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_reports(path, enc):
    check(read(path), enc)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_block_title_and_an_empty_row_typed_in_anywhere(path):
    """Seen while typing: the block's range was empty and its title (the selection) was not."""
    lines = read(path).splitlines(keepends=True)
    for i in range(len(lines) + 1):
        text = "".join(lines[:i]) + "第二十条第（六）项 | |||||\n行政事业性收费 | |||||\n" + "".join(lines[i:])
        for enc in ENCODINGS:
            check(text, enc)


@examples(300)
@given(reports())
def test_damaged_reports(text):
    for enc in ENCODINGS:
        check(text, enc)
