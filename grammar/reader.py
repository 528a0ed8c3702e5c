"""Reading a report: text → `Report`, whatever layout it came in.

1. Headings (`headings.py`): the six sections, at line starts, wrapped, or inside running text.
2. The table zone (sections 二 to 四) becomes one token stream (`lexer.py`): cells, empty cells,
   labels and text with their spans; line breaks are whitespace.
3. The stream is cut into tables 二, 三 and 四 by the labels it holds, and each table is read by
   its grammar (`template_grammar.py`): the template's rows in order, each its label and cells,
   placed on the runs of cells by the best alignment (`align.py`); glued digits are split only
   where the sums allow one split (`glued.py`).
4. A table read before, in this text or an earlier one (the editor reads the report again at
   every keystroke), is not read again: its reading is kept by its tokens (`table_cache.py`).
"""
from __future__ import annotations

import operator
import re
from difflib import SequenceMatcher
from functools import lru_cache

from . import glued, normalize, ocr
from . import gcpause, table_cache, template_grammar
from .align import Placement, Slot
from .bounded import Bounded
from .cells import cell_value
from .editions import EDITIONS, LATEST, any_block, any_table3_row, block_edition, edition_for_year, row_name
from .headings import choose, heading_candidate, inline_headings, wrapped_candidate
from .labels import CATALOGUE, LabelEntry
from .lexer import CELL, EMPTY, HEAD, TERM, TEXT, Token, lex
from .meta import find_title, find_year
from .model import Block, Cell, Heading, Label, Problem, Report, Row, Section, Span, Table
from .source import Source
from .template import ColumnDef, Edition

ITEM_BLOCK = {b.item: b.id for ed in EDITIONS.values() for b in ed.table2}
BLOCK_TITLES = {b.item: b.title for ed in EDITIONS.values() for b in ed.table2}
ROW_BLOCK = {row.id: block.id for ed in EDITIONS.values() for block in ed.table2 for row in block.rows}


# the words of table 三's header (总计, 自然人 …): the catalogue's entries that name table 三 only as
# its header, by the identity of the entries tuple a label found by the catalogue holds (a garbled
# label, `lexer._classify`, names a row), each with its table 三 entry
_T3_HEADER = {id(entries): next(e for e in entries if e.table == 3) for entries in CATALOGUE.values()
              if any(e.table == 3 for e in entries) and all(e.kind == "header" for e in entries if e.table == 3)}


def _only_in(ed: str) -> tuple[set[str], set[str]]:
    """Column-label keys and row ids of table 二 that only edition `ed` has."""
    def cols(e):
        return {normalize.key(t) for b in EDITIONS[e].table2 for c in b.columns for t in (c.label,) + c.aliases}

    def rows(e):
        return {r.id for b in EDITIONS[e].table2 for r in b.rows}
    other = next(e for e in EDITIONS if e != ed)
    return cols(ed) - cols(other), rows(ed) - rows(other)


(COLUMNS_2019, ROWS_2019), (COLUMNS_2021, ROWS_2021) = _only_in("2019"), _only_in("2021")


@gcpause.paused
def parse(text: str, edition: str | None = None) -> Report:
    """Read `text` into a Report. `edition` ("2019"/"2021") forces the template edition."""
    return _Reader(text, edition).read()


@lru_cache(maxsize=8192)
def _heading_shape(line: str) -> tuple[Heading, int] | None:
    """`heading_candidate` for one line's text, offsets relative to the line; cached by the
    text (lines repeat, and the whole report is read again at each edit in the editor)."""
    return heading_candidate(line, 0, len(line), LATEST.sections)


_BLOCK = 32                   # lines per block of `_Reader._headings`
# each block's heading candidates by its text (a tuple around the last block's: no line after
# it), with where it started; not a longer block's (a page whose text is one line)
_BLOCKS = Bounded(256)
_BLOCK_MOST = 20_000


def _shift(h: Heading, by: int) -> Heading:
    def sh(span):
        return Span(span.start + by, span.end + by)
    return h.replace(span=sh(h.span), title_span=sh(h.title_span), numbering_span=sh(h.numbering_span))


