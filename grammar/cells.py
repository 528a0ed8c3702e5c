"""Cell values: what one cell's text says (a count, a signed change, money with its unit, a
"not applicable" mark, blank or text). Regex terminals run on the folded cell text: a cell is
one token of the template's grammar, and most cells are plain digits, read before any regex."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from . import lazy_re, normalize
from .record import value

if TYPE_CHECKING:
    from decimal import Decimal


# units a cell may carry after its number: money (万 is how a cell shortens 万元) and counts
MONEY_UNITS = ("万元", "万", "元")
COUNT_UNITS = ("件", "条", "个", "项")
_UNIT = r"\s*(?:\(?\s*(?:单位\s*[:：]\s*)?(?P<unit>" + "|".join(MONEY_UNITS + COUNT_UNITS) + r")\s*\)?)?$"

# sign as written (增/减 for 本年增/减), digits, a decimal part, a unit written in the cell
CELL_NUMBER = re.compile(
    r"(?P<sign>\+\+|--|\+|-|增加|减少|增|减)?\s*(?P<number>[0-9]+(?:\.[0-9]+)?)" + _UNIT
)

# What a cell says for "nothing to report", as real reports write it: NB205 asks for 0 instead.
# The one list of them; a dash may be doubled (——, --), and — folds to -.
NA_MARKS = ("/", "—", "-", "无", "不适用", "不涉及", "N/A")


def _na_pattern(mark: str) -> str:
    folded = normalize.fold(mark)
    if folded == "-":
        return "-{1,3}"
    if mark == "N/A":
        return "[Nn]/?[Aa]"
    return re.escape(folded)


CELL_NA = re.compile("(?:" + "|".join(dict.fromkeys(_na_pattern(m) for m in NA_MARKS)) + ")$")


_CELL_START = set("0123456789+-增减") | {normalize.fold(m)[0] for m in NA_MARKS} | {"n"}
_UNIT_AT_END = lazy_re.compile(_UNIT.replace("?P<unit>", "?:"))


def without_unit(raw: str) -> str:
    """A number cell's text without the unit written after it: `12.5（万元）` → `12.5`."""
    m = _UNIT_AT_END.search(normalize.fold(raw).rstrip())
    return raw[:m.start()] if m else raw


@value
class CellValue:
    """What a cell's text says; the fields are `Cell`'s after span and raw, in its order."""
    kind: str                 # int | decimal | blank | na | text
    value: int | Decimal | None
    unit: str | None = None
    sign: str | None = None
    fullwidth: bool = False
    leading_zero: bool = False


@lru_cache(maxsize=4096)
def cell_value(raw: str) -> CellValue:
    """Read one cell's text (already cut out of its row)."""
    folded = normalize.fold(raw).strip()
    if not folded:
        return CellValue("blank", None)
    if folded[0] not in _CELL_START:        # cheap rejection of prose before pyparsing sees it
        return CellValue("text", None)
    fullwidth = any("０" <= ch <= "９" for ch in raw)
    if folded.isdigit() and folded.isascii() and len(folded) < 4300:     # most cells: 0, 12, 305
        return CellValue("int", int(folded), None, None, fullwidth, len(folded) > 1 and folded[0] == "0")
    res = CELL_NUMBER.match(folded)
    if res is None:
        return CellValue("na", None) if CELL_NA.match(folded) else CellValue("text", None)
    digits = res["number"]
    sign = res["sign"] or None
    negative = sign in ("-", "--", "减", "减少")
    if "." in digits:                     # the regex admits digits and one dot only
        from decimal import Decimal         # here: ~1 ms of start-up, and few reports need it
        value: int | Decimal = Decimal(digits)
        kind = "decimal"
    else:
        try:
            value, kind = int(digits), "int"
        except ValueError:                  # more digits than int() converts (4300): not a count
            return CellValue("text", None)
    if negative:
        value = -value
    unit = res["unit"] or None
    lead = len(digits.split(".")[0]) > 1 and digits.startswith("0")
    return CellValue(kind, value, unit, sign, fullwidth, lead)
