"""What one cell's text says (`cells.cell_value`): plain digits take a shortcut past the regexes,
and must read exactly as the regexes read everything else."""
import pytest

from nianbao.grammar.cells import CellValue, cell_value


@pytest.mark.parametrize("raw, expected", [
    ("0", CellValue("int", 0)),
    ("305", CellValue("int", 305)),
    (" 12 ", CellValue("int", 12)),
    ("012", CellValue("int", 12, leading_zero=True)),
    ("00", CellValue("int", 0, leading_zero=True)),
    ("１２", CellValue("int", 12, fullwidth=True)),
    ("０", CellValue("int", 0, fullwidth=True)),
    ("12件", CellValue("int", 12, unit="件")),
    ("+3", CellValue("int", 3, sign="+")),
    ("减2", CellValue("int", -2, sign="减")),
    ("-0", CellValue("int", 0, sign="-")),
    ("1.5万元", None),
    ("/", CellValue("na", None)),
    ("——", CellValue("na", None)),
    ("不适用", CellValue("na", None)),
    ("", CellValue("blank", None)),
    ("\u3000", CellValue("blank", None)),
    ("1.属于国家秘密", CellValue("text", None)),
    ("12a", CellValue("text", None)),
    ("²", CellValue("text", None)),                 # a digit to str.isdigit, not to the template
    ("9" * 5000, CellValue("text", None)),          # more digits than int() converts
])
def test_cell_value(raw, expected):
    got = cell_value(raw)
    if expected is None:                             # a decimal: its value is a Decimal
        from decimal import Decimal
        assert (got.kind, got.value, got.unit) == ("decimal", Decimal("1.5"), "万元")
    else:
        assert got == expected