class _Reader:
    def __init__(self, text: str, edition: str | None):
        self.text = text
        self.src = Source(text)
        self.forced = EDITIONS.get(edition) if edition else None
        self.problems: list[Problem] = []
        self.pages: ocr.Pages | None = None
        self.whole_text = False          # the table being read asked for the whole text's pages

    def read(self) -> Report:
        src, text = self.src, self.text
        chosen, duplicates = self._headings()
        first = chosen[0].span.start if chosen else len(text)
        title = find_title(src, first)
        year, year_source = find_year(text, title[0] if title else None)

        start, end = self._zone(chosen)
        cuts = [(h.span.start, h.span.end, h) for h in chosen + duplicates if start <= h.span.start < end]
        (table2, table3, table4), edition_source = self._tables(start, end, cuts, year)
        sections = []
        for i, h in enumerate(chosen):
            stop = chosen[i + 1].span.start if i + 1 < len(chosen) else len(text)
            sections.append(Section(h.number, h, Span(h.span.end, stop)))
        return Report(
            source=src, title=title[0] if title else None, title_span=title[1] if title else None,
            year=year, year_source=year_source, edition=self.edition, edition_source=edition_source,
            sections=sections, extra_headings=duplicates,
            table2=table2, table3=table3, table4=table4, problems=self.problems,
        )

    # -- headings and the table zone --------------------------------------------------------------

    def _headings(self) -> tuple[list[Heading], list[Heading]]:
        text, bounds = self.text, self.src.bounds
        candidates = []
        n = len(bounds)
        # block by block of lines, each block's candidates kept by its text and the line after it
        # (a title wrapped onto it): the editor reads the whole report again at each keystroke
        for b in range(0, n, _BLOCK):
            stop = min(b + _BLOCK, n)
            s0 = bounds[b][0]
            e0 = bounds[stop][1] if stop < n else len(text)
            if e0 - s0 > _BLOCK_MOST:
                candidates += self._line_headings(b, stop)
                continue
            key = text[s0:e0] if stop < n else (text[s0:],)
            kept = _BLOCKS.get(key)
            if kept is None:
                found = self._line_headings(b, stop)
                _BLOCKS.put(key, (s0, found))
            else:
                at, found = kept
                if at != s0:
                    found = [(_shift(h, s0 - at), k) for h, k in found]
            candidates += found
        chosen, duplicates = choose(candidates)
        inline = inline_headings(text, LATEST.sections, chosen)
        if inline:
            chosen = sorted(chosen + inline, key=lambda h: h.span.start)
        return chosen, duplicates

    def _line_headings(self, first: int, stop: int) -> list[tuple[Heading, int]]:
        """The heading candidates of lines first … stop - 1, each with its strength (`choose`)."""
        text, bounds = self.text, self.src.bounds
        candidates = []
        for i in range(first, stop):
            s, e = bounds[i]
            c = _heading_shape(text[s:e]) if e - s <= 300 else _long_line_heading(text, s, e)
            if c:
                candidates.append((_shift(c[0], s), c[1]))
            elif i + 1 < len(bounds) and 4 < e - s <= 42 and text[s:e].lstrip(" \t\u3000\u00a0\f#*")[:1] in "一二三四五六":
                w = wrapped_candidate(text, (s, e), bounds[i + 1], LATEST.sections)
                if w:
                    candidates.append(w)
        return candidates

    def _zone(self, chosen: list[Heading]) -> tuple[int, int]:
        """Where the tables can be: from heading 二 (else from after 一, as a table whose heading
        is missing stands before the next heading there is; else the start) to the first
        heading of 五 or 六 after it (or the end)."""
        two = next((h for h in chosen if h.number == 2), None)
        one = next((h for h in chosen if h.number == 1), None)
        if two is not None and (one is None or one.span.start < two.span.start):
            start = two.span.start
        else:
            start = one.span.end if one else 0
        end = next((h.span.start for h in chosen if h.number >= 5 and h.span.start > start), len(self.text))
        return start, end

    def _tables(self, start: int, end: int, cuts: list, year: int | None) -> tuple[list[Table | None], str]:
        """Tables 二, 三 and 四 in the zone text[start:end], and where the edition came from
        (`self.edition` is set). A table the text held before, wherever it stood, is not read
        again (`table_cache`): the zone is not even cut into tokens when all of it is as before."""
        text = self.text
        hide = ocr.noise(text, start, end)
        zone = table_cache.zone_key(text, start, end, cuts, hide)
        kept = table_cache.get_zone(zone)
        if kept is not None:
            voted, held = kept
            self.edition, source = self._edition(year, voted)
            if all(k is None or k.edition == self.edition.id for _, k, _ in held):
                out = []
                for _, k, at in held:
                    table, problems = k.at(start + at) if k is not None else (None, [])
                    self.problems += problems
                    out.append(table)
                return out, source
        tokens = lex(text, self.src.bounds, self.src.line_of(start), start, end, cuts, hide)
        tables = _split_tables(tokens)
        voted = _votes(tables)
        self.edition, source = self._edition(year, voted)
        out, held, whole = [], [], True
        for n, read in ((2, self._table2), (3, self._table3), (4, self._table4)):
            toks = tables[n]
            if not toks:
                out.append(None)
                held.append((n, None, 0))
                continue
            print_ = table_cache.fingerprint(n, self.edition.id, toks, text)
            k = table_cache.get(print_, toks)
            if k is not None:
                table, problems = k.at(toks[0].start)
                self.problems += problems
                out.append(table)
            else:
                mark, self.whole_text = len(self.problems), False
                table = read(toks)
                for r in table.rows:                  # the reading's bookkeeping, done with
                    r.glued_run, r.glued_options = None, []
                if self.whole_text:                   # it looked past its tokens (`_pages`): not kept
                    whole = False
                else:
                    k = table_cache.put(print_, toks, table, self.problems[mark:])
                out.append(table)
            held.append((n, k, toks[0].start - start))
        if whole:
            table_cache.put_zone(zone, (voted, tuple(held)))
        return out, source

    def _edition(self, year: int | None, voted: str | None) -> tuple[Edition, str]:
        if self.forced:
            return self.forced, "forced"
        by_year = edition_for_year(year)
        if by_year:
            return by_year, "year"
        if voted:
            return EDITIONS[voted], "labels"
        return LATEST, "default"

    # -- table 二 ----------------------------------------------------------------------------------

    def _table2(self, toks: list[Token]) -> Table | None:
        if not toks:
            return None
        blocks: list[Block] = []
        streams: dict[int, list[Token]] = {}
        heads: dict[int, list[str]] = {}
        head_toks: dict[int, list[Token]] = {}
        has_rows: dict[int, bool] = {}
        block: Block | None = None
        for t in toks:
            if t.kind == TERM and t.term.item:
                if t.term.item not in ITEM_BLOCK:
                    t = _as_text(t)
                else:
                    block = self._block(ITEM_BLOCK[t.term.item], t, blocks, streams, heads, has_rows)
                    continue
            if t.kind == TERM:
                row = next((e for e in t.term.entries if e.table == 2 and e.kind == "row"), None)
                if row is not None:
                    if block is None or block.id != ROW_BLOCK[row.id]:
                        block = self._block(ROW_BLOCK[row.id], None, blocks, streams, heads, has_rows, at=t.start)
                    has_rows[id(block)] = True
                elif block is not None and not has_rows[id(block)] and len(heads[id(block)]) < 12:
                    heads[id(block)].append(normalize.key(t.raw))
                    head_toks.setdefault(id(block), []).append(t)
            elif t.kind == TEXT and block is not None and not has_rows[id(block)] and len(heads[id(block)]) < 12:
                heads[id(block)].append(normalize.key(t.raw))      # the header: a few cells, not prose
                head_toks.setdefault(id(block), []).append(t)
            if block is not None:
                streams[id(block)].append(t)
        rows: list[Row] = []
        for b in blocks:
            b.header = "".join(heads[id(b)])
            b.edition = self._block_edition(b, streams[id(b)])
            b.columns = self._column_labels(b, head_toks.get(id(b), []))
            rows += self._block_rows(b, streams[id(b)])
        ends = [r.span.end for r in rows] + [b.span.end for b in blocks]
        table = Table(2, Span(toks[0].start, max(ends + [toks[0].end])), rows)
        for b in blocks:
            if b.id not in table.blocks:
                table.blocks[b.id] = b
        return table

    def _block(self, block_id, title_tok, blocks, streams, heads, has_rows, at=None) -> Block:
        title = None
        if title_tok is not None:
            canonical = BLOCK_TITLES[title_tok.term.item]
            title = Label(Span(title_tok.start, title_tok.end), title_tok.raw, canonical,
                          normalize.key(title_tok.raw) == normalize.key(canonical), "")
            at = title_tok.start
        b = Block(block_id, title, span=Span(at, title_tok.end if title_tok else at))
        blocks.append(b)
        streams[id(b)], heads[id(b)], has_rows[id(b)] = [], [], False
        return b

    def _column_labels(self, block: Block, toks: list[Token]) -> list[Label]:
        """The header cells of a block that name one of its columns (`BlockDef.columns`): as the
        template writes it, or recognisably otherwise (NB207) — a year put in (`本年(2023)制发件数`),
        an alias (`本年增减`), a typo (`本年制法件数`). A note after a label (`现行有效件数(历史累计)`,
        `采购总金额(万元,保留四位小数)`) is the report's own and no other wording. Only a header whose
        cells are fields (tabs, pipes, HTML cells) is read: in a header of words, as PDF text
        has it, where a cell ends is unknown."""
        if not toks or not all(t.explicit for t in toks):
            return []
        bdef = _block_of(block_edition(block, self.edition), block.id)
        out = []
        fields: dict[int, list[Token]] = {}
        for t in toks:
            fields.setdefault(t.field, []).append(t)
        for cell in fields.values():
            span = Span(cell[0].start, cell[-1].end)
            raw = self.text[span.start:span.end]
            if any(c in raw for c in "\n\r\t|"):       # a label wrapped over fields: whole elsewhere
                continue
            label = _column_label(span, raw, bdef.columns)
            if label is None:
                continue
            unit = next((c.unit for c in bdef.columns if c.label == label.canonical), None)
            if unit and unit not in normalize.fold(raw) and unit in block.header:
                continue                  # 本年收费金额 | (单位:万元): its unit in the next field
            out.append(label)
        return out

    def _block_edition(self, block: Block, toks: list[Token]) -> str:
        only = [e for e in EDITIONS if EDITIONS[e].block(block.id)]
        if len(only) == 1:            # 第二十条第（九）项 is 2019's only, whatever its header says
            return only[0]
        head = _strip_years(block.header)
        v19 = any(m in head for m in COLUMNS_2019)
        v21 = any(m in head for m in COLUMNS_2021)
        if v19 != v21:
            return "2019" if v19 else "2021"
        ids = {e.id for t in toks if t.kind == TERM for e in t.term.entries if e.kind == "row"}
        if ids & ROWS_2019:
            return "2019"
        if ids & ROWS_2021:
            return "2021"
        return self.edition.id

    def _block_rows(self, block: Block, toks: list[Token]) -> list[Row]:
        grammar = template_grammar.block(block.edition, block.id)
        slots = grammar.slots
        rows = self._rows(2, template_grammar.read(grammar, toks), slots, block=block.id)
        block.rows = rows
        for r in rows:
            if r.glued_run is not None:
                self._settle_glued(r, slots[0].cells, ())      # table 二 has no sums: one split or none
                if r.status == "glued":
                    self._glued_ambiguous(r)
        ends = [r.span.end for r in rows]
        block.span = Span(block.span.start, max(ends + [block.span.end] + [t.end for t in toks if t.kind == TERM]))
        return rows

    # -- table 三 ----------------------------------------------------------------------------------

    def _table3(self, toks: list[Token]) -> Table | None:
        if not toks:
            return None
        mark = len(self.problems)
        rows, fails, alignment = self._table3_rows(toks, False)
        if fails:
            rows = self._label_side(toks, rows, mark, alignment)
        header = [self._label(t, h) for t in toks if t.kind == TERM and (h := _T3_HEADER.get(id(t.term.entries)))]
        return Table(3, _table_span(toks, rows), rows, header=header)

    def _label_side(self, toks: list[Token], rows: list[Row], mark: int, alignment: tuple) -> list[Row]:
        """Table 三 read with its labels before their values (`rows`, problems from `mark` on)
        breaks its relations: values may stand before their labels (one item per line, a
        tilted scan's order). The reading with labels after their values is taken when it
        passes every relation, each of them complete; when it breaks none but cannot be
        checked whole, the rows the two readings disagree on are unreadable (which label their
        values go with is unknown); when it breaks one too, the table is read as written."""
        after = template_grammar.table3(self.edition, True)
        shape, kept = alignment
        theirs = after.kept(shape)
        if theirs is None:
            theirs = after.placements(toks, shape[1])[2][1]
        if template_grammar.placed_key(theirs) == template_grammar.placed_key(kept):
            return rows                    # the runs go where they went: the same rows, failing alike
        first = self.problems[mark:]
        del self.problems[mark:]
        other, fails, _ = self._table3_rows(toks, True)
        if not fails and _table3_complete(self.edition, other) and _valued(other) >= _valued(rows):
            return other
        self.problems[mark:] = first
        if fails:
            return rows
        theirs = {r.id: _counts(r) for r in other if r.id is not None}
        for r in rows:
            v = _counts(r)
            if v is not None and theirs.get(r.id) != v:
                raw = self.text[r.found[0].span.start:r.found[-1].span.end]
                r.cells = []
                r.status = "unreadable"
                self._problem("unreadable", r, f"{self._row_name(r)}的数字（“{_squeeze(raw)}”）前后都有行标签，"
                                               "按标签在前或在后读表格都不能核对无误，无法确定属于哪一行")
        return rows

    def _table3_rows(self, toks: list[Token], after_first: bool) -> tuple[list[Row], bool, list]:
        """Table 三's rows as its grammar places them (labels on another line than their values
        before them, or `after_first`), glued digits settled, damaged rows unread; and whether
        they break one of the table's relations for certain (`_table3_fails`); and the
        alignment they were read from."""
        grammar = template_grammar.table3(self.edition, after_first)
        result = template_grammar.read(grammar, toks)
        alignment = result["alignment"]
        rows = self._rows(3, result, grammar.slots)
        glued_rows = [r for r in rows if r.glued_run is not None]
        for r in glued_rows:
            self._settle_glued(r, len(self.edition.table3_columns), (self.edition.table3_row_sum,))
        still = [r for r in glued_rows if r.status == "glued"]
        if still:
            self._resolve_glued_t3(rows, still)
        values, failed = {}, False
        own = ocr.plan((self.edition.table3_row_sum,))
        ((total, parts),) = own
        for r in rows:
            if r.status == "glued":
                self._glued_ambiguous(r)
            elif r.id is not None:
                cells = r.cells
                if r.status == "ok" and len(cells) > total and parts.__class__ is slice:
                    v = [c.value for c in cells]  # the common row: every cell a number, adding up
                    if None not in v and v[total] == sum(v[parts]):
                        if r.id not in values:
                            values[r.id] = v
                        continue
                v, fails = self._unreadable(r, own)
                failed = failed or fails
                if v is not None and r.id not in values:
                    values[r.id] = v
        return rows, failed or _table3_fails(self.edition, values), alignment

    def _resolve_glued_t3(self, rows: list[Row], glued_rows: list[Row]) -> None:
        """Rows whose glued digits split more than one way by their own total: the splits that
        the table's column sums (its balance, and （七）总计 of the results) allow."""
        ed = self.edition
        options: dict[str, list[tuple]] = {}
        for r in rows:
            if r.id is None:
                continue
            if r.status == "glued":
                options[r.id] = list(r.glued_options)
            elif r.status == "ok" and all(c.kind in ("int", "blank") for c in r.cells):
                options[r.id] = [tuple(c.value or 0 for c in r.cells)]
        (a, b), (c, d) = ed.table3_balance
        results = ed.table3_results

        def balance(v: dict) -> bool:
            if not all(k in v for k in (a, b, c, d)):
                return True
            return all(v[a][i] + v[b][i] == v[c][i] + v[d][i] for i in range(len(ed.table3_columns)))

        def results_total(v: dict) -> bool:
            if results.total not in v or not all(k in v for k in results.parts):
                return True
            return all(sum(v[k][i] for k in results.parts) == v[results.total][i] for i in range(len(ed.table3_columns)))

        solved = glued.resolve({k: v for k, v in options.items() if v}, [balance, results_total])
        for r in glued_rows:
            if r.id in solved and len(r.glued_options) > 1:
                self._assign_glued(r, solved[r.id])

    # -- table 四 ----------------------------------------------------------------------------------

    def _table4(self, toks: list[Token]) -> Table | None:
        if not toks:
            return None
        header = [self._label(t, next(e for e in t.term.entries if e.table == 4)) for t in toks
                  if t.kind == TERM and any(e.table == 4 for e in t.term.entries)]
        grammar = template_grammar.table4()
        rows = self._rows(4, template_grammar.read(grammar, toks), grammar.slots)
        for row in rows:
            row.inferred = None                   # one row: its place is no guess
            row.label = None
            if row.glued_run is not None:
                self._settle_glued(row, len(self.edition.table4_columns), self.edition.table4_sums)
                if row.status == "glued":
                    self._glued_ambiguous(row)
            self._unreadable(row, ocr.plan(self.edition.table4_sums))
        self.problems = [p for p in self.problems if not (p.kind == "row-by-position" and p.table == 4)]
        return Table(4, _table_span(toks, rows), rows, header=header)

    # -- rows from placements ------------------------------------------------------------------------

    def _rows(self, table: int, result, slots: list[Slot], block: str | None = None) -> list[Row]:
        """The model's rows from a table's parse: each row its grammar read, and runs of cells
        it could place nowhere."""
        rows = [self._row(table, group, slots[si], p, part, block) for group, (si, p, part) in zip(result, result["where"])]
        rows += [self._unplaced(table, p, block) for p in result["unplaced"]]
        result.clear()            # see `template_grammar.read`
        rows.sort(key=lambda r: r.span.start)
        return rows

    def _row(self, table: int, group, slot: Slot, p: Placement | None, part: int, block) -> Row:
        label_tok = group.get("label")
        entry = self._entry(label_tok, slot.id, table) if label_tok is not None else None
        label = self._label(label_tok, entry) if entry else None
        row_id = entry.id if entry else slot.id
        if p is None:                                   # a label with no cells anywhere
            row = Row(table, row_id, label, [], [], label.span, block=block, status="cell-count")
            self._problem("cell-count", row, f"{self._row_name(row)}没有填写数字，应有{slot.cells}个单元格")
            return row
        toks = p.run.tokens
        if p.parts is None:                 # the wrong length, or glued: its padding is no cell of it
            found = _cells(_trim_padding(toks, slot.cells))
            cells = []
        elif len(p.slots) == 1:
            found = _cells(toks)
            cells = found[p.parts[0][0]:p.parts[0][1]]
        else:
            cells = found = _cells(group["cells"])
        start, end = found[0].span.start, found[-1].span.end          # the run's cells are in order
        if label is not None:
            start, end = min(start, label.span.start), max(end, label.span.end)
        row = Row(table, row_id, label, cells, found, Span(start, end), block)
        if label is None:
            row.inferred = "position"
            if p.run.text_before and part == 0:
                row.label_text_span = self._text_span(p.run.text_before)
                row.label_text = self.text[row.label_text_span.start:row.label_text_span.end]
            written = f"行标签“{row.label_text}”残缺" if row.label_text else "这一行数字没有行标签"
            self._problem("row-by-position", row,
                          f"{written}，按表格的行序读作“{_row_label(self.edition, table, slot.id)}”")
        if p.parts is None:
            if p.run.glued:
                row.glued_run = p.run
                row.status = "glued"
            else:
                row.status = "cell-count"
                n = slot.cells
                got = len([c for c in found if c.kind != "blank"]) if len(found) > n else len(found)
                self._problem("cell-count", row, f"{self._row_name(row)}应有{n}个单元格，实际有{got}个")
        return row

    def _unplaced(self, table, p: Placement, block) -> Row:
        cells = _cells(p.run.tokens)
        span = self._text_span(p.run.text_before) if p.run.text_before else None
        row = Row(table, None, None, [], cells, Span(cells[0].span.start, cells[-1].span.end), block=block,
                  status="unlabeled", label_text=self.text[span.start:span.end] if span else "", label_text_span=span)
        self._problem("unlabeled-row", row, f"行标签“{row.label_text}”残缺，无法确定这些数字属于哪一行" if row.label_text
                      else "这一行数字没有行标签，无法确定属于哪一行")
        return row

    def _text_span(self, texts: list[Token]) -> Span:
        return Span(texts[0].start, texts[-1].end)

    def _entry(self, t: Token, slot_id: str, table: int) -> LabelEntry | None:
        entries = t.term.entries
        if len(entries) == 1:              # most labels name one row
            e = entries[0]
            return e if e.table == table and e.kind in ("data", "row") else None
        entries = [e for e in entries if e.table == table and e.kind in ("data", "row")]
        return next((e for e in entries if e.id == slot_id), entries[0] if entries else None)

    def _label(self, t: Token, entry: LabelEntry) -> Label:
        canonical = (entry.numbering or "") + entry.canonical
        written, canon = normalize.key(t.raw), normalize.key(canonical)
        # a label its table cell wrapped goes on after the cells: as written, it is whole
        exact = written == canon or (canon.startswith(written) and t.after.startswith(canon[len(written):]))
        return Label(Span(t.start, t.end), t.raw, canonical, exact, t.term.numbering)

    # -- glued digits ----------------------------------------------------------------------------------

    def _settle_glued(self, row: Row, n: int, sums) -> None:
        parts = tuple(normalize.key(t.raw) for t in row.glued_run.tokens)
        options = glued.run_splits(parts, n, tuple(s.parts + (s.total,) for s in sums))
        row.glued_options = options
        row.cells = []
        row.status = "glued"
        if len(options) == 1:
            self._assign_glued(row, options[0])

    def _assign_glued(self, row: Row, values: tuple[int, ...]) -> None:
        toks = row.glued_run.tokens
        cells: list[Cell] = []
        v = iter(values)
        for t in toks:
            raw_all = t.raw
            pos = 0
            # as many numbers as make up the token's digits; what is no digit (a U+2028 the
            # token ends in) is passed over, as the split (of the token's key) passed it over
            while pos < len(raw_all):
                if normalize.fold(raw_all[pos]) not in _DIGITS:
                    pos += 1
                    continue
                value = next(v)
                width = len(str(value))
                raw = raw_all[pos:pos + width]
                cells.append(Cell(Span(t.start + pos, t.start + pos + width), raw, "int", value,
                                  fullwidth=raw != str(value), inferred=True))
                pos += width
        row.cells = cells
        row.status = "ok"
        raw = self.text[toks[0].start:toks[-1].end]
        self.problems.append(Problem("glued-inferred", Span(toks[0].start, toks[-1].end), row.table,
                                     f"{self._row_name(row)}的数字粘连在一起（“{raw}”），已按表格勾稽关系唯一拆分为："
                                     + "、".join(map(str, values)), row.id, row))

    def _glued_ambiguous(self, row: Row) -> None:
        n = len(self.edition.table4_columns) if row.table == 4 else (
            len(self.edition.table3_columns) if row.table == 3 else len(_block_of(self.edition, row.block).columns))
        raw = self.text[row.found[0].span.start:row.found[-1].span.end]
        self._problem("glued-ambiguous", row, f"{self._row_name(row)}的数字粘连在一起（“{raw}”），无法唯一拆分为{n}个单元格")

    def _unreadable(self, row: Row, sums: tuple) -> tuple[list | None, bool]:
        """A row that fails its own sums with OCR damage in its text (`ocr.damaged`): its
        numbers are misread, not written so; its cells are unreadable (NB203), not numbers.
        `sums`: the row's own (`ocr.plan`). Returns the counts of a row left read (a blank as
        0; None if a cell holds no count), and whether they fail its sums."""
        cells = row.cells
        if row.status != "ok" or not cells:
            return None, False
        values = [c.value for c in cells]
        counts = values
        if None in values:                # blank cells, and text: a ruling's junk is one too
            values = [0 if c.kind == "blank" or (c.kind == "text" and ocr.junk(c)) else c.value for c in cells]
            if None in values:
                return None, False
            counts = values if all(c.kind != "text" for c in cells) else None
        if row.glued_run is not None or not ocr.fails(values, sums):      # a glued row's split adds up
            return counts, False
        def holds(at: tuple[Cell, ...], what: tuple[int, ...]) -> bool:
            alt = values[:]
            for c, v in zip(at, what):
                i = next((k for k, x in enumerate(cells) if x is c), None)
                if i is None:
                    return False
                alt[i] = v
            return not ocr.fails(alt, sums)

        if not ocr.damaged(self.text, row.found, self._pages, holds):
            return counts, True
        raw = self.text[row.found[0].span.start:row.found[-1].span.end]
        row.cells = []
        row.status = "unreadable"
        self._problem("unreadable", row, f"{self._row_name(row)}的数字（“{_squeeze(raw)}”）有识别错误的痕迹，且不满足本行的合计关系，无法可靠读出")
        return None, False

    def _pages(self) -> ocr.Pages:
        """The text's page numbers, read when a row first asks (`ocr.damaged`: a row failing
        its sums whose first or last cell stands alone on a line as a page number would)."""
        self.whole_text = True
        if self.pages is None:
            self.pages = ocr.Pages(self.text)
        return self.pages

    def _row_name(self, row: Row) -> str:
        return row_name(self.edition, row.table, row.id)

    def _problem(self, kind: str, row: Row, message: str) -> None:
        """A problem with its row, at the row's numbers (and the text standing for its label)."""
        if row.found:
            start = row.label_text_span.start if row.label_text_span and kind in ("unlabeled-row", "row-by-position") \
                else row.found[0].span.start
            span = Span(start, row.found[-1].span.end)
        else:
            span = row.span
        self.problems.append(Problem(kind, span, row.table, message, row.id, row))


