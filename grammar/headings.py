"""The six statutory section headings: terminals of the report grammar, built from the edition's
sections (title, accepted aliases, keywords), in the broken forms real reports have.

A heading is Markdown #'s, a numbering (`一、`, `第一部分`, `（五）`, `5、`, a bare `、` or none) and a title.
Its *title* is the official title or an alias as far as it is written (`六、其他需要报告的事项：无。`
has the title `其他需要报告的事项`; `：无。` is the section's content), or, for a reworded or
mistyped title, the words up to the first punctuation that ends a title. Found three ways:

- a line that starts like a heading (the common case);
- a title wrapped over two lines (PDF text);
- inside running text, after a sentence or a table (a crawler's one-line page), where the
  template's order makes it plausible: only an official title or alias with its numeral, and
  only for a section no line-start heading stands for.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

import pyparsing as pp

from . import lazy_re, normalize
from .labels import CATALOGUE, CN_DIGITS, cn_value, find_terms, similar
from .model import Heading, Span
from .record import value
from .template import NUMERALS, SectionDef

MAX_HEADING = 42          # longer lines are prose, unless they start with an official title
_NUMBERS = "一二三四五六七八九十0123456789"

# Markdown #'s, then a numbering (一、 / （五） / (5) / 5、 / a bare 、), then the title; one Regex
# element, so a line costs one `re` match.
_SEP = r"[、.,:;]"
HEADING = pp.Regex(
    rf"(?P<md>#{{1,6}})?\s*"
    rf"(?P<marker>(?P<cn>[{CN_DIGITS}]{{1,2}}){_SEP}"
    rf"|第(?P<part>[{CN_DIGITS}]{{1,2}})部分{_SEP}?"
    rf"|\((?:(?P<pcn>[{CN_DIGITS}]{{1,2}})|(?P<par>[0-9]{{1,2}}))\)"
    rf"|(?P<ar>[0-9]{{1,2}}){_SEP}"
    rf"|(?P<scn>[{CN_DIGITS}]{{1,2}})(?=\s)"
    rf"|(?P<bare>{_SEP}))?\s*"
    r"(?P<title>.+)"
)
HEADING.leave_whitespace()
# what ends a reworded title: the content after it, a note, a Word soft break
_TITLE_END = lazy_re.compile(r"[:;。,(\u000b\u2028\u2029]")


@value
class HeadingParse:
    markdown: str
    numbering: str            # as written (folded)
    numbering_end: int        # offset in the folded, left-stripped line where the title starts
    style: str                # cn | part (第一部分) | paren | arabic | spaced (一 总体情况) | bare | none
    written: int | None
    title: str                # folded title text, trailing punctuation stripped


@lru_cache(maxsize=2048)
def parse_heading(line: str) -> HeadingParse | None:
    """Parse a folded, stripped line as a heading shape (does not decide which section)."""
    res = HEADING.re.match(line)
    if res is None:
        return None
    title = res["title"].strip().rstrip(":;。.,*").strip()
    if not title:
        return None
    md = res["md"] or ""
    title_start = res.start("title")
    numbering = (res["marker"] or "").strip()
    if res["cn"]:
        style, written = "cn", cn_value(res["cn"])
    elif res["part"]:
        style, written = "part", cn_value(res["part"])
    elif res["pcn"]:
        style, written = "paren", cn_value(res["pcn"])
    elif res["par"]:
        style, written = "paren", int(res["par"])
    elif res["ar"]:
        style, written = "arabic", int(res["ar"])
    elif res["scn"]:            # 一   总体情况: the 、 lost (OCR, a PDF's spacing)
        style, written = "spaced", cn_value(res["scn"])
    elif res["bare"]:
        style, written = "bare", None
    else:
        style, written = "none", None
    return HeadingParse(md, numbering, title_start, style, written, title)


@lru_cache(maxsize=8)
def _titles(sections: tuple[SectionDef, ...]) -> dict[str, tuple[SectionDef, str]]:
    """Title key → (section, exact | alias)."""
    out = {}
    for s in sections:
        for a in s.aliases:
            out[normalize.key(a)] = (s, "alias")
        out[normalize.key(s.title)] = (s, "exact")
    return out


@lru_cache(maxsize=8)
def _by_length(sections: tuple[SectionDef, ...]) -> tuple[tuple[str, SectionDef, str], ...]:
    return tuple(sorted(((k, s, w) for k, (s, w) in _titles(sections).items()), key=lambda x: -len(x[0])))


def _official_prefix(k: str, sections) -> tuple[SectionDef, str, int] | None:
    """The official title or alias `k` starts with (the longest): (section, wording, its length)."""
    for key, s, wording in _by_length(sections):
        if k.startswith(key):
            return s, wording, len(key)
    return None


def _identify(hp: HeadingParse, sections: tuple[SectionDef, ...]) -> tuple[SectionDef, str] | None:
    k = normalize.key(hp.title)
    known = _titles(sections).get(k)
    if known:
        return known
    # a reworded or mistyped title only counts with a real section numeral in front of it
    if hp.style in ("cn", "part", "arabic") and len(k) <= 30:
        hits = [s for s in sections if any(kw in k for kw in (s.title,) + s.keywords)]
        if len(hits) == 1:
            return hits[0], "variant"
        if hits and hp.written in {s.number for s in hits}:
            return next(s for s in hits if s.number == hp.written), "variant"
        # a typo in a short title (总休情况): close enough to the title its numeral names
        named = next((s for s in sections if s.number == hp.written), None)
        if not hits and named and similar(k, normalize.key(named.title), 0.6) is not None:
            return named, "variant"
    return None


def _variant_length(written: str, section: SectionDef) -> int:
    """How much of `written` is the reworded title: the prefix closest to the official title (a
    word or two more or less), so that what follows it (`其它需要报告的事项 无`) stays content."""
    k = normalize.key(written)
    official = normalize.key(section.title)
    best, best_len = -1.0, len(k)
    for n in range(max(1, len(official) - 4), min(len(k), len(official) + 4) + 1):
        r = SequenceMatcher(None, k[:n], official).ratio()
        if r > best:
            best, best_len = r, n
    return _key_span(written, best_len)


_STARTS: dict[int, tuple[tuple, frozenset[str]]] = {}


def _starts(sections: tuple[SectionDef, ...]) -> frozenset[str]:
    """Characters a heading can start with: a numeral or bracket, or a title's first character.

    Asked for every line: cached by identity, since hashing the tuple of frozen SectionDefs for
    an lru_cache cost more than the check itself (the tuple is kept, so its id stays its own)."""
    hit = _STARTS.get(id(sections))
    if hit is None or hit[0] is not sections:
        hit = _STARTS[id(sections)] = (sections, frozenset("一二三四五六七八九十0123456789(、.,第")
                                       | {k[0] for k in _titles(sections)})
    return hit[1]


# table 三's numbered row and stub labels as the template writes them, as keys: a line that is one
# of them, alone or followed by its numbers (one cell per line, PDF text), is that row — what the
# label search of `_is_table_row` and the title comparisons of `_identify` conclude at ~30 µs a line
_ROW_LABELS = frozenset(normalize.key(e.numbering + e.canonical) for entries in CATALOGUE.values()
                        for e in entries if e.table == 3 and e.kind != "header" and e.numbering)


def _is_table_row(title_key: str) -> bool:
    """A table 三 row label that looks like a heading (二、上年结转政府信息公开申请数量)."""
    terms = find_terms(title_key, lambda i: True)
    return bool(terms) and terms[0].start == 0 and terms[0].end == len(title_key) and \
        any(e.table == 3 and e.kind != "header" for e in terms[0].entries)


def _key_span(raw: str, key_len: int) -> int:
    """Length of the prefix of `raw` that holds its first `key_len` non-space characters."""
    seen = 0
    for i, ch in enumerate(raw):
        if seen == key_len:
            return i
        if not ch.isspace():
            seen += 1
    return len(raw)


def heading_candidate(text: str, start: int, end: int, sections) -> tuple[Heading, int] | None:
    """A Heading for the line text[start:end] if it has a heading's shape; with its strength.

    Strength 2: Chinese numeral + 、-like separator (possibly under Markdown #'s);
    1: no numeral, Arabic numeral; 0: （五）-style. Weaker candidates only count for
    sections that have no stronger heading anywhere (see `choose`)."""
    s, e = start, end
    while s < e and text[s] in " \t\u3000\u00a0*>\f\ufeff":
        s += 1
    while e > s and text[e - 1] in " \t\u3000\u00a0*\r\f":
        e -= 1
    if e - s < 2:
        return None
    first = normalize.fold_char(text[s])
    starts = _starts(sections)
    if first != "#" and first not in starts:     # most lines end here, unfolded
        return None
    if "\t" in text[s:e]:                        # a table's row: looked at before folding the line
        return None
    line = normalize.fold(text[s:min(e, s + 200)])
    if "|" in line[:60] or line.lstrip("# ")[:1] not in starts:
        return None
    hp = parse_heading(line)
    if hp is None:
        return None
    title_raw = text[s + hp.numbering_end:min(e, s + 200)]
    k = normalize.key(title_raw)
    numbered = hp.style in ("cn", "part", "arabic", "paren", "spaced")
    official = _official_prefix(k, sections) if numbered else None
    if official is not None:
        section, wording, key_len = official
        if _is_table_row(k[:key_len]):
            return None
        title_len = _key_span(title_raw, key_len)
    else:
        if e - s > MAX_HEADING:
            return None
        # a table row's label is no heading (二、上年结转…): the cheaper test first. With a section
        # numeral `_identify` may compare words, without one it only looks the title up
        row_key = normalize.key(line[hp.numbering_end - len(hp.numbering):] if hp.numbering else line)
        if row_key.rstrip("0123456789") in _ROW_LABELS:
            return None
        if hp.style in ("cn", "part", "arabic"):
            found = None if _is_table_row(row_key) else _identify(hp, sections)
        else:
            found = _identify(hp, sections)
            if found and _is_table_row(row_key):
                found = None
        if not found:
            return None
        section, wording = found
        if wording == "variant":
            cut = _TITLE_END.search(normalize.fold(title_raw))
            written = title_raw[:cut.start()] if cut else title_raw
            title_len = len(written[:_variant_length(written, section)].rstrip(":;。.,*： "))
        else:
            title_len = len(title_raw.rstrip(":;。.,*： "))
    md_len = len(hp.markdown)
    num_start = s + line.find(hp.numbering, md_len) if hp.numbering else s + hp.numbering_end
    title_start = s + hp.numbering_end
    title_end = title_start + title_len
    if hp.style == "cn" and hp.numbering.endswith("、"):
        form, strength = ("markdown" if hp.markdown else "canonical"), 2
    elif hp.style in ("cn", "part", "spaced"):  # 五. / 第五部分 / 五 …: a section numeral, not the template's
        form, strength = "other", 2
    elif hp.style in ("bare", "none"):
        form, strength = "no-numeral", 1
    elif hp.style == "arabic":
        form, strength = "arabic", 1
    else:
        form, strength = "paren", 0
    if hp.written is not None and hp.written != section.number and form in ("canonical", "markdown"):
        form = "other"
    heading = Heading(
        number=section.number, span=Span(s, title_end), title=text[title_start:title_end],
        title_span=Span(title_start, title_end), numbering=text[num_start:num_start + len(hp.numbering)],
        numbering_span=Span(num_start, num_start + len(hp.numbering)), written_number=hp.written,
        form=form, wording=wording, markdown=hp.markdown,
    )
    return heading, strength


def wrapped_candidate(text: str, line: tuple[int, int], nxt: tuple[int, int], sections) -> tuple[Heading, int] | None:
    """A numbered official title wrapped over two lines (PDF text): `四、政府信息公开行政复议、行政`
    then `诉讼情况`. Only when the first line alone is no heading."""
    s, e = line
    raw = text[s:e].strip(" \t\u3000\u00a0\f\r")
    if not raw or len(raw) > MAX_HEADING:
        return None
    s += text[s:e].index(raw)
    hp = parse_heading(normalize.fold(raw))
    if hp is None or hp.style != "cn":
        return None
    k = normalize.key(raw[hp.numbering_end:])
    if len(k) < 4:
        return None
    official = _official_prefix(k + normalize.key(text[nxt[0]:nxt[1]]), sections)
    if official is None or official[2] <= len(k) or not any(key.startswith(k) for key, _, _ in _by_length(sections)):
        return None
    section, wording, key_len = official
    ns = nxt[0]
    while ns < nxt[1] and text[ns] in " \t\u3000\u00a0\f":
        ns += 1
    end = ns + _key_span(text[ns:nxt[1]], key_len - len(k))
    num_start = s + normalize.fold(raw).find(hp.numbering)
    title_start = s + hp.numbering_end
    form = "canonical" if hp.numbering.endswith("、") and hp.written == section.number else "other"
    return Heading(
        number=section.number, span=Span(s, end), title=text[title_start:end], title_span=Span(title_start, end),
        numbering=text[num_start:num_start + len(hp.numbering)], numbering_span=Span(num_start, num_start + len(hp.numbering)),
        written_number=hp.written, form=form, wording=wording, markdown=hp.markdown), 2


def choose(candidates: list[tuple[Heading, int]]) -> tuple[list[Heading], list[Heading]]:
    """Pick one heading per section; return (chosen in text order, duplicates of chosen ones)."""
    chosen: dict[int, Heading] = {}
    duplicates: list[Heading] = []
    for strength in (2, 1, 0):
        for h, st in candidates:
            if st != strength:
                continue
            if h.number not in chosen:
                chosen[h.number] = h
            elif strength == 2:
                duplicates.append(h)
    return sorted(chosen.values(), key=lambda h: h.span.start), duplicates


# -- headings inside running text ---------------------------------------------------------------

_INLINE = lazy_re.compile(f"([{CN_DIGITS[:6]}])\\s*、\\s*")


def inline_headings(text: str, sections, chosen: list[Heading]) -> list[Heading]:
    """Canonical headings (numeral, 、, official title or alias) standing inside a line, for the
    sections that `chosen` lacks, where they fall between the chosen headings in template order."""
    missing = {s.number for s in sections} - {h.number for h in chosen}
    if not missing:
        return []
    out: list[Heading] = []
    by_number = {s.number: s for s in sections}
    for m in _INLINE.finditer(text):
        number = cn_value(m.group(1))
        if number not in missing:
            continue
        window = normalize.fold(text[m.end():m.end() + 80])
        k = normalize.key(window)
        section = by_number[number]
        official = _official_prefix(k, (section,))
        if official is not None:
            wording, key_len = official[1], official[2]
        else:
            # reworded (四、政府信息公开行政复议与行政诉讼情况): a keyword of the section its numeral
            # names right after it, the title running to the 情况 / 事项 that ends every title
            close = re.match(r"[^,。;:]{0,8}?(?:%s)[^,。;:]{0,20}?(?:情况|事项)" % "|".join(
                map(re.escape, section.keywords + (section.title,))), k)
            if close is None:
                continue
            wording, key_len = "variant", close.end()
        if _is_table_row(k[:key_len]) or not _in_order(number, m.start(), chosen + out):
            continue
        t_start = m.end()
        t_end = t_start + _key_span(text[t_start:t_start + 80], key_len)
        mark = text.index("、", m.start()) + 1
        out.append(Heading(
            number=number, span=Span(m.start(), t_end), title=text[t_start:t_end], title_span=Span(t_start, t_end),
            numbering=text[m.start():mark], numbering_span=Span(m.start(), mark),
            written_number=number, form="canonical", wording=wording))
        missing.discard(number)
    return out


def _in_order(number: int, at: int, chosen: list[Heading]) -> bool:
    before = [h.span.start for h in chosen if h.number < number]
    after = [h.span.start for h in chosen if h.number > number]
    return all(b < at for b in before) and all(at < a for a in after)
