"""A table's reading is kept and reused (grammar/table_cache.py): a report read after another
that held the same table — wherever the table stands now — reads exactly as it reads alone:
every row, cell, span, problem and finding. Each variant below is read warm (right after the
report it was made from) and cold (nothing kept), and the two readings must be the same; the
warm reading must have used what was kept, or the test proves nothing."""
from __future__ import annotations

import re

import pytest

from conftest import SHARED, read, seed_path
from nianbao.grammar import check, ocr, parse, table_cache

REPORTS = sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
_YEAR = re.compile(r"20[12]\d")


def reading(text: str) -> tuple:
    """Everything the reader and the rules say about `text`, spans and all (a Record's repr
    lists every field); `text` is read once."""
    r = parse(text)
    findings = [(f.code, f.span, f.message, f.fix and (f.fix.title, f.fix.safety, f.fix.edits))
                for f in check(r)]
    return r.edition.id, repr(r.table2), repr(r.table3), repr(r.table4), repr(r.problems), findings


def cold(text: str) -> tuple:
    table_cache.clear()
    return reading(text)


def warm(before: str, text: str, monkeypatch) -> tuple[tuple, int]:
    """`text` read right after `before`; and how many tables came from what was kept."""
    table_cache.clear()
    parse(before)
    kept = []
    at = table_cache.Kept.at

    def counting(self, base):
        kept.append(self)
        return at(self, base)
    monkeypatch.setattr(table_cache.Kept, "at", counting)
    out = reading(text)
    monkeypatch.setattr(table_cache.Kept, "at", at)
    return out, len(kept)


def prose_before(text: str) -> str:
    """A sentence typed into the text before the tables (after the title line)."""
    i = text.index("\n") + 1
    return text[:i] + "本机关持续推进政务公开工作，不断提升公开质量。\n" + text[i:]


def typed_in_table_three(text: str):
    """`text` with table 三's first number changed (+7), and that cell (a seed with no number
    in table 三 has nothing to change: skipped)."""
    r = parse(text)
    cell = next((c for row in r.table3.rows for c in row.cells if c.is_number), None) if r.table3 else None
    if cell is None:
        pytest.skip("no number in table 三")
    return text[:cell.span.start] + str(cell.value + 7) + text[cell.span.end:], cell


def tables_of(text: str) -> int:
    r = parse(text)
    return sum(t is not None for t in (r.table2, r.table3, r.table4))


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:40])
def test_a_table_moved_by_typing_before_it_reads_as_alone(path, monkeypatch):
    text = read(path)
    variant = prose_before(text)
    got, kept = warm(text, variant, monkeypatch)
    assert got == cold(variant)
    assert kept == tables_of(variant) > 0


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:40])
def test_typing_after_the_tables_reads_as_alone(path, monkeypatch):
    text = read(path)
    variant = text + "\n特此报告。\n"
    got, kept = warm(text, variant, monkeypatch)
    assert got == cold(variant)
    assert kept == tables_of(variant)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:40])
def test_a_cell_changed_in_table_three_is_read_again(path, monkeypatch):
    text = read(path)
    variant, cell = typed_in_table_three(text)
    got, kept = warm(text, variant, monkeypatch)
    assert got == cold(variant)
    assert kept < tables_of(variant)               # table 三 itself was read again
    assert str(cell.value + 7) in got[2]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:40])
def test_another_year_reads_the_same_tables_by_its_edition(path, monkeypatch):
    # the year in the title decides the edition; the tables' text stays as it was
    text = read(path)
    m = _YEAR.search(text)
    other = "2019" if int(m.group()) >= 2021 else "2024"
    variant = text[:m.start()] + other + text[m.end():]
    got, _ = warm(text, variant, monkeypatch)
    assert got == cold(variant)


