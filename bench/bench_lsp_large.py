#!/usr/bin/env python3
"""Editor latency while a ~1 MB report is being edited, over a real stdio connection.

A pull client (as VS Code) has two documents open: a ~1 MB report (the seed reports one after
another, `bench_parse.concatenated`: seconds of analysis each version) and a ~30 KB report
(`grown-tab-003`). It types into the large one, a key every `--interval` seconds in bursts of
`--keys`, and after each key does what VS Code does: didChange (incremental when the server
offers it, else the whole text), cancel the previous pull of that document, pull again. Between
the keys it asks for a hover on the small report, and every third key edits the small report and
pulls its diagnostics. After each burst it waits for the large report's diagnostics.

Reported (ms; median, p95 over all samples; client-side wall clock):
  * small report: hover, and didChange -> its diagnostics, while the large one is typed into;
  * large report: last key of a burst -> its diagnostics, against one parse + lint of the same
    text in this process (the floor: the analysis of the newest version);
  * analyses of the large report the server started per burst (from its $/logTrace): the
    running one and the newest, not one per key.

    python bench/bench_lsp_large.py [--bursts N] [--keys N] [--interval S] [--json]
    python bench/bench_lsp_large.py --server "env PYTHONPATH=… python -m nianbao.server.cli serve"
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lsp import Server, change_params, open_params, utf16_position
from bench_parse import concatenated, grow, load_seeds, machine, seeds_dir


class Responses:
    """Every response the server sends, kept by id with its arrival time (bench_lsp.Server.wait
    hands out one message at a time and forgets the others)."""

    def __init__(self, srv: Server):
        self.srv, self.got, self.traces = srv, {}, []

    def wait(self, rid: int, timeout: float) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        while rid not in self.got:
            # error answers are those to cancelled pulls (RequestCancelled): nobody waits for them
            t, m = self.srv.wait(lambda m: "id" in m and "method" not in m and "error" not in m
                                 or m.get("method") == "$/logTrace",
                                 f"response {rid}", max(0.001, deadline - time.monotonic()))
            if m.get("method") == "$/logTrace":
                self.traces.append(m["params"]["message"])
            else:
                self.got[m["id"]] = (t, m)
        return self.got.pop(rid)


def stats(samples: list[float]) -> dict:
    q = statistics.quantiles(samples, n=20, method="inclusive") if len(samples) > 1 else samples * 19
    return {"median_ms": statistics.median(samples), "p95_ms": q[18], "max_ms": max(samples), "runs": len(samples)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bursts", type=int, default=5)
    ap.add_argument("--keys", type=int, default=10, help="keys per burst")
    ap.add_argument("--interval", type=float, default=0.1, help="seconds between keys")
    ap.add_argument("--size", type=int, default=1024 * 1024, help="bytes of the large report")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--server", help="server command (default: `nianbao serve` next to this Python)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    cmd = args.server.split() if args.server else [
        shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao", "serve"]
    from nianbao.grammar import lint, parse

    big_text = concatenated(args.size)
    small_text = grow(next(t for n, t in load_seeds(seeds_dir()).items() if n.startswith("003_")))
    at = big_text.index("\n", len(big_text) // 2) - 1       # typing at the end of a line mid-document
    t0 = time.perf_counter()
    lint(big_text, report=parse(big_text))
    reference = (time.perf_counter() - t0) * 1000

    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-large-"))
    big, small = (root / "large.txt").as_uri(), (root / "small.txt").as_uri()
    srv = Server(cmd, "large", args.timeout)
    samples = {"small_hover": [], "small_diagnostics": [], "large_diagnostics": []}
    started_per_burst = []
    try:
        srv.initialize(True, root, trace="verbose")
        sync = srv.capabilities.get("textDocumentSync", {}).get("change", 1)
        r = Responses(srv)
        srv.notify("textDocument/didOpen", open_params(small, small_text))
        srv.notify("textDocument/didOpen", open_params(big, big_text))
        for uri in (small, big):
            r.wait(srv.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})[0], args.timeout)
        hover_at = utf16_position(small_text, small_text.index("三、收到和处理") + 2)
        versions = {big: 1, small: 1}
        small_variants = (small_text, small_text.replace("\t(七) 总计\t0\t", "\t(七) 总计\t1\t"))
        for burst in range(args.bursts):
            first_trace = len(r.traces)
            pull = None
            for key in range(args.keys):
                versions[big] += 1
                pos = utf16_position(big_text, at)
                big_text = big_text[:at] + "的" + big_text[at:]
                at += 1
                if sync == 2:
                    change = {"textDocument": {"uri": big, "version": versions[big]},
                              "contentChanges": [{"range": {"start": pos, "end": pos}, "text": "的"}]}
                else:
                    change = change_params(big, versions[big], big_text)
                t_key = srv.notify("textDocument/didChange", change)
                if pull is not None:
                    srv.notify("$/cancelRequest", {"id": pull})
                pull, _ = srv.request("textDocument/diagnostic", {"textDocument": {"uri": big}})
                rid, t0 = srv.request("textDocument/hover", {"textDocument": {"uri": small}, "position": hover_at})
                t1, _ = r.wait(rid, args.timeout)
                samples["small_hover"].append((t1 - t0) * 1000)
                if key % 3 == 0:
                    versions[small] += 1
                    t0 = srv.notify("textDocument/didChange", change_params(
                        small, versions[small], small_variants[versions[small] % 2]))
                    rid, _ = srv.request("textDocument/diagnostic", {"textDocument": {"uri": small}})
                    t1, _ = r.wait(rid, args.timeout)
                    samples["small_diagnostics"].append((t1 - t0) * 1000)
                time.sleep(max(0.0, args.interval - (time.perf_counter() - t_key)))   # typing pace
            t1, m = r.wait(pull, args.timeout)
            samples["large_diagnostics"].append((t1 - t_key) * 1000)
            for cancelled in list(r.got):                   # the cancelled pulls' answers
                r.got.pop(cancelled)
            started_per_burst.append(sum(1 for t in r.traces[first_trace:]
                                         if re.match(rf"analysis started: {re.escape(big)} ", t)))
    finally:
        srv.close()
        shutil.rmtree(root, ignore_errors=True)
    out = {"machine": machine(packages=("pygls", "lsprotocol"), watched=("grammar", "server")), "server": cmd,
           "large_bytes": len(big_text.encode()), "sync": {1: "full", 2: "incremental"}[sync],
           "bursts": args.bursts, "keys": args.keys, "interval_s": args.interval,
           "reference_parse_lint_ms": reference, "results": {k: stats(v) for k, v in samples.items() if v},
           "large_analyses_started_per_burst": started_per_burst}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"large report {out['large_bytes']} bytes ({out['sync']} sync); {args.bursts} bursts of {args.keys} keys, "
          f"a key every {args.interval:g} s; commit {out['machine']['commit']}")
    for key, label in (("small_hover", "small report: hover"),
                       ("small_diagnostics", "small report: didChange -> diagnostics"),
                       ("large_diagnostics", "large report: last key -> diagnostics")):
        s = out["results"][key]
        print(f"{label:<42} median {s['median_ms']:9.1f} ms   p95 {s['p95_ms']:9.1f} ms   (n={s['runs']})")
    print(f"{'reference: parse + lint of the large text':<42} {reference:16.1f} ms")
    print(f"large report analyses started per burst of {args.keys} keys: {started_per_burst}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
