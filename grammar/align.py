"""Placing a table's runs of cells on the template's rows, in template order.

A real table is the template's sequence of rows with noise: labels before their cells, after
them (PDF text), wrapped around them, missing, garbled or displaced; rows missing; cells glued.
The template says which rows exist, in which order, and how many cells each has. So the reading
of a table is the best monotone alignment of its runs of cells with the template's rows:

- a run takes one row, or several consecutive rows when their cell counts add up (a run of 14
  cells with no label inside is two rows of 7);
- a label *explains* the row of the run right after it, or right before it (2 points when on
  the same line as the cells, else 1); a run no label explains takes a row only by position;
- the alignment explains as many labels as it can, then places as many rows as it can;
- a run whose place differs between equally good alignments is placed nowhere: its numbers are
  reported where they stand, never guessed.

Dynamic programming over (run, next free row): linear in the runs for a fixed template.
"""
from __future__ import annotations

import re
from itertools import accumulate
from operator import add

from .lexer import CELL, EMPTY, Token
from .record import Record, value

_EXPLAINED = 1000            # one explained label outweighs any number of rows placed by position
_ROW = 10
_BAD = 5                     # a run of the wrong length taken by its label: a little worse than a fit
NEG = float("-inf")


@value
class Slot:
    id: str
    cells: int
    positional: bool = True      # may take a run that no label explains
    needs_values: bool = False   # takes only runs with a value (the other edition's rows)


class Anchor(Record):
    """A label next to a run: the template rows it may stand for."""
    __slots__ = ("token", "slots", "weight")

    def __init__(self, token: Token, slots: frozenset[int], weight: int):
        self.token = token
        self.slots = slots
        self.weight = weight


def _weak(t: Token) -> bool:
    """An unnumbered word that is also a column name (总计, 其他): it names a row only next to
    numbers, never next to a run of empty header cells."""
    return not t.term.numbering and any(e.kind == "header" for e in t.term.entries)


# how much a label next to a run says about it: on the cells' line more than on another line,
# and before its cells (the reading order of every layout but broken PDF text) more than after
BEFORE_SAME_LINE, AFTER_SAME_LINE, BEFORE, AFTER = 4, 3, 2, 1


class Run(Record):
    """Consecutive cells (and empty cells) with no label or text between them."""
    __slots__ = ("tokens", "empty_only", "before", "after", "text_before", "glued", "_parts")

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.empty_only = all(t.kind == EMPTY for t in tokens)
        self._parts: dict = {}
        self.before: Anchor | None = None
        self.after: Anchor | None = None
        self.text_before: list[Token] = []        # the text on the line right before it (a garbled label)
        self.glued = False                        # set by the table reader: digits that may hold more cells

    def breaks_at(self, parts) -> bool | None:
        """Whether the run's groups (its lines when a line holds several cells; else its blocks
        between blank lines) start only where rows start; None when it has no groups."""
        if parts is None or len(parts) < 2:
            return True
        toks = self.tokens
        lines = [t.line for t in toks]
        several = any(a == b for a, b in zip(lines, lines[1:]))
        starts = {i for i in range(1, len(toks)) if (lines[i] != lines[i - 1] if several else lines[i] - lines[i - 1] > 1)}
        if not starts:
            return None
        inside = {i for a, b in parts for i in range(a + 1, b)}
        return not (starts & inside) and all(any(j in starts for j in range(prev_end, a + 1))
                                             for (_, prev_end), (a, _) in zip(parts, parts[1:]))

    def partition(self, sizes: tuple[int, ...]) -> tuple[tuple[int, int], ...] | None:
        """Where the run's rows of `sizes` cells are: (start, end) of each, dropping only empty
        cells between and around them (padding: stub columns, a trailing tab, filler lines).
        Where the empty cells could go more than one way, the earliest rows win (a row's own
        trailing padding is dropped before the next row's leading one); None when no way fits,
        or when two ways put a value in different rows."""
        got = self._parts.get(sizes, False)
        if got is not False:
            return got
        toks = self.tokens
        size = len(toks)
        spare = size - sum(sizes)
        found: list[tuple[tuple[int, int], ...]] = []
        if spare == 0:                # no padding to drop: the rows one after another, the one way
            ends = list(accumulate(sizes))
            found.append(tuple(zip([0] + ends[:-1], ends)))
        elif spare > 0:
            _walk(toks, sizes, found, 0, 0, spare, ())
        result = found[0] if found else None
        if result is not None and len(found) > 1:
            where = _values_by_row(toks, result)
            if any(_values_by_row(toks, other) != where for other in found[1:]):
                result = None
        self._parts[sizes] = result
        return result


