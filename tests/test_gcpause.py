"""The collector is paused while a report is read and checked, and left as the caller had it."""
import gc
from pathlib import Path

import pytest

from nianbao.grammar import gcpause, lint, parse
from nianbao.grammar.linter import check

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "001_bfb8706c80373661.txt"


@pytest.fixture(autouse=True)
def _restore_gc():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_paused_inside_and_enabled_after():
    seen = []

    @gcpause.paused
    def f():
        seen.append(gc.isenabled())
        return 7

    gc.enable()
    assert f() == 7
    assert seen == [False]
    assert gc.isenabled()


def test_enabled_again_after_an_exception():
    @gcpause.paused
    def f():
        raise ValueError("boom")

    gc.enable()
    with pytest.raises(ValueError):
        f()
    assert gc.isenabled()


def test_a_caller_that_paused_it_keeps_it_paused():
    gc.disable()
    text = SEED.read_text(encoding="utf-8")
    codes = [f.code for f in lint(text)]
    assert codes == [f.code for f in check(parse(text))]
    assert not gc.isenabled()


def test_lint_leaves_it_enabled():
    gc.enable()
    assert [f.code for f in lint(SEED.read_text(encoding="utf-8"))] == ["NB104", "NB104"]
    assert gc.isenabled()
