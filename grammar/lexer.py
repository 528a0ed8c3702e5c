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
from operator import attrgetter

from . import lazy_re, normalize
from .bounded import Bounded
from .cells import cell_value
from .labels import Term, find_terms, fuzzy_label, numbering_value
from .record import Record

CELL, EMPTY, TERM, TEXT, HEAD = "cell", "empty", "term", "text", "head"
CODES = {CELL: "c", EMPTY: "e", TERM: "l", TEXT: "t", HEAD: "h"}
_kind = attrgetter("kind")


def codes(tokens: list[Token]) -> str:
    """One character per token, its kind's (`CODES`): made in C, so that where the labels, the
    runs of cells or the text are is found by `str` methods and regexes, not by a Python loop
    over every token."""
    return "".join(map(CODES.__getitem__, map(_kind, tokens)))


_PIPES = "|│┃"
_SEP = re.compile(r"[|│┃]")
_WORD = re.compile(r"\S+")
_HAS_SPACE = re.compile(r"\s")
_RULE = re.compile(r"[\s\-—=_─━┄┈┼╋┬┴├┤┌┐└┘╔╗╚╝═|:：+]*")
_FOOTER = re.compile(r"\s*(?:[-—–－~]\s*\d{1,4}\s*[-—–－~]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*")
_TAG = lazy_re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,300}?/?>")
_CELL_TAG = lazy_re.compile(r"</?t[dh]\b", re.I)
_RULE_CHARS = " \t\u3000\u00a0-—=_─━┄┈┼╋┬┴├┤┌┐└┘╔╗╚╝═:+"
_MD_RULE = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?")
# bounded: an unclosed `<!--` must not make every later one scan to the end of the text
_COMMENT = r"<!--.{0,400}?-->"
# what a footer holds, written or folded (－ ～ − fold to - ~): most lines have none and are not folded
_FOOTER_MARK = re.compile("[-—–－~～−第]")
_INLINE_FOOTER = re.compile(r"(?:(?<=\s)|^)[-—–－~]\s?\d{1,3}\s?[-—–－~](?=\s|$)")
_FOOTER_DASHES = "-—–－~"       # no footer without one: most zones need no scan for footers
_INVISIBLE = lazy_re.compile(f"{_COMMENT}|{_INLINE_FOOTER.pattern}"
                        r"|</?(?!(?:td|th|tr|table|thead|tbody|tfoot)\b)[a-zA-Z][a-zA-Z0-9]*\b[^<>]{0,300}?/?>")
# characters that pad cells and fill empty ones (a tab-indented or NBSP-only line is an empty cell)
_PAD = " \u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\t\r\v\f"
_VALUE_KINDS = ("int", "decimal", "na")


class Token(Record):
    __slots__ = ("kind", "start", "end", "line", "raw", "term", "explicit", "field", "after", "_cell")

    def __init__(self, kind: str, start: int, end: int, line: int, raw: str = "", term: Term | None = None,
                 explicit: bool = False, field: int = -1):
        self.kind = kind            # cell | empty | term | text | head
        self.start = start          # code-point offsets into the original text
        self.end = end
        self.line = line            # 0-based line of `start`
        self.raw = raw              # the text as written (cells: stripped)
        self.term = term            # labels: what was recognised (offsets in its chunk's compact view)
        self.explicit = explicit    # a field cut out by tabs or pipes (a lone number in it is a cell)
        self.field = field          # which field of the zone it was read from
        self.after = ""             # labels: the text after them up to the next label (a wrapped label's end)
        self._cell = None           # cells: the model's Cell, once read (`reader._cells`)


class Compact:
    """The zone's words concatenated, folded and without whitespace (`text`), with the way back
    to the original offsets (words hold no whitespace, so each maps linearly): word i starts at
    `ostart[i]` in the text and at `cstart[i]` here."""

    def __init__(self, text: str, cstart: list[int], ostart: list[int]):
        self.text = text
        self.cstart = cstart
        self.ostart = ostart
        self._starts = set(cstart)

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
        for f in pieces:                  # each field trimmed as `_trim` trims it
            left = f.lstrip(_PAD)
            a = pos + len(f) - len(left)
            out.append((a, a + len(left.rstrip(_PAD)), True))
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
    if _FOOTER_MARK.search(stripped) and _FOOTER.fullmatch(normalize.fold(stripped)):
        return True
    if _SEP.search(stripped) and any(d in stripped for d in _FOOTER_DASHES) and _split_footer(stripped):
        return True
    if _MD_RULE.fullmatch(stripped):
        return True
    # (the fullmatch first: it fails at the first character of a line that is no rule)
    return _RULE.fullmatch(stripped) is not None and any(r in stripped for r in ("---", "——", "===", "─", "━", "═"))


