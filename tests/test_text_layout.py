"""The document's own line breaks (`layout.py`), which fixes write text with: the line ending
to insert, and where a line starts and ends. Checked against the regex they replaced."""
import random
import re

import pytest

from nianbao.grammar.layout import line_bounds, newline


@pytest.mark.parametrize("text, nl", [
    ("", "\n"),
    ("one line", "\n"),
    ("a\nb\nc", "\n"),
    ("a\r\nb\r\nc\n", "\r\n"),
    ("a\rb\rc\r\n", "\r"),
    ("a\r\nb\nc", "\r\n"),          # a tie: the first one met
    ("a\nb\r\nc", "\n"),
    ("a\r\r\n", "\r"),
])
def test_newline_is_the_most_frequent_line_ending(text, nl):
    assert newline(text) == nl


_BREAK = re.compile(r"\r\n|\r|\n")


def test_line_bounds_are_the_regexs_on_every_mix_of_breaks():
    rnd = random.Random(12)
    for _ in range(5000):
        text = "".join(rnd.choice("ab\r\n") for _ in range(rnd.randrange(12)))
        at = rnd.randrange(len(text) + 1)
        m = _BREAK.search(text, at)
        start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
        assert line_bounds(text, at) == (start, m.end() if m else len(text)), (text, at)


@pytest.mark.parametrize("text, at, bounds", [
    ("ab\r\ncd", 0, (0, 4)),
    ("ab\r\ncd", 4, (4, 6)),
    ("ab\rcd\n", 3, (3, 6)),
    ("ab\ncd", 1, (0, 3)),
    ("abc", 1, (0, 3)),
])
def test_line_bounds(text, at, bounds):
    assert line_bounds(text, at) == bounds


@pytest.mark.parametrize("text, year, source", [
    ("本报告统计期限为2023年1月1日至12月31日。2022年以来……", 2023, "period"),
    ("本報告統計期限為２０２３年1月1日至12月31日。", 2023, "period"),     # Traditional, full-width digits
    ("2022年以来，本机关……" + "统" * 9000 + "统计期限为2023年", 2022, "text"),  # period past the head
    ("本机关２０２１年度……", 2021, "text"),
    ("没有年份。", None, None),
])
def test_the_year_without_a_title(text, year, source):
    from nianbao.grammar.meta import find_year
    assert find_year(text, None) == (year, source)
