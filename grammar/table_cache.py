"""A statutory table's reading, kept by what it was read from and moved to where it stands now.

The editor reads the whole report again at every keystroke, and most keystrokes are not in the
tables: the text before a table grows or shrinks, the table's own tokens stay what they were.
A table's reading (its `Table` and the problems found reading it) depends on its tokens, the
text they span and the edition only, so it is kept by those: looked up by a fingerprint that
costs no pass over the tokens (a table typed in misses at once), then by its tokens with every
offset relative to the table's first. A later report holding the same table where it stood
gets that reading (readings are never changed once made), elsewhere a copy with every span
moved by how far the table moved. A reading that looked outside its tokens (OCR damage asks for
the page numbers of the whole text) is not kept. When the whole table zone is as before (its
text, the headings in it, the page numbers hidden in it), the zone is not even cut into tokens
again: what it held (`put_zone`) names the kept tables. Where a table is read again (a cell
typed), the alignment of its runs is kept by their shape (`aligned`): what a cell says does
not move its run.
"""
from __future__ import annotations

import operator
from itertools import repeat

from . import ocr
from .bounded import Bounded
from .lexer import Token, codes
from .model import Block, Cell, Label, Problem, Row, Span, Table

_MOST = 48            # a few reports' tables (a workspace lint reads many reports, each once)
_KEPT = Bounded(_MOST)        # `fingerprint` → [Kept, …]: the readings of tables with that fingerprint
_ZONES = Bounded(_MOST)
_ALIGNED = Bounded(_MOST)
_SAME_PRINT = 4               # readings kept per fingerprint (tables alike but for offsets, lines, fields)


def fingerprint(n: int, edition: str, tokens: list[Token], text: str) -> tuple:
    """What a kept reading of table `n` is looked up by first: the edition, its tokens' kinds,
    the text they span, and whether the lines it starts and ends on hold more beyond it (a cell
    alone on its line may be a page number: `ocr.damaged`). Made without a pass over the
    tokens in Python, so that a table typed in (its text new) costs no more to miss."""
    first, last = tokens[0], tokens[-1]
    return (n, edition, codes(tokens), text[first.start:last.end], ocr.line_blank(text, first.start, last.end))


def _relative(tokens: list[Token]) -> tuple:
    """The rest of what a table's reading depends on: its tokens as the reader sees them
    (offsets from the first, line and field numbers from the first's). A label's offsets in
    its chunk's compact view (`Term.start` …) are not read by the reader and are left out.
    (Field by field with `map`: a loop over the tokens in Python cost a fifth of reading the
    table again.)"""
    first = tokens[0]

    def rel(attr: str, base: int) -> tuple[int, ...]:
        return tuple(map(operator.sub, map(operator.attrgetter(attr), tokens), repeat(base)))
    return (rel("start", first.start), rel("end", first.start), rel("line", first.line), rel("field", first.field),
            tuple(map(_EXPLICIT, tokens)), tuple(map(_AFTER, tokens)),
            tuple(t.term[3:8] for t in tokens if t.term is not None))


_EXPLICIT, _AFTER = operator.attrgetter("explicit"), operator.attrgetter("after")


class Kept:
    """A table's reading (its Table and the problems found reading it), what it was read from
    and where it started. Its tokens never change once read (`lexer`), so what the reading
    depends on beyond its fingerprint is worked out when a table with the same fingerprint
    comes, if one comes."""
    __slots__ = ("edition", "tokens", "base", "table", "problems", "_relative")

    def __init__(self, edition: str, tokens: list[Token], table: Table, problems: list[Problem]):
        self.edition = edition
        self.tokens = tokens
        self.base = tokens[0].start
        self.table = table
        self.problems = problems
        self._relative = None

    def relative(self) -> tuple:
        if self._relative is None:
            self._relative = _relative(self.tokens)
        return self._relative

    def at(self, base: int) -> tuple[Table, list[Problem]]:
        """The reading moved to start at `base`. Unmoved, the kept objects themselves: nothing
        changes a reading once it is made (typing in one table leaves the tables before it
        where they were)."""
        if base == self.base:
            return self.table, list(self.problems)
        move = _Move(base - self.base)
        return move.table(self.table), [move.problem(p) for p in self.problems]