def _split_footer(line: str) -> bool:
    """A page footer a converter cut into table cells: `| | - | 3 - |`, `| - 4 | - |`. Its cells
    joined make a footer, and the number shares its cell with a dash (a row of cells `| - | 3 |
    - |` is three cells, not a footer)."""
    pieces = [p.strip(_PAD) for p in _SEP.split(line)]
    pieces = [p for p in pieces if p]
    if not 2 <= len(pieces) <= 3 or not _FOOTER.fullmatch(normalize.fold(" ".join(pieces))):
        return False
    number = next(p for p in pieces if any(c.isdigit() for c in p))
    return any(d in number for d in _FOOTER_DASHES + "－")


def lex(text: str, bounds: list[tuple[int, int]], first_line: int, start: int, end: int,
        cuts: list[tuple[int, int, object]] = (), hide: list[tuple[int, int]] = ()) -> list[Token]:
    """Tokens of text[start:end], in the text's order. `bounds` are the text's line bounds and
    `first_line` the index of the line holding `start`; `cuts` are (start, end, what) spans that
    become `head` tokens (section headings inside the zone) and are not read as table text;
    `hide` are spans that are noise (page numbers OCR left a dash off: `ocr.Pages`).

    The zone is read chunk by chunk: runs of lines, broken where a line's words end in a digit
    and the next line's words do not begin with a numbering's dot. No label reaches across
    such a break (a label holds digits only in its numbering), and the passes over the tokens
    look only within a line, so a chunk's tokens depend on its text alone: a short chunk's are
    cached by it, as the lines' layouts are. What a label's text goes on with (`Token.after`)
    may run over chunks: each chunk knows its part of it."""
    view = _visible(text, start, end)
    hide = [(a, b) for a, b in hide if a < end and b > start]
    if hide:
        parts, pos = [], 0
        for a, b in hide:
            parts += [view[pos:a], " " * (b - a)]
            pos = b
        view = "".join(parts) + view[pos:]
    hidden = view is not text
    cut_list = sorted(cuts, key=lambda c: c[0])
    tokens: list[Token] = []
    heads: list[tuple[int, Token]] = []         # (where in tokens, the head)
    c0 = c1 = l0 = -1                            # the chunk gathered: its start, end and first line,
    overlaps: list[tuple] = []                   # each (start, end, what, line) of a heading on its lines,
    chunk_sep = prev_sep = False                 # the pipe state at its start; the pipe state now
    fields = 0
    label, shared = -1, False                    # where the last label so far is, and whether it was
                                                 # handed out as it was (`_chunk_tokens`)
    last = ""                                    # the compact view's last character so far
    ci = 0                                       # the first cut that may reach the current line
    line_no = first_line - 1
    for ls, le in bounds[first_line:]:
        if ls >= end:
            break
        line_no += 1
        s, e = (ls if ls > start else start), (le if le < end else end)
        here = None
        if ci < len(cut_list) and cut_list[ci][0] < e:       # a heading may be on this line
            while ci < len(cut_list) and cut_list[ci][1] <= s:
                ci += 1
            here = [c for c in cut_list[ci:] if c[0] < e and c[1] > s]
            segments = [(s, e)]
            for cs, ce, _ in here:
                segments = list(_cut(segments, cs, ce))
            sep, words = prev_sep, []
            for a, b in segments:
                _, sep, compact = _layout(view[a:b], sep)
                words.append(compact)
            words = "".join(words)
        else:
            _, sep, words = _layout(view[s:e], prev_sep)
        if words:
            # not before a line that is only a number: one cell per line, a row's label and
            # cells make one chunk, not eight
            if c0 >= 0 and not here and last in _DIGITS and words[0] not in ".、," and not words.isdigit():
                fields, label, shared = _chunk_tokens(text, view, hidden, c0, c1, l0, overlaps, chunk_sep, fields,
                                                      label, shared, tokens, heads)
                c0 = -1
            last = words[-1]
        if c0 < 0:
            c0, l0, overlaps, chunk_sep = s, line_no, [], prev_sep
        if here:
            overlaps += [(cs, ce, what, line_no) for cs, ce, what in here]
        c1 = e
        prev_sep = sep
    if c0 >= 0:
        _chunk_tokens(text, view, hidden, c0, c1, l0, overlaps, chunk_sep, fields, label, shared, tokens, heads)
    for i, head in reversed(heads):
        tokens.insert(i, head)
    return tokens


