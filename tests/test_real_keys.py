"""Every complete real report in ../shared with a hand-made answer key (corpus/real/*.key.json,
seeds/*.key.json) reads exactly as its key says: every table 三 and 四 value, the sections that
are there, every code the key says a correct linter must find, and none it must not find.

The keys are read at test time, never copied. `null` in a key's table is a cell blank in the
source (or a row the key leaves unassigned); those are not compared, as the key says.
"""
from __future__ import annotations

import json

import pytest

from conftest import SHARED, read
from nianbao.grammar import lint, parse, to_dict

KEYS = sorted((SHARED / "corpus" / "real").glob("*.key.json")) + sorted((SHARED / "seeds").glob("*.key.json"))


def report_of(key_path):
    return key_path.with_name(key_path.name[:-len(".key.json")] + ".txt")


def differences(d: dict, key: dict) -> list[str]:
    out = []
    for rid, want in (key.get("table3") or {}).items():
        got = (d["table3"] or {}).get(rid) or [None] * 7
        out += [f"{rid}[{i}] want {w} got {g}" for i, (w, g) in enumerate(zip(want or [], got))
                if w is not None and g != w]
    got4 = d["table4"] or [None] * 15
    out += [f"table4[{i}] want {w} got {g}" for i, (w, g) in enumerate(zip(key.get("table4") or [], got4))
            if w is not None and g != w]
    return out


@pytest.mark.parametrize("key_path", KEYS, ids=lambda p: p.name[:-len(".key.json")])
def test_reads_every_value_and_section_of_the_key(key_path):
    key = json.loads(key_path.read_text(encoding="utf-8"))
    d = to_dict(parse(read(report_of(key_path))), key_path.name)
    assert differences(d, key) == []
    assert [s["number"] for s in d["sections"]] == key["sections_present"]


@pytest.mark.parametrize("key_path", KEYS, ids=lambda p: p.name[:-len(".key.json")])
def test_finds_what_the_key_says_and_nothing_it_rules_out(key_path):
    key = json.loads(key_path.read_text(encoding="utf-8"))
    codes = {f.code for f in lint(read(report_of(key_path)))}
    assert sorted({m["code"] for m in key["must_find"]} - codes) == []
    assert sorted(set(key["must_not_find"]) & codes) == []


def test_every_key_is_tested():
    assert len(KEYS) >= 12 and all(report_of(k).exists() for k in KEYS)
