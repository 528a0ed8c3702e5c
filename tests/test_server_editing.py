"""The language server under real editing, through a real stdio connection: memory that stays
flat over tens of thousands of edits, result ids that never repeat, stale work that is dropped,
incremental edits applied in every position encoding, and an exit that does not wait for work.
"""
from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from conftest import read, seed_path
from stdio_client import HOLD, Server, start

PULL = {"textDocument": {"diagnostic": {}}}
SMALL = "某某局2023年政府信息公开工作年度报告\n一、总体情况\n"     # not a report: no lint work to speak of


def rss_kb(s: Server) -> int:
    return int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{s.p.pid}/status").read_text()).group(1))


def barrier(s: Server) -> None:
    """Returns once the server has handled everything sent before (it handles messages in order)."""
    s.request("textDocument/hover", {"textDocument": {"uri": "file:///none.txt"},
                                     "position": {"line": 0, "character": 0}})


def open_edit_close(s: Server, edits: int, first: int = 0) -> None:
    """`edits` notifications: didOpen, three didChange, didClose, over and over, on 50 uris."""
    for i in range(first, first + edits // 5):
        uri = f"file:///edit/{i % 50}.txt"
        s.open(uri, SMALL)
        for v in (2, 3, 4):
            s.change(uri, v, SMALL + f"第{v}段\n")
        s.close(uri)


# -- memory ------------------------------------------------------------------------------------


async def test_notifications_leave_no_futures_behind():
    """pygls 2.1.1 kept the future of every didOpen/didChange/didClose (and of every async
    notification handler) in `_request_futures` for ever: 20,000 edits, 20,000 futures."""
    from nianbao.server.lsp.server import create_server
    ls = create_server()
    sent = []
    ls.protocol.set_writer(type("Sink", (), {"write": lambda self, data: sent.append(data),
                                             "close": lambda self: None})())

    def receive(message: dict) -> None:
        ls.protocol.handle_message(json.loads(json.dumps({"jsonrpc": "2.0", **message}),
                                              object_hook=ls.protocol.structure_message))
    receive({"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": PULL}})
    receive({"method": "initialized", "params": {}})
    for i in range(4000):
        uri = f"file:///edit/{i % 50}.txt"
        receive({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": SMALL}}})
        for v in (2, 3, 4):
            receive({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": SMALL + f"第{v}段"}]}})
        receive({"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}})
        if i % 400 == 0:           # async handlers too (workspace/configuration: none, as capabilities say)
            receive({"method": "workspace/didChangeConfiguration", "params": {"settings": None}})
    running = [f for f in ls.protocol._request_futures.values() if isinstance(f, asyncio.Future)]
    if running:
        await asyncio.wait(running)
    assert len(ls.protocol._request_futures) == 0, f"{len(ls.protocol._request_futures)} futures kept"


def test_rss_stays_flat_over_twenty_thousand_edits(servers):
    s = start(servers, PULL)
    open_edit_close(s, 4000)                           # warm-up: caches, allocator arenas
    barrier(s)
    before = rss_kb(s)
    open_edit_close(s, 20_000, first=800)
    barrier(s)
    grown = rss_kb(s) - before
    assert grown < 4 * 1024, f"RSS grew by {grown} kB over 20,000 edits"   # the leak: ~40 MB
    assert s.shutdown() == 0


# -- stale work: the policy, in process, with an analysis that waits for the test's word --------


class Gate:
    """Stands in for the analysis: records what it was asked to read and, until opened, holds
    the worker thread, so that the test decides what is running while edits arrive."""

    def __init__(self):
        import threading
        self.loop = asyncio.get_running_loop()
        self.open_ = threading.Event()
        self.ran: list[str] = []
        self.entered = asyncio.Event()

    def __call__(self, doc, text, stale):
        from nianbao.server.lsp.state import Analysis
        self.ran.append(text)
        self.loop.call_soon_threadsafe(self.entered.set)
        assert self.open_.wait(60)
        return Analysis(None, True, [text], None)

    def release(self):
        self.open_.set()


def documents_with(gate):
    from nianbao.server.lsp.state import Documents
    docs = Documents()
    docs._analyse = gate
    return docs


async def test_edits_while_an_analysis_runs_start_only_the_newest():
    gate = Gate()
    docs = documents_with(gate)
    doc = docs.open("file:///big.txt", "plaintext", 1, "v1")
    waiting = [asyncio.ensure_future(docs.analysed(doc))]
    await gate.entered.wait()                          # v1 is being analysed
    for v in range(2, 7):                              # five quick edits, each pulled at once
        docs.change(doc.uri, v, f"v{v}")
        waiting.append(asyncio.ensure_future(docs.analysed(doc)))
    gate.release()
    assert await asyncio.gather(*waiting) == [["v6"]] * 6     # every waiter gets the current version
    assert gate.ran == ["v1", "v6"]                    # v2-v5 were never started


async def test_settings_changes_while_an_analysis_runs_start_only_the_newest():
    gate = Gate()
    docs = documents_with(gate)
    doc = docs.open("file:///big.txt", "plaintext", 1, "v1")
    waiting = [asyncio.ensure_future(docs.analysed(doc))]
    await gate.entered.wait()
    for _ in range(10):                                # ten didChangeConfiguration, each re-pulled
        docs.relint()
        waiting.append(asyncio.ensure_future(docs.analysed(doc)))
    gate.release()
    await asyncio.gather(*waiting)
    assert len(gate.ran) == 2 and doc.analysis is not None and docs.generation == 10


async def test_a_document_is_not_queued_behind_another():
    gate = Gate()
    docs = documents_with(gate)
    big = docs.open("file:///big.txt", "plaintext", 1, "big")
    small = docs.open("file:///small.txt", "plaintext", 1, "small")
    held = asyncio.ensure_future(docs.analysed(big))
    await gate.entered.wait()                          # the big one holds its worker …
    gate.entered.clear()
    small_done = asyncio.ensure_future(docs.analysed(small))
    await gate.entered.wait()                          # … and the small one runs beside it
    assert gate.ran == ["big", "small"] and not held.done()
    gate.release()
    assert await small_done == ["small"] and await held == ["big"]


async def test_a_fix_nobody_waits_for_any_more_gives_up():
    import threading
    docs = documents_with(Gate())
    doc = docs.open("file:///big.txt", "plaintext", 1, "text")
    running, gave_up = asyncio.Event(), threading.Event()
    loop = asyncio.get_running_loop()

    def fix(doc, text, stale):                         # a fix loop: one pass after another
        loop.call_soon_threadsafe(running.set)
        while not stale():
            threading.Event().wait(0.001)
        gave_up.set()
        return "fixed"
    docs._fix = fix
    request = asyncio.ensure_future(docs.fixed(doc))
    await running.wait()
    request.cancel()                                   # $/cancelRequest: pygls cancels the handler
    assert await loop.run_in_executor(None, gave_up.wait, 60)


async def test_a_job_is_never_dropped_before_its_first_waiter_counts():
    """The worker thread may look at a job the moment it is submitted: its waiter must count
    by then, or a fix or a disable check nobody seems to wait for is dropped, again and again."""
    from nianbao.server.lsp.state import Documents
    traces = []
    docs = Documents(trace=traces.append)
    docs._fix = lambda doc, text, stale: text.upper()
    doc = docs.open("file:///a.txt", "plaintext", 1, "v1")
    for v in range(2, 40):
        docs.change(doc.uri, v, f"v{v}")
        assert await docs.fixed(doc) == f"V{v}"
    assert not [t for t in traces if "dropped" in t], traces


async def test_stop_drops_queued_work_and_frees_its_waiters():
    gate = Gate()
    docs = documents_with(gate)
    doc = docs.open("file:///big.txt", "plaintext", 1, "v1")
    first = asyncio.ensure_future(docs.analysed(doc))
    await gate.entered.wait()
    docs.change(doc.uri, 2, "v2")
    second = asyncio.ensure_future(docs.analysed(doc))
    await asyncio.sleep(0)                             # let it queue v2
    docs.stop()                                        # shutdown
    assert await first is None and await second is None
    gate.release()
    assert gate.ran == ["v1"]


# -- stale work: the real server -----------------------------------------------------------------

TRACED_PULL = {"textDocument": {"diagnostic": {}}, "workspace": {"configuration": True}}


def held_report() -> str:
    """A report whose first analysis or fix (`start(held=…)`) lasts until the test lets it go."""
    return read(seed_path("003")) + f"\n{HOLD}\n"


def test_a_small_report_is_answered_while_a_long_analysis_of_another_is_overtaken(servers):
    s = start(servers, TRACED_PULL, trace="verbose", held="analysis")
    big, small = "file:///edit/big.txt", "file:///edit/small.txt"
    text = held_report()
    s.open(big, text)
    pulls = [s.ask("textDocument/diagnostic", {"textDocument": {"uri": big}})]
    assert s.wait_for(lambda s: s.started(big), 60)  # version 1 is being analysed
    for v in range(2, 7):                              # five quick edits, each pulled, as VS Code does
        s.change(big, v, text + "\n" * v)
        pulls.append(s.ask("textDocument/diagnostic", {"textDocument": {"uri": big}}))
    s.open(small, SMALL)
    s.answer(s.ask("textDocument/diagnostic", {"textDocument": {"uri": small}}))
    assert not [p for p in pulls if p in s.arrivals], "a pull was answered before its analysis"
    s.release()
    answers = [s.answer(p, 120) for p in pulls]
    assert {a["result"]["resultId"].split(":")[0] for a in answers} == {"6"}, \
        "every pull is answered for the current version"
    assert len({a["result"]["resultId"] for a in answers}) == 1
    # 1 was running when the edits came, 6 is current: 2-5 are never started
    assert [v for v, _ in s.started(big)] == [1, 6]
    assert s.ended(big) == ["given up", "done"]
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_settings_changed_ten_times_while_a_report_is_analysed(servers):
    s = start(servers, {"workspace": {"configuration": True}}, trace="verbose", held="analysis")    # a push client
    big = "file:///edit/big.txt"
    s.open(big, held_report())
    assert s.wait_for(lambda s: s.started(big), 60)
    for _ in range(10):
        s.notify("workspace/didChangeConfiguration", {"settings": None})
    hover = s.ask("textDocument/hover", {"textDocument": {"uri": big}, "position": {"line": 0, "character": 0}})
    assert s.wait_for(lambda s: sum(t.startswith("settings changed") for t in s.traces) >= 10, 60)
    s.release()
    assert "error" not in s.answer(hover, 120)
    assert s.wait_for(lambda s: len(s.ended(big)) == 2, 120)
    runs = s.started(big)        # settings 10 or 11: `initialized` takes the client's settings in too
    assert len(runs) == 2 and runs[0][1] <= 1 and runs[1][1] >= 10, runs
    assert s.ended(big) == ["given up", "done"]
    assert s.shutdown() == 0
    s.no_internal_errors()


def fix_all(s: Server, uri: str) -> int:
    return s.ask("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})


def test_fix_all_runs_off_the_event_loop_and_can_be_cancelled(servers):
    s = start(servers, TRACED_PULL, trace="verbose", held="fix")
    big, small = "file:///edit/big.txt", "file:///edit/small.txt"
    s.open(big, held_report())
    s.open(small, SMALL)
    s.pull(small)
    fixing = fix_all(s, big)
    assert s.wait_for(lambda s: s.started(big, "fix"), 120)
    hover = s.ask("textDocument/hover", {"textDocument": {"uri": small}, "position": {"line": 0, "character": 0}})
    s.answer(hover)
    assert fixing not in s.arrivals, "the hover waited for the fix loop"
    s.notify("$/cancelRequest", {"id": fixing})
    assert s.answer(fixing, 120)["error"]["code"] == -32800          # RequestCancelled
    s.release()
    assert s.wait_for(lambda s: s.ended(big, "fix"), 120)
    assert s.ended(big, "fix") == ["given up"], "the fix loop went on for nobody"
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_exit_does_not_wait_for_queued_or_running_work(servers):
    s = start(servers, TRACED_PULL, trace="verbose", held="analysis")
    big = "file:///edit/big.txt"
    s.open(big, held_report())
    s.ask("textDocument/diagnostic", {"textDocument": {"uri": big}})
    assert s.wait_for(lambda s: s.started(big), 60)  # an analysis that never ends under way …
    fix_all(s, big)                                    # … and a fix loop queued behind it
    s.request("shutdown")
    s.notify("exit")
    assert s.exited() == 0


# -- pull result ids ---------------------------------------------------------------------------------


def test_a_reopened_document_never_gets_unchanged_for_the_old_result(servers):
    s = start(servers, PULL)
    uri = "file:///edit/reopened.txt"
    first, other = read(seed_path("001")), read(seed_path("004"))
    s.open(uri, first)
    report = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    s.close(uri)
    s.open(uri, other)                                 # version 1 again, other text …
    barrier_hover = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}
    s.request("textDocument/hover", barrier_hover)     # … analysed before the editor pulls
    again = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri},
                                                  "previousResultId": report["resultId"]})
    assert again["kind"] == "full" and again["resultId"] != report["resultId"]
    assert len(again["items"]) != len(report["items"])
    same = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri}, "previousResultId": again["resultId"]})
    assert same == {"kind": "unchanged", "resultId": again["resultId"]}
    assert s.shutdown() == 0