def _walk(toks: list[Token], sizes: tuple[int, ...], found: list, i: int, pos: int, spare: int, acc: tuple) -> None:
    """`Run.partition`'s search: rows i… from token `pos` on, `spare` empty cells still to drop.
    (Not a closure: a recursive one is a reference cycle, and would keep the run's tokens for
    the garbage collector instead of freeing them.)"""
    if len(found) > 8:
        return
    if i == len(sizes):
        if all(t.kind == EMPTY for t in toks[pos:]):
            found.append(acc)
        return
    p = pos
    while True:
        _walk(toks, sizes, found, i + 1, p + sizes[i], spare - (p - pos), acc + ((p, p + sizes[i]),))
        if p - pos < spare and toks[p].kind == EMPTY:
            p += 1
        else:
            break


def _values_by_row(toks: list[Token], parts) -> tuple:
    return tuple(tuple(i for i in range(a, b) if toks[i].kind != EMPTY) for a, b in parts)


@value
class Placement:
    run: Run
    slots: tuple[int, ...]       # the template rows it takes (empty: placed nowhere)
    parts: tuple[tuple[int, int], ...] | None   # each row's tokens; None: wrong length or glued
    explained_before: bool
    explained_after: bool
    ambiguous: bool = False      # equally good alignments disagree about this run


def _options(run: Run, slots: list[Slot], offset: int, max_rows: int, labelled: frozenset[int],
             cells: list[int], positional: list[float]):
    """The ways the run can be placed on `slots` (the template's rows from `offset` on): as one
    row, each slot's score (NEG: not there) and parts; as several, (first slot, row count,
    score, parts). Parts None for a run taken by its label although its length is wrong, or
    glued digits. `cells`: each slot's cells; `positional`: _ROW where a slot may take a run no
    label explains, else NEG."""
    m = len(slots)
    out = []
    empty = run.empty_only
    size = len(run.tokens)
    before = run.before.slots if run.before is not None and not (empty and _weak(run.before.token)) else ()
    after = run.after.slots if run.after is not None and not (empty and _weak(run.after.token)) else ()
    wb = run.before.weight if before else 0
    wa = run.after.weight if after else 0
    fits = {c: run.partition((c,)) for c in dict.fromkeys(cells)}
    # empty cells on a label's line only, too few for a row: the label's stub columns
    # (`|  |  | 2.没有现成信息… | 1 | 0 …`, `| 年 | 3.危及… |  |  |  |  |`), no row of blanks
    stub = empty and ((run.after is not None and run.after.weight == AFTER_SAME_LINE) or (
        run.before is not None and run.before.weight == BEFORE_SAME_LINE and run.tokens[-1].line == run.tokens[0].line))
    single, single_parts = [NEG] * m, [None] * m
    if not empty:                     # where no label explains it: by position, if it fits
        if len(fits) == 1:            # every row as many cells (each table's rows have)
            (parts,) = fits.values()
            if parts is not None or run.glued:
                single, single_parts = positional[:], [parts] * m
        else:
            for s, c in enumerate(cells):
                if (fits[c] is not None or run.glued) and positional[s] != NEG:
                    single[s], single_parts[s] = _ROW, fits[c]
    for g in set(before) | set(after):                # where a label explains it
        s = g - offset
        if not 0 <= s < m or (empty and slots[s].needs_values):
            continue
        parts = fits[cells[s]]
        if stub and parts is None:
            continue
        expl = (wb if g in before else 0) + (wa if g in after else 0)
        single[s] = expl * _EXPLAINED + _ROW - (0 if parts is not None or run.glued else _BAD)
        single_parts[s] = parts
    smallest = min(cells)
    if empty or size < 2 * smallest:
        return single, single_parts, out
    for s, slot in enumerate(slots):                  # several rows in one run
        total = slot.cells
        for k in range(2, max_rows + 1):
            if s + k > len(slots):
                break
            last = slots[s + k - 1]
            total += last.cells
            if total > size or last.needs_values or slot.needs_values:
                break
            b = wb if s + offset in before else 0
            a = wa if s + k - 1 + offset in after else 0
            parts = run.partition(tuple(slots[i].cells for i in range(s, s + k)))
            if parts is None:
                continue
            # the rows no label explains are placed by position
            unexplained = range(s + (1 if b else 0), s + k - (1 if a else 0))
            if any(not slots[i].positional for i in unexplained):
                continue
            # where the run has lines (or blocks), only if they break where the rows break; where
            # it has none, only rows with no label anywhere. A column-major block of numbers, its
            # labels listed apart, is never read row by row
            agrees = run.breaks_at(parts)
            if agrees is False or (agrees is None and any(i + offset in labelled for i in unexplained)):
                continue
            out.append((s, k, (a + b) * _EXPLAINED + k * _ROW, parts))
    return single, single_parts, out


