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
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import SEEDS, read, seed_path
from nianbao.grammar import parse
from nianbao.grammar.linter import is_report, lint

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
LONG = os.environ.get("NIANBAO_LONG") == "1"
EXIT_SECONDS = 5          # a server left without a client must be gone within this


class Server:
    """`nianbao serve` on pipes, spoken to in raw JSON-RPC.

    A reader thread splits the server's output into messages: responses (by id), the
    diagnostics it pushes (in order), and its own requests, which are answered as an editor
    would (no settings, registrations accepted, edits not applied)."""

    def __init__(self, capabilities: dict | None = None, initialize: bool = True):
        self.p = subprocess.Popen([NIANBAO, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.responses: dict = {}
        self.published: list[dict] = []       # publishDiagnostics params, in arrival order
        self.messages: list[dict] = []        # window/showMessage params
        self.cond = threading.Condition()
        self.eof = False
        self.stderr = b""
        self.next_id = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        if initialize:
            self.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                        "capabilities": capabilities or {}})
            self.notify("initialized", {})

    # -- transport --------------------------------------------------------------------------

    def _read_stderr(self):
        for line in self.p.stderr:
            self.stderr += line

    def _read(self):
        fd = self.p.stdout.fileno()
        buf = b""
        while True:
            while b"\r\n\r\n" not in buf:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return self._closed()
                buf += chunk
            head, buf = buf.split(b"\r\n\r\n", 1)
            n = int(re.search(rb"Content-Length: (\d+)", head).group(1))
            while len(buf) < n:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return self._closed()
                buf += chunk
            body, buf = buf[:n], buf[n:]
            self._dispatch(json.loads(body))

    def _closed(self):
        with self.cond:
            self.eof = True
            self.cond.notify_all()

    def _dispatch(self, m: dict):
        method = m.get("method")
        if method and "id" in m:                       # the server asks the editor something
            result = {"workspace/configuration": [None] * len((m.get("params") or {}).get("items", [])),
                      "workspace/applyEdit": {"applied": False}}.get(method)
            self.send({"jsonrpc": "2.0", "id": m["id"], "result": result})
            return
        with self.cond:
            if method == "textDocument/publishDiagnostics":
                self.published.append(m["params"])
            elif method == "window/showMessage":
                self.messages.append(m["params"])
            elif method is None:
                key = m.get("id")
                self.responses[key if isinstance(key, (int, str, type(None))) else json.dumps(key)] = m
            self.cond.notify_all()

    def send_bytes(self, data: bytes) -> None:
        with self.lock:
            self.p.stdin.write(data)
            self.p.stdin.flush()

    def send(self, obj) -> None:
        body = json.dumps(obj, ensure_ascii=False).encode()
        self.send_bytes(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def notify(self, method: str, params=None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def ask(self, method: str, params=None) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def answer(self, msg_id, timeout: float = 60) -> dict:
        with self.cond:
            ok = self.cond.wait_for(lambda: msg_id in self.responses or self.eof, timeout)
            assert ok and msg_id in self.responses, f"no answer to request {msg_id}"
            return self.responses.pop(msg_id)

    def request(self, method: str, params=None, timeout: float = 60):
        """The result of a request; an error response fails the test."""
        m = self.answer(self.ask(method, params), timeout)
        assert "error" not in m, (method, m["error"])
        return m.get("result")

    def wait_for(self, predicate, timeout: float = 15):
        with self.cond:
            return self.cond.wait_for(lambda: predicate(self), timeout)

    # -- documents ---------------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int = 1, language: str = "plaintext") -> None:
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": version, "text": text}})

    def change(self, uri: str, version: int, text: str) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def pull(self, uri: str) -> list:
        return self.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})["items"]

    # -- the end -----------------------------------------------------------------------------

    def exited(self, timeout: float = EXIT_SECONDS) -> int:
        """The exit status, once the process has ended by itself; a process still there after
        `timeout` is killed and fails the test."""
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            pytest.fail(f"the server did not exit within {timeout} s")

    def shutdown(self) -> int:
        self.request("shutdown")
        self.notify("exit")
        self.p.stdin.close()
        return self.exited()

    def no_internal_errors(self) -> None:
        """Nothing raised inside our code: pygls logs a handler's exception with its traceback."""
        text = self.stderr.decode(errors="replace")
        assert "nianbao/" not in text and "server/lsp" not in text, text[-3000:]


