"""The grammar of the template's tables, in pyparsing, built from the edition data (`editions/`).

A statutory table is a sequence the template fixes. Table 三 of the 2021 edition is

    table3 = InOrder(row("r1", 7), row("r2", 7), row("r3.1", 7), …, row("r3.7", 7), row("r4", 7))
    row(id, n) = Group(Opt(label(id))("label") + cells("cells"))(id)

— each row its label, then its cells; table 二's blocks (`第二十条第（一）项` …) are such sequences
of their rows with their own column counts, and table 四 is one row of 15 cells. The grammar
runs on a table's token stream (`lexer.py`), handed to pyparsing as a `TokenStream`: one code
character per token, carrying the tokens.

`InOrder` is the combinator for a template sequence read from a real report: it places the
stream's runs of cells on its rows by the best alignment (`align.py`): labels before or after
their cells, missing, garbled or displaced, rows missing, several rows in one run. Each row it
places is then read by that row's own element, from its label and cells in canonical order, so
every placed row comes out as a named group: `result["r3.3.1"]["label"]`, `…["cells"]`.
Runs it cannot place come out under `unplaced`, never on a row.
"""
from __future__ import annotations

from functools import lru_cache

import pyparsing as pp

from .align import Placement, Run, Slot, align, runs_of
from .editions import EDITIONS, LATEST, any_block
from .lexer import CELL, EMPTY, TERM, Token
from .template import Edition

TABLE3_CELLS, TABLE4_CELLS = 7, 15


class TokenStream(str):
    """Tokens as pyparsing input: one character per token (c cell, e empty cell, l label,
    t text), with the tokens themselves at `.tokens`."""
    CODES = {CELL: "c", EMPTY: "e", TERM: "l"}

    def __new__(cls, tokens: list[Token]):
        s = super().__new__(cls, "".join(cls.CODES.get(t.kind, "t") for t in tokens))
        s.tokens = tokens
        return s


class LabelOf(pp.Token):
    """The label of one template row: a label token that names it."""

    def __init__(self, row_ids: tuple[str, ...]):
        super().__init__()
        self.row_ids = row_ids
        self.mayReturnEmpty = False
        self.errmsg = f"expected the label of {row_ids[0]}"
        self.leave_whitespace()

    def parseImpl(self, instring, loc, do_actions=True):
        if loc < len(instring):
            t = instring.tokens[loc]
            if t.kind == TERM and any(e.id in self.row_ids for e in t.term.entries):
                return loc + 1, t
        raise pp.ParseException(instring, loc, self.errmsg, self)


class Cells(pp.Token):
    """A row's cells: every cell and empty cell that follows."""

    def __init__(self):
        super().__init__()
        self.mayReturnEmpty = True
        self.errmsg = "expected cells"
        self.leave_whitespace()

    def parseImpl(self, instring, loc, do_actions=True):
        end = loc
        while end < len(instring) and instring[end] in "ce":
            end += 1
        return end, [instring.tokens[loc:end]]


def row(slot: Slot, names: tuple[str, ...] = ()) -> pp.ParserElement:
    """A row of a statutory table: its label (when the report has it), then its cells.
    `names`: other row ids whose labels name it too (the other edition's wording)."""
    element = pp.Group(pp.Opt(LabelOf((slot.id,) + names))("label") + Cells()("cells"))(slot.id)
    element.slot = slot
    return element


