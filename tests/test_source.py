"""Offsets, lines and the three LSP position encodings."""
import pytest

from nianbao.grammar import Source

TEXT = "\ufeff一、总体情况\r\n𠀀😀\t　　表\v格\f行\u2028同一行\r最后\n"


def test_lines_break_only_at_cr_lf_crlf():
    src = Source(TEXT)
    assert src.line_count == 4
    assert [TEXT[ln.start:ln.end] for ln in src.lines()] == [
        "\ufeff一、总体情况", "𠀀😀\t　　表\v格\f行\u2028同一行", "最后", ""]


@pytest.mark.parametrize("text", ["", "\n", "\n\n", "a", "a\n", "ab\ncd", "一\n\n二\n", "x" * 5000 + "\n\ty",
                                  "\v\f\u2028\n表"])
def test_text_without_carriage_returns_is_indexed_as_the_general_way_does(text):
    # \n-only text takes a faster path (split/accumulate); \r sends it through the regex path
    with_cr = Source(text.replace("\n", "\r"))
    plain = Source(text)
    assert (plain.line_starts, [ln.end for ln in plain.lines()]) == \
           (with_cr.line_starts, [ln.end for ln in with_cr.lines()])
    assert plain.line_count == text.count("\n") + 1


@pytest.mark.parametrize("encoding,expected", [("utf-16", 7), ("utf-8", 15), ("utf-32", 5)])
def test_encoded_columns(encoding, expected):
    src = Source(TEXT)
    off = TEXT.index("表")
    assert src.encoded_position(off, encoding) == (1, expected)
    assert src.offset_from_encoded(1, expected, encoding) == off


def test_position_inside_a_surrogate_pair_snaps_to_its_start():
    src = Source(TEXT)
    start = TEXT.index("𠀀")
    assert src.offset_from_encoded(1, 1, "utf-16") == start
    assert src.offset_from_encoded(1, 2, "utf-8") == start
    assert src.encoded_position(start + 1, "utf-16") == (1, 2)


def test_round_trip_every_offset():
    src = Source(TEXT)
    for off in range(len(TEXT) + 1):
        if TEXT[off - 1:off + 1] == "\r\n":
            continue
        line, col = src.position(off)
        assert src.offset(line, col) == off
        for enc in ("utf-16", "utf-8", "utf-32"):
            assert src.offset_from_encoded(*src.encoded_position(off, enc), enc) == off


def test_out_of_range_clamps():
    src = Source("ab\ncd")
    assert src.offset(9, 0) == 5 and src.offset(0, 99) == 2 and src.offset(-1, 0) == 0
    assert src.offset_from_encoded(7, 0) == 5