# -- incremental sync --------------------------------------------------------------------------------

PIECES = ["\v", "\f", "\u2028", "\u2029", "\x85", "𠀀", "😀", "\r\n", "\r", "\n", "\t", "|", "　", "国", "（一）", "0", "12",
          "的年报告申请", "一、总体情况\n", "三、收到和处理政府信息公开申请情况\n"]


def change_at(rng, text: str, enc: str) -> tuple[dict, str]:
    """A random edit as an editor sends it in incremental sync (its range in `enc` units, from a
    line index of our own), and the text after it."""
    from conftest import SEEDS, read
    from stdio_client import line_starts, position

    def boundary(k):                   # a character boundary an editor can point at
        return k - 1 if 0 < k < len(text) and text[k - 1] == "\r" and text[k] == "\n" else k
    a = boundary(rng.randint(0, len(text)))
    b = boundary(min(len(text), a + rng.choice([0, 0, 1, 2, 5, 40])))
    op = rng.random()
    if op < 0.55:
        new = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))
    elif op < 0.75:
        new = ""
    elif op < 0.9:
        new = rng.choice(read(rng.choice(sorted(SEEDS.glob("*.txt")))).splitlines(keepends=True))
    else:
        new = str(rng.randint(0, 300))
    starts = line_starts(text)
    (l0, c0), (l1, c1) = position(text, starts, a, enc), position(text, starts, b, enc)
    change = {"range": {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}, "text": new}
    return change, text[:a] + new + text[b:]


