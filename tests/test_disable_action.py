"""“在这一行停用 NBxxx”: for every finding of every real report, the comment the action would
insert (if it is offered at all) silences exactly that finding and brings no other.

Unverified, the action failed more often than it worked: in a one-cell-per-line table the
comment line became a cell (new NB202/NB203, and the comment itself reported as unused NB001),
and NB106, anchored at the start of the document, was never covered by a line comment.
"""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import EXCERPTS, SEEDS, SHARED, read
from nianbao.grammar import Config, apply_edits, lint
from nianbao.server.lsp.actions import disable_edit

REAL = sorted(SEEDS.glob("*.txt")) + sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted(EXCERPTS.glob("*.txt"))


def located(findings) -> Counter:
    return Counter((f.code, f.message, f.span.start, f.span.end) for f in findings)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_a_disable_comment_silences_exactly_its_finding(path):
    text = read(path)
    findings = lint(text)
    for f in findings:
        edit = disable_edit(text, Config(), findings, f)
        if edit is None:
            continue                                   # not offered: nothing to get wrong
        assert edit.start == edit.end and edit.content.startswith(("<!-- nianbao-disable-next-line",
                                                                   "<!-- nianbao-disable-file"))
        n = len(edit.content)
        after = Counter()
        for (code, message, start, end), k in located(lint(apply_edits(text, [edit]))).items():
            assert not (edit.start <= start < edit.start + n), f"{code} on the comment itself: {message}"
            back = [x - n if x >= edit.start + n else x for x in (start, end)]
            after[(code, message, *back)] += k
        assert located(findings) - after == Counter({(f.code, f.message, f.span.start, f.span.end): 1}), f.message
        assert not after - located(findings), f"new findings after silencing {f.code}: {after - located(findings)}"
