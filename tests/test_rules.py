"""One small report per rule (tests/rules/NBxxx.*), with the findings it must give written inline.

A line that ends in `<!-- expect NB203 -->` (several codes: `<!-- expect NB203 NB205 -->`) must
give exactly those findings, starting on that line; every other line none. The markers are
removed before the report is linted, with the one space before them (a TAB stays: a row may
end in a blank cell). `NBxxx.fixed.*` beside a fixture is the exact text
`nianbao lint --fix` makes of it; without one, --fix must leave the fixture as it is.
`NBxxx.unsafe.*` likewise for `--fix --unsafe-fixes`, where that differs from `.fixed`.
To add a rule: copy the nearest fixture, write the report, mark the lines. Needs no ../shared.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from nianbao.grammar import RULES, Source, fix, lint

HERE = Path(__file__).parent / "rules"
_MARK = re.compile(r" ?<!-- expect ((?:NB\d{3}[ ,]*)+)-->[ \t]*$", re.M)
FIXTURES = sorted(p for p in HERE.iterdir() if re.fullmatch(r"NB\d{3}(-\w+)?\.(md|txt)", p.name))


def _split(marked: str) -> tuple[str, Counter]:
    """The report without its markers, and the (line, code) pairs the markers expect."""
    expected: Counter = Counter()
    for n, line in enumerate(marked.split("\n")):
        m = _MARK.search(line)
        if m:
            expected.update((n + 1, c) for c in re.findall(r"NB\d{3}", m.group(1)))
    return _MARK.sub("", marked), expected


def _sibling(path: Path, kind: str) -> Path:
    return path.with_name(f"{path.stem}.{kind}{path.suffix}")


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_gives_exactly_the_marked_findings(path: Path):
    text, expected = _split(path.read_text(encoding="utf-8"))
    source = Source(text)
    found = Counter((source.position(f.span.start)[0] + 1, f.code) for f in lint(text))
    assert sorted(found.elements()) == sorted(expected.elements())


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_fixes_to_its_fixed_text(path: Path):
    text, _ = _split(path.read_text(encoding="utf-8"))
    fixed = _sibling(path, "fixed")
    want = fixed.read_text(encoding="utf-8") if fixed.exists() else text
    assert fix(text).text == want
    unsafe = _sibling(path, "unsafe")
    if unsafe.exists():
        assert fix(text, unsafe=True).text == unsafe.read_text(encoding="utf-8")


def test_every_rule_has_a_fixture_that_finds_it():
    shown = {c for p in FIXTURES for _, c in _split(p.read_text(encoding="utf-8"))[1]}
    assert sorted(set(RULES) - shown) == []


def test_the_markers_are_read_and_removed():
    text, expected = _split("一、总体情况\n表 <!-- expect NB203, NB205 -->\n末行<!-- expect NB001 -->")
    assert text == "一、总体情况\n表\n末行"
    assert expected == Counter({(2, "NB203"): 1, (2, "NB205"): 1, (3, "NB001"): 1})