def _votes(tables: dict[int, list[Token]]) -> str | None:
    """The edition the tables' labels and headers speak for (None: neither more than the other)."""
    votes = {"2019": 0, "2021": 0}
    for t in tables[2]:
        if t.kind != TERM:
            continue
        if t.term.item == "九":
            votes["2019"] += 1
        for e in t.term.entries:
            k = normalize.key(e.canonical)
            if e.kind == "header" and (k in COLUMNS_2019 or k in COLUMNS_2021):
                votes["2019" if k in COLUMNS_2019 else "2021"] += 1
            elif e.kind == "row" and (e.id in ROWS_2019 or e.id in ROWS_2021):
                votes["2019" if e.id in ROWS_2019 else "2021"] += 1
    toks3 = tables[3]
    for i, t in enumerate(toks3):
        if t.kind != TERM:
            continue
        ids = {e.id for e in t.term.entries if e.kind == "data"}
        if ids & {"r3.6.1", "r3.6.2", "r3.6.3"} and t.term.numbering:
            votes["2021"] += 1
        elif "r3.6" in ids and i + 1 < len(toks3) and toks3[i + 1].kind == CELL:
            votes["2019"] += 1
    if votes["2019"] != votes["2021"]:
        return max(votes, key=votes.get)
    return None


# -- helpers -------------------------------------------------------------------------------------------