def align(slots: list[Slot], runs: list[Run], labels: frozenset[int] = frozenset(),
          after_first: bool = False) -> list[Placement]:
    """The placement of every run (see the module's docstring). `labels`: the rows whose label
    stands somewhere in the table, next to a run or not.

    A run right after the label of one row on the same line, with that row's number of cells,
    is that row: reading order and layout agree. Those runs are placed first, and the search
    runs only on the runs between them, over the rows between theirs (over the whole table when
    they are not in template order). `after_first`: the runs' anchors weigh a label on another
    line after its run more than one before it (`runs_of`): no run is then clean."""
    clean = None if after_first else _clean(slots, runs)
    if clean is not None:
        return clean
    labelled = frozenset(i for r in runs for a in (r.before, r.after) if a is not None for i in a.slots) | labels
    anchored = []
    for i, run in enumerate(runs):
        b = run.before
        if b is not None and b.weight == BEFORE_SAME_LINE and len(b.slots) == 1 and not run.empty_only:
            (s,) = b.slots
            parts = run.partition((slots[s].cells,))
            if parts is not None or (run.glued and not slots[s].needs_values):
                anchored.append((i, s, parts))
    if any(y[1] <= x[1] for x, y in zip(anchored, anchored[1:])):
        return _search(slots, runs, 0, labelled)
    out: list[Placement] = []
    prev_i, prev_s = -1, -1
    for i, s, parts in anchored + [(len(runs), len(slots), None)]:
        between = runs[prev_i + 1:i]
        if between:
            out += _search(slots[prev_s + 1:s], between, prev_s + 1, labelled)
        if i < len(runs):
            out.append(Placement(runs[i], (s,), parts, True, runs[i].after is not None and s in runs[i].after.slots))
        prev_i, prev_s = i, s
    return out


def _clean(slots: list[Slot], runs: list[Run]) -> list[Placement] | None:
    """The common case without the search: every run right after a label of one row, in the
    template's order, with that row's number of cells. That is the one best alignment: every
    label explains its run with the most it can weigh, and any other alignment explains less
    (a label after its run weighs less than before it, and the last run has none after it)."""
    out = []
    last = -1
    for run in runs:
        b = run.before
        if b is None or len(b.slots) != 1:
            return None
        (s,) = b.slots
        if s <= last or (run.empty_only and _weak(b.token)) or (run.empty_only and slots[s].needs_values):
            return None
        parts = run.partition((slots[s].cells,))
        if parts is None and not (run.glued and not slots[s].needs_values):
            return None
        out.append(Placement(run, (s,), parts, True, run.after is not None and s in run.after.slots))
        last = s
    return out


