"""The official template editions, as data. A future edition is one new module listed here."""
from ..template import Edition
from .edition2019 import EDITION as EDITION_2019
from .edition2021 import EDITION as EDITION_2021

EDITIONS: dict[str, Edition] = {e.id: e for e in (EDITION_2019, EDITION_2021)}
LATEST = EDITION_2021


def edition_for_year(year: int | None) -> Edition | None:
    """The edition that applies to a report year (None when no year is known)."""
    if year is None:
        return None
    for edition in EDITIONS.values():
        if edition.covers(year):
            return edition
    return EDITION_2019 if year < EDITION_2019.first_year else LATEST


def block_edition(block, edition: Edition) -> Edition:
    """The edition a table 二 block was written in: its own when the reader saw which (a report
    may write the other edition's block: NB206), else the report's `edition`."""
    return EDITIONS[block.edition] if block is not None and block.edition else edition


def any_table3_row(row_id: str):
    """Row `row_id` of table 三 in the first edition that has it as a data row (a report may
    write the other edition's rows: NB206), else as a stub."""
    rows = [r for e in EDITIONS.values() for r in e.table3_rows if r.id == row_id]
    return next((r for r in rows if r.kind == "data"), rows[0] if rows else None)


def any_block(block_id: str):
    """Block `block_id` of table 二 in the first edition that has it (第二十条第（九）项: 2019)."""
    return next((b for e in EDITIONS.values() for b in e.table2 if b.id == block_id), None)


def row_name(edition: Edition, table: int, row_id: str | None) -> str:
    """How a message names a row: “1.属于国家秘密”行, “行政许可”行, table 四's one row."""
    if table == 4:
        return f"{edition.table_name(4)}的数据行"
    d = (edition.table3_row(row_id) or any_table3_row(row_id)) if table == 3 else None
    return f"“{d.label if d else row_id}”行"
