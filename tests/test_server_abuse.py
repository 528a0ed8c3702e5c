"""The language server under abuse, through a real stdio connection (raw JSON-RPC).

Thousands of random full-sync edits keep the server's text identical to the client's (each
pulled or pushed diagnostic list equals `lint()` of the client's text of that version, and a
pushed one carries that version); malformed messages, unknown methods, requests for documents
never opened or closed, a document closed while it is linted, and a client that goes away
without `shutdown` all end cleanly: every request is answered, nothing fails inside the
server, and the process exits by itself within seconds.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, huge_report, read, seed_path
from nianbao.grammar import is_report, lint, parse
from stdio_client import EXIT_SECONDS, HOLD, NIANBAO, Server, expected, got, start

LONG = os.environ.get("NIANBAO_LONG") == "1"


# -- random full-sync edits -----------------------------------------------------------------

ODD = "𠀀😀\v\f\u2028\u2029\x00\x85\ufeff\u3000\t|、（）一二三四五六0123456789"
LINES = [line for p in sorted(SEEDS.glob("*.txt")) for line in read(p).splitlines(keepends=True)]


def edit(rng: random.Random, text: str) -> str:
    """One keystroke-sized (or paste-sized) change, as an editor's full sync sends it."""
    at = rng.randint(0, len(text))
    op = rng.random()
    if op < 0.35:
        return text[:at] + rng.choice(ODD + "的年报告申请") * rng.randint(1, 3) + text[at:]
    if op < 0.6:
        return text[:at] + text[at + rng.randint(1, 8):]
    if op < 0.75:
        m = list(re.finditer(r"\d+", text))
        if m:
            d = rng.choice(m)
            return text[:d.start()] + str(rng.randint(0, 200)) + text[d.end():]
    if op < 0.85:
        return text[:at] + rng.choice(["\n", "\r\n", "\r"]) + text[at:]
    if op < 0.95:
        return text[:at] + rng.choice(LINES) + text[at:]
    return text[:at]                                  # select to the end and delete


def random_position(rng: random.Random, text: str) -> dict:
    return {"line": rng.randint(0, text.count("\n") + 2), "character": rng.randint(0, 80)}