class InOrder(pp.Token):
    """An ordered sequence of template rows read from a table's token stream (see the module's
    docstring). `single`: the table is one row (table 四), so its cells are that row's, however
    many runs they come in."""

    def __init__(self, rows: list[pp.ParserElement], single: bool = False):
        super().__init__()
        self.rows = rows
        self.slots = [r.slot for r in rows]
        self.index = {s.id: i for i, s in enumerate(self.slots)}
        self.single = single
        self.mayReturnEmpty = True
        self.errmsg = "expected a table"
        self.leave_whitespace()

    def label_slots(self, tokens: list[Token]) -> dict[int, frozenset[int]]:
        """For each label token, the rows it names. An unnumbered word that is also a column
        name (总计, 其他) names no row before the first row label: it is the header."""
        out: dict[int, frozenset[int]] = {}
        started = False
        for t in tokens:
            if t.kind != TERM:
                continue
            here = frozenset(self.index[e.id] for e in t.term.entries
                             if e.kind in ("data", "row") and e.id in self.index)
            if here and not t.term.numbering and not started and any(e.kind == "header" for e in t.term.entries):
                here = frozenset()
            started = started or bool(here)
            if here:
                out[id(t)] = here
        return out

    def parseImpl(self, instring, loc, do_actions=True):
        tokens = instring.tokens[loc:]
        labels = self.label_slots(tokens)
        runs = runs_of(tokens, lambda t: labels.get(id(t), frozenset()))
        if self.single:
            runs = [r for r in runs if not r.empty_only]
            runs = [Run([t for r in runs for t in r.tokens])] if runs else []
        n = self.slots[0].cells if self.single else TABLE3_CELLS
        for run in runs:
            run.glued = _glued(run, n if self.single else None, self.slots)
        placements = align(self.slots, runs, frozenset(i for s in labels.values() for i in s))
        if self.single and runs and not placements[0].slots:
            placements = [Placement(runs[0], (0,), None, False, False)]    # table 四: its numbers are its row
        results = pp.ParseResults([])
        placed: set[int] = set()
        used: set[int] = set()
        unplaced = []
        for p in placements:
            if not p.slots:
                if not p.run.empty_only:
                    unplaced.append(p)
                continue
            for j, si in enumerate(p.slots):
                placed.add(si)
                label = None
                if j == 0 and p.explained_before:
                    label = p.run.before.token
                elif j == len(p.slots) - 1 and p.explained_after:
                    label = p.run.after.token
                if label is not None:
                    used.add(id(label))
                cells = p.run.tokens if p.parts is None else p.run.tokens[p.parts[j][0]:p.parts[j][1]]
                results += self._read(si, label, cells, p, j)
        # a label with no cells anywhere (a row left empty, or a report cut short after it)
        for t in tokens:
            s = labels.get(id(t))
            if s is None or id(t) in used or len(s) != 1:
                continue
            (si,) = s
            if si not in placed and not self.slots[si].needs_values:
                placed.add(si)
                results += self._read(si, t, [], None, 0)
        results["unplaced"] = unplaced
        return len(instring), results

    def _read(self, si: int, label: Token | None, cells: list[Token], p: Placement | None, j: int) -> pp.ParseResults:
        """Row si's tokens, read by its element in canonical order: label, then cells."""
        stream = TokenStream(([label] if label is not None else []) + list(cells))
        _, got = self.rows[si]._parse(stream, 0)
        group = got[0]
        group["row"] = si
        group["placement"] = p
        group["part"] = j
        return got


def _glued(run: Run, n: int | None, slots: list[Slot]) -> bool:
    """Digits that may hold more cells than they are written as: fewer tokens than a row's
    cells, all plain ASCII (or full-width) digits, enough of them."""
    from . import normalize
    toks = run.tokens
    need = n if n is not None else min(s.cells for s in slots)
    if len(toks) >= max(s.cells for s in slots) or any(t.kind != CELL for t in toks):
        return False
    parts = [normalize.key(t.raw) for t in toks]
    return all(p.isascii() and p.isdigit() for p in parts) and sum(map(len, parts)) >= need


# -- the tables of each edition ------------------------------------------------------------------

# table 三's rows in printed order, each edition's data rows: （六）其他处理 is one row in 2019, a stub
# over three rows in 2021, and a report may write it either way
TABLE3_ORDER = tuple(r.id for r in LATEST.table3_rows
                     if any((d := e.table3_row(r.id)) is not None and d.kind == "data" for e in EDITIONS.values()))


@lru_cache(maxsize=4)
def table3(edition: Edition) -> pp.ParserElement:
    """Table 三 of `edition`: its data rows in order, and the other edition's way of writing
    （六）其他处理 (one row, or three), taken only when the report writes it with values."""
    rows = []
    for rid in TABLE3_ORDER:
        d = edition.table3_row(rid)
        own = d is not None and d.kind == "data"
        rows.append(row(Slot(rid, TABLE3_CELLS, positional=own, needs_values=not own)))
    return _tabs(pp.Group(InOrder(rows))("table3"))


@lru_cache(maxsize=16)
def block(edition_id: str, block_id: str) -> pp.ParserElement:
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
    return _tabs(pp.Group(element)(block_id))


@lru_cache(maxsize=1)
def table4() -> pp.ParserElement:
    """Table 四: one row of 15 cells (行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5)."""
    return _tabs(pp.Group(InOrder([row(Slot("r", TABLE4_CELLS))], single=True))("table4"))


def _tabs(element: pp.ParserElement) -> pp.ParserElement:
    return element.parse_with_tabs()       # the stream is codes, not text: never expand "tabs"


def read(grammar: pp.ParserElement, tokens: list[Token]) -> pp.ParseResults:
    """The table `grammar` reads in `tokens`."""
    return grammar.parse_string(TokenStream(tokens))[0]