def test_the_server_advertises_incremental_sync(servers):
    s = start(servers)
    assert s.capabilities["textDocumentSync"]["change"] == 2          # Incremental
    assert s.shutdown() == 0


@pytest.mark.parametrize("enc", ["utf-16", "utf-8", "utf-32"])
def test_random_incremental_edits_keep_the_servers_text_the_clients(servers, enc):
    """600 versions of random range edits (\\v, \\f, U+2028, U+0085, astral characters, CR, LF and
    CRLF, pasted lines), one to three changes per didChange. Every 30 versions the server's text
    must be ours: its diagnostics are lint() of our text at our positions, and its fix all
    rewrites the whole document into what fixing our text gives."""
    import random

    from nianbao.grammar import Config, fix
    from stdio_client import expected, got
    rng = random.Random(enc)
    s = start(servers, {"general": {"positionEncodings": [enc]}, "textDocument": {"diagnostic": {}}})
    assert s.capabilities["positionEncoding"] == enc
    uri = "file:///edit/incremental.txt"
    text = read(seed_path("004")).replace("\n", "\r\n", 30)   # CRLF and LF lines mixed; NB104 to fix
    s.open(uri, text)
    for version in range(2, 602):
        changes = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):          # several changes in one didChange, as VS Code sends them
            change, text = change_at(rng, text, enc)
            changes.append(change)
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                            "contentChanges": changes})
        if version % 30 == 0 or version == 601:
            assert got(s.pull(uri)) == expected(text, enc), version
            fixed, actions = fix(text, Config()).text, s.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]}})
            whole = [e["newText"] for a in actions for c in a["edit"]["documentChanges"] for e in c["edits"]]
            assert whole == ([fixed] if fixed != text else []), version
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_positions_convert_to_offsets_as_the_engine_converts_them():
    """convert.offset (C-speed steps) against Source.offset_from_encoded (a Python step per
    character): positions past a line's end, inside surrogate pairs and UTF-8 sequences, lone
    surrogates, every line break LSP knows and those it does not."""
    from hypothesis import given, strategies as st
    from lsprotocol import types

    from nianbao.grammar import Source
    from nianbao.server.lsp.convert import offset

    @given(st.text(st.sampled_from("a国𠀀😀é\v\f\u2028\x85\r\n\t\ud800\udc00"), max_size=60),
           st.integers(0, 12), st.integers(0, 90), st.sampled_from(["utf-16", "utf-8", "utf-32"]))
    def agree(text, line, character, enc):
        src = Source(text)
        assert offset(src, types.Position(line=line, character=character), enc) == \
            src.offset_from_encoded(line, character, enc)
    agree()


# -- start-up ----------------------------------------------------------------------------------------


def test_the_initialize_answer_does_not_wait_for_the_engine(servers):
    """The engine (nianbao.grammar and its pyparsing grammars, a fifth of the start-up) is imported
    once the editor has its answer, when `initialized` comes: not for initialize, shutdown, exit."""
    s = start(servers, initialize=False, env={"PYTHONPROFILEIMPORTTIME": "1"})   # python -X importtime
    result = s.request("initialize", {"processId": None, "rootUri": None, "capabilities": PULL})
    assert result["serverInfo"]["name"] == "nianbao" and result["capabilities"]["diagnosticProvider"]
    assert s.shutdown() == 0 and s.stderr_read.wait(30)
    imported = re.findall(rb"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", s.stderr)
    assert b"pygls.lsp.server" in imported
    assert not [m for m in imported if m.startswith((b"nianbao.grammar", b"pyparsing"))], imported
