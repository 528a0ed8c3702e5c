"""The pyparsing grammar of a report's pieces, built from the template data.

The reader (`parser.py`) cuts the text into lines and cells with plain string operations and
hands each candidate piece to these grammars: a section heading, a table label (row, stub,
header or block title, with the numbering as written), a cell value. Pieces are short and
repeat (most cells are `0`), so results are memoised; a 30 KB report costs a few hundred
grammar calls, not a parse of the whole text.

All grammars run on `normalize.key()` / `normalize.fold()` copies, never on the source.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

import pyparsing as pp

from . import normalize
from .editions import EDITIONS
from .editions.common import TABLE2_FIRST_COLUMN, TABLE4_HEADER_WORDS
from .record import value
from .template import NUMERAL_VALUES

if TYPE_CHECKING:
    from decimal import Decimal

CN_DIGITS = "一二三四五六七八九十"

# ---------------------------------------------------------------------------------------------
# cell values

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


# ---------------------------------------------------------------------------------------------
# labels: numbering + the label's distinctive text (+ a parenthesised hint) + what follows

@value
class LabelEntry:
    table: int                # 2, 3, 4
    kind: str                 # row | stub | header
    id: str                   # row id / block id / header word
    canonical: str            # canonical label (numbering included for table 三)
    numbering: str            # canonical numbering, "" if none
    editions: tuple[str, ...]


def _catalogue() -> dict[str, tuple[LabelEntry, ...]]:
    entries: dict[str, dict[tuple, LabelEntry]] = {}

    def add(core: str, entry: LabelEntry) -> None:
        k = normalize.key(core)
        bucket = entries.setdefault(k, {})
        key = (entry.table, entry.kind, entry.id)
        old = bucket.get(key)
        if old:
            entry = LabelEntry(entry.table, entry.kind, entry.id, old.canonical, old.numbering,
                               tuple(sorted(set(old.editions) | set(entry.editions))))
        bucket[key] = entry

    for ed in EDITIONS.values():
        for block in ed.table2:
            for row in block.rows:
                add(row.core, LabelEntry(2, "row", row.id, row.label, "", (ed.id,)))
            for col in block.columns:
                for text in (col.label,) + col.aliases:
                    add(text, LabelEntry(2, "header", col.label, col.label, "", (ed.id,)))
        add(TABLE2_FIRST_COLUMN, LabelEntry(2, "header", TABLE2_FIRST_COLUMN, TABLE2_FIRST_COLUMN, "", (ed.id,)))
        for row in ed.table3_rows:
            body = row.label[len(row.numbering):]
            add(row.core, LabelEntry(3, row.kind, row.id, body, row.numbering, (ed.id,)))
        for col in ed.table3_columns:
            add(col.label, LabelEntry(3, "header", col.label, col.label, "", (ed.id,)))
        for word in ("申请人情况", "法人或其他组织", "本列数据的勾稽关系为"):
            add(word, LabelEntry(3, "header", word, word, "", (ed.id,)))
        for word in TABLE4_HEADER_WORDS:
            add(word, LabelEntry(4, "header", word, word, "", (ed.id,)))
    return {k: tuple(v.values()) for k, v in entries.items()}


CATALOGUE = _catalogue()

_NUMBERING = rf"(?P<cn>[{CN_DIGITS}]+)[、.,]|\((?P<pcn>[{CN_DIGITS}]+)\)|(?P<ar>[0-9]{{1,2}})[.、,](?![0-9])"
_numbering = pp.Regex(_NUMBERING)("numbering")
_hint = pp.Regex(r"\([^()]*(?:\([^()]*\)[^()]*)*\)")("hint")
# One Regex element: numbering (or the opening bracket of table 三's note cell, （本列数据…）),
# a label's core text from the catalogue (longest first), the rest. A single element keeps
# the per-label cost near that of one `re` match.
LABEL = pp.Regex(
    rf"(?:(?P<numbering>{_NUMBERING})|\((?=本列))?"
    rf"(?P<core>{'|'.join(re.escape(c) for c in sorted(CATALOGUE, key=len, reverse=True))})"
    r"(?P<rest>.*)"
)
LABEL.parse_with_tabs()
LABEL.leave_whitespace()


@value
class LabelMatch:
    entries: tuple[LabelEntry, ...]
    numbering: str            # as written (folded), "" if none
    number: int | None        # value of the numbering
    body: str                 # core + hint, folded key
    consumed: int             # length of numbering+core+hint in the key string
    rest: str                 # key text after the label


_LABEL_START = set(CN_DIGITS + "(0123456789") | {core[0] for core in CATALOGUE}
_TAIL = re.compile(r"^(?P<tail>[^0-9+\-]*)")


def _tail_ok(written: str, canonical: str) -> bool:
    """Does the text after a label's core continue the canonical label (typos allowed)?"""
    if not written:
        return True
    if not canonical:
        return False
    if canonical.startswith(written) or written.startswith(canonical):
        return True
    return SequenceMatcher(None, written, canonical).ratio() >= 0.6