_DIGITS = frozenset("0123456789")
_BREAK = re.compile(r"\r\n|\r|\n")         # as `Source` breaks lines
_CHUNK_MAX = 512          # a longer chunk (a page whose text is one line: the whole zone) is read, not kept


def _chunk_tokens(text: str, view: str, hidden: bool, c0: int, c1: int, l0: int, overlaps: list[tuple],
                  prev_sep: bool, fields: int, label: int, shared: bool, tokens: list[Token],
                  heads: list[tuple[int, Token]]) -> tuple[int, int, bool]:
    """Add the tokens of the chunk text[c0:c1] (its first line l0) to `tokens` and its heads to
    `heads`; `overlaps`: (start, end, what, line) of each heading on each of its lines; `fields`:
    how many fields the zone had before it; `label`: where in `tokens` its last label before it
    is (-1: none), `shared`: whether that label was handed out as an earlier text had it (it is
    copied before its text after it is extended). Returns the three as they are after it."""
    cuts = tuple(dict.fromkeys((cs - c0, ce - c0) for cs, ce, _, _ in overlaps)) if overlaps else ()
    base = len(tokens)
    shared_last = False
    key = (view[c0:c1], text[c0:c1] if hidden else None, prev_sep, cuts) if c1 - c0 <= _CHUNK_MAX else None
    kept = _CHUNKS.get(key) if key is not None else None
    if kept is not None:
        _CHUNKS.touch(key)
        read, head_at, n_fields, tails, last, placed = kept
        if placed is not None and placed[0] == (c0, l0, fields):
            # where it stood the last time (typing further on in the zone): its tokens as they
            # were, its last label too unless the chunks after it extended its text after it
            tokens += placed[1]
            if last >= 0:
                if tokens[base + last].after == placed[2]:
                    shared_last = True
                else:
                    tokens[base + last] = tokens[base + last].replace(after=placed[2])
            tails = tails[:1] if tails and tails[0][0] < 0 else ()
        else:
            tokens += [Token(k, c0 + s, c0 + e, l0 + n, raw, term, explicit, fields + f)
                       for k, s, e, n, raw, term, explicit, f in read]
    else:
        read, head_at, n_fields, tails, last = _read_chunk(view[c0:c1], text[c0:c1], prev_sep, cuts)
        if key is not None:
            kept = [tuple(map(_AS_TUPLE, read)), head_at, n_fields, tails, last, None]
            _CHUNKS.put(key, kept)
        for t in read:
            t.start += c0
            t.end += c0
            t.line += l0
            t.field += fields
        tokens += read
    for i, (cs, ce, what, n) in zip(head_at, overlaps):
        heads.append((base + i, Token(HEAD, cs, ce, n, text[cs:ce], term=what)))
    for i, keys in tails:             # what the labels' text goes on with (see `_tails`)
        at = base + i if i >= 0 else label
        if at >= 0:
            term = tokens[at]
            after = term.after
            for k in keys:
                if len(after) < 40:
                    after += k
            if after != term.after:
                if i < 0 and shared:      # the label before the chunk, as an earlier text had it
                    tokens[at] = term.replace(after=after)
                    shared = False
                else:
                    term.after = after
    if kept is not None:
        # the tokens where they stand now, for the next text that has this chunk here too (no
        # token changes once its chunk is read, but for the text after the chunk's last label,
        # which the chunks after it add to: kept as it is so far)
        kept[5] = ((c0, l0, fields), tuple(tokens[base:base + len(kept[0])]),
                   tokens[base + last].after if last >= 0 else "")
    if last >= 0:
        return fields + n_fields, base + last, shared_last
    return fields + n_fields, label, shared


_AS_TUPLE = attrgetter("kind", "start", "end", "line", "raw", "term", "explicit", "field")    # Token's arguments

