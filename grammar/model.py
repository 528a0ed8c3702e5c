"""What a report is, once read: sections, tables, rows, cells — each with its source span."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

from .source import Source
from .template import Edition


@dataclass(frozen=True, order=True)
class Span:
    start: int   # code-point offsets into the original text, end exclusive
    end: int

    def text(self, source_text: str) -> str:
        return source_text[self.start:self.end]


@dataclass
class Cell:
    span: Span
    raw: str
    kind: str                        # int | decimal | blank | na | text
    value: int | Decimal | None = None
    unit: str | None = None          # unit written in the cell: 元, 万元, …
    sign: str | None = None          # explicit sign as written: +, -, 减, …
    fullwidth: bool = False          # digits written full-width (１２)
    leading_zero: bool = False       # 00, 012
    inferred: bool = False           # recovered from glued digits

    @property
    def is_number(self) -> bool:
        return self.kind in ("int", "decimal")


@dataclass
class Label:
    span: Span
    raw: str
    canonical: str
    exact: bool                      # raw equals canonical (after width folding)
    numbering: str = ""              # numbering prefix as written, e.g. "1、" or "(一)"


@dataclass
class Row:
    """A table row the parser assigned to a template row (id), or could not (id None)."""
    table: int                       # 2, 3 or 4
    id: str | None                   # table 三: r1 …; table 二: row label; table 四: "r"
    label: Label | None
    cells: list[Cell]                # exactly the template's cell count when assigned
    found: list[Cell]                # every cell read, before trimming (for diagnostics)
    span: Span
    block: str | None = None         # table 二: 20.1 …
    status: str = "ok"               # ok | cell-count | glued | unlabeled
    label_text: str = ""             # unlabeled rows: the text standing where a label should be
    label_text_span: Span | None = None
    after: str | None = None         # unlabeled rows of table 三: id of the row or stub above them

    @property
    def values(self) -> list:
        return [c.value for c in self.cells]


@dataclass
class Block:
    """A table 二 block (第二十条第（N）项)."""
    id: str
    title: Label | None              # None when the block's title line is missing
    header: str = ""                 # the block's header cells, folded and joined (信息内容本年制发件数…)
    edition: str | None = None       # which edition the block's columns/labels follow
    rows: list[Row] = field(default_factory=list)
    span: Span | None = None


@dataclass
class Table:
    number: int                      # 2, 3, 4
    span: Span
    rows: list[Row] = field(default_factory=list)
    blocks: dict[str, Block] = field(default_factory=dict)   # table 二 only
    header: list[Label] = field(default_factory=list)        # recognised header cells

    def row(self, row_id: str) -> Row | None:
        return next((r for r in self.rows if r.id == row_id), None)


@dataclass
class Heading:
    number: int                      # the statutory section it stands for (1..6)
    span: Span                       # the whole heading line, stripped
    title: str                       # title text as written (no numbering)
    title_span: Span
    numbering: str                   # numbering as written: 一、 / 5、 / （五） / 、 / ""
    numbering_span: Span
    written_number: int | None       # the number the numbering says, if any
    form: str                        # canonical | markdown | no-numeral | arabic | paren | other
    wording: str                     # exact | alias | variant
    markdown: str = ""               # leading #'s


@dataclass
class Section:
    number: int
    heading: Heading
    body: Span


@dataclass
class Problem:
    """Something the reader could not take as written: rules turn these into diagnostics."""
    kind: str                        # unlabeled-row | cell-count | glued-ambiguous | glued-inferred
    span: Span
    table: int
    message: str
    row: str | None = None


@dataclass
class Report:
    source: Source
    title: str | None
    title_span: Span | None
    year: int | None
    year_source: str | None          # title | period | text | None
    edition: Edition
    edition_source: str              # year | labels | default | forced
    sections: list[Section]
    extra_headings: list[Heading]    # heading-like lines that duplicate a recognised section
    table2: Table | None
    table3: Table | None
    table4: Table | None
    problems: list[Problem]

    @property
    def text(self) -> str:
        return self.source.text

    @cached_property
    def folded(self) -> str:
        """The text as the NB4xx phrase searches need it: `normalize.fold`ed, made once — or
        the text itself when it holds nothing those searches would see folded (full-width
        digits or dashes, Traditional forms): folding 30 KB costs ~1 ms."""
        from .normalize import fold, needs_fold
        text = self.source.text
        return fold(text) if needs_fold(text) else text

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def table(self, number: int) -> Table | None:
        return {2: self.table2, 3: self.table3, 4: self.table4}.get(number)