@lru_cache(maxsize=8192)
def match_label(k: str) -> LabelMatch | None:
    """Match a label at the start of a key string (see `normalize.key`).

    The label is its numbering, its core text, the rest of its canonical wording (typos
    tolerated) and a parenthesised hint; whatever follows (`rest`) is for the caller: values,
    or text that shows the piece was prose after all.
    """
    if not k or k[0] not in _LABEL_START:   # cheap rejection before pyparsing
        return None
    try:
        res = LABEL.parse_string(k)
    except pp.ParseException:
        return None
    numbering = res.get("numbering") or ""
    number = None
    if numbering:
        digits = numbering.strip("()、.,")
        number = int(digits) if digits.isdigit() else _cn_value(digits)
    core = res["core"]
    entries = CATALOGUE[core]
    after = res.get("rest") or ""
    tail = _TAIL.match(after).group("tail")
    if tail and not tail.startswith("("):
        canonical_tails = [normalize.key(e.canonical)[len(core):] for e in entries
                           if normalize.key(e.canonical).startswith(core)]
        if any(_tail_ok(tail, t) for t in canonical_tails):
            after = after[len(tail):]
        else:
            tail = ""
    else:
        tail = ""
    if after.startswith("("):
        hint = _hint.search_string(after, max_matches=1)
        h = hint[0][0] if hint else ""
        if h and after.startswith(h):
            tail += h
            after = after[len(h):]
    body = core + tail
    return LabelMatch(entries, numbering, number, body, len(k) - len(after), after)


def _cn_value(s: str) -> int | None:
    if s in NUMERAL_VALUES:
        return NUMERAL_VALUES[s]
    if len(s) == 2 and s[0] == "十":
        return 10 + NUMERAL_VALUES.get(s[1], 0)
    return None


NUMBERING_ONLY = (_numbering + pp.StringEnd()).leave_whitespace()


def is_numbering_only(k: str) -> bool:
    try:
        NUMBERING_ONLY.parse_string(k)
        return True
    except pp.ParseException:
        return False


# ---------------------------------------------------------------------------------------------
# table 二 block titles: 第二十条第（一）项 and its variants

BLOCK_TITLE = (pp.Opt("第") + pp.Literal("二十条") + pp.Opt("第") + "(" +
               pp.Regex(f"[{CN_DIGITS}]")("item") + ")" + pp.Opt("项") + pp.Opt(pp.Regex(r".+"))("rest"))
BLOCK_TITLE.leave_whitespace()


@lru_cache(maxsize=1024)
def match_block_title(k: str) -> tuple[str, str] | None:
    """(item numeral, rest) for a key like 第二十条第(一)项."""
    if "二十条" not in k:
        return None
    try:
        res = BLOCK_TITLE.parse_string(k)
    except pp.ParseException:
        return None
    return res["item"], res.get("rest", "")


# ---------------------------------------------------------------------------------------------
# section headings

# Markdown #'s, then a numbering (一、 / （五） / (5) / 5、 / a bare 、), then the title; one Regex
# element, so a line costs one `re` match.
_SEP = r"[、.,:;]"
HEADING = pp.Regex(
    rf"(?P<md>#{{1,6}})?\s*"
    rf"(?P<marker>(?P<cn>[{CN_DIGITS}]{{1,2}}){_SEP}"
    rf"|\((?:(?P<pcn>[{CN_DIGITS}]{{1,2}})|(?P<par>[0-9]{{1,2}}))\)"
    rf"|(?P<ar>[0-9]{{1,2}}){_SEP}"
    rf"|(?P<bare>{_SEP}))?\s*"
    r"(?P<title>.+)"
)
HEADING.leave_whitespace()


@value
class HeadingParse:
    markdown: str
    numbering: str            # as written (folded)
    numbering_end: int        # offset in the folded, left-stripped line where the title starts
    style: str                # cn | paren | arabic | bare | none
    written: int | None
    title: str                # folded title text, trailing punctuation stripped


@lru_cache(maxsize=2048)
def parse_heading(line: str) -> HeadingParse | None:
    """Parse a folded, stripped line as a heading shape (does not decide which section)."""
    try:
        res = HEADING.parse_string(line)
    except pp.ParseException:
        return None
    title = res["title"].strip().rstrip(":;。.,*").strip()
    if not title:
        return None
    md = res.get("md") or ""
    title_start = len(line) - len(res["title"])
    numbering = (res.get("marker") or "").strip()
    if res.get("cn"):
        style, written = "cn", _cn_value(res["cn"])
    elif res.get("pcn"):
        style, written = "paren", _cn_value(res["pcn"])
    elif res.get("par"):
        style, written = "paren", int(res["par"])
    elif res.get("ar"):
        style, written = "arabic", int(res["ar"])
    elif res.get("bare"):
        style, written = "bare", None
    else:
        style, written = "none", None
    return HeadingParse(md, numbering, title_start, style, written, title)
