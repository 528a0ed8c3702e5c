"""Memory targets of the language server, each against the idle server in the same run:

  * 50 open reports (each a distinct ~30 KB report): under 150 MB RSS (issue 6);
  * 20,000 edits: RSS flat after a warm-up (it grew ~2 KB per didOpen/didChange/didClose while
    pygls kept every notification's future). The edits are typed into seed 003 as a pull client
    does it (a character inserted or deleted per didChange, incremental when the server offers
    it, else the whole text), with a pull every 50 edits and the report closed and opened again
    every 1,000; RSS is read from /proc after warm-up and every 5,000 edits.

    python bench/bench_memory.py [--docs N] [--edits N] [--server "CMD ..."] [--json]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench_lsp import Server, change_params, open_params, utf16_position
from bench_parse import grow, load_seeds, machine, seeds_dir


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def open_reports(cmd: list[str], docs: int, root: Path) -> dict:
    seeds = [t for name, t in sorted(load_seeds(seeds_dir()).items()) if name[:3] in ("001", "003")]   # growable
    srv = Server(cmd, "memory", 60)
    try:
        srv.initialize(True, root)
        idle = rss_mb(srv.proc.pid)
        for i in range(docs):
            text = grow(seeds[i % len(seeds)], 30 * 1024, distinct=True) + f"\n附：第{i}份\n"
            uri = (root / f"r{i}.txt").as_uri()
            srv.notify("textDocument/didOpen", open_params(uri, text))
            srv.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        loaded = rss_mb(srv.proc.pid)
    finally:
        srv.close()
    return {"docs": docs, "idle_mb": idle, "loaded_mb": loaded, "per_doc_kb": (loaded - idle) * 1024 / docs}


def edits(cmd: list[str], n: int, root: Path, warmup: int = 2000) -> dict:
    text = next(t for name, t in load_seeds(seeds_dir()).items() if name.startswith("003_"))
    at = text.index("\n", text.index("一、总体情况") + 10)          # the end of a prose line
    uri = (root / "typed.txt").as_uri()
    srv = Server(cmd, "edits", 60)
    samples = []
    try:
        srv.initialize(True, root)
        incremental = srv.capabilities.get("textDocumentSync", {}).get("change") == 2
        srv.notify("textDocument/didOpen", open_params(uri, text))
        version = 1
        for i in range(1, warmup + n + 1):
            version += 1
            insert = i % 2 == 1                                  # type a character, delete it again
            pos = utf16_position(text, at)
            end = utf16_position(text, at + (0 if insert else 1))
            text = text[:at] + "的" + text[at:] if insert else text[:at] + text[at + 1:]
            srv.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": pos, "end": end}, "text": "的" if insert else ""}]}
                if incremental else change_params(uri, version, text))
            if i % 50 == 0:
                srv.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            if i % 1000 == 0:
                srv.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                version = 1
                srv.notify("textDocument/didOpen", open_params(uri, text))
            if i >= warmup and (i - warmup) % 5000 == 0:
                srv.call("textDocument/diagnostic", {"textDocument": {"uri": uri}})   # all handled by now
                samples.append((i - warmup, rss_mb(srv.proc.pid)))
    finally:
        srv.close()
    return {"edits": n, "warmup": warmup, "incremental": incremental, "rss_mb": samples,
            "growth_mb": samples[-1][1] - samples[0][1],
            "growth_kb_per_1000_edits": (samples[-1][1] - samples[0][1]) * 1024 / (n / 1000)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--edits", type=int, default=20_000)
    ap.add_argument("--server", help="server command (default: `nianbao serve` next to this Python)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    cmd = args.server.split() if args.server else [
        shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao", "serve"]
    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-mem-"))
    try:
        out = {"machine": machine(), "server": cmd, "open_reports": open_reports(cmd, args.docs, root),
               "edits": edits(cmd, args.edits, root)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    o, e = out["open_reports"], out["edits"]
    print(f"idle server {o['idle_mb']:.1f} MB; with {o['docs']} open reports {o['loaded_mb']:.1f} MB "
          f"({o['per_doc_kb']:.0f} KB each; target < 150 MB)")
    print(f"{e['edits']} edits after {e['warmup']} of warm-up ({'incremental' if e['incremental'] else 'full'} sync): "
          f"RSS {' -> '.join(f'{mb:.1f}' for _, mb in e['rss_mb'])} MB every 5,000 edits; "
          f"{e['growth_mb']:+.1f} MB ({e['growth_kb_per_1000_edits']:+.0f} KB per 1,000 edits)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
