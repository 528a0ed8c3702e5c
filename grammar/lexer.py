"""The token stream of a report's table zone: cells, empty cells, labels and other text, each
with its exact span. Line breaks carry no meaning here.

Cells are what separators make cells: fields between tabs or pipes (`|`, `│`, `┃`; an empty
field is an empty cell), and words between spaces and line breaks. A number glued to prose
(`申请 17 件`, `2024 年`) is prose, not a cell; a number next to a label, another number, a line
end or a separator is a cell. Labels are found in the compact view of the zone (`labels.py`),
so a label wrapped over lines or spaced out by a PDF extractor is still one label, and the
digits glued to a label (`…申请数量640020470二、上年…`) are cells. Page footers (`- 4 -`,
`— 5 —`, `第 3 页`), rules (`---`, `─┼─`), form feeds and comments (`<!-- … -->`) are noise.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from . import normalize
from .cells import cell_value
from .labels import Term, find_terms, fuzzy_label, numbering_value
from .record import Record

CELL, EMPTY, TERM, TEXT, HEAD = "cell", "empty", "term", "text", "head"

_PIPES = "|│┃"
_SEP = re.compile(r"[|│┃]")
_WORD = re.compile(r"\S+")
_HAS_SPACE = re.compile(r"\s")
_RULE = re.compile(r"[\s\-—=_─━┄┈┼╋┬┴├┤┌┐└┘╔╗╚╝═|:：+]*")
_FOOTER = re.compile(r"\s*(?:[-—–－~]\s*\d{1,4}\s*[-—–－~]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,300}?/?>")
_CELL_TAG = re.compile(r"</?t[dh]\b", re.I)
_RULE_CHARS = " \t\u3000\u00a0-—=_─━┄┈┼╋┬┴├┤┌┐└┘╔╗╚╝═:+"
_MD_RULE = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?")
# bounded: an unclosed `<!--` must not make every later one scan to the end of the text
_COMMENT = r"<!--.{0,400}?-->"
_INLINE_FOOTER = re.compile(r"(?:(?<=\s)|^)[-—–－~]\s?\d{1,3}\s?[-—–－~](?=\s|$)")
_INVISIBLE = re.compile(f"{_COMMENT}|{_INLINE_FOOTER.pattern}"
                        r"|</?(?!(?:td|th|tr|table|thead|tbody|tfoot)\b)[a-zA-Z][a-zA-Z0-9]*\b[^<>]{0,300}?/?>")
# characters that pad cells and fill empty ones (a tab-indented or NBSP-only line is an empty cell)
_PAD = " \u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\t\r\v\f"
_VALUE_KINDS = ("int", "decimal", "na")


class Token(Record):
    __slots__ = ("kind", "start", "end", "line", "raw", "term", "explicit", "field", "after")

    def __init__(self, kind: str, start: int, end: int, line: int, raw: str = "", term: Term | None = None,
                 explicit: bool = False, field: int = -1):
        self.kind = kind            # cell | empty | term | text | head
        self.start = start          # code-point offsets into the original text
        self.end = end
        self.line = line            # 0-based line of `start`
        self.raw = raw              # the text as written (cells: stripped)
        self.term = term            # labels: what was recognised (compact offsets replaced by text ones)
        self.explicit = explicit    # a field cut out by tabs or pipes (a lone number in it is a cell)
        self.field = field          # which field of the zone it was read from
        self.after = ""             # labels: the text after them up to the next label (a wrapped label's end)


class Compact:
    """The zone's words concatenated, folded and without whitespace, with the way back to the
    original offsets (words hold no whitespace, so each maps linearly)."""

    def __init__(self, text: str, words: list[tuple[int, int]]):
        self.cstart: list[int] = []
        self.ostart: list[int] = []
        parts = []
        pos = 0
        for s, e in words:
            self.cstart.append(pos)
            self.ostart.append(s)
            parts.append(text[s:e])
            pos += e - s
        self.text = normalize.unify_words(normalize.fold("".join(parts)))
        self._starts = set(self.cstart)

    def orig(self, k: int) -> int:
        w = bisect_right(self.cstart, k) - 1
        return self.ostart[w] + k - self.cstart[w]

    def word_start(self, k: int) -> bool:
        return k in self._starts


def _fields(text: str, s: int, e: int, prev_sep: bool):
    """A line's fields: [(start, end, explicit)] with padding trimmed ((p, p) for an empty cell),
    and whether a pipe ends it that the next line may continue (one cell per line with `|`)."""
    line = text[s:e]
    if "<" in line and _CELL_TAG.search(line):
        return _html_fields(text, s, e), False
    pieces = line.split("\t") if "\t" in line else ()
    # TAB-separated cells; or a label and empty fields only (`1.属于国家秘密\t\t\t…`: its blank cells)
    if pieces and (sum(1 for f in pieces if f.strip()) >= 2 or (pieces[0].strip() and not any(f.strip() for f in pieces[1:]))):
        out, pos = [], s
        for f in pieces:
            out.append(_trim(text, pos, pos + len(f)) + (True,))
            pos += len(f) + 1
        return out, False
    if _SEP.search(line):
        stripped = line.strip(_PAD)
        # a Markdown row (`| a | b |`) stands alone; `56 |` and a lone `|` continue the cells of
        # the lines before: two separators with nothing between are an empty cell
        standalone = stripped[:1] in _PIPES and len(stripped.strip(_PIPES + _PAD)) > 0
        sep = False if standalone else prev_sep
        out, pos = [], s
        for i, piece in enumerate(_SEP.split(line)):
            if i:
                if sep:
                    out.append((pos - 1, pos - 1, True))
                sep = True
            fs, fe = _trim(text, pos, pos + len(piece))
            if fe > fs:
                if not _rule_piece(text[fs:fe]):                 # `---` between pipes: a rule, no cell
                    out.append((fs, fe, True))
                sep = False
            pos += len(piece) + 1
        return out, sep and not standalone
    fs, fe = _trim(text, s, e)
    if fe > fs:
        return [(fs, fe, False)], False
    if line.strip(" \r\v\f"):
        return [(fe, fe, True)], False            # a line of tab / NBSP padding: an empty cell
    return [], prev_sep


def _html_fields(text: str, s: int, e: int) -> list[tuple[int, int, bool]]:
    """A line with HTML tags in it (Markdown converters keep tables as raw HTML): the text of each
    `<td>`/`<th>` is a cell (an empty one an empty cell), other tags separate text."""
    out: list[tuple[int, int, bool]] = []
    pos, cell, filled = s, False, False
    for m in _TAG.finditer(text, s, e):
        fs, fe = _trim(text, pos, m.start())
        if fe > fs:
            out.append((fs, fe, cell))
            filled = True
        name = m.group(2).lower()
        if name in ("td", "th"):
            if m.group(1) and cell and not filled:
                out.append((m.start(), m.start(), True))
            cell, filled = not m.group(1), False
        pos = m.end()
    fs, fe = _trim(text, pos, e)
    if fe > fs:
        out.append((fs, fe, cell))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    piece = text[s:e]
    left = piece.lstrip(_PAD)
    s2 = s + len(piece) - len(left)
    return s2, s2 + len(left.rstrip(_PAD))


def _rule_piece(piece: str) -> bool:
    """`---`, `+-----+-----+`, `═══`: rule characters only, with a run of three.
    (Not a regex with a star on each side of the run: quadratic on a long line of dashes.)"""
    return not piece.strip(_RULE_CHARS) and any(r in piece for r in ("---", "———", "===", "───", "━━━", "═══"))


def _noise(line: str) -> bool:
    """A rule (`|---|---|`, `─┼─`, `——`) or a page footer (`- 4 -`, `— 5 —`, `第 3 页`)."""
    stripped = line.strip(_PAD)
    if not stripped:
        return False
    if _FOOTER.fullmatch(normalize.fold(stripped)):
        return True
    if _MD_RULE.fullmatch(stripped):
        return True
    return any(r in stripped for r in ("---", "——", "===", "─", "━", "═")) and _RULE.fullmatch(stripped) is not None


def lex(text: str, bounds: list[tuple[int, int]], first_line: int, start: int, end: int,
        cuts: list[tuple[int, int, object]] = ()) -> list[Token]:
    """Tokens of text[start:end]. `bounds` are the text's line bounds and `first_line` the index
    of the line holding `start`; `cuts` are (start, end, what) spans that become `head` tokens
    (section headings inside the zone) and are not read as table text."""
    fields: list[tuple[int, int, bool, int]] = []        # (start, end, explicit, line)
    words: list[tuple[int, int]] = []
    word_field: list[int] = []
    heads: list[Token] = []
    cut_list = sorted(cuts, key=lambda c: c[0])
    view = _visible(text, start, end)
    prev_sep = False
    line_no = first_line
    for ls, le in bounds[first_line:]:
        if ls >= end:
            break
        s, e = max(ls, start), min(le, end)
        segments = [(s, e)]
        for cs, ce, what in cut_list:
            if cs < e and ce > s:
                heads.append(Token(HEAD, cs, ce, line_no, text[cs:ce], term=what))
                segments = [(a, b) for a, b in _cut(segments, cs, ce)]
        for a, b in segments:
            got, prev_sep = _layout(view[a:b], prev_sep)
            for fs, fe, explicit, spans in got:
                for ws, we in spans:
                    words.append((a + ws, a + we))
                    word_field.append(len(fields))
                fields.append((a + fs, a + fe, explicit, line_no))
        line_no += 1
    compact = Compact(text, words)
    terms = find_terms(compact.text, compact.word_start)
    return _tokens(text, view, fields, words, word_field, compact, terms, heads)


@lru_cache(maxsize=16384)
def _layout(line: str, prev_sep: bool) -> tuple[tuple, bool]:
    """A line's fields, each (start, end, explicit, its words), offsets in the line, and the
    pipe state for the next line. Cached by the line's text: lines repeat (`0`, `|`, `\t0`), and
    the editor reads the whole report again at each keystroke."""
    if _noise(line):
        return (), prev_sep
    got, prev_sep = _fields(line, 0, len(line), prev_sep)
    out = []
    for fs, fe, explicit in got:
        spans = tuple(m.span() for m in _WORD.finditer(line, fs, fe)
                      if m.end() - m.start() < 3 or not _rule_piece(m.group()))
        out.append((fs, fe, explicit, spans))
    return tuple(out), prev_sep


def _cut(segments, cs: int, ce: int):
    for a, b in segments:
        if ce <= a or cs >= b:
            yield a, b
            continue
        if a < cs:
            yield a, cs
        if ce < b:
            yield ce, b


def _visible(text: str, start: int, end: int) -> str:
    """The text with what no reader sees blanked out (same length, so offsets stay put):
    comments (`<!-- nianbao-disable … -->` are invisible), HTML tags other than a table's
    (`结<br>果`), and page footers a flattening left inside a line (`… 31 - 4 - 2.没有…`)."""
    zone = text[start:end]
    if "<" not in zone and _INLINE_FOOTER.search(zone) is None:
        return text
    parts, pos = [], 0
    for m in _INVISIBLE.finditer(zone):
        parts += [zone[pos:m.start()], " " * (m.end() - m.start())]
        pos = m.end()
    return text[:start] + "".join(parts) + zone[pos:] + text[end:]


def _tokens(text, view, fields, words, word_field, compact: Compact, terms: list[Term],
            heads: list[Token]) -> list[Token]:
    """Words cut by the labels found in them; the rest read as cells or text. The headings come
    in before the passes that look at neighbours: a number is no prose for the words of the
    heading after it (`行政事业性收费 7545 三、收到和处理…` in a page of one line)."""
    out: list[Token] = list(heads)
    ti = 0
    n_terms = len(terms)
    line_of_field = [f[3] for f in fields]
    # empty fields and fields that are one value as a whole (`127.082 万元`) come first
    whole: dict[int, Token] = {}
    for i, (fs, fe, explicit, line) in enumerate(fields):
        if fe == fs:
            out.append(Token(EMPTY, fs, fe, line, "", explicit=True, field=i))
        elif explicit and _HAS_SPACE.search(view, fs, fe):
            raw = text[fs:fe]
            if cell_value(raw).kind in _VALUE_KINDS:
                whole[i] = Token(CELL, fs, fe, line, raw, explicit=True, field=i)
    term_tokens: list[Token] = []
    for w, (ws, we) in enumerate(words):
        f = word_field[w]
        if f in whole:
            if whole[f] is not None:
                out.append(whole[f])
                whole[f] = None
            continue
        cs = compact.cstart[w]
        ce = cs + (we - ws)
        pos = cs
        # labels overlapping this word
        while ti < n_terms and terms[ti].end <= cs:
            ti += 1
        k = ti
        while k < n_terms and terms[k].start < ce:
            t = terms[k]
            if t.start > pos:
                _piece(out, text, compact.orig(pos), compact.orig(t.start - 1) + 1, line_of_field[f], fields[f][2], f)
            if t.start >= cs:           # the label's token is made once, at its first word
                ts, te = compact.orig(t.start), compact.orig(t.end - 1) + 1
                tok = Token(TERM, ts, te, line_of_field[f], text[ts:te], term=t, explicit=fields[f][2], field=f)
                out.append(tok)
                term_tokens.append(tok)
            pos = max(pos, t.end)
            if t.end > ce:
                break
            k += 1
        if pos < ce:
            _piece(out, text, compact.orig(pos), we, line_of_field[f], fields[f][2], f)
    out.sort(key=lambda t: (t.start, t.end))
    _prose(out)
    _text_cells(out)
    _wrapped_ends(out)
    return out


def _piece(out: list[Token], text: str, s: int, e: int, line: int, explicit: bool, field: int) -> None:
    raw = text[s:e]
    if cell_value(raw).kind in _VALUE_KINDS:
        out.append(Token(CELL, s, e, line, raw, explicit=explicit, field=field))
        return
    k = normalize.key(raw)
    fuzzy = fuzzy_label(k) if k[:1] in "0123456789一二三四五六七八九(" and len(k) > 3 else None
    if fuzzy:
        entry, numbering = fuzzy
        term = Term(0, len(k), len(numbering), (entry,), numbering, numbering_value(numbering), None, k)
        out.append(Token(TERM, s, e, line, raw, term=term, explicit=explicit, field=field))
        return
    out.append(Token(TEXT, s, e, line, raw, explicit=explicit, field=field))


def _text_cells(tokens: list[Token]) -> None:
    """In a row of tab or pipe fields, a field of text after the row's label and a cell, or
    ending the row, is a cell that holds text (`行政许可\t十五`); text before a row's cells, or
    before a label, is a label's remains (`| 行政机关不再处理其政府信息公 | 40 |`, `| 三 | （一）…`)."""
    then = _next_kinds(tokens)
    line, started = -1, -1            # the field where the row's label or first cell is
    prev, seen_cell = None, False
    for i, t in enumerate(tokens):
        if t.line != line:
            line, started, seen_cell = t.line, -1, False
        if t.kind == CELL:
            seen_cell = True
        if t.kind == CELL or (t.kind == TERM and t.term.entries and
                              all(e.kind in ("data", "row", "stub") for e in t.term.entries)):
            if started < 0:
                started = t.field
        elif t.kind == TEXT and t.explicit and 0 <= started < t.field and \
                (then[i] == "end" or (then[i] == CELL and seen_cell)) and \
                not (prev is not None and prev.kind == TERM and _continues(prev, t)):
            t.kind = CELL
        prev = t


