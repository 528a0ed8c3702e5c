"""Expressions compiled at their first use (`lazy_re`), and what start-up leaves uncompiled.

`nianbao lint` in a pre-commit hook pays every expression its modules compile at import; the
ones only some reports need wait for a report that does. Checked: a lazy pattern answers as
the compiled one does, compiles once, and a plain report's lint leaves the OCR page patterns
and the HTML tag patterns uncompiled (in a fresh process: the test's own imports would not do)."""
import copy
import json
import re
import subprocess
import sys

from conftest import SHARED
from nianbao.grammar import lazy_re


def test_a_lazy_pattern_answers_as_the_compiled_one():
    pattern = r"(?P<n>[0-9０-９]{1,3})\s*件"
    lazy, compiled = lazy_re.compile(pattern), re.compile(pattern)
    text = "受理申请１７件，办结 3 件"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)] == [(4, 7), (11, 14)]
    assert lazy.search(text, 8).group("n") == "3"
    assert lazy.fullmatch("12件").group("n") == "12"
    assert lazy.groupindex == compiled.groupindex
    assert lazy.pattern == pattern


def test_a_lazy_pattern_is_compiled_at_its_first_use_and_its_methods_kept():
    lazy = lazy_re.compile(r"nianbao-lazy-(\d+)")
    assert "search" not in vars(lazy)                  # made, not compiled
    assert lazy.search("x nianbao-lazy-42").group(1) == "42"
    kept = vars(lazy)["search"]                        # the compiled pattern's own bound method
    assert kept.__self__ is re.compile(r"nianbao-lazy-(\d+)")
    assert lazy.search is kept


def test_special_names_are_not_looked_up_on_the_compiled_pattern():
    lazy = lazy_re.compile(r"a+")
    twin = copy.deepcopy(lazy)                         # deepcopy asks the object for __deepcopy__
    assert isinstance(twin, lazy_re.Lazy) and twin.pattern == "a+"
    assert "match" not in vars(lazy) and "match" not in vars(twin)


_PROBE = """
import json, sys
from nianbao.grammar import lint, lexer, ocr
lint(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({name: sorted(k for k in vars(p) if k not in ("pattern", "flags"))
                  for name, p in (("page", ocr._PAGE), ("pages", ocr._PAGES), ("tag", lexer._TAG))}))
"""


def test_a_plain_reports_lint_compiles_no_ocr_page_or_html_pattern():
    seed = next((SHARED / "seeds").glob("001_*.txt"))
    done = subprocess.run([sys.executable, "-c", _PROBE, str(seed)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"page": [], "pages": [], "tag": []}
