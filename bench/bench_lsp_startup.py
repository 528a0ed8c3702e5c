"""Language server start-up: spawn -> initialize answer of `nianbao serve`, side by side with
spawn -> `import pygls.lsp.server` done in a bare Python.

Target (issue "the language server under real editing", item 8): ≤ 1.3× the pygls import, the
floor for any pygls server. Both sides are timed to their first output (the initialize answer;
a line printed after the import), so neither pays for its interpreter's teardown. Also timed:
spawn -> the first diagnostics of seed 003 (initialize, initialized, didOpen, a pull), which the
initialize answer no longer waits for: the engine is imported after it.

Bytecode is compiled first, as an installed package has it (this machine sets
PYTHONDONTWRITEBYTECODE=1: an editable install would otherwise compile every nianbao module at
every start). Each round times the two sides twice, ABBA in even rounds and BAAB in odd ones, so
that each holds each place equally often (see bench_startup.py: what runs just before a command
weighs on it); the verdict is the median of the per-round ratios.

    python bench/bench_lsp_startup.py [--runs N] [--json] [--server "CMD ..."]
"""
from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_parse import machine, seeds_dir

CAPABILITIES = {"general": {"positionEncodings": ["utf-16"]}, "textDocument": {"diagnostic": {}},
                "workspace": {"configuration": False}}


def frame(obj: dict) -> bytes:
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def read_message(out) -> dict:
    n = None
    while line := out.readline().strip():
        if line.lower().startswith(b"content-length:"):
            n = int(line.split(b":")[1])
    return json.loads(out.read(n))


def server(cmd: list[str], first_diagnostics: str | None = None) -> float:
    """ms from spawn to the initialize answer, or (with a report's text) to its first pulled
    diagnostics."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        p.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                             "params": {"processId": None, "rootUri": None, "capabilities": CAPABILITIES}}))
        p.stdin.flush()
        while read_message(p.stdout).get("id") != 1:
            pass
        if first_diagnostics is not None:
            uri = "file:///bench/startup.txt"
            p.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}) +
                          frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                              "uri": uri, "languageId": "plaintext", "version": 1, "text": first_diagnostics}}}) +
                          frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/diagnostic",
                                 "params": {"textDocument": {"uri": uri}}}))
            p.stdin.flush()
            while (m := read_message(p.stdout)).get("id") != 2:
                pass
            assert m["result"]["items"], "no diagnostics for seed 003"
        return (time.perf_counter() - t0) * 1000
    finally:
        p.kill()
        p.wait()


def pygls_import() -> float:
    """ms from spawn to a line printed after `import pygls.lsp.server`."""
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", "import pygls.lsp.server; print(1, flush=True); input()"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        p.stdout.readline()
        return (time.perf_counter() - t0) * 1000
    finally:
        p.kill()
        p.wait()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--server", help="another server command, e.g. an older checkout's "
                                     "`env PYTHONPATH=… python -m nianbao.server.cli serve`")
    args = ap.parse_args(argv)
    cmd = args.server.split() if args.server else [
        shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao", "serve"]
    report = sorted(seeds_dir().glob("003_*.txt"))[0].read_text(encoding="utf-8-sig")
    from nianbao import grammar, server as srv
    for package in (grammar, srv):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    sides = {"initialize": lambda: server(cmd), "import": pygls_import}
    for f in sides.values():
        f()                                            # warm the OS file cache
    samples = {"initialize": [], "import": [], "first diagnostics": []}
    paired = []
    for i in range(args.runs):
        order = ("import", "initialize", "initialize", "import") if i % 2 == 0 else \
            ("initialize", "import", "import", "initialize")
        t = {"initialize": [], "import": []}
        for k in order:
            t[k].append(sides[k]())
        samples["initialize"] += t["initialize"]
        samples["import"] += t["import"]
        paired.append(sum(t["initialize"]) / sum(t["import"]))
        samples["first diagnostics"].append(server(cmd, report))
    med = {k: statistics.median(v) for k, v in samples.items()}
    q1, _, q3 = statistics.quantiles(paired, n=4)
    out = {"machine": machine(packages=("pygls", "lsprotocol"), watched=("grammar", "server")), "median_ms": med,
           "paired_ratio_median": statistics.median(paired), "paired_ratio_quartiles": [q1, q3],
           "ratio_of_medians": med["initialize"] / med["import"]}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"spawn -> initialize answer        {med['initialize']:8.1f} ms")
    print(f"spawn -> import pygls.lsp.server  {med['import']:8.1f} ms")
    print(f"spawn -> first diagnostics (003)  {med['first diagnostics']:8.1f} ms")
    print(f"initialize / import = {out['paired_ratio_median']:.2f}x per round (quartiles {q1:.2f}-{q3:.2f}), "
          f"{out['ratio_of_medians']:.2f}x of the medians; target ≤ 1.3x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
