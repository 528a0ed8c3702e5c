"""Reading a report: text → `Report`, in whatever layout the tables arrived.

One pass over the lines. Headings are found first (`headings.py`); then each line is cut into
tokens (`lines.py`) and each token is read by the template grammar (`grammar.py`): a block
title, a row label, a header word, a value, or text. A row label owns the values after it on
its line, or — when nothing follows it there — the cells on the following lines (one cell per
line, with or without pipes, blank-line separated or not) up to the next label. Values with
no label are kept as unlabeled rows; they are never pinned on a row by guessing.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import glued, normalize
from .editions import EDITIONS, LATEST, edition_for_year
from .grammar import LabelEntry, LabelMatch, cell_value, is_numbering_only, match_block_title, match_label
from .headings import choose, heading_candidate
from .lines import LineToks, Tok, raw_index_after, split_words, tokenize
from .meta import find_title, find_year
from .model import Block, Cell, Heading, Label, Problem, Report, Row, Section, Span, Table
from .record import Record
from .source import Source
from .template import Edition

ITEM_BLOCK = {b.item: b.id for ed in EDITIONS.values() for b in ed.table2}
BLOCK_TITLES = {b.item: b.title for ed in EDITIONS.values() for b in ed.table2}
ROW_BLOCK = {row.id: block.id for ed in EDITIONS.values() for block in ed.table2 for row in block.rows}


def _only_in(ed: str) -> tuple[set[str], set[str]]:
    """Column-label keys and row ids of table 二 that only edition `ed` has."""
    def cols(e):
        return {normalize.key(t) for b in EDITIONS[e].table2 for c in b.columns for t in (c.label,) + c.aliases}

    def rows(e):
        return {r.id for b in EDITIONS[e].table2 for r in b.rows}
    other = next(e for e in EDITIONS if e != ed)
    return cols(ed) - cols(other), rows(ed) - rows(other)


(COLUMNS_2019, ROWS_2019), (COLUMNS_2021, ROWS_2021) = _only_in("2019"), _only_in("2021")
_HEADER_YEAR = re.compile(r"\((?:19|20)\d{2}\)")      # 本年(2023)制发件数
TABLE4_ONLY = {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结"}
SHORT_TEXT = 4           # a text cell at least this long (in key chars) ends a multi-line row


def parse(text: str, edition: str | None = None) -> Report:
    """Read `text` into a Report. `edition` ("2019"/"2021") forces the template edition."""
    return _Reader(text, edition).read()


# ---------------------------------------------------------------------------------------------

class _Piece(Record):
    """A token read by the grammar."""
    __slots__ = ("tok", "kind", "match", "item", "label_end")

    def __init__(self, tok: Tok, kind: str, match: LabelMatch | None = None, item: str | None = None,
                 label_end: int = 0):
        self.tok = tok
        self.kind = kind                     # label | block | value | numbering | text | empty
        self.match = match
        self.item = item                     # block title item numeral
        self.label_end = label_end           # offset where a label's text ends (rest follows)


class _Pending(Record):
    """A row being read; cells are kept as tokens until the edition is known."""
    __slots__ = ("table", "entry", "label", "toks", "span_start", "block", "stub", "label_text",
                 "label_text_span", "stub_rule")

    def __init__(self, table: int, entry: LabelEntry | None, label: Label | None, toks: list[Tok],
                 span_start: int, block: str | None = None, stub: str | None = None,
                 label_text: str = "", label_text_span: Span | None = None, stub_rule: bool = False):
        self.table = table
        self.entry = entry
        self.label = label
        self.toks = toks
        self.span_start = span_start
        self.block = block
        self.stub = stub                     # unlabeled rows: the table 三 row or stub above
        self.label_text = label_text
        self.label_text_span = label_text_span
        self.stub_rule = stub_rule           # leading empties of the label's line are stub columns


class _Collector(Record):
    """Cells of one row spread over several lines."""
    __slots__ = ("row", "prev_sep", "mode", "gap")

    def __init__(self, row: _Pending, prev_sep: bool = False, mode: str | None = None, gap: bool = False):
        self.row = row
        self.prev_sep = prev_sep
        self.mode = mode                     # consecutive | spaced
        self.gap = gap

    def blank(self) -> bool:
        """A blank line; True when it ends the row."""
        if not self.row.toks:
            return False
        if self.mode == "consecutive":
            return True
        self.gap = True
        return False

    def add_line(self, pieces: list[_Piece], lt: LineToks) -> bool:
        """Take the line's cells; False when the line does not belong to this row."""
        for p in pieces:
            if p.kind == "text" and (len(normalize.key(p.tok.raw)) >= SHORT_TEXT):
                return False
            if p.kind == "numbering":
                return False
        if lt.mode == "pipe":
            self._next_line()
            cells, self.prev_sep = _pipe_cells(lt.toks, self.prev_sep)
            self.row.toks.extend(cells)
        else:
            self.add_cells([p.tok for p in pieces])
        return True

    def add_cells(self, toks: list[Tok]) -> None:
        """A line of cells without pipes, which always belongs to the row."""
        self._next_line()
        self.row.toks.extend(toks)
        self.prev_sep = False

    def _next_line(self) -> None:
        if self.row.toks and self.mode is None:
            self.mode = "spaced" if self.gap else "consecutive"
        self.gap = False