def test_a_reading_that_asked_for_the_page_numbers_is_not_kept(monkeypatch):
    # `3` after row r3.4.1 is page 3's number only while the pages around it are -2- and -4-
    # (tests/test_ocr.py): the page numbers are outside table 三, so its reading is not kept
    from test_ocr import SHORT, rows_report
    text = rows_report(SHORT, footer="3")
    assert parse(text).table3.row("r3.4.1").status == "unreadable"
    variant = text.replace("-2-\n", "-9-\n")
    got, _ = warm(text, variant, monkeypatch)
    assert got == cold(variant)
    assert parse(variant).table3.row("r3.4.1").values == [2, 0, 0, 0, 0, 2, 3]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:40])
def test_a_row_that_fails_its_sums_is_kept_too(path, monkeypatch):
    # an author mid-way through typing a row: its total not yet updated. The row is checked for
    # OCR damage, which looks at the whole text's page numbers only for a first or last cell
    # alone on its line (one cell per line: `7` may be page 7): only then is table 三 read again
    text = read(path)
    r = parse(text)
    cell = next((c for row in r.table3.rows for c in row.cells[:1] if c.is_number), None) if r.table3 else None
    if cell is None:
        pytest.skip("no number in table 三")
    typed = text[:cell.span.start] + str(cell.value + 7) + text[cell.span.end:]
    variant = prose_before(typed)
    got, kept = warm(typed, variant, monkeypatch)
    assert got == cold(variant)
    row = next(row for row in parse(typed).table3.rows if row.found and row.found[0].span.start == cell.span.start)
    alone = any(ocr.line_blank(typed, c.span.start, c.span.end) == (True, True) for c in (row.found[0], row.found[-1]))
    assert kept == tables_of(variant) - alone


def _aligned_hits(monkeypatch) -> list[bool]:
    hits: list[bool] = []
    aligned = table_cache.aligned

    def counting(shape):
        got = aligned(shape)
        hits.append(got is not None)
        return got
    monkeypatch.setattr(table_cache, "aligned", counting)
    return hits


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem[:40])
def test_a_cell_changed_in_table_three_keeps_its_alignment(path, monkeypatch):
    # what a cell says does not move its run: the alignment of table 三's runs is kept, and
    # the table read from it reads as alone
    text = read(path)
    variant, _ = typed_in_table_three(text)
    table_cache.clear()
    parse(text)
    hits = _aligned_hits(monkeypatch)
    got = reading(variant)
    monkeypatch.undo()
    assert any(hits)
    assert got == cold(variant)


def test_digits_that_become_glued_are_aligned_again(monkeypatch):
    # `1 2 3` is three cells of a row of seven; `11111 2 3` may be seven glued digits: the same
    # tokens, another alignment (the run's glued flag is part of what an alignment is kept by)
    text = read(SHARED / "seeds" / "003_9b665280c744ce7e.txt")
    row = "\t\t2. 重复申请\t0\t0\t0\t0\t0\t0\t0\n\t\t3."      # the next row's stub tabs go too:
    assert row in text                                           # they would be empty cells of this run
    short = text.replace(row, "\t\t2. 重复申请\t1\t2\t3\n3.")
    glued = text.replace(row, "\t\t2. 重复申请\t11111\t2\t3\n3.")
    table_cache.clear()
    parse(short)
    hits = _aligned_hits(monkeypatch)
    got = reading(glued)
    monkeypatch.undo()
    assert not hits[0]                      # table 三, the first table aligned, was aligned again
    assert got == cold(glued)
    assert parse(glued).table3.row("r3.5.2").status == "glued"
    assert parse(short).table3.row("r3.5.2").status == "cell-count"


def test_forget_empties_every_store_the_reader_and_the_rules_keep():
    from nianbao.grammar import bounded, lexer, lint, reader
    from nianbao.grammar.rules import consistency
    lint(read(seed_path("001")))
    stores = [table_cache._KEPT, table_cache._ZONES, table_cache._ALIGNED, lexer._CHUNKS, reader._BLOCKS,
              consistency._FOUND, consistency._SAID]
    assert all(stores) and set(map(id, stores)) == set(map(id, bounded._STORES))
    bounded.forget()
    assert not any(stores)
