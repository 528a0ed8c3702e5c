"""Shortcuts the reader takes must answer what the plain definitions answer.

The lexer looks for a page footer a flattening left inside a line (`… 31 - 4 - 2.没有…`) only
where a dash stands (`lexer._inline_footer`), not by letting `re` try the pattern at every
character of the table zone: it must answer what `_INLINE_FOOTER.search` answers, on every
shared text and every line of it, and on made-up strings dense with dashes, digits and spaces.
Table 三's header words are known by the identity of their catalogue entries (`reader._T3_HEADER`).
A line's layout (`lexer._layout`) takes a field of digits as one word without a regex, trims tab
fields without slicing the text again, and asks whether a line is a rule by the regex that fails
first: it must be the plain definition on every shared line and on made-up lines."""
import random

from conftest import SHARED
from nianbao.grammar import lexer


def _same(s: str) -> bool:
    want = lexer._INLINE_FOOTER.search(s) is not None
    assert lexer._inline_footer(s) == want, repr(s)
    return want


def test_inline_footers_are_found_as_the_regex_finds_them_in_every_shared_text():
    found = 0
    for p in sorted(SHARED.glob("**/*.txt")):
        text = p.read_text(encoding="utf-8")
        found += _same(text)
        found += _same(text.replace("\n", " "))
        found += sum(_same(line) for line in text.splitlines())
    assert found >= 3                     # some texts do hold such footers


def test_inline_footers_are_found_as_the_regex_finds_them_in_made_up_strings():
    rnd = random.Random(7)
    pieces = list("-—–－~") + ["1", "23", "456", "7890", " ", "  ", "\n", "\u3000", "页", "x", "。"]
    found = 0
    for _ in range(30000):
        found += _same("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10))))
    assert 200 < found < 29000             # both answers, many times


def test_table_three_header_words_are_known_by_their_entries():
    """`reader._T3_HEADER` (by the identity of a label's entries) names the labels all of whose
    table 三 entries are header ones, as asking each label's entries does."""
    from test_lexer_reuse import REPORTS, _lex
    from nianbao.grammar import reader
    seen = 0
    for path in REPORTS:
        text = path.read_text(encoding="utf-8")
        for variant in (text, text.replace("\n", " ")):
            for t in _lex(variant):
                if t.kind != lexer.TERM:
                    continue
                entries = t.term.entries
                want = next(e for e in entries if e.table == 3) if entries and any(e.table == 3 for e in entries) \
                    and all(e.kind == "header" for e in entries if e.table == 3) else None
                assert reader._T3_HEADER.get(id(entries)) == want, t.raw
                seen += want is not None
    assert seen >= 50


def _plain_layout(line: str, prev_sep: bool) -> tuple:
    """`lexer._layout` by its definition: every field's words are its runs of non-space that are
    no rule (`---`), its space flag whether whitespace is inside it."""
    if lexer._noise(line):
        return (), prev_sep, ""
    got, prev_sep = lexer._fields(line, 0, len(line), prev_sep)
    out, words = [], []
    for fs, fe, explicit in got:
        spans = tuple(m.span() for m in lexer._WORD.finditer(line, fs, fe)
                      if m.end() - m.start() < 3 or not lexer._rule_piece(m.group()))
        out.append((fs, fe, explicit, fe > fs and lexer._HAS_SPACE.search(line, fs, fe) is not None, spans))
        words += [line[a:b] for a, b in spans]
    return tuple(out), prev_sep, lexer.normalize.fold("".join(words))


def _plain_fields(line: str) -> list:
    """A line of tab-separated fields, each trimmed by `lexer._trim`."""
    out, pos = [], 0
    for f in line.split("\t"):
        out.append(lexer._trim(line, pos, pos + len(f)) + (True,))
        pos += len(f) + 1
    return out


def _plain_rule(line: str) -> bool:
    """The last test of `lexer._noise`: a run of rule characters holding a rule's run."""
    stripped = line.strip(lexer._PAD)
    return any(r in stripped for r in ("---", "——", "===", "─", "━", "═")) and lexer._RULE.fullmatch(stripped) is not None


def _same_layout(line: str) -> None:
    if _plain_rule(line):
        assert lexer._noise(line), repr(line)
    for sep in (False, True):
        assert lexer._layout.__wrapped__(line, sep) == _plain_layout(line, sep), repr(line)
    pieces = line.split("\t")
    if "\t" in line and "<" not in line and (sum(1 for f in pieces if f.strip()) >= 2 or (
            pieces[0].strip() and not any(f.strip() for f in pieces[1:]))):      # a row of tab fields
        assert lexer._fields(line, 0, len(line), False) == (_plain_fields(line), False), repr(line)


def test_line_layouts_are_the_plain_definition_on_every_shared_line():
    for p in sorted(SHARED.glob("**/*.txt")):
        for line in set(p.read_text(encoding="utf-8").splitlines()):
            _same_layout(line)


def test_line_layouts_are_the_plain_definition_on_made_up_lines():
    rnd = random.Random(13)
    pieces = ["0", "12", "１２", "²", "---", "—", "─", "|", "│", "\t", " ", "\u3000", "\u00a0", "予以公开", "(一)", "x", "=", ":"]
    for _ in range(20000):
        _same_layout("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))))


def _candidates(lines: list[str], sections) -> list:
    from nianbao.grammar import headings
    return [headings.heading_candidate(line, 0, len(line), sections) for line in lines]


def test_a_line_that_is_a_table_row_label_is_no_heading_as_the_label_search_says(monkeypatch):
    """`headings._ROW_LABELS`: a line that is a numbered table 三 label as the template writes it,
    alone or followed by its numbers, is rejected before the label search and the title
    comparisons; with the shortcut taken away every line gives what it gives with it."""
    from nianbao.grammar import headings
    from nianbao.grammar.editions import EDITIONS, LATEST
    lines = sorted({line for p in SHARED.glob("**/*.txt") for line in p.read_text(encoding="utf-8").splitlines()})
    labels = [r.numbering + r.label for ed in EDITIONS.values() for r in ed.table3_rows if r.numbering]
    made = [f"{pre}{label}{post}" for label in labels for pre in ("", "\t", "  ", "## ")
            for post in ("", " 0", "\t0\t1", " 12 0 3 4 5 6 7", "0000000", "：", "（续）")]
    # reworded headings that start as a row label does (一、本年…, 二、…)
    made += ["一、本年度总体情况", "一、本年总体情况", "二、主动公开情况", "三、收到和处理申请情况", "2、主动公开政府信息",
             "四、行政复议行政诉讼情况"]
    assert len(labels) >= 25
    with_it = _candidates(lines + made, LATEST.sections)
    monkeypatch.setattr(headings, "_ROW_LABELS", frozenset())
    assert _candidates(lines + made, LATEST.sections) == with_it
    assert sum(1 for c in with_it if c) >= 20            # (headings are among the lines)