def _search(slots: list[Slot], runs: list[Run], offset: int, labelled: frozenset[int]) -> list[Placement]:
    """The best alignment of `runs` with `slots` (the template's rows from `offset` on). A run
    as one row may go on nearly every row: those options are lists over the rows, and each
    pass over them a `map` or a comprehension."""
    m = len(slots)
    if not m:
        return [Placement(run, (), None, False, False) for run in runs]
    max_rows = min(m, 1 + max(len(r.tokens) for r in runs) // max(1, min(s.cells for s in slots)))
    cells = [s.cells for s in slots]
    positional = [_ROW if s.positional else NEG for s in slots]
    options = [_options(r, slots, offset, max_rows, labelled, cells, positional) for r in runs]
    n = len(runs)
    # forward: best[i][j] = best score with runs[:i] placed and rows < j used
    best = [[NEG] * (m + 1)]
    best[0][0] = 0
    prefixes = []
    for single, _, several in options:
        cur = best[-1]
        prefix = _prefix_max(cur)
        prefixes.append(prefix)
        one = map(add, prefix, single)                   # the run as one row ending at j …
        nxt = [cur[0]] + [c if c > v else v for c, v in zip(cur[1:], one)]   # … or placed nowhere
        for s, k, score, _ in several:
            v = prefix[s] + score
            if v > nxt[s + k]:
                nxt[s + k] = v
        best.append(nxt)
    # backward: rest[i][j] = best score of runs[i:] with rows >= j free
    rest = [None] * (n + 1)
    rest[n] = [0] * (m + 1)
    for i in range(n - 1, -1, -1):
        after = rest[i + 1]
        single, _, several = options[i]
        from_start = list(map(add, single, after[1:]))
        from_start.append(NEG)
        for s, k, score, _ in several:
            v = score + after[s + k]
            if v > from_start[s]:
                from_start[s] = v
        here = after[:]
        suffix = NEG
        for j in range(m, -1, -1):
            if from_start[j] > suffix:
                suffix = from_start[j]
            if suffix > here[j]:
                here[j] = suffix
        rest[i] = here
    total = max(best[n])
    out = []
    for i, run in enumerate(runs):
        prefix, here, after = prefixes[i], best[i], rest[i + 1]
        single, single_parts, several = options[i]
        # the ways the run goes in a best alignment: nowhere, as one row, as several
        nowhere = total in map(add, here, after)
        ways = list(map(add, map(add, prefix, single), after[1:]))
        as_one = ways.count(total)
        as_several = [(s, k, parts) for s, k, score, parts in several if prefix[s] + score + after[s + k] == total]
        count = nowhere + as_one + len(as_several)
        if count == 1 and not nowhere:
            if as_one:
                s = ways.index(total)
                k, parts = 1, single_parts[s]
            else:
                ((s, k, parts),) = as_several
            g = s + offset
            out.append(Placement(run, tuple(range(g, g + k)), parts,
                                 run.before is not None and g in run.before.slots,
                                 run.after is not None and g + k - 1 in run.after.slots))
        else:
            out.append(Placement(run, (), None, False, False, ambiguous=count > 1))
    return out


def _prefix_max(row: list[float]) -> list[float]:
    out, m = [], NEG
    for v in row:
        if v > m:
            m = v
        out.append(m)
    return out


def runs_of(tokens: list[Token], kinds: str, label_slots: dict[int, frozenset[int]],
            after_first: bool = False) -> list[Run]:
    """The runs of a table's token stream, each with the label right before it and the label
    right after it (no other run between), and the text right before it.

    `kinds`: the tokens' codes (`lexer.codes`); `label_slots[id(token)]`: the template rows a
    label token stands for (none: no entry). `after_first`: a label on another line than its
    run weighs more after it than before it (values printed before their labels, one item per
    line: the reading the table's relations may ask for, `reader._table3`)."""
    before_w, after_w = (AFTER, BEFORE) if after_first else (BEFORE, AFTER)
    runs: list[Run] = []
    before: tuple[Token, frozenset[int]] | None = None
    text: list[Token] = []
    waiting: Run | None = None          # the last run, until a label or another run follows

    for m in _RUN_OR_TOKEN.finditer(kinds):
        if m.lastindex:                 # a run of cells and empty cells
            waiting = _close(runs, tokens[m.start():m.end()], before, text, before_w)
            before, text = None, []
            continue
        t = tokens[m.start()]
        if t.kind == "term":
            slots = label_slots.get(id(t))
            if slots:
                if waiting is not None:
                    waiting.after = Anchor(t, slots, AFTER_SAME_LINE if t.line == waiting.tokens[-1].line else after_w)
                    waiting = None
                before, text = (t, slots), []
        elif t.kind == "text":
            text = (text if text and text[-1].line == t.line else []) + [t]
    return runs


_RUN_OR_TOKEN = re.compile("([ce]+)|[^ce]")


def _close(runs: list[Run], tokens: list[Token], before, text: list[Token], before_w: int = BEFORE) -> Run | None:
    if before is not None:
        token, slots = before
        # empty fields right after a label on its line are its stub columns, not cells
        # (`一、本年新收…\t\t3\t0…`, `| 三、本年度办理结果 | （一）予以公开 | | 4 |…`)
        skip = 0
        while skip < len(tokens) and tokens[skip].kind == EMPTY and tokens[skip].line == token.line:
            skip += 1
        if skip and skip < len(tokens):
            tokens = tokens[skip:]
    run = Run(tokens)
    if before is not None:
        run.before = Anchor(token, slots, BEFORE_SAME_LINE if token.line == tokens[0].line else before_w)
    run.text_before = text
    runs.append(run)
    return run
