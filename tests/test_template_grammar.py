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
