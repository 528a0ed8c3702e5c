"""The language server under real editing, through a real stdio connection: memory that stays
flat over tens of thousands of edits, result ids that never repeat, stale work that is dropped,
incremental edits applied in every position encoding, and an exit that does not wait for work.
"""
from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from stdio_client import Server, start

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
