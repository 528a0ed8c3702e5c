"""`nianbao serve` whose first job of one kind ("analysis" or "fix") on a text holding HOLD waits
until the test lets it go (`Server.release`): work that is under way while edits, settings,
cancels or exit come, however fast the engine is. Started by `stdio_client.start(..., held=KIND)`."""
import os
import sys

from nianbao.server.cli import main
from nianbao.server.lsp import state
from stdio_client import HOLD

GATE = os.environ["NIANBAO_TEST_GATE"]          # a FIFO: opening it waits for the test's writer
KIND = os.environ["NIANBAO_TEST_HOLD"]
_held: set[str] = set()


def _holding(run, kind):
    def held(self, doc, text, stale):
        if kind == KIND and HOLD in text and kind not in _held:
            _held.add(kind)
            with open(GATE, encoding="utf-8") as gate:
                gate.readline()
        return run(self, doc, text, stale)
    return held


state.Documents._analyse = _holding(state.Documents._analyse, "analysis")
state.Documents._fix = _holding(state.Documents._fix, "fix")
sys.exit(main(["serve", *sys.argv[1:]]))