def get(print_: tuple, tokens: list[Token]) -> Kept | None:
    """The reading kept of a table with fingerprint `print_` read from tokens like `tokens`."""
    kept = _KEPT.get(print_)
    if not kept:
        return None
    mine = _relative(tokens)
    return next((k for k in kept if k.relative() == mine), None)


def put(print_: tuple, tokens: list[Token], table: Table, problems: list[Problem]) -> Kept:
    """Keep a fresh reading. The reader's own objects are kept, not a copy: nothing changes a
    report once it is read, and a report whose table moved gets a copy (`Kept.at`)."""
    k = Kept(print_[1], tokens, table, list(problems))
    kept = _KEPT.get(print_)
    if kept is None:
        _KEPT.put(print_, [k])
    else:
        kept.append(k)
        del kept[:-_SAME_PRINT]
    return k


def zone_key(text: str, start: int, end: int, cuts: list[tuple], hide: list[tuple[int, int]]) -> tuple:
    """What cutting the table zone text[start:end] into tokens depends on: its text, the
    headings cut out of it and the page numbers hidden in it (`lexer.lex`), offsets from `start`."""
    return (text[start:end], tuple((a - start, b - start, h.number) for a, b, h in cuts),
            tuple((a - start, b - start) for a, b in hide))


def get_zone(k: tuple):
    """What a zone held (`put_zone`), or None."""
    return _ZONES.get(k)


def put_zone(k: tuple, held: tuple) -> None:
    """Keep what a zone held: the edition its labels vote for, and each table's number, its
    `Kept` reading and offset from the zone's start (None: no such table), so that the same
    zone again is not cut into tokens (when the edition is the same)."""
    _ZONES.put(k, held)


def aligned(shape: tuple) -> tuple | None:
    """The alignment kept for runs of this shape (`template_grammar.InOrder.placements`): for
    each placement, its run's index and the rest of its fields; None if not kept."""
    return _ALIGNED.get(shape)


def keep_aligned(shape: tuple, placements: tuple) -> None:
    _ALIGNED.put(shape, placements)


def clear() -> None:
    """Forget every reading (tests and benchmarks that want the reader's whole cost)."""
    _KEPT.clear()
    _ZONES.clear()
    _ALIGNED.clear()


class _Move:
    """Copies of a reading's objects with their spans moved by `by`; an object met twice (a
    row in its block and in its table, a cell in `cells` and `found`) is copied once. Spans
    are values: unmoved (`by` 0), they are shared."""

    def __init__(self, by: int):
        self.by = by
        self.seen: dict[int, object] = {}

    def span(self, s: Span | None) -> Span | None:
        if s is None or not self.by:
            return s
        return Span(s.start + self.by, s.end + self.by)

    def label(self, lab: Label | None) -> Label | None:
        if lab is None:
            return None
        return Label(self.span(lab.span), lab.raw, lab.canonical, lab.exact, lab.numbering)

    def cells(self, cells: list[Cell]) -> list[Cell]:
        seen, span, out = self.seen, self.span, []
        for c in cells:
            got = seen.get(id(c))
            if got is None:
                got = seen[id(c)] = Cell(span(c.span), c.raw, c.kind, c.value, c.unit, c.sign, c.fullwidth,
                                         c.leading_zero, c.inferred)
            out.append(got)
        return out

    def row(self, r: Row | None) -> Row | None:
        if r is None:
            return None
        got = self.seen.get(id(r))
        if got is None:
            found = self.cells(r.found)
            same = len(r.cells) == len(r.found) and all(map(operator.is_, r.cells, r.found))
            got = self.seen[id(r)] = Row(r.table, r.id, self.label(r.label), found[:] if same else self.cells(r.cells),
                                         found, self.span(r.span), r.block, r.status, r.label_text,
                                         self.span(r.label_text_span))
            got.inferred = r.inferred
        return got

    def block(self, b: Block) -> Block:
        return Block(b.id, self.label(b.title), b.header, b.edition, [self.row(r) for r in b.rows],
                     self.span(b.span), [self.label(c) for c in b.columns])

    def table(self, t: Table) -> Table:
        return Table(t.number, self.span(t.span), [self.row(r) for r in t.rows],
                     {k: self.block(b) for k, b in t.blocks.items()}, [self.label(h) for h in t.header])

    def problem(self, p: Problem) -> Problem:
        return Problem(p.kind, self.span(p.span), p.table, p.message, p.row, self.row(p.target))
