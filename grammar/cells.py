"""Cell values: what one cell's text says (a count, a signed change, money with its unit, a
"not applicable" mark, blank or text). A pyparsing grammar, run on the folded cell text."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pyparsing as pp

from . import normalize
from .record import value

if TYPE_CHECKING:
    from decimal import Decimal


# sign as written (增/减 for 本年增/减), digits, a decimal part, a unit written in the cell
CELL_NUMBER = pp.Regex(
    r"(?P<sign>\+\+|--|\+|-|增加|减少|增|减)?\s*(?P<number>[0-9]+(?:\.[0-9]+)?)"
    r"\s*(?:\(?\s*(?:单位\s*[:：]\s*)?(?P<unit>万元|元|件|条|个|项)\s*\)?)?$"
)
CELL_NA = pp.Regex(r"(?:/|-{1,3}|—|不适用|N/A|n/a|NA|无)$")("na")
for _expr in (CELL_NUMBER, CELL_NA):
    _expr.leave_whitespace()


_CELL_START = set("0123456789+-增减/—不Nn无")


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
    try:
        res = CELL_NUMBER.parse_string(folded)
    except pp.ParseException:
        try:
            CELL_NA.parse_string(folded)
            return CellValue("na", None)
        except pp.ParseException:
            return CellValue("text", None)
    digits = res["number"]
    sign = res.get("sign") or None
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
    unit = res.get("unit") or None
    lead = len(digits.split(".")[0]) > 1 and digits.startswith("0")
    return CellValue(kind, value, unit, sign, fullwidth, lead)
