#!/usr/bin/env python3
"""Compilations: many real reports in one file (cities publish all their departments' reports
as one page or PDF). Parse + all rules, in this process and as `nianbao lint FILE`, on 0.5, 1, 2
and 5 MB made of the shared real reports and seeds one after another; linear means each
doubling of the size about doubles the time.

    python bench/bench_compilation.py [--runs N] [--sizes 0.5,1,2,5]

Medians of N runs (default 3; each 5 MB run takes about a second). The CLI time includes Python's
start-up and reading the file.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_parse import machine
from nianbao.grammar import lint

SHARED = Path(os.environ.get("NIANBAO_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))


def compilation(mb: float) -> str:
    reports = sorted((SHARED / "corpus" / "real").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    base = "\n\n".join(p.read_text(encoding="utf-8-sig") for p in reports)
    size = int(mb * 1024 * 1024)
    text = base * (size // len(base.encode()) + 1)
    return text[: len(text) * size // len(text.encode())]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="0.5,1,2,5")
    args = ap.parse_args(argv)
    exe = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
    print(f"{'size':>6} {'bytes':>9} {'lint() s':>9} {'CLI s':>7} {'s per MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(s) for s in args.sizes.split(",")):
            text = compilation(mb)
            path = Path(tmp) / f"{mb}.txt"
            path.write_text(text, encoding="utf-8")
            inproc, cli = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                lint(text)
                inproc.append(time.perf_counter() - start)
                start = time.perf_counter()
                subprocess.run([exe, "lint", str(path)], capture_output=True, check=False)
                cli.append(time.perf_counter() - start)
            a, b = statistics.median(inproc), statistics.median(cli)
            print(f"{mb:>5}M {len(text.encode()):>9} {a:>9.2f} {b:>7.2f} {a / mb:>9.2f}", flush=True)
    print(f"({machine()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