# the tokens of the chunks read so far, as tuples (offsets, line and field numbers in the chunk),
# by the chunk's text (and its text under what the view blanks out, if anything), its pipe state
# and the headings cut out of it; and the tokens made of them the last time, where they stood.
# Not an lru_cache: that hands back only its own copy, and a chunk read the first time would be
# made into tokens twice
_CHUNKS = Bounded(4096)


def _read_chunk(view: str, text: str, prev_sep: bool, cuts: tuple) -> tuple:
    """The tokens of a chunk (offsets, line and field numbers in it), where its heads go among
    them, how many fields it has, the text after its labels (`_tails`) and where its last label
    is (-1: none). `cuts`: (start, end) of the headings in it."""
    fields: list[tuple] = []          # (start, end, explicit, line, has a space, first word, past its last word)
    cstart: list[int] = []            # each word's offset in the compact view and in the text, and its end
    ostart: list[int] = []
    oend: list[int] = []
    pieces: list[str] = []            # the compact view, segment by segment
    heads: list[int] = []             # the field each head comes before
    pos = 0
    if "\n" in text or "\r" in text:       # the text's lines: a blanked tag may hide a break in the view
        breaks = list(_BREAK.finditer(text))
        starts = [0] + [m.end() for m in breaks]
        ends = [m.start() for m in breaks] + [len(text)]
    else:                                   # most chunks: one line, a table's row
        starts, ends = [0], [len(text)]
    for line_no, (s, e) in enumerate(zip(starts, ends)):
        here = [(cs, ce) for cs, ce in cuts if cs < e and ce > s] if cuts else ()
        segments = [(s, e)]
        if here:          # the line around the headings in it: its segments and heads in the text's order
            for cs, ce in here:
                segments = list(_cut(segments, cs, ce))
            segments = sorted([(cs, None) for cs, _ in here] + segments, key=lambda x: x[0])
        for a, b in segments:
            if b is None:
                heads.append(len(fields))
                continue
            got, prev_sep, compact = _layout(view[a:b], prev_sep)
            for fs, fe, explicit, space, spans in got:
                w0 = len(cstart)
                for ws, we in spans:
                    cstart.append(pos)
                    ostart.append(a + ws)
                    oend.append(a + we)
                    pos += we - ws
                fields.append((a + fs, a + fe, explicit, line_no, space, w0, len(cstart)))
            pieces.append(compact)
    compact = Compact(normalize.unify_words("".join(pieces)), cstart, ostart)
    terms = find_terms(compact.text, compact.word_start)
    read, head_at = _tokens(text, fields, oend, compact, terms, heads)
    return read, head_at, len(fields), *_tails(read)


@lru_cache(maxsize=16384)
def _layout(line: str, prev_sep: bool) -> tuple[tuple, bool, str]:
    """A line's fields, each (start, end, explicit, whether a space is inside, its words),
    offsets in the line; the pipe state for the next line; and its words folded and joined,
    the line's part of the compact view. Cached by the line's text: lines repeat (`0`, `|`,
    `\t0`), and the editor reads the whole report again at each keystroke."""
    if _noise(line):
        return (), prev_sep, ""
    got, prev_sep = _fields(line, 0, len(line), prev_sep)
    out, words = [], []
    for fs, fe, explicit in got:
        if fe == fs:                                    # an empty cell
            out.append((fs, fe, explicit, False, ()))
            continue
        piece = line[fs:fe]
        if piece.isdigit():                             # most fields of a table: a number
            out.append((fs, fe, explicit, False, ((fs, fe),)))
            words.append(piece)
        elif _HAS_SPACE.search(piece) is None:          # one word (fields are trimmed)
            spans = ((fs, fe),) if fe - fs < 3 or not _rule_piece(piece) else ()
            out.append((fs, fe, explicit, False, spans))
            if spans:
                words.append(piece)
        else:
            spans = tuple(m.span() for m in _WORD.finditer(line, fs, fe)
                          if m.end() - m.start() < 3 or not _rule_piece(m.group()))
            out.append((fs, fe, explicit, True, spans))
            words += [line[ws:we] for ws, we in spans]
    return tuple(out), prev_sep, normalize.fold("".join(words))


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
    if "<" not in zone and not _inline_footer(zone):
        return text
    parts, pos = [], 0
    for m in _INVISIBLE.finditer(zone):
        parts += [zone[pos:m.start()], " " * (m.end() - m.start())]
        pos = m.end()
    return text[:start] + "".join(parts) + zone[pos:] + text[end:]


