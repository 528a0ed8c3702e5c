"""`nianbao serve` on pipes, spoken to in raw JSON-RPC, for the tests that need the real process
(abuse, editing, memory): what it answers, what it pushes, and when it ends."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from nianbao.grammar import is_report, lint, parse

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
HOLD = "<!-- held -->"        # in a text: a held server's first job on it waits (held_server.py)
EXIT_SECONDS = 5          # a server left without a client must be gone within this
_STARTED = re.compile(r"(\w+) started: (\S+) version (\d+) \(settings (\d+)\)")
_ENDED = re.compile(r"(\w+) (done|given up|failed): (\S+) version")


class Server:
    """`nianbao serve` on pipes, spoken to in raw JSON-RPC.

    A reader thread splits the server's output into messages: responses (by id), the
    diagnostics it pushes (in order), and its own requests, which are answered as an editor
    would (no settings, registrations accepted, edits not applied)."""

    def __init__(self, args: tuple[str, ...] = (), env: dict | None = None, held: str | None = None):
        command = [NIANBAO, "serve", *args]
        self.gate = None
        if held:                              # held_server.py: work on a text with HOLD waits for release()
            self.gate = os.path.join(tempfile.mkdtemp(prefix="nianbao-gate-"), "gate")
            os.mkfifo(self.gate)
            command = [sys.executable, str(Path(__file__).with_name("held_server.py")), *args]
            env = {**(env or {}), "NIANBAO_TEST_GATE": self.gate, "NIANBAO_TEST_HOLD": held}
        self.p = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=None if env is None else {**os.environ, **env})
        self.stderr_read = threading.Event()  # all of stderr is in self.stderr
        self.responses: dict = {}
        self.published: list[dict] = []       # publishDiagnostics params, in arrival order
        self.messages: list[dict] = []        # window/showMessage params
        self.traces: list[str] = []           # $/logTrace messages (initialize with trace="verbose")
        self.arrivals: list = []              # every message's id or trace, in arrival order
        self.cond = threading.Condition()
        self.eof = False
        self.stderr = b""
        self.next_id = 0
        self.lock = threading.Lock()
        self.capabilities: dict = {}          # the server's, from its initialize result
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def release(self) -> None:
        """Lets the held job go (`held`): it is waiting at the gate once its start was traced."""
        with open(self.gate, "w", encoding="utf-8") as gate:
            gate.write("go\n")

    def initialize(self, capabilities: dict | None = None, trace: str = "off") -> dict:
        result = self.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                             "capabilities": capabilities or {}, "trace": trace})
        self.capabilities = result["capabilities"]
        self.notify("initialized", {})
        return result

    # -- transport --------------------------------------------------------------------------

    def _read_stderr(self):
        for line in self.p.stderr:
            self.stderr += line
        self.stderr_read.set()

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
            elif method == "$/logTrace":
                self.traces.append(m["params"]["message"])
                self.arrivals.append(m["params"]["message"])
            elif method is None:
                key = m.get("id")
                self.responses[key if isinstance(key, (int, str, type(None))) else json.dumps(key)] = m
                self.arrivals.append(key)
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

    # -- what the server did, from its $/logTrace lines (state.Documents: "analysis started: …") --

    def started(self, uri: str, kind: str = "analysis") -> list[tuple[int, int]]:
        """(version, settings generation) of each job of `kind` started for `uri`, in order."""
        with self.cond:
            return [(int(m[3]), int(m[4])) for m in map(_STARTED.match, self.traces) if m and m[1] == kind and m[2] == uri]

    def ended(self, uri: str, kind: str = "analysis") -> list[str]:
        """How each job of `kind` that was started for `uri` ended: done, given up or failed."""
        with self.cond:
            return [m[2] for m in map(_ENDED.match, self.traces) if m and m[1] == kind and m[3] == uri]

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
            self.kill()
            pytest.fail(f"the server did not exit within {timeout} s")

    def kill(self) -> None:
        """Kill and reap the process, if it is still there."""
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()

    def shutdown(self) -> int:
        self.request("shutdown")
        self.notify("exit")
        self.p.stdin.close()
        return self.exited()

    def no_internal_errors(self) -> None:
        """Nothing raised inside our code: pygls logs a handler's exception with its traceback."""
        text = self.stderr.decode(errors="replace")
        assert "nianbao/" not in text and "server/lsp" not in text, text[-3000:]


def start(servers: list, capabilities: dict | None = None, initialize: bool = True, trace: str = "off",
          env: dict | None = None, held: str | None = None) -> Server:
    """A server registered with the `servers` fixture before it is spoken to, so that it is
    reaped whatever happens next (an initialize that times out included). `held` ("analysis"
    or "fix"): its first job of that kind on a text holding HOLD waits for `Server.release()`."""
    s = Server(env=env, held=held)
    servers.append(s)
    if initialize:
        s.initialize(capabilities, trace)
    return s


# -- positions computed independently of the server, in the client's units ---------------------


def units(s: str, enc: str) -> int:
    """Length of `s` in the code units of an LSP position encoding."""
    if enc == "utf-32":
        return len(s)
    if enc == "utf-8":
        return len(s.encode("utf-8", "surrogatepass"))
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def line_starts(text: str) -> list[int]:
    """Where each line starts: LSP breaks lines at \\r\\n, \\r and \\n only."""
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def position(text: str, starts: list[int], offset: int, enc: str = "utf-16") -> tuple[int, int]:
    import bisect
    line = bisect.bisect_right(starts, offset) - 1
    return line, units(text[starts[line]:offset], enc)


def expected(text: str, enc: str = "utf-16") -> list:
    """What the server must say about `text`: `lint()`, at positions computed here (nothing
    for a text that does not look like a report)."""
    if not is_report(parse(text)):
        return []
    starts = line_starts(text)
    return sorted((f.code, f.message, *position(text, starts, f.span.start, enc), *position(text, starts, f.span.end, enc))
                  for f in lint(text))


def got(items: list) -> list:
    return sorted((d["code"], d["message"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in items)