def _cells(toks: list[Token]) -> list[Cell]:
    """The tokens' cells. A token's Cell is made once and kept on it: a Cell is never changed,
    and the lexer hands a token out again where its chunk stands as before (typing in a table
    leaves every cell before the one typed in where it was)."""
    out = []
    for t in toks:
        c = t._cell
        if c is None:
            kind, value, unit, sign, fullwidth, lead = cell_value(t.raw)
            c = t._cell = Cell(Span(t.start, t.end), t.raw, kind, value, unit, sign, fullwidth, lead)
        out.append(c)
    return out


def _counts(row: Row) -> list[int] | None:
    """A read row's values, a blank as 0; None when a cell holds no count (or none are read)."""
    if row.status != "ok" or row.id is None or not row.cells:
        return None
    out = []
    for c in row.cells:
        kind = c.kind
        if kind == "int":
            out.append(c.value)
        elif kind == "blank":
            out.append(0)
        else:
            return None
    return out


def _valued(rows: list[Row]) -> int:
    return sum(1 for r in rows if _counts(r) is not None)


def _table3_fails(ed: Edition, values: dict[str, list]) -> bool:
    """Whether table 三's rows as read (`values`: each read row's counts) break one of its
    column relations for certain: its balance (r1 + r2 = r3.7 + r4) or （七）总计 of the
    results (a row's own total is `_unreadable`'s). A row not read is unknown: a sum with
    unknowns fails only when its known parts exceed its total (counts are never negative)."""
    if not values:
        return False

    zero = [0] * len(ed.table3_columns)

    def broken(total: list, parts: list) -> bool:
        """`total` and `parts`: rows' values or None (unknown); column by column."""
        kt = [v for v in total if v is not None]
        kp = [v for v in parts if v is not None]
        st = list(map(sum, zip(*kt))) if kt else zero
        sp = list(map(sum, zip(*kp))) if kp else zero
        if len(kt) == len(total):
            return st != sp if len(kp) == len(parts) else any(map(operator.gt, sp, st))
        return len(kp) == len(parts) and any(map(operator.gt, st, sp))

    (a, b), (c, d) = ed.table3_balance
    get = values.get
    if broken([get(c), get(d)], [get(a), get(b)]):
        return True
    res = ed.table3_results
    return broken([get(res.total)], [get(k) for k in res.parts])


