"""Finding the six statutory section headings, including the broken forms of real reports."""
from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from . import normalize
from .grammar import HeadingParse, match_label, parse_heading
from .model import Heading, Span
from .template import SectionDef

MAX_HEADING = 42          # longer lines are prose, whatever they start with
_NUMBERS = "一二三四五六七八九十0123456789"


@lru_cache(maxsize=8)
def _titles(sections: tuple[SectionDef, ...]) -> dict[str, tuple[SectionDef, str]]:
    """Title key → (section, exact | alias)."""
    out = {}
    for s in sections:
        for a in s.aliases:
            out[normalize.key(a)] = (s, "alias")
        out[normalize.key(s.title)] = (s, "exact")
    return out


def _identify(hp: HeadingParse, sections: tuple[SectionDef, ...]) -> tuple[SectionDef, str] | None:
    k = normalize.key(hp.title)
    known = _titles(sections).get(k)
    if known:
        return known
    # a reworded or mistyped title only counts with a real section numeral in front of it
    if hp.style in ("cn", "arabic") and len(k) <= 30:
        hits = [s for s in sections if any(kw in k for kw in (s.title,) + s.keywords)]
        if len(hits) == 1:
            return hits[0], "variant"
        if hits and hp.written in {s.number for s in hits}:
            return next(s for s in hits if s.number == hp.written), "variant"
        # a typo in a short title (总休情况): close enough to the title its numeral names
        named = next((s for s in sections if s.number == hp.written), None)
        if not hits and named and SequenceMatcher(None, k, normalize.key(named.title)).ratio() >= 0.6:
            return named, "variant"
    return None


_STARTS: dict[int, tuple[tuple, frozenset[str]]] = {}


def _starts(sections: tuple[SectionDef, ...]) -> frozenset[str]:
    """Characters a heading can start with: a numeral or bracket, or a title's first character.

    Asked for every line: cached by identity, since hashing the tuple of frozen SectionDefs for
    an lru_cache cost more than the check itself (the tuple is kept, so its id stays its own)."""
    hit = _STARTS.get(id(sections))
    if hit is None or hit[0] is not sections:
        hit = _STARTS[id(sections)] = (sections, frozenset("一二三四五六七八九十0123456789(、.,")
                                       | {k[0] for k in _titles(sections)})
    return hit[1]


def heading_candidate(text: str, start: int, end: int, sections) -> tuple[Heading, int] | None:
    """A Heading for the line text[start:end] if it has a heading's shape; with its strength.

    Strength 2: Chinese numeral + 、-like separator (possibly under Markdown #'s);
    1: no numeral, Arabic numeral; 0: （五）-style. Weaker candidates only count for
    sections that have no stronger heading anywhere (see `choose`).
    """
    s, e = start, end
    while s < e and text[s] in " \t\u3000\u00a0*>":
        s += 1
    while e > s and text[e - 1] in " \t\u3000\u00a0*\r":
        e -= 1
    if e - s < 2 or e - s > MAX_HEADING:
        return None
    first = normalize.fold(text[s])
    starts = _starts(sections)
    if first != "#" and first not in starts:     # most lines end here, unfolded
        return None
    line = normalize.fold(text[s:e])
    if "\t" in text[s:e] or "|" in line or line.lstrip("# ")[:1] not in starts:
        return None
    hp = parse_heading(line)
    if hp is None:
        return None
    # a table label that looks like a heading (二、上年结转政府信息公开申请数量) is not one
    m = match_label(normalize.key(line[hp.numbering_end - len(hp.numbering):] if hp.numbering else line))
    if m and not m.rest and any(entry.table == 3 and entry.kind != "header" for entry in m.entries):
        return None
    found = _identify(hp, sections)
    if not found:
        return None
    section, wording = found
    md_len = len(hp.markdown)
    num_start = s + line.find(hp.numbering, md_len) if hp.numbering else s + hp.numbering_end
    title_start = s + hp.numbering_end
    title_end = title_start + len(line[hp.numbering_end:].rstrip(":;。.,* "))
    if hp.style == "cn" and hp.numbering.endswith("、"):
        form, strength = ("markdown" if hp.markdown else "canonical"), 2
    elif hp.style == "cn":
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
        number=section.number, span=Span(s, e), title=text[title_start:title_end],
        title_span=Span(title_start, title_end), numbering=text[num_start:num_start + len(hp.numbering)],
        numbering_span=Span(num_start, num_start + len(hp.numbering)), written_number=hp.written,
        form=form, wording=wording, markdown=hp.markdown,
    )
    return heading, strength


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
