"""The shape of an official template edition. The data itself lives in `editions/`."""
from __future__ import annotations

from .record import value


@value
class SectionDef:
    number: int                 # 1..6
    title: str                  # official title without the numeral, e.g. 总体情况
    aliases: tuple[str, ...]    # observed wordings accepted as the same section
    keywords: tuple[str, ...]   # besides the title, any one identifies a garbled / reworded title
    hover: str

    @property
    def heading(self) -> str:
        return f"{NUMERALS[self.number]}、{self.title}"


@value
class ColumnDef:
    label: str
    kind: str = "count"          # count | signed | money
    unit: str | None = None      # printed unit, e.g. 万元
    aliases: tuple[str, ...] = ()
    prose: tuple[str, ...] = ()  # what a report's text says of its figure (NB401): issued | published


@value
class RowDef:
    id: str                      # r1, r3.3.2 … (table 三); 规章 … (table 二)
    label: str                   # canonical label as printed, numbering included
    core: str                    # distinctive text used to recognise the label
    numbering: str = ""          # canonical numbering prefix, e.g. （一） or 1.
    kind: str = "data"           # data | stub
    hover: str = ""
    aliases: tuple[str, ...] = ()
    short: str = ""              # how a message names it beside its cell, when not by its label

    @property
    def name(self) -> str:
        return self.short or self.label


@value
class BlockDef:
    id: str                      # 20.1, 20.5, …
    item: str                    # Chinese item numeral: 一, 五, …
    columns: tuple[ColumnDef, ...]
    rows: tuple[RowDef, ...]
    hover: str

    @property
    def title(self) -> str:
        return f"第二十条第（{self.item}）项"


@value
class Sum:
    """A sum a statutory table must satisfy: `total` is the sum of `parts`. In table 三's rows
    and table 四's groups they are columns (indices); down table 三 they are rows (ids)."""
    total: int | str
    parts: tuple


@value
class Edition:
    id: str                          # "2019" | "2021"
    document: str                    # the notice that issued it
    first_year: int
    last_year: int | None
    sections: tuple[SectionDef, ...]
    table_names: tuple[str, str, str]  # of tables 二, 三, 四 as the template titles them (`table_name`)
    table2: tuple[BlockDef, ...]
    table2_first_column: str         # the header of the labels' column: 信息内容
    table3_columns: tuple[ColumnDef, ...]
    table3_groups: tuple[tuple[str, tuple[int, ...]], ...]   # the header's column groups (申请人情况 …)
    table3_rows: tuple[RowDef, ...]  # data rows and stubs, in printed order
    table3_note: str                 # the header's first cell, which states table3_balance
    table3_header_words: tuple[str, ...]   # words of table 三's header besides its column labels
    table4_columns: tuple[ColumnDef, ...]
    table4_groups: tuple[tuple[str, tuple[int, ...]], ...]
    table4_header_words: tuple[str, ...]   # the words of table 四's header
    table4_hover: str                # what table 四 is, for a hover on any of its cells
    table3_row_sum: Sum              # in every row: 总计 = 自然人 + the five 法人或其他组织
    table3_balance: tuple[tuple[str, ...], tuple[str, ...]]   # in every column: Σ left rows = Σ right rows
    table3_results: Sum              # in every column: （七）总计 = the result rows under 三、本年度办理结果

    def table_name(self, number: int) -> str:
        """The name of table 二, 三 or 四: 主动公开政府信息情况表 …"""
        return self.table_names[number - 2]

    def block(self, block_id: str) -> BlockDef | None:
        for b in self.table2:                  # a loop: rules ask for every cell, next(genexpr) cost 3x
            if b.id == block_id:
                return b
        return None

    @property
    def table3_data_rows(self) -> tuple[RowDef, ...]:
        return tuple(r for r in self.table3_rows if r.kind == "data")

    def table3_row(self, row_id: str) -> RowDef | None:
        for r in self.table3_rows:
            if r.id == row_id:
                return r
        return None

    @property
    def table3_result_rows(self) -> tuple[RowDef, ...]:
        """The data rows whose sum is （七）总计 (T3-C)."""
        return tuple(self.table3_row(i) for i in self.table3_results.parts)

    @property
    def table4_sums(self) -> tuple[Sum, ...]:
        """In each group of table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
        return tuple(Sum(cols[-1], cols[:-1]) for _, cols in self.table4_groups)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
NUMERAL_VALUES = {v: k for k, v in NUMERALS.items()}
