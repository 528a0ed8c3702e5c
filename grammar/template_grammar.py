"""The grammar of the template's tables, in pyparsing, built from the edition data (`editions/`).

A statutory table is a sequence the template fixes. Table 三 of the 2021 edition is

    table3 = InOrder(row("r1", 7), row("r2", 7), row("r3.1", 7), …, row("r3.7", 7), row("r4", 7))
    row(id, n) = TemplateRow(id, n)(id)      # as Group(Opt(label(id))("label") + cells("cells"))(id)

— each row its label, then its cells (one element per row: it is read for every row of every
report, and the three elements and their results in between cost more than the reading); table 二's blocks (`第二十条第（一）项` …) are such sequences
of their rows with their own column counts, and table 四 is one row of 15 cells. The grammar
runs on a table's token stream (`lexer.py`), handed to pyparsing as a `TokenStream`: one code
character per token, carrying the tokens.

`InOrder` is the combinator for a template sequence read from a real report: it places the
stream's runs of cells on its rows by the best alignment (`align.py`): labels before or after
their cells, missing, garbled or displaced, rows missing, several rows in one run. Each row it
places is then read by that row's own element, from its label and cells in canonical order, so
every placed row comes out as a named group: `result["r3.3.1"]["label"]`, `…["cells"]`;
`result["where"]` says, group by group, the row's index, its placement and which of the
placement's rows it is. Runs it cannot place come out under `unplaced`, never on a row;
`result["alignment"]` is the whole alignment as kept (`placed_key` tells two apart).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import count, repeat
from operator import attrgetter, sub

import pyparsing as pp

from . import normalize, table_cache
from .align import Placement, Run, Slot, _weak, align, runs_of
from .editions import EDITIONS, LATEST, any_block
from .lexer import CELL, TERM, Token, codes
from .template import Edition

TABLE3_CELLS, TABLE4_CELLS = len(LATEST.table3_columns), len(LATEST.table4_columns)   # 7, 15


class TokenStream(str):
    """Tokens as pyparsing input: one character per token (`lexer.codes`: c cell, e empty cell,
    l label, t text), with the tokens themselves at `.tokens`."""

    def __new__(cls, tokens: list[Token]):
        s = super().__new__(cls, codes(tokens))
        s.tokens = tokens
        return s


class TemplateRow(pp.Token):
    """A row of a statutory table: its label, when the stream starts with a label token that
    names it, then its cells (every cell and empty cell that follows). One element per row; its
    result is the row's group, as `pp.Group(Opt(label)("label") + cells("cells"))` would give,
    without the three elements and their results in between. `InOrder` names it by the row id."""

    def __init__(self, slot: Slot, names: tuple[str, ...] = ()):
        super().__init__()
        self.slot = slot
        self.row_ids = (slot.id,) + names      # names: other row ids whose labels name it too
        self.mayReturnEmpty = True
        self.errmsg = f"expected the row {slot.id}"
        self.leave_whitespace()

    def parseImpl(self, instring, loc, do_actions=True):
        tokens = instring.tokens
        label = None
        if loc < len(tokens) and tokens[loc].kind == TERM and any(e.id in self.row_ids for e in tokens[loc].term.entries):
            label = tokens[loc]
            loc += 1
        end = _CELLS.match(instring, loc).end()
        cells = tokens[loc:end]
        group = pp.ParseResults([cells] if label is None else [label, cells])
        if label is not None:
            group["label"] = label
        group["cells"] = cells
        return end, group


_CELLS, _LABEL = re.compile("[ce]*"), re.compile("l")
_LINE = attrgetter("line")
_SERIAL = count()


def row(slot: Slot, names: tuple[str, ...] = ()) -> pp.ParserElement:
    """A row of a statutory table: its label (when the report has it), then its cells.
    `names`: other row ids whose labels name it too (the other edition's wording). `InOrder`
    names its group by the row id as it places it in the table's results."""
    return TemplateRow(slot, names)


class InOrder(pp.Token):
    """An ordered sequence of template rows read from a table's token stream (see the module's
    docstring). `single`: the table is one row (table 四), so its cells are that row's, however
    many runs they come in."""

    def __init__(self, rows: list[pp.ParserElement], single: bool = False, after_first: bool = False):
        super().__init__()
        self.after_first = after_first      # labels on another line weigh more after their cells
        self.rows = rows
        self.slots = [r.slot for r in rows]
        self.index = {s.id: i for i, s in enumerate(self.slots)}
        self.single = single
        cells = [s.cells for s in self.slots]
        self.fewest, self.most = min(cells), max(cells)
        self._named: dict[tuple, frozenset[int]] = {}      # a label's entries → the rows they name
        self.serial = next(_SERIAL)         # this grammar, in the keys of kept alignments
        self.mayReturnEmpty = True
        self.errmsg = "expected a table"
        self.leave_whitespace()

    def label_slots(self, tokens: list[Token], kinds: str) -> list[tuple[int, Token, frozenset[int]]]:
        """The label tokens that name rows, in order, each with its index in `tokens` and the
        rows it names (`kinds`: the tokens' codes). An unnumbered word that is also a column
        name (总计, 其他) names no row before the first row label: it is the header."""
        out: list[tuple[int, Token, frozenset[int]]] = []
        started = False
        named = self._named
        for m in _LABEL.finditer(kinds):
            i = m.start()
            t = tokens[i]
            entries = t.term.entries
            here = named.get(entries)
            if here is None:
                here = named[entries] = frozenset(self.index[e.id] for e in entries
                                                  if e.kind in ("data", "row") and e.id in self.index)
            if here:
                if not started and not t.term.numbering and any(e.kind == "header" for e in entries):
                    continue
                started = True
                out.append((i, t, here))
        return out

    def placements(self, tokens: list[Token], kinds: str | None = None) -> tuple[list, list[Placement], tuple]:
        """The label tokens that name rows (`label_slots`), where the runs of cells go, and that
        alignment as kept (`table_cache.aligned`): its runs' shape, and for each placement its
        run's index and the rest of its fields."""
        kinds = codes(tokens) if kinds is None else kinds
        indexed = self.label_slots(tokens, kinds)
        named = [(t, s) for _, t, s in indexed]
        labels = {id(t): s for t, s in named}
        runs = runs_of(tokens, kinds, labels, self.after_first)
        if self.single:
            runs = [r for r in runs if not r.empty_only]
            runs = [Run([t for r in runs for t in r.tokens])] if runs else []
        need = self.slots[0].cells if self.single else self.fewest
        for run in runs:
            run.glued = _glued(run, need, self.most)
        # the alignment depends on the runs' shape only, not on what their cells say: an author
        # typing in a cell asks for the same alignment again
        shape = (self.serial, kinds, tuple(map(sub, map(_LINE, tokens), repeat(tokens[0].line))) if tokens else (),
                 tuple((i, s, _weak(t)) for i, t, s in indexed), tuple(r.glued for r in runs))
        kept = table_cache.aligned(shape)
        if kept is not None:
            placements = [Placement(runs[i], *rest) for i, *rest in kept]
        else:
            placements = align(self.slots, runs, frozenset().union(*labels.values()), self.after_first)
            at = {id(r): i for i, r in enumerate(runs)}
            kept = tuple((at[id(p.run)], p.slots, p.parts, p.explained_before, p.explained_after, p.ambiguous)
                         for p in placements)
            table_cache.keep_aligned(shape, kept)
        if self.single and runs and not placements[0].slots:
            placements = [Placement(runs[0], (0,), None, False, False)]    # table 四: its numbers are its row
        return named, placements, (shape, kept)

    def kept(self, shape: tuple) -> tuple | None:
        """The alignment this grammar keeps for runs of `shape`, as another grammar of the same
        rows gave it (`placements`): the runs, their labels' rows and their glued digits are the
        same for both; how much a label weighs is the grammar's own."""
        return table_cache.aligned((self.serial,) + shape[1:])

    def parseImpl(self, instring, loc, do_actions=True):
        tokens, kinds = instring.tokens[loc:], instring[loc:]
        named, placements, alignment = self.placements(tokens, kinds)
        groups: list[pp.ParseResults] = []
        where = []                    # each group's row index, placement and part of it
        used: set[int] = set()
        unplaced = []
        for p in placements:
            if not p.slots:
                if not p.run.empty_only:
                    unplaced.append(p)
                continue
            for j, si in enumerate(p.slots):
                label = None
                if j == 0 and p.explained_before:
                    label = p.run.before.token
                elif j == len(p.slots) - 1 and p.explained_after:
                    label = p.run.after.token
                if label is not None:
                    used.add(id(label))
                cells = p.run.tokens if p.parts is None else p.run.tokens[p.parts[j][0]:p.parts[j][1]]
                groups.append(self._read(si, label, cells))
                where.append((si, p, j))
        # a label with no cells anywhere (a row left empty, or a report cut short after it)
        placed = {si for si, _, _ in where}
        for t, s in named:
            if id(t) in used or len(s) != 1:
                continue
            (si,) = s
            if si not in placed and not self.slots[si].needs_values:
                placed.add(si)
                groups.append(self._read(si, t, []))
                where.append((si, None, 0))
        results = pp.ParseResults(groups)
        for group, (si, _, _) in zip(groups, where):
            results[self.slots[si].id] = group
        results["where"] = where
        results["unplaced"] = unplaced
        results["alignment"] = alignment
        return len(instring), results

    def _read(self, si: int, label: Token | None, cells: list[Token]) -> pp.ParseResults:
        """Row si's tokens, read by its element in canonical order: label, then cells. (By the
        element's own `parseImpl`: a row has no results name, parse action or whitespace to
        skip, so pyparsing's wrapper around it would hand back the same group.)"""
        return self.rows[si].parseImpl(TokenStream([label] + cells if label is not None else cells), 0)[1]


def placed_key(alignment: tuple) -> tuple:
    """All that the rows read from an alignment (as `InOrder.placements` keeps it) depend on:
    each run (its index: two grammars of the same rows cut a stream into the same runs) and
    the rows it goes on, its parts, which of its labels explain it. Two alignments of one token
    stream with equal keys read equal rows (the labels with no cells follow from the placements
    too; the runs' glued digits are the stream's)."""
    return tuple(p[:5] for p in alignment)


def _glued(run: Run, need: int, most: int) -> bool:
    """Digits that may hold more cells than they are written as: fewer tokens than a row's
    cells (`most`, the most a row has), all plain ASCII (or full-width) digits, at least `need`."""
    toks = run.tokens
    if len(toks) >= most or any(t.kind != CELL for t in toks):
        return False
    parts = [normalize.key(t.raw) for t in toks]
    return all(p.isascii() and p.isdigit() for p in parts) and sum(map(len, parts)) >= need


# -- the tables of each edition ------------------------------------------------------------------

# table 三's rows in printed order, each edition's data rows: （六）其他处理 is one row in 2019, a stub
# over three rows in 2021, and a report may write it either way
TABLE3_ORDER = tuple(r.id for r in LATEST.table3_rows
                     if any((d := e.table3_row(r.id)) is not None and d.kind == "data" for e in EDITIONS.values()))


@lru_cache(maxsize=8)
def table3(edition: Edition, after_first: bool = False) -> InOrder:
    """Table 三 of `edition`: its data rows in order, and the other edition's way of writing
    （六）其他处理 (one row, or three), taken only when the report writes it with values.
    `after_first`: the reading with values before their labels (see `InOrder`)."""
    rows = []
    for rid in TABLE3_ORDER:
        d = edition.table3_row(rid)
        own = d is not None and d.kind == "data"
        rows.append(row(Slot(rid, TABLE3_CELLS, positional=own, needs_values=not own)))
    return _table(InOrder(rows, after_first=after_first), "table3")


@lru_cache(maxsize=16)
def block(edition_id: str, block_id: str) -> InOrder:
    """A block of table 二 (第二十条第（N）项) as `edition_id` has it: its rows, each with the
    block's columns. The other edition's name for a row (规范性文件 / 行政规范性文件) names it too."""
    ed = EDITIONS[edition_id]
    bdef = ed.block(block_id) or any_block(block_id)
    n = len(bdef.columns)
    names: dict[int, tuple[str, ...]] = {}
    for other in EDITIONS.values():
        ob = other.block(block_id)
        if ob is not None and other.id != edition_id:
            for i, r in enumerate(ob.rows[:len(bdef.rows)]):
                if r.id != bdef.rows[i].id:
                    names[i] = names.get(i, ()) + (r.id,)
    element = InOrder([row(Slot(r.id, n), names.get(i, ())) for i, r in enumerate(bdef.rows)])
    for i, others in names.items():
        for name in others:
            element.index.setdefault(name, i)
    return _table(element, block_id)


@lru_cache(maxsize=1)
def table4() -> InOrder:
    """Table 四: one row of 15 cells (行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5)."""
    return _table(InOrder([row(Slot("r", TABLE4_CELLS))], single=True), "table4")


def _table(element: InOrder, name: str) -> InOrder:
    return element.set_name(name).parse_with_tabs()     # the stream is codes, not text: never expand "tabs"


def read(grammar: InOrder, tokens: list[Token]) -> pp.ParseResults:
    """The table `grammar` reads in `tokens`. Clear the result when done with it: its groups
    point back to it (pyparsing's parent link), a reference cycle that would keep the table's
    tokens until the garbage collector came by instead of freeing them."""
    return grammar.parse_string(TokenStream(tokens))
