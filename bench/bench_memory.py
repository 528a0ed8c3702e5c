"""Memory target: the language server holding 50 open reports, RSS vs the idle server.

Target (issue 6): under 150 MB RSS with 50 open reports (each a distinct ~30 KB report).

    python bench/bench_memory.py [--docs N] [--json]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import tempfile

from bench_lsp import Server, open_params
from bench_parse import grow, load_seeds, machine, seeds_dir


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    seeds = [t for name, t in sorted(load_seeds(seeds_dir()).items()) if name[:3] in ("001", "003")]   # growable
    nianbao = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-mem-"))
    srv = Server([nianbao, "serve"], "memory", 60)
    try:
        srv.initialize(True, root)
        idle = rss_mb(srv.proc.pid)
        for i in range(args.docs):
            text = grow(seeds[i % len(seeds)], 30 * 1024, distinct=True) + f"\n附：第{i}份\n"
            uri = (root / f"r{i}.txt").as_uri()
            srv.notify("textDocument/didOpen", open_params(uri, text))
            srv.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        loaded = rss_mb(srv.proc.pid)
    finally:
        srv.close()
    out = {"machine": machine(), "docs": args.docs, "idle_mb": idle, "loaded_mb": loaded,
           "per_doc_kb": (loaded - idle) * 1024 / args.docs}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"idle server {idle:.1f} MB; with {args.docs} open reports {loaded:.1f} MB "
              f"({out['per_doc_kb']:.0f} KB each; target < 150 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