def _table3_complete(ed: Edition, rows: list[Row]) -> bool:
    """Whether every row table 三's balance and results sum name is read (（六）其他处理 as one
    row or as its three)."""
    have = {r.id for r in rows if _counts(r) is not None}
    (a, b), (c, d) = ed.table3_balance
    res = ed.table3_results
    six = [k for k in res.parts if k.startswith("r3.6")]
    other = [k for k in res.parts if not k.startswith("r3.6")]
    return {a, b, c, d, res.total} <= have and all(k in have for k in other) and (
        all(k in have for k in six) or "r3.6" in have)


def _squeeze(raw: str) -> str:
    """A row's text for a message: its whitespace runs as one space, at most 60 characters."""
    out = " ".join(raw.split())
    return out if len(out) <= 60 else out[:59] + "…"


def _block_of(ed: Edition, block_id: str):
    return ed.block(block_id) or any_block(block_id)


def _row_label(ed: Edition, table: int, row_id: str) -> str:
    if table == 3:
        return (ed.table3_row(row_id) or any_table3_row(row_id)).label
    return row_id


def _trim_padding(toks: list[Token], n: int) -> list[Token]:
    """Too many cells: the empty ones at the ends are padding (a stub column, a trailing tab)."""
    a, b = 0, len(toks)
    while b - a > n and toks[b - 1].kind == EMPTY:
        b -= 1
    while b - a > n and toks[a].kind == EMPTY:
        a += 1
    return toks[a:b]