@pytest.fixture
def servers():
    """Servers started by a test; any left running at its end are killed (and fail it)."""
    started: list[Server] = []
    yield started
    alive = [s for s in started if s.p.poll() is None]
    for s in alive:
        s.p.kill()
        s.p.wait()
    assert not alive, "a server process was still running at the end of the test"


def start(servers, **kw) -> Server:
    s = Server(**kw)
    servers.append(s)
    return s


# -- positions computed independently of the server (UTF-16, as the default client) ----------


def _starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def position(text: str, starts: list[int], offset: int) -> tuple[int, int]:
    import bisect
    line = bisect.bisect_right(starts, offset) - 1
    return line, len(text[starts[line]:offset].encode("utf-16-le")) // 2


def expected(text: str) -> list:
    """What the server must say about `text`: `lint()`, at positions computed here (nothing
    for a text that does not look like a report)."""
    if not is_report(parse(text)):
        return []
    starts = _starts(text)
    return sorted((f.code, f.message, *position(text, starts, f.span.start), *position(text, starts, f.span.end))
                  for f in lint(text))


def got(items: list) -> list:
    return sorted((d["code"], d["message"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in items)


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
        if version % 211 == 0:
            time.sleep(0.3)                            # a pause in typing: a push happens now
    last = EDITS + 1
    for msg_id in pending:
        m = s.answer(msg_id)
        assert "error" not in m, m["error"]
    assert s.wait_for(lambda s: any(p["version"] == last for p in s.published if p["uri"] == uri), 30), \
        "no diagnostics pushed for the last version"
    pushed = [p for p in s.published if p["uri"] == uri]
    versions = [p["version"] for p in pushed]
    assert versions == sorted(versions), "an older version's diagnostics came after a newer one's"
    assert len(pushed) >= 3                            # the pauses produced pushes on the way
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


def big_report() -> str:
    from bench_parse import grow       # bench/ is on sys.path through conftest
    return grow(read(seed_path("003")), 1024 * 1024, distinct=True)


def test_a_document_closed_while_it_is_linted_pushes_nothing_stale(servers):
    s = start(servers)
    uri = "file:///abuse/big.txt"
    s.open(uri, big_report())
    time.sleep(0.05)                                   # its analysis has started in the worker
    s.close(uri)
    time.sleep(3)                                      # long enough for the analysis to end
    pushed = [p for p in s.published if p["uri"] == uri]
    assert all(p["diagnostics"] == [] for p in pushed), "diagnostics of a closed document were pushed"
    small = read(seed_path("001"))                     # the same uri opened again, other text
    s.open(uri, small)
    assert s.wait_for(lambda s: s.published and s.published[-1]["uri"] == uri and s.published[-1]["diagnostics"])
    assert got(s.published[-1]["diagnostics"]) == expected(small)
    assert s.shutdown() == 0
    s.no_internal_errors()


def test_a_document_closed_while_a_pull_waits_for_it(servers):
    s = start(servers, capabilities={"textDocument": {"diagnostic": {}}})
    uri = "file:///abuse/big.txt"
    big = big_report()
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


def test_end_of_input_while_a_large_report_is_linted_ends_the_server(servers):
    s = start(servers)
    s.open("file:///abuse/big.txt", big_report())
    time.sleep(0.1)
    s.p.stdin.close()
    s.exited(EXIT_SECONDS + 5)                         # the running analysis may finish first


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
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
text = open(sys.argv[2], encoding="utf-8").read()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": "file:///abuse/killed.txt", "languageId": "plaintext", "version": 1, "text": text}}})
print(p.pid, flush=True)
time.sleep(3600)
"""


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")                          # exited (a zombie waiting for its reaper)


@pytest.mark.parametrize("size", ["small", "1 MB"])
def test_a_client_killed_without_a_word_leaves_no_server_behind(tmp_path, size):
    text = read(seed_path("001")) if size == "small" else big_report()
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    client = subprocess.Popen([sys.executable, "-c", CLIENT, NIANBAO, str(f)], stdout=subprocess.PIPE)
    pid = int(client.stdout.readline())
    time.sleep(0.3 if size == "small" else 0.1)
    client.send_signal(signal.SIGKILL)                 # the editor crashes: its pipe ends close
    client.wait()
    deadline = time.monotonic() + EXIT_SECONDS + (5 if size != "small" else 0)
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not gone(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the server outlived its killed client")