class _Reader:
    def __init__(self, text: str, edition: str | None):
        self.text = text
        self.src = Source(text)
        self.forced = EDITIONS.get(edition) if edition else None
        self.problems: list[Problem] = []

    # -- top level ------------------------------------------------------------------------------

    def read(self) -> Report:
        src, text = self.src, self.text
        candidates = []
        heading_lines: dict[int, object] = {}
        for start, end in src.bounds:
            if end - start > 80:
                continue
            c = _heading_shape(text[start:end])
            if c:
                h, strength = c
                candidates.append((h.replace(span=_shift(h.span, start), title_span=_shift(h.title_span, start),
                                             numbering_span=_shift(h.numbering_span, start)), strength))
        chosen, duplicates = choose(candidates)
        for h in chosen + duplicates:
            heading_lines[src.line_of(h.span.start)] = h

        first = chosen[0].span.start if chosen else len(text)
        title = find_title(src, first)
        year, year_source = find_year(text, title[0] if title else None)
        self.year_edition = edition_for_year(year)

        self._scan(heading_lines)
        edition, edition_source = self._edition()
        self.edition = edition
        table2, table3, table4 = self._finish()

        sections = []
        for i, h in enumerate(chosen):
            end = chosen[i + 1].span.start if i + 1 < len(chosen) else len(text)
            sections.append(Section(h.number, h, Span(h.span.end, end)))
        return Report(
            source=src, title=title[0] if title else None, title_span=title[1] if title else None,
            year=year, year_source=year_source, edition=edition, edition_source=edition_source,
            sections=sections, extra_headings=duplicates,
            table2=table2, table3=table3, table4=table4, problems=self.problems,
        )

    def _edition(self) -> tuple[Edition, str]:
        if self.forced:
            return self.forced, "forced"
        if self.year_edition:
            return self.year_edition, "year"
        votes = {"2019": 0, "2021": 0}
        for b in self.blocks:
            ed = self._block_marker_edition(b)
            if ed:
                votes[ed] += 1
        for p in self.pending:
            if p.table == 3 and p.entry and p.entry.id.startswith("r3.6") and any(t.raw for t in p.toks):
                votes["2019" if p.entry.id == "r3.6" else "2021"] += 1
        if votes["2019"] != votes["2021"]:
            return EDITIONS[max(votes, key=votes.get)], "labels"
        return LATEST, "default"

    # -- scanning -------------------------------------------------------------------------------

    def _scan(self, heading_lines: dict) -> None:
        self.pending: list[_Pending] = []
        self.blocks: list[Block] = []
        self.block_headers: dict[int, list[str]] = {}
        self.headers: dict[int, list[Label]] = {2: [], 3: [], 4: []}
        self.table_start: dict[int, int] = {}
        self.ctx: int | None = None
        self.block: Block | None = None
        self.t3_started = False
        self.last_t3: str | None = None
        self.collector: _Collector | None = None

        for number, (start, end) in enumerate(self.src.bounds):
            if number in heading_lines:
                self._close()
                self.ctx = 4 if heading_lines[number].number == 4 else None
                self.block = None
                continue
            mode, shape = _line_shape(self.text[start:end])
            if mode == "blank":
                if self.collector and self.collector.blank():
                    self._close()
                continue
            if mode == "rule":
                continue
            if self.collector is not None and mode == "plain" and shape[0][4] == "value":
                # a lone value under a label (one cell per line): half the lines of such a
                # report, so it skips what `_line` would do to reach `add_cells` the same way
                _, s, e, raw, *_ = shape[0]
                self.collector.add_cells([Tok("text", Span(start + s, start + e), raw)])
                continue
            if mode == "plain" and shape[0][4] == "text" and self.collector is None and not self._in_block_head():
                continue          # prose: `_line` would do nothing with it (see `_unlabeled_line`)
            toks, pieces = [], []
            for tok_kind, s, e, raw, kind, match, item, label_end in shape:
                tok = Tok(tok_kind, Span(start + s, start + e), raw)
                toks.append(tok)
                if tok_kind == "text":
                    pieces.append(_Piece(tok, kind, match, item, start + label_end if label_end else 0))
            self._line(LineToks(mode, toks), pieces)
        self._close()

    def _line(self, lt: LineToks, pieces: list[_Piece]) -> None:
        structural = [i for i, p in enumerate(pieces) if p.kind in ("label", "block")]

        block = next((pieces[i] for i in structural if pieces[i].kind == "block"), None)
        if block is not None:
            self._close()
            self._start_block(ITEM_BLOCK[block.item], block)
            return

        # resolve labels; the last row/stub label on the line owns the values after it
        owner_idx, owner_entry = None, None
        for i in structural:
            entry = self._resolve(pieces[i].match)
            if entry is None:
                continue
            self._switch(entry)
            if entry.kind == "header":
                self._header(entry, pieces[i])
                continue
            if entry.kind == "stub":
                self._note_stub(entry)
            owner_idx, owner_entry = i, entry

        if owner_entry is not None:
            self._close()
            self._start_row(owner_entry, pieces, owner_idx, lt)
            return

        if structural:   # header line
            self._close()
            if self.ctx == 2 and self.block is not None:
                self._block_header(pieces)
            return

        # a line without labels
        if self.collector:
            if lt.mode != "tab" and self.collector.add_line(pieces, lt):
                return
            self._close()
        self._unlabeled_line(pieces, lt)

    def _resolve(self, m: LabelMatch) -> LabelEntry | None:
        if len(m.entries) == 1:           # most labels: what follows would keep it anyway
            return m.entries[0]
        entries = list(m.entries)
        if m.numbering:       # headers are never numbered: （七）总计 under heading 四 is table 三's row
            entries = [e for e in entries if e.kind != "header"] or entries
        here = [e for e in entries if e.table == self.ctx]
        if here:
            entries = here
        if len(entries) > 1:
            rows = [e for e in entries if e.kind != "header"]
            heads = [e for e in entries if e.kind == "header"]
            if m.numbering or (self.ctx == 3 and self.t3_started and rows):
                entries = rows or entries
            else:
                entries = heads or entries
        if len(entries) > 1:   # （六）其他处理: a data row in 2019, a stub in 2021 (see _finish)
            entries = [e for e in entries if e.kind == "data"] or entries
        return entries[0] if entries else None

    def _switch(self, entry: LabelEntry) -> None:
        if entry.table == self.ctx:
            return
        if entry.kind == "header" and entry.table == 4 and entry.id not in TABLE4_ONLY:
            return
        if entry.kind == "header" and entry.table == 3 and self.ctx == 4:
            return
        self._close()
        self.ctx = entry.table
        if entry.table != 2:
            self.block = None

    def _mark(self, table: int, offset: int) -> None:
        self.table_start.setdefault(table, offset)

    def _header(self, entry: LabelEntry, piece: _Piece) -> None:
        self._mark(entry.table, piece.tok.span.start)
        self.headers[entry.table].append(self._label(piece, entry))

    def _note_stub(self, entry: LabelEntry) -> None:
        self.t3_started = True
        self.last_t3 = entry.id

    def _label(self, piece: _Piece, entry: LabelEntry) -> Label:
        span = Span(piece.tok.span.start, piece.label_end or piece.tok.span.end)
        raw = self.text[span.start:span.end]
        canonical = (entry.numbering or "") + entry.canonical
        numbering = piece.match.numbering if piece.match else ""
        written = normalize.key(raw)
        exact = written == normalize.key(canonical)
        return Label(span, raw, canonical, exact, numbering)

    def _start_block(self, block_id: str, piece: _Piece | None, start: int | None = None) -> Block:
        self.ctx = 2
        title = None
        if piece is not None:
            canonical = BLOCK_TITLES[piece.item]
            span = Span(piece.tok.span.start, piece.label_end)      # the title, not a note after it
            raw = self.text[span.start:span.end]
            title = Label(span, raw, canonical, normalize.key(raw) == normalize.key(canonical), "")
            start = piece.tok.span.start
        block = Block(block_id, title, span=Span(start, start))
        self.blocks.append(block)
        self.block_headers[id(block)] = []
        self.block = block
        self._mark(2, start)
        return block

    def _start_row(self, entry: LabelEntry, pieces: list[_Piece], idx: int, lt: LineToks) -> None:
        piece = pieces[idx]
        table = entry.table
        self._mark(table, piece.tok.span.start)
        block_id = None
        if table == 2:
            block_id = ROW_BLOCK.get(entry.id)
            if self.block is None or self.block.id != block_id:
                self._start_block(block_id, None, piece.tok.span.start)
        if table == 3 and entry.kind != "stub":
            self.t3_started = True
            self.last_t3 = entry.id
        if entry.kind == "stub":
            row = _Pending(table, None, None, [], piece.tok.span.start, stub=entry.id)
        else:
            row = _Pending(table, entry, self._label(piece, entry), [], piece.tok.span.start, block=block_id)
        if table == 2 and self.block is not None and entry.kind != "stub":
            self.block.rows.append(Row(2, entry.id, row.label, [], [], piece.tok.span, block=block_id))

        # values glued to or space-separated after the label inside its own token
        inner: list[Tok] = []
        if piece.match and piece.match.rest:
            inner = split_words(self.text, piece.label_end, piece.tok.span.end)
        after = self._cells_after(lt, piece.tok, inner)
        if entry.kind == "stub" and after is not None and not any(t.raw for t in after):
            return            # `| （三）不予公开 |  |  | … |`: a stub's empty cells are no row
        if after is None:
            sep_follows = lt.mode == "pipe" and _sep_after(lt, piece.tok)
            self.collector = _Collector(row, prev_sep=sep_follows)
            self.pending.append(row)
            return
        row.toks = after
        row.stub_rule = lt.mode == "tab"
        self.pending.append(row)

    def _cells_after(self, lt: LineToks, label_tok: Tok, inner: list[Tok]) -> list[Tok] | None:
        """The cells after the label on its own line; None when the row continues below."""
        toks = lt.toks
        i = next(k for k, t in enumerate(toks) if t is label_tok)
        if lt.mode == "tab":
            cells = inner + toks[i + 1:]
            while cells and not cells[0].raw:
                cells.pop(0)          # stub columns between the label and the first value
            return cells if any(c.raw for c in cells) else None
        if lt.mode == "pipe":
            cells = inner + _pipe_cells(toks[i + 1:])[0]
            return cells or None      # `label | | |` is a row of empty cells; `label |` goes on below
        return inner or None

    def _unlabeled_line(self, pieces: list[_Piece], lt: LineToks) -> None:
        ctx = self.ctx
        if ctx is None or (ctx == 2 and self.block is None):
            return
        has_values = any(p.kind in ("value", "values") for p in pieces)
        if lt.mode in ("tab", "pipe"):
            if not has_values:
                if self._in_block_head():
                    self._block_header(pieces)
                return
            label_piece = next((p for p in pieces if p.kind in ("text", "numbering")), None)
            toks = lt.toks
            if label_piece is not None and pieces.index(label_piece) < next(
                    i for i, p in enumerate(pieces) if p.kind in ("value", "values")):
                cells = self._cells_after(lt, label_piece.tok, []) or []
            elif lt.mode == "pipe":
                cells = _pipe_cells(toks)[0]
            else:
                cells = list(toks)
            row = _Pending(ctx, None, None, _expand(self.text, cells), lt.toks[0].span.start,
                           block=self.block.id if ctx == 2 and self.block else None, stub=self._stub_context())
            if label_piece is not None:
                row.label_text = label_piece.tok.raw
                row.label_text_span = label_piece.tok.span
                row.stub_rule = lt.mode == "tab"
            self.pending.append(row)
            return
        piece = pieces[0] if pieces else None
        if piece is None:
            return
        if piece.kind == "values":
            self.pending.append(_Pending(ctx, None, None, split_words(self.text, piece.tok.span.start, piece.tok.span.end),
                                         piece.tok.span.start, stub=self._stub_context()))
            return
        if piece.kind == "value" or (piece.kind == "empty" and ctx == 4):
            row = _Pending(ctx, None, None, [], piece.tok.span.start,
                           block=self.block.id if ctx == 2 and self.block else None, stub=self._stub_context())
            self.collector = _Collector(row)
            self.collector.add_line(pieces, lt)
            self.pending.append(row)
            return
        if self._in_block_head():
            self._block_header([piece])

    def _in_block_head(self) -> bool:
        """Between a table 二 block's title and its first row: text there is its header."""
        return self.ctx == 2 and self.block is not None and not self.block.rows

    def _block_header(self, pieces: list[_Piece]) -> None:
        """Header cells of the current table 二 block: kept for its edition, and its extent."""
        if not pieces:
            return
        self.block_headers[id(self.block)].extend(normalize.key(p.tok.raw) for p in pieces)
        end = max(p.tok.span.end for p in pieces)
        self.block.span = Span(self.block.span.start, max(self.block.span.end, end))

    def _stub_context(self) -> str | None:
        return self.last_t3 if self.ctx == 3 else None

    def _close(self) -> None:
        c = self.collector
        self.collector = None
        if c is None:
            return
        row = c.row
        if row.entry is None and not any(t.raw for t in row.toks):
            # filler lines (empty stub cells), not a row; this row, not an equal one (list.remove)
            del self.pending[next(i for i in range(len(self.pending) - 1, -1, -1) if self.pending[i] is row)]

    # -- finishing: rows with the right cell counts, tables --------------------------------------

    def _block_marker_edition(self, block: Block) -> str | None:
        only = [e for e in EDITIONS if EDITIONS[e].block(block.id)]
        if len(only) == 1:            # 第二十条第（九）项 is 2019's only, whatever its header says
            return only[0]
        head = _HEADER_YEAR.sub("", "".join(self.block_headers.get(id(block), [])))
        v19 = any(m in head for m in COLUMNS_2019)
        v21 = any(m in head for m in COLUMNS_2021)
        if v19 != v21:
            return "2019" if v19 else "2021"
        ids = {r.id for r in block.rows}
        if ids & ROWS_2019:
            return "2019"
        if ids & ROWS_2021:
            return "2021"
        return None

    def _finish(self) -> tuple[Table | None, Table | None, Table | None]:
        ed = self.edition
        for b in self.blocks:
            b.edition = self._block_marker_edition(b) or ed.id
            b.header = "".join(self.block_headers.get(id(b), []))
            b.rows = []
        rows = {2: [], 3: [], 4: []}
        t4_cells: list[tuple[_Pending, list[Cell]]] = []
        for p in self.pending:
            if p.entry and p.entry.id == "r3.6" and not any(t.raw for t in p.toks) and \
                    (not p.toks or self.edition.id == "2021"):
                continue          # （六）其他处理 with no values of its own: the 2021 stub
            cells = [self._cell(t) for t in _expand(self.text, p.toks)]
            if p.stub_rule:
                while cells and cells[0].kind == "blank":
                    cells.pop(0)
            if p.table == 4:
                t4_cells.append((p, cells))
                continue
            n = self._expected(p)
            rows[p.table].append(self._row(p, cells, n))

        glued_rows = [r for r in rows[3] if r.status == "glued"]
        if glued_rows:
            self._resolve_glued_t3(rows[3], glued_rows)
        for r in rows[2] + rows[3]:
            if r.status == "glued":
                self._problem("glued-ambiguous", r, "数字粘连，无法唯一拆分为各单元格")

        if t4_cells:
            rows[4].append(self._table4_row(t4_cells))

        for b in self.blocks:
            b.rows = [r for r in rows[2] if r.block == b.id and b is self._block_of(r)]
        tables = []
        for number in (2, 3, 4):
            if number not in self.table_start and not rows[number]:
                tables.append(None)
                continue
            start = self.table_start.get(number, min((r.span.start for r in rows[number]), default=0))
            end = max([r.span.end for r in rows[number]] + [h.span.end for h in self.headers[number]] + [start])
            t = Table(number, Span(start, end), rows[number], header=self.headers[number])
            if number == 2:
                t.blocks = {}
                for b in self.blocks:
                    if b.id not in t.blocks:
                        t.blocks[b.id] = b
                    b.span = Span(b.span.start, max([r.span.end for r in b.rows] + [b.span.end]))
            tables.append(t)
        return tables[0], tables[1], tables[2]

    def _block_of(self, row: Row) -> Block | None:
        """The last block with the row's id that starts before it."""
        owner = None
        for b in self.blocks:
            if b.id == row.block and (b.span is None or b.span.start <= row.span.start):
                owner = b
        return owner

    def _expected(self, p: _Pending) -> int:
        if p.table == 3:
            return 7
        block_id = p.block
        block = None
        for b in self.blocks:
            if b.id == block_id and b.span.start <= p.span_start:
                block = b
        ed = EDITIONS.get(block.edition if block else "", self.edition)
        bdef = ed.block(block_id) or EDITIONS["2019"].block(block_id) if block_id else None
        return len(bdef.columns) if bdef else 0

    def _cell(self, tok: Tok) -> Cell:
        return Cell(tok.span, tok.raw, *cell_value(tok.raw))      # kind, value, unit, sign, fullwidth, leading_zero

    def _row(self, p: _Pending, cells: list[Cell], n: int) -> Row:
        found = list(cells)
        while len(cells) > n and cells[-1].kind == "blank":
            cells.pop()
        while len(cells) > n and cells[0].kind == "blank":
            cells.pop(0)
        end = max([c.span.end for c in found] + [p.label.span.end if p.label else p.span_start])
        span = Span(p.span_start, end)
        row_id = p.entry.id if p.entry else None
        row = Row(p.table, row_id, p.label, [], found, span, block=p.block,
                  label_text=p.label_text, label_text_span=p.label_text_span, after=p.stub)
        if row_id is None:
            row.status = "unlabeled"
            where = f"“{p.label_text}”" if p.label_text else "无行标签"
            self._problem("unlabeled-row", row, f"这一行数字没有可识别的行标签（{where}），无法归入表格的任何一行")
            return row
        if len(cells) == n:
            row.cells = cells
            return row
        digits = [c for c in cells if c.kind != "blank"]
        # full-width digits fold to ASCII one for one; ² or ١ are digits to str.isdigit, not to int()
        folded = normalize.fold(digits[0].raw) if len(digits) == 1 else ""
        if n > 1 and folded.isascii() and folded.isdigit() and len(folded) >= n:
            row.status = "glued"
            row.cells = []
            groups = ((0, 1, 2, 3, 4, 5, 6),) if p.table == 3 else ()
            row._glued = (digits[0], glued.candidates(folded, n, groups))
            if len(row._glued[1]) == 1:
                self._assign_glued(row, row._glued[1][0])
            return row
        row.status = "cell-count"
        self._problem("cell-count", row, f"应有{n}个单元格，读到{len(cells)}个")
        return row

    def _assign_glued(self, row: Row, values: tuple[int, ...]) -> None:
        cell = row._glued[0]
        cells, pos = [], 0
        for v in values:
            raw = cell.raw[pos:pos + len(str(v))]          # as written: ASCII or full-width digits
            start = cell.span.start + pos
            cells.append(Cell(Span(start, start + len(raw)), raw, "int", v, fullwidth=raw != str(v), inferred=True))
            pos += len(raw)
        row.cells = cells
        row.status = "ok"
        self.problems.append(Problem("glued-inferred", cell.span, row.table,
                                     "数字粘连，已按表格勾稽关系唯一拆分为：" + "、".join(map(str, values)), row.id))

    def _resolve_glued_t3(self, rows: list[Row], glued_rows: list[Row]) -> None:
        ed = self.edition
        options: dict[str, list[tuple]] = {}
        for r in rows:
            if r.id is None:
                continue
            if r.status == "glued":
                options[r.id] = list(r._glued[1])
            elif r.status == "ok" and all(c.kind in ("int", "blank") for c in r.cells):
                options[r.id] = [tuple(c.value or 0 for c in r.cells)]
        result_ids = [d.id for d in ed.table3_result_rows]

        def balance(a: dict) -> bool:
            if not all(k in a for k in ("r1", "r2", "r3.7", "r4")):
                return True
            return all(a["r1"][c] + a["r2"][c] == a["r3.7"][c] + a["r4"][c] for c in range(7))

        def results(a: dict) -> bool:
            if "r3.7" not in a or not all(k in a for k in result_ids):
                return True
            return all(sum(a[k][c] for k in result_ids) == a["r3.7"][c] for c in range(7))

        solved = glued.resolve({k: v for k, v in options.items() if v}, [balance, results])
        for r in glued_rows:
            if r.id in solved and len(r._glued[1]) > 1:
                self._assign_glued(r, solved[r.id])

    def _table4_row(self, parts: list[tuple[_Pending, list[Cell]]]) -> Row:
        withdata = [(p, c) for p, c in parts if any(x.kind != "blank" for x in c)] or parts
        if len(withdata) == 1:
            p, cells = withdata[0]
        else:
            p = withdata[0][0]
            cells = []
            for _, c in withdata:
                c = list(c)
                while c and c[-1].kind == "blank":
                    c.pop()
                cells.extend(c)
        fake = _Pending(4, LabelEntry(4, "data", "r", "", "", ()), None, [], p.span_start)
        row = self._row(fake, cells, 15)
        if row.status == "glued" and not row.cells:
            digits, cands = row._glued
            groups = ((0, 1, 2, 3, 4), (5, 6, 7, 8, 9), (10, 11, 12, 13, 14))
            ok = glued.candidates(digits.raw, 15, groups)
            if len(ok) == 1:
                self._assign_glued(row, ok[0])
            else:
                self._problem("glued-ambiguous", row, "数字粘连，无法唯一拆分为各单元格")
        row.label = None
        return row

    def _problem(self, kind: str, row: Row, message: str) -> None:
        span = row.span
        if kind == "unlabeled-row" and row.found:
            span = Span(row.label_text_span.start if row.label_text_span else row.found[0].span.start,
                        row.found[-1].span.end)
        self.problems.append(Problem(kind, span, row.table, message, row.id))