def _inline_footer(zone: str) -> bool:
    """Whether `_INLINE_FOOTER` is found in `zone`: tried only where a dash stands (a footer starts
    with one), as `re` would try its look-behind at every character (~50 µs on a table zone)."""
    match, find = _INLINE_FOOTER.match, zone.find
    for d in _FOOTER_DASHES:
        i = find(d)
        while i >= 0:
            if match(zone, i):
                return True
            i = find(d, i + 1)
    return False


def _tokens(text: str, fields: list[tuple], oend: list[int], compact: Compact, terms: list[Term],
            heads: list[int]) -> tuple[list[Token], tuple[int, ...]]:
    """Words cut by the labels found in them; the rest read as cells or text. Field by field,
    so the tokens come in the text's order. `heads`: the field each head comes before; returned
    with the tokens: where among them each goes (no token reads a head as its neighbour).
    (Tokens are made with positional arguments here and in `_piece`: keywords cost twice as much.)"""
    out: list[Token] = []
    append = out.append
    term_at: list[int] = []           # where the labels are, and the cells not cut out by separators
    loose_cells: list[int] = []
    cstart, ostart = compact.cstart, compact.ostart
    ti = 0
    n_terms = len(terms)
    hi, n_heads = 0, len(heads)
    head_at: list[int] = []
    for f, (fs, fe, explicit, line, space, w0, w1) in enumerate(fields):
        while hi < n_heads and heads[hi] == f:
            head_at.append(len(out))
            hi += 1
        if fe == fs:
            append(Token(EMPTY, fs, fe, line, "", None, True, f))
            continue
        if explicit and space:            # a field that is one value as a whole (`127.082 万元`)
            raw = text[fs:fe]
            if cell_value(raw).kind in _VALUE_KINDS:
                append(Token(CELL, fs, fe, line, raw, None, True, f))
                continue
        for w in range(w0, w1):
            ws, cs = ostart[w], cstart[w]
            we = oend[w]
            ce = cs + (we - ws)
            while ti < n_terms and terms[ti].end <= cs:
                ti += 1
            pos = cs            # within the word, compact offset k is text offset ws + k - cs
            k = ti
            while k < n_terms and terms[k].start < ce:       # labels overlapping this word
                t = terms[k]
                if t.start > pos:
                    _piece(out, text, ws + pos - cs, ws + t.start - cs, line, explicit, f, term_at, loose_cells)
                if t.start >= cs:           # the label's token is made once, at its first word
                    ts = ws + t.start - cs
                    te = ws + t.end - cs if t.end <= ce else compact.orig(t.end - 1) + 1
                    term_at.append(len(out))
                    append(Token(TERM, ts, te, line, text[ts:te], t, explicit, f))
                pos = max(pos, t.end)
                if t.end > ce:
                    break
                k += 1
            if pos < ce:
                _piece(out, text, ws + pos - cs, we, line, explicit, f, term_at, loose_cells)
    head_at += [len(out)] * (n_heads - hi)
    _prose(out, term_at, loose_cells, set(head_at))
    _text_cells(out)
    return out, tuple(head_at)


def _piece(out: list[Token], text: str, s: int, e: int, line: int, explicit: bool, field: int,
           term_at: list[int], loose_cells: list[int]) -> None:
    raw = text[s:e]
    kind, term = _classify(raw)
    if kind == TERM:
        term_at.append(len(out))
    elif kind == CELL and not explicit:
        loose_cells.append(len(out))
    out.append(Token(kind, s, e, line, raw, term, explicit, field))


@lru_cache(maxsize=16384)
def _classify(raw: str) -> tuple[str, Term | None]:
    """A piece of a word no label was found in: a cell, a label whose core is garbled (by its
    numbering and the rest of its words), or text."""
    if cell_value(raw).kind in _VALUE_KINDS:
        return CELL, None
    k = normalize.key(raw)
    fuzzy = fuzzy_label(k) if k[:1] in "0123456789一二三四五六七八九(" and len(k) > 3 else None
    if fuzzy:
        entry, numbering = fuzzy
        return TERM, Term(0, len(k), len(numbering), (entry,), numbering, numbering_value(numbering), None, k)
    return TEXT, None


