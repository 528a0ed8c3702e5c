"""Hovers read the template from the edition data: a row or block the report wrote the other
edition's way is described as that edition has it, the sums are the edition's."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from nianbao.grammar import parse
from nianbao.server.lsp.hover import describe

CLEAN = (Path(__file__).parent / "fixtures" / "clean-2021.txt").read_text(encoding="utf-8")


def _hover(text: str, at: int) -> list[str]:
    return describe(SimpleNamespace(report=parse(text), findings=[]), at)


def test_a_2021_row_in_a_2019_report_is_described_as_2021_has_it():
    text = CLEAN.replace("2023", "2020")                 # a 2020 report: the 2019 edition, with 2021's （六） rows
    assert parse(text).edition.id == "2019"
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert _hover(text, text.index(label) + 3) == [
        f"**{label}**（r3.6.1）\n\n条例第三十条：申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理。"]


def test_a_row_total_and_a_group_total_say_their_sums():
    line = next(ln for ln in CLEAN.splitlines() if ln.startswith("四、结转下年度继续办理"))
    at = CLEAN.index(line) + line.rindex("\t") + 1             # its 总计 cell
    (hover,) = _hover(CLEAN, at)
    assert hover == "表三 **四、结转下年度继续办理** × **总计** = 1\n\n总计应等于前六列之和：1+0+0+0+0+0=1，一致"
    report = parse(CLEAN)
    cells = report.table4.rows[0].cells
    (hover,) = _hover(CLEAN, cells[9].span.start)
    assert hover.startswith(f"表四 **行政诉讼（未经复议直接起诉）** × **总计** = {cells[9].raw}\n\n总计应等于")
    assert hover.endswith("行政复议机关作共同被告的行政诉讼，只由原行政行为机关统计（国办公开办函〔2016〕201号）。")