@lru_cache(maxsize=8192)
def _heading_shape(line: str) -> tuple[Heading, int] | None:
    """`heading_candidate` for one line's text, offsets relative to the line; cached by the
    text, as `_line_shape`."""
    return heading_candidate(line, 0, len(line), LATEST.sections)


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)


@lru_cache(maxsize=8192)
def _line_shape(line: str) -> tuple[str, tuple]:
    """A line cut into tokens (`tokenize`), each text token read (`_classify`), with offsets
    relative to the line: (mode, ((tok kind, start, end, raw, piece kind, label match, block
    item, label end or 0), …)). Cached by the line's text: lines repeat (every `0` cell, and
    the whole report on each re-read in the editor), and this is most of the reader's work."""
    lt = tokenize(line, 0, len(line))
    shape = []
    for t in lt.toks:
        kind, match, item, label_len = _classify(t.raw) if t.kind == "text" else ("sep", None, None, 0)
        label_end = t.span.start + label_len if kind in ("label", "block") else 0
        if kind == "block" and item not in ITEM_BLOCK:
            kind = "text"                # 第二十条第（二）项 is no block of the table
        shape.append((t.kind, t.span.start, t.span.end, t.raw, kind, match, item, label_end))
    return lt.mode, tuple(shape)


@lru_cache(maxsize=16384)
def _classify(raw: str) -> tuple[str, LabelMatch | None, str | None, int]:
    """What a piece of text is: (kind, label match, block item, label length in raw).

    Cheap tests first: most pieces are numbers or prose, and prose must not pay for the grammar.
    """
    if not raw:
        return "empty", None, None, 0
    k = normalize.key(raw)
    if not k:
        return "empty", None, None, 0
    if cell_value(raw).kind in ("int", "decimal", "na"):
        return "value", None, None, 0
    if "二十条" in k:
        bt = match_block_title(k)
        if bt:
            return "block", None, bt[0], raw_index_after(raw, len(k) - len(bt[1]))
    m = match_label(k)
    if m:
        end = raw_index_after(raw, m.consumed)
        if not m.rest or all(cell_value(w.raw).kind in ("int", "decimal", "na")
                             for w in split_words(raw, end, len(raw))):
            return "label", m, None, end
    if len(k) <= 6 and is_numbering_only(k):
        return "numbering", None, None, 0
    if len(raw.split()) > 1:          # str.split knows NBSP, U+3000 and the other spaces split_words cuts at
        words = split_words(raw, 0, len(raw))
        if len(words) > 1 and all(cell_value(w.raw).kind in ("int", "decimal", "na") for w in words):
            return "values", None, None, 0
    return "text", None, None, 0


