#!/usr/bin/env python3
"""Benchmark the language server (`nianbao serve`) end to end over a real stdio connection.

Stdlib only on the client side: raw JSON-RPC (Content-Length framing) over the pipes of a
`nianbao serve` subprocess; a reader thread timestamps every message as it arrives. Run from
the repository root after `pip install -e .`:

    python bench/bench_lsp.py                 # table on stdout
    python bench/bench_lsp.py --runs 100      # more samples
    python bench/bench_lsp.py --json          # machine-readable results

Input: `grown-tab-003` of bench/bench_parse.py (seed 003 grown to ~30 KiB; built by importing
that script's `grow`), and the same text with one number changed (the first cell of table
三's (七) 总计 row, 0 -> 1), which adds two findings (NB301, NB302). Every edit switches
between the two texts, so every round is a real re-lint of a new document version.

Measurements (milliseconds, client-side wall clock, from just before the first byte of the
message is written to the moment the whole answer has been read):
  * pull: a client that advertises `textDocument.diagnostic`. didChange (full text, version v)
    is written, immediately followed by a `textDocument/diagnostic` request; the time runs to
    the response, which must be a full report for version v (result id "v:...") with the
    expected number of items;
  * push: a client without pull support. didChange (version v) to the
    `textDocument/publishDiagnostics` notification carrying version v. This includes the
    server's debounce (`DEBOUNCE` in server/lsp/server.py, 0.15 s); it is reported raw and
    minus the debounce;
  * hover on a number cell (the edited (七) 总计 cell) and on a section heading (三、), on the
    pull server after the diagnostics of the current version are in (the version's analysis is
    cached, so this is the hover itself);
  * cold first open: a fresh `nianbao serve` process per sample; after the initialize
    handshake (its time is reported as `startup`), didOpen (version 1) to the first
    diagnostics, for a pull client and for a push client (didOpen is not debounced);
  * for reference, the same parse + lint called in this process (warm caches), once per round,
    and per round the difference pull - reference and push - debounce - reference: what the
    server adds to the lint itself (JSON-RPC, line index, conversion to LSP diagnostics). The
    difference is steadier than the raw times when the machine changes speed.

The cold samples come first (`--cold-runs` per client kind). Then one pull server and one
push server stay up for the rest of the run; each round (after `--warmup` untimed rounds) takes
one pull sample, one push sample, the two hovers and the reference lint in turn, so a slow
phase of a shared machine hits them all alike. Reported: median, p90 and p95
(statistics.quantiles, inclusive). Every wait has a timeout (`--timeout`); the servers are
shut down (shutdown/exit) and killed if they do not exit.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))          # for bench/bench_parse.py
from bench_parse import TARGET_BYTES, grow, load_seeds, seeds_dir
from bench_parse import machine as parse_machine
from nianbao.grammar import check, lint, parse
from nianbao.server.lsp.server import DEBOUNCE

REPO = Path(__file__).resolve().parent.parent
SEED = "003_"
EDIT_OLD = "\t(七) 总计\t0\t"        # table 三, row (七) 总计, first cell
EDIT_NEW = "\t(七) 总计\t1\t"
HEADING = "三、收到和处理政府信息公开申请情况"


class BenchError(RuntimeError):
    pass


# -- a minimal JSON-RPC client over the pipes of one server process --------------------------

class Server:
    """`nianbao serve` on stdio. Messages are read by a thread and queued with their arrival time."""

    def __init__(self, cmd: list[str], name: str, timeout: float):
        self.name, self.timeout = name, timeout
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.inbox: queue.Queue = queue.Queue()
        self.stderr: deque[str] = deque(maxlen=40)
        self.next_id = 0
        self.seen = Counter()            # method of every notification/request from the server
        self.log: list[dict] = []        # window/showMessage, window/logMessage
        self.published = Counter()       # publishDiagnostics per document version
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        self.inbox.put((time.perf_counter(), None))       # EOF
                        return
                    line = line.strip()
                    if not line:
                        break
                    key, _, value = line.decode("ascii").partition(":")
                    if key.lower() == "content-length":
                        length = int(value)
                if length is None:
                    raise ValueError("a message without Content-Length")
                body = out.read(length)
                t = time.perf_counter()
                self.inbox.put((t, json.loads(body)))
        except Exception as e:           # a broken frame ends the connection
            self.inbox.put((time.perf_counter(), {"_reader_error": repr(e)}))

    def _drain_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace").rstrip())

    def _write(self, msg: dict) -> float:
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        t = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return t

    def notify(self, method: str, params) -> float:
        return self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params) -> tuple[int, float]:
        self.next_id += 1
        return self.next_id, self._write({"jsonrpc": "2.0", "id": self.next_id, "method": method,
                                          "params": params})

    def wait(self, pred, what: str, timeout: float | None = None) -> tuple[float, dict]:
        """The first message for which pred(msg) is true, with its arrival time. Requests from the
        server are answered on the way (workspace/configuration with nulls, others with null)."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self.error(f"timed out after {timeout or self.timeout:g} s waiting for {what}")
            try:
                t, msg = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                raise self.error(f"server closed its output while waiting for {what}")
            if "_reader_error" in msg:
                raise self.error(f"unreadable message: {msg['_reader_error']}")
            method = msg.get("method")
            if method:
                self.seen[method] += 1
                if method in ("window/showMessage", "window/logMessage"):
                    self.log.append(msg.get("params"))
                if method == "textDocument/publishDiagnostics":
                    self.published[(msg.get("params") or {}).get("version")] += 1
                if "id" in msg:                               # a request to the client
                    result = None
                    if method == "workspace/configuration":
                        result = [None for _ in msg.get("params", {}).get("items", [])]
                    self._write({"jsonrpc": "2.0", "id": msg["id"], "result": result})
            elif "error" in msg and msg.get("id") is not None and pred(msg):
                raise self.error(f"error answer while waiting for {what}: {msg['error']}")
            if pred(msg):
                return t, msg

    def response(self, rid: int, what: str) -> tuple[float, dict]:
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, what)

    def call(self, method: str, params) -> tuple[float, float, object]:
        rid, t0 = self.request(method, params)
        t1, msg = self.response(rid, method)
        return t0, t1, msg.get("result")

    def error(self, text: str) -> BenchError:
        tail = "\n".join(self.stderr)
        return BenchError(f"[{self.name} server] {text}" + (f"\n--- its stderr ---\n{tail}" if tail else ""))

    def initialize(self, pull: bool, root: Path, trace: str = "off") -> float:
        """Handshake; returns its end time and keeps the server's capabilities. Waits for the
        server's workspace/configuration request (sent from its `initialized` handler) and
        answers it before returning."""
        td = {
            "synchronization": {"dynamicRegistration": False, "didSave": True},
            "publishDiagnostics": {"relatedInformation": True, "versionSupport": True,
                                   "codeDescriptionSupport": True, "dataSupport": True},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
        }
        if pull:
            td["diagnostic"] = {"dynamicRegistration": False, "relatedDocumentSupport": False}
        caps = {"general": {"positionEncodings": ["utf-16"]}, "textDocument": td,
                "workspace": {"configuration": True, "workspaceFolders": True}}
        _, t1, result = self.call("initialize", {
            "processId": os.getpid(), "clientInfo": {"name": "bench_lsp"}, "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}], "capabilities": caps, "trace": trace})
        self.capabilities = (result or {}).get("capabilities", {})
        if pull and not (result or {}).get("capabilities", {}).get("diagnosticProvider"):
            raise self.error("the server does not offer pull diagnostics (no diagnosticProvider)")
        self.notify("initialized", {})
        self.wait(lambda m: m.get("method") == "workspace/configuration", "workspace/configuration")
        return t1

    def close(self) -> None:
        """shutdown + exit, then kill if the process is still there."""
        try:
            if self.proc.poll() is None:
                rid, _ = self.request("shutdown", None)
                self.wait(lambda m: m.get("id") == rid, "shutdown", timeout=min(self.timeout, 5))
                self.notify("exit", None)
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
        except (BenchError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=5)


# -- documents --------------------------------------------------------------------------------

def utf16_position(text: str, offset: int) -> dict:
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return {"line": line, "character": len(text[start:offset].encode("utf-16-le")) // 2}


def open_params(uri: str, text: str) -> dict:
    return {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}


def change_params(uri: str, version: int, text: str) -> dict:
    return {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}


def pull_diagnostics(srv: Server, uri: str, version: int, expected: int,
                     previous: str | None) -> tuple[float, float, str]:
    params = {"textDocument": {"uri": uri}}
    if previous:
        params["previousResultId"] = previous
    t0, t1, report = srv.call("textDocument/diagnostic", params)
    rid = (report or {}).get("resultId") or ""
    if report.get("kind") != "full" or not rid.startswith(f"{version}:"):
        raise srv.error(f"pull for version {version} answered {report.get('kind')} report {rid!r}")
    if len(report.get("items", [])) != expected:
        raise srv.error(f"version {version}: {len(report['items'])} diagnostics, expected {expected}")
    return t0, t1, rid


def pushed(srv: Server, uri: str, version: int, expected: int) -> float:
    def match(m):
        p = m.get("params") or {}
        return (m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri
                and p.get("version") == version)
    t, msg = srv.wait(match, f"publishDiagnostics of version {version}")
    n = len(msg["params"]["diagnostics"])
    if n != expected:
        raise srv.error(f"version {version}: {n} diagnostics pushed, expected {expected}")
    return t


def hover(srv: Server, uri: str, pos: dict, must: str) -> float:
    t0, t1, h = srv.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
    value = ((h or {}).get("contents") or {}).get("value", "")
    if must not in value:
        raise srv.error(f"hover at {pos} lacks {must!r}: {value[:200]!r}")
    return (t1 - t0) * 1000


def code_action(srv: Server, uri: str, rng: dict) -> float:
    """The actions offered for a diagnostic's range (its fix, fix all of its code, disable it)."""
    t0, t1, actions = srv.call("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": rng, "context": {"diagnostics": []}})
    if not isinstance(actions, list) or not actions:
        raise srv.error(f"codeAction at {rng} answered {actions!r}")
    return (t1 - t0) * 1000


# -- statistics and environment ---------------------------------------------------------------

def stats(samples: list[float]) -> dict:
    return {
        "samples_ms": [round(x, 3) for x in samples],
        "median_ms": statistics.median(samples),
        "p90_ms": statistics.quantiles(samples, n=10, method="inclusive")[8] if len(samples) > 1 else samples[0],
        "p95_ms": statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0],
        "min_ms": min(samples),
        "max_ms": max(samples),
        "runs": len(samples),
    }


def machine() -> dict:
    return parse_machine(packages=("pygls", "lsprotocol"), watched=("grammar", "server"))


# -- main -------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=60, help="timed rounds (default 60)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed rounds first (default 3)")
    ap.add_argument("--cold-runs", type=int, default=10,
                    help="fresh server processes per client kind for the cold first open (default 10; 0 skips)")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for any one answer (default 30)")
    ap.add_argument("--target-bytes", type=int, default=TARGET_BYTES,
                    help=f"size of the grown report in UTF-8 bytes (default {TARGET_BYTES})")
    ap.add_argument("--server", default=None,
                    help="server command (default: `nianbao serve` next to this Python, else on PATH)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    cmd = args.server.split() if args.server else [
        shutil.which("nianbao", path=str(Path(sys.executable).parent)) or shutil.which("nianbao") or "nianbao",
        "serve"]

    seeds = load_seeds(seeds_dir())
    stem = next((s for s in seeds if s.startswith(SEED)), None)
    if stem is None:
        sys.exit(f"seed {SEED}* not found in {seeds_dir()}")
    text_a = grow(seeds[stem], args.target_bytes)
    if text_a.count(EDIT_OLD) != 1:
        sys.exit(f"the grown report does not have exactly one {EDIT_OLD!r} line to edit")
    text_b = text_a.replace(EDIT_OLD, EDIT_NEW)
    texts = (text_a, text_b)
    codes = [sorted(f.code for f in lint(t)) for t in texts]
    expected = [len(c) for c in codes]
    if expected[0] == expected[1]:
        sys.exit("the edit does not change the number of findings")
    cell = text_a.index(EDIT_OLD) + len(EDIT_OLD) - 2               # the edited digit
    number_pos = utf16_position(text_a, cell)
    heading_pos = utf16_position(text_a, text_a.index(HEADING) + 2)

    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-lsp-"))    # no config file above it
    uri = (root / "grown-tab-003.txt").as_uri()
    servers: list[Server] = []

    def start(name: str, pull: bool) -> tuple[Server, float]:
        srv = Server(cmd, name, args.timeout)
        servers.append(srv)
        t_init = srv.initialize(pull, root)
        return srv, (t_init - srv.t_spawn) * 1000

    samples: dict[str, list[float]] = {k: [] for k in (
        "pull", "push", "push_minus_debounce", "hover_number", "hover_heading", "code_action",
        "inprocess_parse_lint")}
    cold: dict[str, list[float]] = {k: [] for k in ("cold_pull", "cold_push", "startup")}
    repeated: list = []                # versions published more than once (push server)
    unasked: list = []                 # published versions that were never sent
    server_log: list = []
    seen: dict[str, dict] = {}         # messages (by method) each steady-state server sent
    try:
        # cold first open: a fresh process each time, pull and push alternately
        for i in range(args.cold_runs):
            for kind in ("pull", "push"):
                srv, startup = start(f"cold-{kind}", kind == "pull")
                cold["startup"].append(startup)
                if kind == "pull":
                    t0 = srv.notify("textDocument/didOpen", open_params(uri, text_a))
                    _, t1, _ = pull_diagnostics(srv, uri, 1, expected[0], None)
                else:
                    t0 = srv.notify("textDocument/didOpen", open_params(uri, text_a))
                    t1 = pushed(srv, uri, 1, expected[0])
                cold[f"cold_{kind}"].append((t1 - t0) * 1000)
                srv.close()
                server_log += srv.log
                servers.remove(srv)

        # steady state: one pull server and one push server, interleaved round by round
        pull_srv, _ = start("pull", True)
        push_srv, _ = start("push", False)
        pull_srv.notify("textDocument/didOpen", open_params(uri, text_a))
        _, _, result_id = pull_diagnostics(pull_srv, uri, 1, expected[0], None)
        action_range = pull_srv.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})[2]["items"][0]["range"]
        push_srv.notify("textDocument/didOpen", open_params(uri, text_a))
        pushed(push_srv, uri, 1, expected[0])
        version = 1
        for r in range(args.warmup + args.runs):
            timed = r >= args.warmup
            version += 1
            k = (version - 1) % 2                      # versions 2, 4, … carry the edit
            t0 = pull_srv.notify("textDocument/didChange", change_params(uri, version, texts[k]))
            _, t1, result_id = pull_diagnostics(pull_srv, uri, version, expected[k], result_id)
            t2 = push_srv.notify("textDocument/didChange", change_params(uri, version, texts[k]))
            t3 = pushed(push_srv, uri, version, expected[k])
            h_num = hover(pull_srv, uri, number_pos, "总计")
            h_head = hover(pull_srv, uri, heading_pos, HEADING)
            action = code_action(pull_srv, uri, action_range)
            t4 = time.perf_counter()                   # reference: the same lint in this process
            check(parse(texts[k]))
            t5 = time.perf_counter()
            if timed:
                samples["pull"].append((t1 - t0) * 1000)
                samples["push"].append((t3 - t2) * 1000)
                samples["push_minus_debounce"].append((t3 - t2) * 1000 - DEBOUNCE * 1000)
                samples["hover_number"].append(h_num)
                samples["hover_heading"].append(h_head)
                samples["code_action"].append(action)
                samples["inprocess_parse_lint"].append((t5 - t4) * 1000)
        # a late or repeated publish would show up here
        time.sleep(DEBOUNCE * 2)
        try:
            push_srv.wait(lambda m: False, "nothing", timeout=0.05)
        except BenchError:
            pass
        repeated = sorted(v for v, n in push_srv.published.items() if n > 1)
        unasked = sorted(set(push_srv.published) - set(range(1, version + 1)), key=str)
        for srv in (pull_srv, push_srv):
            server_log += srv.log
            seen[srv.name] = dict(srv.seen)
    except BenchError as e:
        print(f"bench_lsp: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"bench_lsp: cannot run {' '.join(cmd)}: {e}", file=sys.stderr)
        return 1
    finally:
        for srv in servers:
            srv.close()
        shutil.rmtree(root, ignore_errors=True)

    # paired per round: what the server adds to the same lint done in this process
    ref = samples["inprocess_parse_lint"]
    samples["pull_overhead"] = [a - b for a, b in zip(samples["pull"], ref)]
    samples["push_overhead"] = [a - b for a, b in zip(samples["push_minus_debounce"], ref)]
    results = {k: stats(v) for k, v in samples.items()}
    results.update({k: stats(v) for k, v in cold.items() if v})
    out = {
        "date": time.strftime("%Y-%m-%d"), "machine": machine(), "server_command": cmd,
        "runs": args.runs, "warmup": args.warmup, "cold_runs": args.cold_runs, "debounce_ms": DEBOUNCE * 1000,
        "input": {"name": "grown-tab-003", "seed": stem, "bytes": len(text_a.encode("utf-8")),
                  "chars": len(text_a), "lines": text_a.count("\n") + (not text_a.endswith("\n")),
                  "edit": [EDIT_OLD, EDIT_NEW], "findings": {"original": codes[0], "edited": codes[1]},
                  "hover_number_position": number_pos, "hover_heading_position": heading_pos},
        "results": results,
        "versions_published_twice": repeated,
        "versions_published_unknown": unasked,
        "server_messages": server_log,
        "server_methods_seen": seen,
    }
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_table(out)
    return 0


LABELS = (
    ("pull", "pull: didChange -> diagnostic response"),
    ("push", "push: didChange -> publishDiagnostics (raw)"),
    ("push_minus_debounce", "push: the same minus the debounce"),
    ("hover_number", "hover on a number cell"),
    ("hover_heading", "hover on a section heading"),
    ("code_action", "codeAction on a diagnostic"),
    ("cold_pull", "cold: didOpen -> diagnostic response (pull)"),
    ("cold_push", "cold: didOpen -> publishDiagnostics (push)"),
    ("startup", "cold: spawn -> initialize response"),
    ("inprocess_parse_lint", "reference: parse + lint in-process"),
    ("pull_overhead", "pull minus reference (paired per round)"),
    ("push_overhead", "push minus debounce minus reference (paired)"),
)


def print_table(out: dict) -> None:
    m, i = out["machine"], out["input"]
    print(f"nianbao language server benchmark  {out['date']}  python {m['python']}  pygls {m['pygls']}  "
          f"cpu {m['cpu']} x{m['nproc']}  commit {m['commit']}")
    print(f"input {i['name']}: {i['bytes']} bytes, {i['lines']} lines; edits alternate between "
          f"{len(i['findings']['original'])} and {len(i['findings']['edited'])} findings")
    print(f"runs {out['runs']} (+{out['warmup']} warm-up), cold {out['cold_runs']} fresh processes per "
          f"client kind, debounce {out['debounce_ms']:g} ms, times in ms\n")
    res = out["results"]
    w = max(len(label) for _, label in LABELS)
    hdr = f"{'measurement':<{w}}  {'median':>8}  {'p90':>8}  {'p95':>8}  {'min':>8}  {'max':>8}  {'n':>4}"
    print(hdr)
    print("-" * len(hdr))
    for key, label in LABELS:
        if key in res:
            s = res[key]
            print(f"{label:<{w}}  {s['median_ms']:>8.2f}  {s['p90_ms']:>8.2f}  {s['p95_ms']:>8.2f}  {s['min_ms']:>8.2f}  "
                  f"{s['max_ms']:>8.2f}  {s['runs']:>4}")
    if out["versions_published_twice"] or out["versions_published_unknown"]:
        print(f"\nnote: versions published more than once: {out['versions_published_twice']}, "
              f"published but never sent: {out['versions_published_unknown']}")
    if out["server_messages"]:
        print(f"\nserver messages: {out['server_messages']}")


if __name__ == "__main__":
    raise SystemExit(main())
