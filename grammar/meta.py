"""The report's title and year: from the title, else the statistics period, else the text."""
from __future__ import annotations

import re
from itertools import islice, takewhile

from . import lazy_re, normalize
from .model import Span
from .source import Source

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = lazy_re.compile(r"统计期限[^。\n]{0,30}?((?:19|20)\d{2})\s*年")
PREAMBLE_LINES = 25
_COVER_LETTER = ("函", "通知")                  # 关于报送…年度报告的函 is the letter, not the report
_SENTENCE = re.compile(r"[。:,;]$|[,;]|现将|如下")   # prose that mentions the report is no title


def _is_title_like(folded: str) -> bool:
    return "报告" in folded or "年报" in folded


def find_title(src: Source, end: int) -> tuple[str, Span] | None:
    """The title: the first title-like line (or pair of lines, for a title split over two)
    before `end`, preferring one that names a year (a cover letter may come first); else, in
    a page whose text runs on without line breaks, the first title phrase in it."""
    found = [t for t in _titles(src, end) if not normalize.fold(t[0]).endswith(_COVER_LETTER)]
    line = next((t for t in found if _YEAR.search(normalize.fold(t[0]))), found[0] if found else None)
    if line is not None and _YEAR.search(normalize.fold(line[0])):
        return line
    return _inline_title(src.text, end) or line


# a title inside running text: organ, year, 政府信息公开(工作)年度报告, after a clause boundary
_INLINE_TITLE = lazy_re.compile(r"[^。；;！!？?:：,，\s](?:\s*[^。；;！!？?:：,，\s]){0,40}?\s*(?:19|20)\d{2}\s*年\s*度?"
                           r"[^。；;！!？?:：,，\d]{0,12}?政府信息公开(?:工作)?(?:年度)?报告")
_TITLE_WINDOW = 3000


def _inline_title(text: str, end: int) -> tuple[str, Span] | None:
    """In a line too long to be a title of its own (a page flattened into one line)."""
    limit = min(end, _TITLE_WINDOW)
    folded = normalize.fold(text[:limit])
    for start, stop in _line_spans(text, limit):
        if stop - start <= 60:
            continue
        for m in _INLINE_TITLE.finditer(folded, start, stop):
            raw = text[m.start():m.end()]
            if re.search(r"编制|现将|如下|根据|关于", raw):
                continue                     # a sentence about the report, or a notice's title
            lead = len(raw) - len(raw.lstrip("#* \ufeff"))
            return raw[lead:], Span(m.start() + lead, m.end())
    return None


def _line_spans(text: str, limit: int):
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n", text[:limit]):
        yield pos, m.start()
        pos = m.end()
    yield pos, limit


def _titles(src: Source, end: int):
    lines = list(islice(takewhile(lambda ln: ln.start < end, src.lines()), PREAMBLE_LINES))
    text = src.text
    for i, ln in enumerate(lines):
        raw = text[ln.start:ln.end].strip(" \t\u3000\u00a0\ufeff#*")
        if not raw or len(raw) > 60 or _SENTENCE.search(normalize.fold(raw)):
            continue
        folded = normalize.key(raw)           # without spaces: `2024 年政府信息 公开工作年度报告` (OCR)
        if "信息公开" in folded and _is_title_like(folded):
            s = ln.start + text[ln.start:ln.end].index(raw)
            yield raw, Span(s, s + len(raw))
            continue
        nxt = next((n for n in lines[i + 1:i + 3] if text[n.start:n.end].strip()), None)
        if nxt is None:
            continue
        raw2 = text[nxt.start:nxt.end].strip(" \t\u3000\u00a0#*")
        folded2 = normalize.key(raw2)
        alone = "信息公开" in folded2 and _is_title_like(folded2)
        year_above = bool(_YEAR.search(folded)) and not _YEAR.search(folded2)
        joined = normalize.key(raw + raw2)
        if len(raw2) <= 30 and (not alone or year_above) and "信息公开" in joined and _is_title_like(joined):
            s = ln.start + text[ln.start:ln.end].index(raw)
            e = nxt.start + text[nxt.start:nxt.end].index(raw2) + len(raw2)
            yield raw + raw2, Span(s, e)


def find_year(text: str, title: str | None, limit: int = 3000) -> tuple[int | None, str | None]:
    if title:
        m = _YEAR.search(normalize.fold(title))
        if m:
            return int(m.group(1)), "title"
    head = text[:limit * 3]
    if "期限" in head:                 # 统计期限, in either script (folding 9000 characters costs)
        head = normalize.fold(head)
        m = _PERIOD.search(head)
        if m:
            return int(m.group(1)), "period"
    else:
        head = normalize.fold(head[:limit])
    m = _YEAR.search(head[:limit])
    if m:
        return int(m.group(1)), "text"
    return None, None