def _as_text(t: Token) -> Token:
    return Token(TEXT, t.start, t.end, t.line, t.raw, explicit=t.explicit)


def _split_tables(tokens: list[Token]) -> dict[int, list[Token]]:
    """The zone's tokens by table: a section heading or a label of one table starts that table.
    A table is there only if a label of it or a cell is: a section of prose has none."""
    out: dict[int, list[Token]] = {2: [], 3: [], 4: []}
    seen = {2: False, 3: False, 4: False}
    current: int | None = None
    for t in tokens:
        if t.kind == HEAD:
            current = t.term.number if 2 <= t.term.number <= 4 else None
            continue
        if t.kind == TERM:
            current = _term_table(t, current)
        if current is not None:
            out[current].append(t)
            if not seen[current] and (t.kind in (CELL, EMPTY) or (
                    t.kind == TERM and (t.term.item or any(e.table == current for e in t.term.entries)))):
                seen[current] = True
    return {n: toks if seen[n] else [] for n, toks in out.items()}


def _term_table(t: Token, current: int | None) -> int | None:
    """The table a label belongs to: a block title, a numbered label or an unambiguous word of
    three characters or more moves to its table; 其他, 总计, 结果 … stay where they are."""
    if t.term.item:
        return 2
    tables = {e.table for e in t.term.entries}
    if t.term.numbering and any(e.table == 3 and e.kind != "header" for e in t.term.entries):
        return 3
    if current in tables:
        return current
    if len(tables) == 1 and len(normalize.key(t.raw)) >= 3 and \
            all(len(normalize.key(e.canonical)) >= 3 for e in t.term.entries):
        return next(iter(tables))
    return current