def _text_cells(tokens: list[Token]) -> None:
    """In a row of tab or pipe fields, a field of text after the row's label and a cell, or
    ending the row, is a cell that holds text (`行政许可\t十五`); text before a row's cells, or
    before a label, is a label's remains (`| 行政机关不再处理其政府信息公 | 40 |`, `| 三 | （一）…`)."""
    line, started = -1, -1            # the field where the row's label or first cell is
    prev, seen_cell = None, False
    n = len(tokens)
    for i, t in enumerate(tokens):
        kind = t.kind
        if t.line != line:
            line, started, seen_cell = t.line, -1, False
        if kind == CELL:
            seen_cell = True
            if started < 0:
                started = t.field
        elif kind == TERM:
            if started < 0 and t.term.entries and all(e.kind in ("data", "row", "stub") for e in t.term.entries):
                started = t.field
        elif kind == TEXT and t.explicit and 0 <= started < t.field:
            then = _next_kind(tokens, i, n)
            if (then == "end" or (then == CELL and seen_cell)) and \
                    not (prev is not None and prev.kind == TERM and _continues(prev, t)):
                t.kind = CELL
        prev = t


def _tails(tokens: list[Token]) -> tuple[tuple[tuple[int, tuple[str, ...]], ...], int]:
    """What each label's text goes on with after its cells (a label wrapped inside its table
    cell: `不计其他 │0 │0 │…` then `│  │情形）`), for `Label.exact`: the keys of the text after
    each label up to the next, as (the label's index, or -1 for the text before the first label,
    which goes on the label before the chunk; the keys); and the index of the last label (-1:
    none)."""
    out, keys, at = [], [], -1
    for i, t in enumerate(tokens):
        if t.kind == TERM:
            if keys:
                out.append((at, tuple(keys)))
                keys = []
            at = i
        elif t.kind == TEXT:
            keys.append(normalize.key(t.raw))
    if keys:
        out.append((at, tuple(keys)))
    return tuple(out), at


def _next_kind(tokens: list[Token], i: int, n: int) -> str:
    """The kind of the next token on token i's line that is no empty cell, or "end"."""
    for j in range(i + 1, n):
        t = tokens[j]
        if t.line != tokens[j - 1].line:
            return "end"
        if t.kind != EMPTY:
            return t.kind
    return "end"


def _continues(label: Token, t: Token) -> bool:
    """`t` is the rest of the label, cut off into the next cell (`| 四、结转下年度继续办 | 理 |`)."""
    written = normalize.key(label.raw + t.raw)
    return any(normalize.key(e.numbering + e.canonical).startswith(written) for e in label.term.entries)


_CLAUSE = re.compile(r"[,，。;；]")


def _sentence(t: Token) -> bool:
    """Words of running text glued to a label: two Chinese characters or more, or a comma."""
    return t.kind == TEXT and (sum(1 for c in t.raw if "\u4e00" <= c <= "\u9fff") >= 2 or _CLAUSE.search(t.raw) is not None)


def _prose(tokens: list[Token], term_at: list[int], loose_cells: list[int], head_at: set[int]) -> None:
    """Numbers and labels inside running text are prose: a lone number with words on its line
    next to it (`受理申请 17 件`), a label inside a sentence (`主动公开行政许可信息`).
    `term_at`: where the labels are; `loose_cells`: the cells no separator cut out; `head_at`:
    the tokens a heading comes before. A heading is nobody's sentence: the number before it is
    no prose for the heading's words (`行政事业性收费 7545 三、收到和处理…` in a page of one line)."""
    n = len(tokens)
    prose = []
    for i in term_at:
        t = tokens[i]
        if not t.term.numbering and not t.term.item:
            before = tokens[i - 1] if i and i not in head_at else None
            after = tokens[i + 1] if i + 1 < n and i + 1 not in head_at else None
            if (before is not None and before.end == t.start and _sentence(before)) or \
                    (after is not None and after.start == t.end and _sentence(after) and after.raw[:1] not in "(（"):
                prose.append(t)
    for t in prose:             # after the look at every label: a label next to a label is no prose
        t.kind = TEXT
    for i in loose_cells:
        t = tokens[i]
        before = tokens[i - 1] if i and i not in head_at else None
        after = tokens[i + 1] if i + 1 < n and i + 1 not in head_at else None
        b_line = before is not None and before.line == t.line
        a_line = after is not None and after.line == t.line
        if (b_line and before.kind == CELL) or (a_line and after.kind == CELL):
            continue
        if (b_line and before.kind == TEXT) or (a_line and after.kind == TEXT):
            t.kind = TEXT