def _next_kinds(tokens: list[Token]) -> list[str]:
    """For each token, the kind of the next token on its line that is no empty cell, or "end"."""
    out = ["end"] * len(tokens)
    after = "end"
    for i in range(len(tokens) - 1, -1, -1):
        out[i] = after
        if i and tokens[i - 1].line != tokens[i].line:
            after = "end"
        elif tokens[i].kind != EMPTY:
            after = tokens[i].kind
    return out


def _wrapped_ends(tokens: list[Token]) -> None:
    """What a label's text goes on with after its cells (a label wrapped inside its table cell:
    `不计其他 │0 │0 │…` then `│  │情形）`), for `Label.exact`."""
    term = None
    for t in tokens:
        if t.kind == TERM:
            term = t
        elif t.kind == TEXT and term is not None and len(term.after) < 40:
            term.after += normalize.key(t.raw)


def _continues(label: Token, t: Token) -> bool:
    """`t` is the rest of the label, cut off into the next cell (`| 四、结转下年度继续办 | 理 |`)."""
    written = normalize.key(label.raw + t.raw)
    return any(normalize.key(e.numbering + e.canonical).startswith(written) for e in label.term.entries)


_CLAUSE = re.compile(r"[,，。;；]")


def _sentence(t: Token) -> bool:
    """Words of running text glued to a label: two Chinese characters or more, or a comma."""
    return t.kind == TEXT and (sum(1 for c in t.raw if "\u4e00" <= c <= "\u9fff") >= 2 or _CLAUSE.search(t.raw) is not None)


def _prose(tokens: list[Token]) -> None:
    """Numbers and labels inside running text are prose: a lone number with words on its line
    next to it (`受理申请 17 件`), a label inside a sentence (`主动公开行政许可信息`)."""
    n = len(tokens)
    prose = []
    for i, t in enumerate(tokens):
        if t.kind == TERM and not t.term.numbering and not t.term.item:
            before = tokens[i - 1] if i else None
            after = tokens[i + 1] if i + 1 < n else None
            if (before is not None and before.end == t.start and _sentence(before)) or \
                    (after is not None and after.start == t.end and _sentence(after) and after.raw[:1] not in "(（"):
                prose.append(t)
    for t in prose:             # after the look at every label: a label next to a label is no prose
        t.kind = TEXT
    for i, t in enumerate(tokens):
        if t.kind != CELL or t.explicit:
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < n else None
        b_line = before is not None and before.line == t.line
        a_line = after is not None and after.line == t.line
        if (b_line and before.kind == CELL) or (a_line and after.kind == CELL):
            continue
        if (b_line and before.kind == TEXT) or (a_line and after.kind == TEXT):
            t.kind = TEXT
