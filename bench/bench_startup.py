"""CLI start-up target: `nianbao lint report.txt` as a whole process vs `python -c "import pyparsing"`.

Target (issue 6): ≤ 1.4× the pyparsing import, the floor for a pyparsing-based tool.

Both sides run with their bytecode cached, as an installed package has it (pip compiles .pyc at
install). This machine sets PYTHONDONTWRITEBYTECODE=1, so an editable install would otherwise
compile every nianbao module at every start (~40 ms) while pyparsing's .pyc came with its
install; the script compiles nianbao's modules first (`compileall`, into the git-ignored
__pycache__ folders).

    python bench/bench_startup.py [--runs N] [--json]
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


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    nianbao = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
    report = str(sorted(seeds_dir().glob("003_*.txt"))[0])
    from nianbao import grammar, server
    for package in (grammar, server):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import pyparsing": [sys.executable, "-c", "import pyparsing"],
        "nianbao lint": [nianbao, "lint", report],
        "import pygls server": [sys.executable, "-c", "import pygls.lsp.server"],
    }
    samples = {k: [] for k in cmds}
    for cmd in cmds.values():
        timed(cmd)                                     # warm the OS file cache
    for _ in range(args.runs):                         # interleaved: a slow phase hits all alike
        for k, cmd in cmds.items():
            samples[k].append(timed(cmd))
    med = {k: statistics.median(v) for k, v in samples.items()}
    out = {"machine": machine(), "median_ms": med, "ratio_lint_vs_pyparsing": med["nianbao lint"] / med["import pyparsing"]}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    for k, v in med.items():
        print(f"{k:<22}{v:>8.1f} ms")
    print(f"nianbao lint / import pyparsing = {out['ratio_lint_vs_pyparsing']:.2f}x (target ≤ 1.4x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
