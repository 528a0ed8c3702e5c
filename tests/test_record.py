"""grammar/record.py: the cheap replacements for @dataclass keep what the engine relies on."""
import pickle

import pytest

from nianbao.grammar import Config, Finding, Span
from nianbao.grammar.record import value
from nianbao.grammar.template import ColumnDef


def test_a_value_is_an_immutable_ordered_hashable_tuple_with_defaults():
    assert ColumnDef("件数") == ColumnDef("件数", "count", None, ())
    assert sorted([Span(3, 4), Span(1, 9), Span(1, 2)]) == [Span(1, 2), Span(1, 9), Span(3, 4)]
    assert len({Span(1, 2), Span(1, 2)}) == 1
    assert Span(2, 5).text("0123456") == "234"
    with pytest.raises(AttributeError):
        Span(1, 2).start = 0
    assert pickle.loads(pickle.dumps(ColumnDef("x", unit="万元"))) == ColumnDef("x", unit="万元")
    assert repr(Span(1, 2)) == "Span(start=1, end=2)"


def test_a_value_with_a_default_before_a_field_without_is_refused():
    with pytest.raises(TypeError, match="Bad: fields with defaults must come last"):
        @value
        class Bad:
            a: int = 0
            b: int


def test_a_record_compares_by_fields_and_copies_with_replace():
    f = Finding("NB101", "name", "error", "msg", Span(0, 1))
    assert f == Finding("NB101", "name", "error", "msg", Span(0, 1), [], None)
    assert f != Finding("NB102", "name", "error", "msg", Span(0, 1))
    assert f.related is not Finding("NB101", "n", "e", "m", Span(0, 1)).related   # no shared default
    assert repr(Config()) == "Config(select=(), ignore=(), severity={}, edition=None)"
    c = Config(select=("NB1",))
    d = c.replace(edition="2021")
    assert (d.select, d.edition, c.edition) == (("NB1",), "2021", None)
    with pytest.raises(TypeError, match="Config has no field colour"):
        c.replace(colour="red")
    with pytest.raises(TypeError):
        hash(c)
    assert pickle.loads(pickle.dumps(f)) == f