def _table_span(toks: list[Token], rows: list[Row]) -> Span:
    """From the first token that is no text to the last one (or the last row), all tokens if
    all are text."""
    first = next((t for t in toks if t.kind != TEXT), toks[0])
    last = next((t for t in reversed(toks) if t.kind != TEXT), toks[-1])
    return Span(first.start, max([last.end] + [r.span.end for r in rows]))


_DIGITS = frozenset("0123456789")
_YEARS = re.compile(r"\((?:19|20)\d{2}(?:年度?)?\)")


_FIRST_COLUMN = ColumnDef(LATEST.table2_first_column)
# every column label of table 二 in any edition, and 信息内容 (keys)
_KNOWN_COLUMNS = frozenset(normalize.key(f) for ed in EDITIONS.values() for b in ed.table2 for c in b.columns
                           for f in (c.label,) + c.aliases) | {normalize.key(_FIRST_COLUMN.label)}


def _column_label(span: Span, raw: str, columns: tuple[ColumnDef, ...]) -> Label | None:
    """A header cell as the label of one of `columns` (or 信息内容), if it is one: see
    `_Reader._column_labels`."""
    k = normalize.key(raw)
    columns = (_FIRST_COLUMN,) + tuple(columns)
    forms = [(normalize.key(f), c) for c in columns for f in (c.label,) + c.aliases]
    for fk, c in forms:
        if k == fk:
            return Label(span, raw, c.label, fk == normalize.key(c.label))
    if any(k.startswith(fk + "(") for fk, _ in forms) or k in _KNOWN_COLUMNS:
        return None                   # a note after the label; another edition's label (NB206)
    stripped = _strip_years(k)
    if stripped != k:                 # 本年(2023)制发件数: the template's label with a year put in
        c = next((c for fk, c in forms if fk == stripped), None)
        return Label(span, raw, c.label, False) if c else None
    if any(ch.isdigit() for ch in k):
        return None
    scored = sorted(((SequenceMatcher(None, k, normalize.key(c.label)).ratio(), i) for i, c in enumerate(columns)),
                    reverse=True)
    best, i = scored[0]
    c = columns[i]
    if best >= 0.8 and abs(len(k) - len(normalize.key(c.label))) <= 2 and \
            (len(scored) == 1 or scored[1][0] < best):
        return Label(span, raw, c.label, False)
    return None


def _strip_years(head: str) -> str:
    """A header's key without the years put in its labels: 本年(2023)制发件数, 本年(2023年度)…"""
    return _YEARS.sub("", head)


def _long_line_heading(text: str, s: int, e: int):
    """A heading at the start of a very long line (a page whose text is one line): only its
    first 300 characters matter."""
    c = _heading_shape(text[s:min(e, s + 300)])
    if c and c[0].form in ("canonical", "markdown") and c[0].wording != "variant":
        return c
    return None
