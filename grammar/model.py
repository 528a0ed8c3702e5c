"""What a report is, once read: sections, tables, rows, cells — each with its source span."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .record import Record, value
from .source import Source
from .template import Edition

if TYPE_CHECKING:                   # decimal costs ~1 ms of start-up; few reports have a decimal
    from decimal import Decimal


@value
class Span:
    start: int   # code-point offsets into the original text, end exclusive
    end: int

    def text(self, source_text: str) -> str:
        return source_text[self.start:self.end]


class Cell(Record):
    __slots__ = ("span", "raw", "kind", "value", "unit", "sign", "fullwidth", "leading_zero", "inferred")

    def __init__(self, span: Span, raw: str, kind: str, value: int | Decimal | None = None,
                 unit: str | None = None, sign: str | None = None, fullwidth: bool = False,
                 leading_zero: bool = False, inferred: bool = False):
        self.span = span
        self.raw = raw
        self.kind = kind                 # int | decimal | blank | na | text
        self.value = value
        self.unit = unit                 # unit written in the cell: 元, 万元, …
        self.sign = sign                 # explicit sign as written: +, -, 减, …
        self.fullwidth = fullwidth       # digits written full-width (１２)
        self.leading_zero = leading_zero  # 00, 012
        self.inferred = inferred         # recovered from glued digits

    @property
    def is_number(self) -> bool:
        return self.kind in ("int", "decimal")


class Label(Record):
    __slots__ = ("span", "raw", "canonical", "exact", "numbering")

    def __init__(self, span: Span, raw: str, canonical: str, exact: bool, numbering: str = ""):
        self.span = span
        self.raw = raw
        self.canonical = canonical
        self.exact = exact               # raw equals canonical (after width folding)
        self.numbering = numbering       # numbering prefix as written, e.g. "1、" or "(一)"


class Row(Record):
    """A table row the reader placed on a template row (id), or could not (id None)."""
    __slots__ = ("table", "id", "label", "cells", "found", "span", "block", "status", "label_text",
                 "label_text_span", "inferred", "glued_run", "glued_options")

    def __init__(self, table: int, id: str | None, label: Label | None, cells: list[Cell],
                 found: list[Cell], span: Span, block: str | None = None, status: str = "ok",
                 label_text: str = "", label_text_span: Span | None = None):
        self.table = table               # 2, 3 or 4
        self.id = id                     # table 三: r1 …; table 二: row label; table 四: "r"
        self.label = label
        self.cells = cells               # exactly the template's cell count when assigned
        self.found = found               # every cell read, before trimming (for diagnostics)
        self.span = span
        self.block = block               # table 二: 20.1 …
        # ok | cell-count | glued | unlabeled | unreadable (OCR damage): the reader's own
        # bookkeeping; what it tells the author goes one way only, as a Problem in
        # Report.problems, which the rules report
        self.status = status
        self.label_text = label_text     # rows without a label: the text standing where a label should be
        self.label_text_span = label_text_span
        self.inferred: str | None = None    # "position": no label says which row this is; its place does
        self.glued_run = None               # the reader's run of glued digits, and …
        self.glued_options: list = []       # … the splits of it that satisfy the row's sums

    @property
    def values(self) -> list:
        return [c.value for c in self.cells]


class Block(Record):
    """A table 二 block (第二十条第（N）项)."""
    __slots__ = ("id", "title", "header", "edition", "rows", "span", "columns")

    def __init__(self, id: str, title: Label | None, header: str = "", edition: str | None = None,
                 rows: list[Row] | None = None, span: Span | None = None, columns: list[Label] | None = None):
        self.id = id
        self.title = title               # None when the block's title line is missing
        self.header = header             # the block's header cells, folded and joined (信息内容本年制发件数…)
        self.columns = [] if columns is None else columns   # header cells read as column labels
        self.edition = edition           # which edition the block's columns/labels follow
        self.rows = [] if rows is None else rows
        self.span = span


class Table(Record):
    __slots__ = ("number", "span", "rows", "blocks", "header")

    def __init__(self, number: int, span: Span, rows: list[Row] | None = None,
                 blocks: dict[str, Block] | None = None, header: list[Label] | None = None):
        self.number = number             # 2, 3, 4
        self.span = span
        self.rows = [] if rows is None else rows
        self.blocks = {} if blocks is None else blocks       # table 二 only
        self.header = [] if header is None else header       # recognised header cells

    def row(self, row_id: str) -> Row | None:
        for r in self.rows:
            if r.id == row_id:
                return r
        return None


class Heading(Record):
    __slots__ = ("number", "span", "title", "title_span", "numbering", "numbering_span",
                 "written_number", "form", "wording", "markdown")

    def __init__(self, number: int, span: Span, title: str, title_span: Span, numbering: str,
                 numbering_span: Span, written_number: int | None, form: str, wording: str,
                 markdown: str = ""):
        self.number = number             # the statutory section it stands for (1..6)
        self.span = span                 # the whole heading line, stripped
        self.title = title               # title text as written (no numbering)
        self.title_span = title_span
        self.numbering = numbering       # numbering as written: 一、 / 5、 / （五） / 、 / ""
        self.numbering_span = numbering_span
        self.written_number = written_number   # the number the numbering says, if any
        self.form = form                 # canonical | markdown | no-numeral | arabic | paren | other
        self.wording = wording           # exact | alias | variant
        self.markdown = markdown         # leading #'s


class Section(Record):
    __slots__ = ("number", "heading", "body")

    def __init__(self, number: int, heading: Heading, body: Span):
        self.number = number
        self.heading = heading
        self.body = body


class Problem(Record):
    """Something the reader could not take as written. This is the one channel for it: the
    rules report problems as findings (NB202 for rows, NB203 for cells), `dump` lists them."""
    __slots__ = ("kind", "span", "table", "message", "row", "target")

    def __init__(self, kind: str, span: Span, table: int, message: str, row: str | None = None,
                 target: "Row | None" = None):
        self.kind = kind                 # unlabeled-row | row-by-position | cell-count | glued-ambiguous | glued-inferred | unreadable
        self.span = span
        self.table = table
        self.message = message           # what to tell the author, in full
        self.row = row                   # the row id it concerns, if any
        self.target = target             # the row itself (a fix needs its cells and label text)


class Report(Record):
    __slots__ = ("source", "title", "title_span", "year", "year_source", "edition", "edition_source",
                 "sections", "extra_headings", "table2", "table3", "table4", "problems", "_folded")

    def __init__(self, source: Source, title: str | None, title_span: Span | None, year: int | None,
                 year_source: str | None, edition: Edition, edition_source: str,
                 sections: list[Section], extra_headings: list[Heading], table2: Table | None,
                 table3: Table | None, table4: Table | None, problems: list[Problem]):
        self.source = source
        self.title = title
        self.title_span = title_span
        self.year = year
        self.year_source = year_source   # title | period | text | None
        self.edition = edition
        self.edition_source = edition_source   # year | labels | default | forced
        self.sections = sections
        self.extra_headings = extra_headings   # heading-like lines that duplicate a recognised section
        self.table2 = table2
        self.table3 = table3
        self.table4 = table4
        self.problems = problems
        self._folded: str | None = None

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def folded(self) -> str:
        """The text as the NB4xx phrase searches need it (`normalize.fold_phrases`), made once."""
        if self._folded is None:
            from .normalize import fold_phrases
            self._folded = fold_phrases(self.source.text)
        return self._folded

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def table(self, number: int) -> Table | None:
        return {2: self.table2, 3: self.table3, 4: self.table4}.get(number)