def side_requests(s: Server, rng: random.Random, uri: str, text: str) -> None:
    """What an editor asks between keystrokes: each must be answered without an error."""
    doc = {"uri": uri}
    a, b = random_position(rng, text), random_position(rng, text)
    rng_ = {"start": a, "end": b}
    for method, params in [
        ("textDocument/hover", {"textDocument": doc, "position": a}),
        ("textDocument/codeAction", {"textDocument": doc, "range": rng_, "context": {"diagnostics": []}}),
        ("textDocument/codeAction", {"textDocument": doc, "range": rng_,
                                     "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        ("textDocument/documentSymbol", {"textDocument": doc}),
        ("textDocument/foldingRange", {"textDocument": doc}),
        ("textDocument/inlayHint", {"textDocument": doc, "range": rng_}),
        ("textDocument/completion", {"textDocument": doc, "position": b}),
    ]:
        s.ask(method, params)
    # answers are collected later, all at once, so that requests overlap the edits


EDITS = 4000 if LONG else 1500


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_with_pushed_diagnostics_keep_text_and_version_current(servers, seed):
    rng = random.Random(seed)
    s = start(servers)                                 # no pull support: the server pushes
    uri = "file:///abuse/push.txt"
    text = read(seed_path(f"00{seed}"))
    texts = {1: text}
    s.open(uri, text)
    pending = []

    def pushed_for(version):
        return lambda s: any(p["version"] == version for p in s.published if p["uri"] == uri)
    pauses = []
    for version in range(2, EDITS + 2):
        text = edit(rng, text)
        if len(text) > 40_000:
            text = text[:20_000]
        texts[version] = text
        s.change(uri, version, text)
        if version % 97 == 0:
            first = s.next_id + 1
            side_requests(s, rng, uri, text)
            pending += range(first, s.next_id + 1)
        if version % 211 == 0:                         # a pause in typing: this version gets pushed
            assert s.wait_for(pushed_for(version), 60), f"no diagnostics pushed in the pause after {version}"
            pauses.append(version)
    last = EDITS + 1
    for msg_id in pending:
        m = s.answer(msg_id)
        assert "error" not in m, m["error"]
    assert s.wait_for(pushed_for(last), 60), "no diagnostics pushed for the last version"
    pushed = [p for p in s.published if p["uri"] == uri]
    versions = [p["version"] for p in pushed]
    assert versions == sorted(versions), "an older version's diagnostics came after a newer one's"
    assert set(pauses) <= set(versions) and len(pauses) >= 3
    for p in pushed:                                   # the server's text of that version was ours
        assert got(p["diagnostics"]) == expected(texts[p["version"]]), p["version"]
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_random_edits_with_pulled_diagnostics_answer_for_the_current_text(servers):
    rng = random.Random(3)
    s = start(servers, capabilities={"textDocument": {"diagnostic": {}}})
    uri = "file:///abuse/pull.md"
    text = read(Path(__file__).parent / "fixtures" / "clean-2019.md")
    s.open(uri, text, language="markdown")
    pending = []
    for version in range(2, EDITS // 2 + 2):
        text = edit(rng, text)
        if len(text) > 40_000:
            text = text[:20_000]
        s.change(uri, version, text)
        if version % 25 == 0:
            report = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            assert got(report["items"]) == expected(text), version
            assert report["resultId"].split(":")[0] == str(version)      # for the version just sent
        if version % 61 == 0:
            first = s.next_id + 1
            side_requests(s, rng, uri, text)
            pending += range(first, s.next_id + 1)
    for msg_id in pending:
        m = s.answer(msg_id)
        assert "error" not in m, m["error"]
    report = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    assert got(report["items"]) == expected(text)
    assert report["resultId"].split(":")[0] == str(EDITS // 2 + 1)
    assert s.shutdown() == 0
    s.no_internal_errors()


# -- malformed and unexpected messages -------------------------------------------------------

GARBAGE = [
    b"Content-Length: 5\r\n\r\n{bad}",                               # not JSON
    b"Content-Length: 2\r\n\r\n[]",                                  # JSON, not an object
    b"Content-Length: 4\r\n\r\nnull",
    b"Content-Length: 3\r\n\r\n123",
    b'Content-Length: 7\r\n\r\n"hello"',
    b"Content-Length: 2\r\n\r\n{}",
    b'Content-Length: 31\r\n\r\n{"id": 1, "method": "shutdown"}',   # no "jsonrpc"
    b'Content-Length: 52\r\n\r\n{"jsonrpc": "1.0", "id": 77, "method": "initialize"}',
    b"a header line that is no header\r\n",
    b"Content-Length: -5\r\n\r\n",
    b"Content-Length: many\r\n\r\n",
    b"\r\n\r\n\r\n",
    b"Content-Type: application/json\r\n",
    b'Content-Length: 9\r\n\r\n"\xe4\xb8\xad\xff\xfe x"',                 # not UTF-8
    b'Content-Length: 72\r\n\r\n{"jsonrpc": "2.0", "method": "' + b"\xe4\xb8\xad" * 9 + b'", "params": 1}',
]


def test_malformed_messages_are_survived_and_bad_requests_answered(servers):
    s = start(servers, capabilities={"textDocument": {"diagnostic": {}}})
    text = read(seed_path("001"))
    uri = "file:///abuse/ok.txt"
    s.open(uri, text)
    want = expected(text)
    for garbage in GARBAGE:
        s.send_bytes(garbage)
        assert got(s.pull(uri)) == want, garbage      # still here, still right
    # requests the server cannot serve are answered with an error, never left unanswered
    errors = [
        ("no/such/method", None, -32601),
        ("textDocument/hover", {"textDocument": {"uri": uri}, "position": "top"}, -32602),
        ("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}}, -32602),
        ("textDocument/hover", None, -32602),
        ("textDocument/codeAction", {"textDocument": {"uri": uri}}, -32602),
        ("workspace/executeCommand", {"command": "nianbao.nope", "arguments": []}, -32602),
    ]
    for method, params, code in errors:
        m = s.answer(s.ask(method, params))
        assert m.get("error", {}).get("code") == code, (method, params, m)
    s.notify("no/such/notification", {"x": 1})
    s.notify("$/somethingNew", None)
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri}})        # no version, no changes
    s.notify("textDocument/didOpen", {"textDocument": {"uri": 7}})
    s.send({"jsonrpc": "2.0", "id": 9999, "result": {"answer": "to nothing asked"}})
    s.send({"jsonrpc": "2.0", "id": {"an": "object"}, "method": "no/such/method"})
    assert "error" in s.answer(json.dumps({"an": "object"}))
    assert got(s.pull(uri)) == want
    assert s.shutdown() == 0


def test_commands_with_arguments_of_every_wrong_type(servers):
    s = start(servers)
    s.open("file:///abuse/c.txt", read(seed_path("001")))
    for args in ([[1]], [{"a": 1}], [5], [None], ["file:///never-opened.txt"], ["\x00"]):
        assert s.request("workspace/executeCommand", {"command": "nianbao.fixAll", "arguments": args}) is False
    for opts in ({"year": 2023, "organ": "x", "uri": [1]}, {"year": 2023, "organ": "甲\n乙|丙"},
                 {"year": True, "organ": "x"}, {"year": 2023.5, "organ": "x"}, {"year": "2023", "organ": "x"},
                 {"year": 2023, "organ": {"a": 1}, "layout": [1]}, "a string", None, [1, 2]):
        s.request("workspace/executeCommand", {"command": "nianbao.newReport", "arguments": [opts]})
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_requests_for_documents_never_opened_or_closed(servers):
    s = start(servers, capabilities={"textDocument": {"diagnostic": {}}})
    text = read(seed_path("004"))
    closed = "file:///abuse/closed.txt"
    s.open(closed, text)
    assert s.pull(closed)
    s.close(closed)
    for uri in ("file:///abuse/never.txt", closed, "untitled:Untitled-1", "", "file:///" + "长" * 2000 + ".txt"):
        doc = {"uri": uri}
        pos = {"line": 3, "character": 1}
        rng_ = {"start": pos, "end": pos}
        assert s.pull(uri) == []
        assert s.request("textDocument/hover", {"textDocument": doc, "position": pos}) is None
        assert not s.request("textDocument/codeAction", {"textDocument": doc, "range": rng_,
                                                         "context": {"diagnostics": []}})
        assert not s.request("textDocument/documentSymbol", {"textDocument": doc})
        assert not s.request("textDocument/foldingRange", {"textDocument": doc})
        assert not s.request("textDocument/inlayHint", {"textDocument": doc, "range": rng_})
        assert not s.request("textDocument/completion", {"textDocument": doc, "position": pos})
        s.change(uri, 5, "new text")                   # for a document the server does not have
        s.notify("textDocument/didSave", {"textDocument": doc})
        s.close(uri)
        assert s.pull(uri) == []
    long_uri = "file:///" + "长" * 2000 + ".txt"       # a path no file system accepts: still linted
    s.open(long_uri, text)
    assert got(s.pull(long_uri)) == expected(text)
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_a_document_closed_while_it_is_linted_pushes_nothing_stale(servers):
    s = start(servers, trace="verbose", held="analysis")
    uri = "file:///abuse/big.txt"
    s.open(uri, read(seed_path("003")) + f"\n{HOLD}\n")
    assert s.wait_for(lambda s: s.started(uri), 60)   # its analysis is under way
    s.close(uri)
    small = read(seed_path("001"))                     # the same uri opened again, other text
    s.open(uri, small)
    assert s.wait_for(lambda s: len(s.ended(uri)) == 1, 120)   # the reopened one's
    s.release()
    assert s.wait_for(lambda s: len(s.ended(uri)) == 2, 120)   # the closed one's analysis has ended too
    s.request("textDocument/foldingRange", {"textDocument": {"uri": "file:///none.txt"}})
    pushed = [p for p in s.published if p["uri"] == uri and p["diagnostics"]]
    assert pushed and all(got(p["diagnostics"]) == expected(small) for p in pushed), \
        "diagnostics of the closed document were pushed"
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_a_document_closed_while_a_pull_waits_for_it(servers):
    s = start(servers, capabilities={"textDocument": {"diagnostic": {}}})
    uri = "file:///abuse/big.txt"
    big = huge_report()
    s.open(uri, big)
    waiting = s.ask("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    s.close(uri)
    small = read(seed_path("001"))
    s.open(uri, small)                                 # reopened before the first analysis ends
    answer = s.answer(waiting)
    assert "error" not in answer
    assert got(answer["result"]["items"]) in (expected(big), expected(small), [])
    assert got(s.pull(uri)) == expected(small)
    assert s.shutdown() == 0
    s.no_internal_errors()


# -- clients that go away ----------------------------------------------------------------------


def test_end_of_input_without_shutdown_ends_the_server(servers):
    s = start(servers)
    s.open("file:///abuse/a.txt", read(seed_path("002")))
    s.p.stdin.close()
    s.exited()


def test_end_of_input_while_a_report_is_linted_ends_the_server(servers):
    s = start(servers, trace="verbose", held="analysis")
    s.open("file:///abuse/big.txt", read(seed_path("003")) + f"\n{HOLD}\n")
    assert s.wait_for(lambda s: s.started("file:///abuse/big.txt"), 60)
    s.p.stdin.close()
    s.exited()                                         # not after the analysis: nobody needs it


def test_exit_without_shutdown_ends_the_server(servers):
    s = start(servers)
    s.notify("exit")
    assert s.exited() == 1                             # as the protocol says: exit without shutdown: 1


def test_exit_after_shutdown_ends_the_server_even_with_input_open(servers):
    s = start(servers)
    s.request("shutdown")
    s.notify("exit")
    assert s.exited() == 0                             # stdin is still open: the server must not wait on it


def test_a_corrupt_content_length_ends_the_session_cleanly(servers):
    s = start(servers)
    s.send_bytes(b"Content-Length: 100000000000\r\n\r\n{}")   # 100 GB: a MemoryError or an endless wait
    assert s.exited() == 0
    assert "Traceback" not in s.stderr.decode(errors="replace")


def test_a_header_line_without_end_does_not_exhaust_memory(servers):
    s = start(servers)
    for _ in range(64):
        s.send_bytes(b"X" * (1 << 20))                 # 64 MB without a line break
    s.send_bytes(b"\r\n")
    assert s.request("textDocument/hover", {"textDocument": {"uri": "file:///x.txt"},
                                            "position": {"line": 0, "character": 0}}) is None
    rss = int(re.search(r"VmHWM:\s+(\d+)", Path(f"/proc/{s.p.pid}/status").read_text()).group(1))
    assert rss < 100 * 1024, f"peak memory {rss} kB"      # unbounded, the line alone took 180 MB
    assert s.shutdown() == 0


CLIENT = r"""
import json, subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
def send(obj):
    body = json.dumps(obj).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body)); p.stdin.flush()
def answer():
    n = int(p.stdout.readline().split(b":")[1])
    while p.stdout.readline().strip():
        pass
    return json.loads(p.stdout.read(n))
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
answer()
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
text = open(sys.argv[2], encoding="utf-8").read()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": "file:///abuse/killed.txt", "languageId": "plaintext", "version": 1, "text": text}}})
# answered at once, after the didOpen before it: the report's analysis is under way now
send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/foldingRange", "params": {"textDocument": {"uri": "file:///none.txt"}}})
while answer().get("id") != 2:
    pass
print(p.pid, flush=True)
time.sleep(3600)
"""


@pytest.mark.parametrize("size", ["small", "huge"])
def test_a_client_killed_without_a_word_leaves_no_server_behind(tmp_path, size):
    import select
    text = read(seed_path("001")) if size == "small" else huge_report()
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    client = subprocess.Popen([sys.executable, "-c", CLIENT, NIANBAO, str(f)], stdout=subprocess.PIPE)
    server = None
    try:
        server = os.pidfd_open(int(client.stdout.readline()))   # readable once the server has ended
        client.kill()                                  # the editor crashes: its pipe ends close
        client.wait()
        ended, _, _ = select.select([server], [], [], EXIT_SECONDS)
        assert ended, "the server outlived its killed client"
    finally:                                           # pass or fail, nothing is left running
        client.kill()
        client.wait()
        if server is not None:
            try:                                       # this very process, even were its pid reused
                signal.pidfd_send_signal(server, signal.SIGKILL)
            except ProcessLookupError:
                pass                                   # it has ended
            os.close(server)
