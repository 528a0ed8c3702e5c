"""`nianbao lint --fix FILE` reads the text once per pass of the fix loop, and not again: not
before the loop (to see whether it is a report) nor after it (the loop's last findings are the
ones printed). Counted in-process, at the reader."""
from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.grammar import fix, fixes, reader
from nianbao.server import cli

CLEAN = (Path(__file__).parent / "fixtures" / "clean-2021.txt").read_text(encoding="utf-8")
# the first two headings gone: NB101 puts both back above table 二, one a pass (insertions at one
# point wait for the next pass): two passes that change the text, a third that finds nothing to do
BROKEN = CLEAN.replace("一、总体情况\n", "").replace("二、主动公开政府信息情况\n", "")
TABLE2 = BROKEN.index("第二十条第（一）项")
FIXED = BROKEN[:TABLE2] + "一、总体情况\n二、主动公开政府信息情况\n" + BROKEN[TABLE2:]


@pytest.fixture
def counted(monkeypatch):
    """How many texts the reader read, and how many passes of the fix loop changed the text."""
    n = {"parses": 0, "edits": 0}
    read, apply_edits = reader._Reader.read, fixes.apply_edits

    def counting_read(self):
        n["parses"] += 1
        return read(self)

    def counting_apply(text, edits):
        n["edits"] += 1
        return apply_edits(text, edits)
    monkeypatch.setattr(reader._Reader, "read", counting_read)
    monkeypatch.setattr(fixes, "apply_edits", counting_apply)
    return n


def test_lint_fix_reads_the_text_once_a_pass(tmp_path, counted, capsys):
    f = tmp_path / "report.txt"
    f.write_text(BROKEN, encoding="utf-8")
    assert cli.main(["lint", "--fix", str(f)]) == 1           # 一 is empty now (its text is above it): NB107
    assert counted == {"parses": 3, "edits": 2}               # passes = edits + 1, one parse each
    assert f.read_text(encoding="utf-8") == FIXED
    out = capsys.readouterr().out
    assert out.count(" NB107 ") == 1 and out.endswith("Found 1 problem (1 error, 0 warnings, 0 info) in 1 file; fixed 2.\n")


def test_lint_fix_of_a_clean_report_reads_it_once(tmp_path, counted, capsys):
    f = tmp_path / "report.txt"
    f.write_text(CLEAN, encoding="utf-8")
    assert cli.main(["lint", "--fix", str(f)]) == 0
    assert counted == {"parses": 1, "edits": 0}


def test_lint_without_fix_reads_once_and_diff_once_more_for_the_findings_of_the_text_as_it_is(tmp_path, counted,
                                                                                               capsys):
    f = tmp_path / "report.txt"
    f.write_text(BROKEN, encoding="utf-8")
    cli.main(["lint", str(f)])
    assert counted == {"parses": 1, "edits": 0}
    cli.main(["lint", "--diff", str(f)])
    assert counted == {"parses": 1 + 1 + 3, "edits": 2}
    assert f.read_text(encoding="utf-8") == BROKEN


def test_the_fix_loop_alone_reads_once_a_pass(counted):
    assert fix(BROKEN).text == FIXED
    assert counted == {"parses": 3, "edits": 2}