def _sep_after(lt: LineToks, tok: Tok) -> bool:
    i = next(k for k, t in enumerate(lt.toks) if t is tok)
    return i + 1 < len(lt.toks) and lt.toks[i + 1].kind == "sep"


def _pipe_cells(toks: list[Tok], prev_sep: bool = False) -> tuple[list[Tok], bool]:
    """Cells of pipe-separated tokens: two separators with nothing between are an empty cell.

    `prev_sep` carries a separator that ended the previous line (one cell per line with `|`).
    """
    cells: list[Tok] = []
    for t in toks:
        if t.kind == "sep":
            if prev_sep:
                cells.append(Tok("text", Span(t.span.start, t.span.start), ""))
            prev_sep = True
        else:
            cells.append(t)
            prev_sep = False
    return cells, prev_sep


def _expand(text: str, toks: list[Tok]) -> list[Tok]:
    """Split tokens that hold several space-separated numbers (PDF text) into one per number."""
    out: list[Tok] = []
    for t in toks:
        if t.kind == "sep":
            continue
        if t.raw and cell_value(t.raw).kind == "text":
            words = split_words(text, t.span.start, t.span.end)
            if len(words) > 1 and all(cell_value(w.raw).kind != "text" for w in words):
                out.extend(words)
                continue
        out.append(t)
    return out
