"""The template's labels as terminals of the report grammar: row labels, stubs, column headers
and block titles of tables 二, 三 and 四, built from the edition data (`editions/`).

A label is its numbering (`（一）`, `1.`, `四、` …), its distinctive core text, the rest of its
canonical wording (typos tolerated) and, where the canonical label has one, its parenthesised
hint. Labels are found in the *compact view* of a text (folded, whitespace removed; see
`lexer.Compact`), so a label wrapped over lines or spaced out by a PDF extractor (`4.无正当理由
大量反复 申请`, `三 、本 年 度`) is the same label. The terminals are pyparsing elements; the
reader scans with their compiled expressions, as a report has hundreds of them.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

import pyparsing as pp

from . import lazy_re, normalize
from .editions import EDITIONS
from .record import value
from .template import NUMERAL_VALUES

CN_DIGITS = "一二三四五六七八九十"


@value
class LabelEntry:
    table: int                # 2, 3, 4
    kind: str                 # data | row (table 二) | stub | header
    id: str                   # row id / header word
    canonical: str            # canonical label (without its numbering for table 三)
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
            entry = entry.__class__(entry.table, entry.kind, entry.id, old.canonical, old.numbering,
                                    tuple(sorted(set(old.editions) | set(entry.editions))))
        bucket[key] = entry

    for ed in EDITIONS.values():
        for block in ed.table2:
            for row in block.rows:
                add(row.core, LabelEntry(2, "row", row.id, row.label, "", (ed.id,)))
            for col in block.columns:
                for text in (col.label,) + col.aliases:
                    add(text, LabelEntry(2, "header", col.label, col.label, "", (ed.id,)))
        first = ed.table2_first_column
        add(first, LabelEntry(2, "header", first, first, "", (ed.id,)))
        for row in ed.table3_rows:
            body = row.label[len(row.numbering):]
            add(row.core, LabelEntry(3, row.kind, row.id, body, row.numbering, (ed.id,)))
        for col in ed.table3_columns:
            add(col.label, LabelEntry(3, "header", col.label, col.label, "", (ed.id,)))
        for word in ed.table3_header_words:
            add(word, LabelEntry(3, "header", word, word, "", (ed.id,)))
        for word in ed.table4_header_words:
            add(word, LabelEntry(4, "header", word, word, "", (ed.id,)))
    return {k: tuple(v.values()) for k, v in entries.items()}


CATALOGUE = _catalogue()

# -- the terminals ---------------------------------------------------------------------------

_NUMBERING = rf"(?:(?P<cn>[{CN_DIGITS}]{{1,2}})[、.,]|\((?P<pcn>[{CN_DIGITS}]{{1,2}})\)|(?P<ar>[0-9]{{1,2}})[.、,])"
# each expression compiled once, and only when used (a CLI lint pays every compilation): the
# elements are made from the compiled ones or from strings (pyparsing compiles them when it
# first parses); a numbering alone is looked for only in a garbled label (`fuzzy_label`)
NUMBERING = pp.Regex(_NUMBERING)("numbering")
_NUMBERED = lazy_re.compile(_NUMBERING)
# a label's numbering, right before its core in the compact view; a key that is one whole
_NUMBERING_BEFORE = re.compile(_NUMBERING + "$")
NUMBERING_ONLY = pp.Regex(_NUMBERING_BEFORE)
# 第二十条第（一）项 and its variants (第二十条（一）项, 二十条第(一)项 …)
BLOCK_TITLE = pp.Regex(rf"第?二十条第?\((?P<item>[{CN_DIGITS}])\)项?")("block_title")


def _trie(words) -> str:
    """An expression matching the longest of `words` that starts where it is tried, as the
    alternation of the words longest first would (其他法律… wins over 其他), written as a trie:
    `re` tries the alternatives one by one, so a flat alternation of 71 cores tried every one
    at each character of a compact view, and the trie only those sharing what was read so far
    (half the time of a label search). At each node the longer words come first, then the end."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def node_pattern(node: dict) -> str:
        alts = [re.escape(ch) + node_pattern(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")
    return node_pattern(root)


# every core text; the longest that is there wins (其他法律… over 其他)
CORE = pp.Regex(_trie(CATALOGUE))("core")
# one scan finds both: a block title, or the core of a label
TERMINAL = re.compile(f"(?P<block>{BLOCK_TITLE.pattern})|(?P<core>{CORE.pattern})")
_DIGITS_OR_SIGN = re.compile(r"[0-9+\-]")


@value
class Term:
    """A label found in a compact view: offsets into the compact string."""
    start: int                      # numbering (or core) start
    end: int                        # after core, tail and hint
    core_start: int
    entries: tuple[LabelEntry, ...]  # block titles: ()
    numbering: str                  # as written (folded), "" if none
    number: int | None              # the numbering's value
    item: str | None = None         # block titles: the item numeral (一, 五 …)
    written: str = ""               # numbering + body as written (compact, folded)


def similar(a: str, b: str, least: float) -> float | None:
    """`SequenceMatcher(None, a, b).ratio()` when it is at least `least`, else None. Most pairs
    compared are far apart: its upper bounds (`real_quick_ratio`, from the lengths, then
    `quick_ratio`, the characters in common) rule them out before the matching blocks are
    searched; each bound is worked out as difflib does, so a pair is never ruled out wrongly."""
    total = len(a) + len(b)
    if (2.0 * min(len(a), len(b)) / total if total else 1.0) < least:
        return None
    m = SequenceMatcher(None, a, b)
    if m.quick_ratio() < least:
        return None
    r = m.ratio()
    return r if r >= least else None


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def cn_value(s: str) -> int | None:
    if s in NUMERAL_VALUES:
        return NUMERAL_VALUES[s]
    if len(s) == 2 and s[0] == "十":
        return 10 + NUMERAL_VALUES.get(s[1], 0)
    return None


def numbering_value(numbering: str) -> int | None:
    digits = numbering.strip("()、.,")
    return int(digits) if digits.isdigit() else cn_value(digits)


@lru_cache(maxsize=256)
def _tails(core: str) -> tuple[str, ...]:
    """What the canonical labels of `core` say after it (compact keys; "" for none)."""
    out = []
    for e in CATALOGUE[core]:
        k = normalize.key(e.canonical)
        if k.startswith(core):
            out.append(k[len(core):])
    return tuple(dict.fromkeys(out)) or ("",)


def _tail_length(rest: str, tails: tuple[str, ...]) -> int:
    """How much of `rest` continues a canonical label (typos tolerated): 0 for none. A tail cut
    short by the cells (a PDF line of numbers inside a wrapped label) counts as far as it goes."""
    stop = _DIGITS_OR_SIGN.search(rest)
    avail = rest[:stop.start()] if stop else rest
    best, best_len = 0.0, 0
    for tail in tails:
        if not tail:
            continue
        if avail.startswith(tail):
            return len(tail)
        # a typo, a missing or an extra character or two: the closest prefix of similar length
        for n in range(max(1, len(tail) - 3), min(len(avail), len(tail) + 3) + 1):
            r = SequenceMatcher(None, avail[:n], tail).ratio()
            if r > best:
                best, best_len = r, n
        if 4 <= len(avail) < len(tail) - 3:
            r = SequenceMatcher(None, avail, tail[:len(avail)]).ratio()
            if r > best:
                best, best_len = r, len(avail)
    return best_len if best >= 0.75 else 0


def find_terms(compact: str, word_start, lo: int = 0, hi: int | None = None) -> list[Term]:
    """Every label and block title in compact[lo:hi], in order, without overlaps.

    `word_start(i)` tells whether compact index i begins a word of the original text: a digit
    glued to the digits before it in one word (`…00000002.其他法律`) is only taken as a numbering
    when it is the one the label's canonical numbering says."""
    hi = len(compact) if hi is None else hi
    out: list[Term] = []
    pos = lo
    search = TERMINAL.search
    while True:
        m = search(compact, pos, hi)
        if m is None:
            return out
        if m.group("block"):
            out.append(Term(m.start(), m.end(), m.start(), (), "", None, m.group("item"), m.group()))
            pos = m.end()
            continue
        core = m.group("core")
        cs, ce = m.start(), m.end()
        entries = CATALOGUE[core]
        tail = _tail_length(compact[ce:min(hi, ce + 40)], _tails(core))
        if len(core) <= 2 and not tail and ce < hi and _is_cjk(compact[ce]) and not word_start(ce) \
                and not TERMINAL.match(compact, ce, hi):
            pos = cs + 1              # 其他法律…, 规章制度: a short core that is the start of another word
            continue
        numbering, number, start = _numbering(compact, cs, entries, word_start, out[-1].end if out else lo)
        end = ce + tail
        out.append(Term(start, end, cs, entries, numbering, number, None, compact[start:end]))
        pos = end


def _numbering(compact: str, cs: int, entries, word_start, floor: int) -> tuple[str, int | None, int]:
    """The numbering written right before a core at `cs` (`（一）`, `1.`, `四、`), if any."""
    m = _NUMBERING_BEFORE.search(compact, max(floor, cs - 5), cs)
    if m is None:
        return "", None, cs
    start = m.start()
    if m.group("ar"):
        dot = cs - 1
        first = dot                    # the digits before the dot in the same word of the text
        while first > floor and compact[first - 1].isdigit() and not word_start(first):
            first -= 1
        run = compact[first:dot]
        # table 三 numberings are one digit: in `…0 02.其他` or a glued `00000002.其他` the digits
        # before it are the cells of the row above
        wanted = [str(numbering_value(e.numbering)) for e in entries if e.numbering[:1].isdigit()]
        suffix = next((w for w in wanted if run.endswith(w)), None)
        if suffix is not None:
            start = dot - len(suffix)
        elif len(run) <= 2:
            start = first
        else:
            return "", None, cs
    numbering = compact[start:cs]
    return numbering, numbering_value(numbering), start


# -- labels whose core is garbled: recognised by their numbering and the rest of the words ------


@lru_cache(maxsize=64)
def _numbered_rows(number: int, style: str) -> tuple[tuple[str, LabelEntry], ...]:
    out = []
    for core, entries in CATALOGUE.items():
        for e in entries:
            if e.kind in ("data", "stub") and e.numbering and numbering_value(e.numbering) == number \
                    and (e.numbering[0].isdigit()) == (style == "ar"):
                out.append((normalize.key(e.canonical), e))
    return tuple(out)


@lru_cache(maxsize=4096)
def fuzzy_label(written: str) -> tuple[LabelEntry, str] | None:
    """A numbered piece of text whose words are close to one table 三 label with that numbering
    (`2.其他法律行政止公开`): that label and the numbering as written; None when no label, or
    more than one, is close enough."""
    m = _NUMBERED.match(written)
    if m is None or m.end() == len(written):
        return None
    style = "ar" if m.group("ar") else "cn"
    body = written[m.end():]
    scored = []
    for canon, e in _numbered_rows(numbering_value(m.group()), style):
        r = similar(body, canon, 0.7)
        if r is not None:
            scored.append((r, e))
    scored.sort(key=lambda x: -x[0])
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1], m.group()


def is_numbering_only(k: str) -> bool:
    return NUMBERING_ONLY.re.match(k) is not None
