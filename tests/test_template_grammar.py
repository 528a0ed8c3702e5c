"""The table grammar itself: a table's rows are read by the elements of the pyparsing grammar
built from editions/, each row a named group of its label and its cells."""
import pyparsing as pp

from nianbao.grammar import EDITIONS, template_grammar
from nianbao.grammar.lexer import lex
from nianbao.grammar.reader import _split_tables
from nianbao.grammar import Source

E21 = EDITIONS["2021"]


def _table3_tokens(text: str):
    src = Source(text)
    return _split_tables(lex(text, src.bounds, 0, 0, len(text)))[3]


def test_table3_rows_are_named_groups_of_label_and_cells():
    rows = E21.table3_data_rows
    lines = ["三、收到和处理政府信息公开申请情况"]
    lines += [r.label + "".join(f"\t{i}{j}" for j in range(7)) for i, r in enumerate(rows)]
    grammar = template_grammar.table3(E21)
    result = template_grammar.read(grammar, _table3_tokens("\n".join(lines) + "\n"))
    assert isinstance(result, pp.ParseResults)
    assert [g.get_name() for g in result] == [r.id for r in rows]
    for i, r in enumerate(rows):
        group = result[r.id]
        assert group["label"].raw == r.label
        assert [c.raw for c in group["cells"]] == [f"{i}{j}" for j in range(7)]
    assert list(result["unplaced"]) == []


def test_a_row_without_its_label_is_read_by_position_and_has_no_label():
    rows = E21.table3_data_rows
    lines = [("" if r.id == "r3.3.2" else r.label) + "".join(f"\t{i}{j}" for j in range(7)) for i, r in enumerate(rows)]
    result = template_grammar.read(template_grammar.table3(E21), _table3_tokens("\n".join(lines)))
    group = result["r3.3.2"]
    assert group.get("label") is None
    assert [c.raw for c in group["cells"]][0] == f"{[r.id for r in rows].index('r3.3.2')}0"


def test_a_table_whose_sums_break_is_read_again_only_where_the_other_reading_differs(monkeypatch):
    # a table that breaks its column sums is read again with its labels after their values
    # (scans print values first); when that alignment puts every run where the first did, the
    # second reading would be the same rows, so it is not made. Each shared report with a
    # number typed into a table 三 row reads exactly as with the second reading always made.
    import pytest

    from conftest import SHARED, read
    from nianbao.grammar import check, parse, table_cache
    from nianbao.grammar.reader import _Reader

    paths = sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    if not paths:
        pytest.fail("no shared reports: ../shared is needed")
    texts = []
    for p in paths:
        text = read(p)
        t3 = parse(text).table3
        cell = next((c for r in (t3.rows if t3 else []) for c in r.cells[:1] if c.is_number), None)
        if cell is not None:
            texts.append(text[:cell.span.start] + str(cell.value + 7) + text[cell.span.end:])

    def reading(t):
        table_cache.clear()
        r = parse(t)
        return repr(r.table3), repr(r.problems), [(f.code, f.span, f.message) for f in check(r)]
    second = []
    rows_of = _Reader._table3_rows
    monkeypatch.setattr(_Reader, "_table3_rows", lambda self, toks, after: (second.append(after), rows_of(self, toks, after))[1])
    shortcut = [reading(t) for t in texts]
    made = second.count(True)
    real_key = template_grammar.placed_key
    monkeypatch.setattr(template_grammar, "placed_key", lambda placements: object())     # never equal
    always = [reading(t) for t in texts]
    monkeypatch.setattr(template_grammar, "placed_key", real_key)
    assert shortcut == always
    assert second.count(True) - made > made          # most second readings were not needed
