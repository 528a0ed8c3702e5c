"""Batch target: `nianbao lint DIR` over 2,000 reports, one process vs all cores.

Target (issue 6): ≥ 400 reports/s on 2 cores with the default --jobs (all cores).

    python bench/bench_batch.py [--reports N] [--runs N] [--json]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_parse import machine, seeds_dir


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def parallel_capacity(n: int = 3_000_000) -> float:
    """How much faster two CPU-bound processes finish than one doing both: the machine's own
    parallel speed-up right now (a shared VM may give far less than its core count)."""
    import multiprocessing as mp
    t0 = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - t0
    with mp.Pool(2) as pool:
        t0 = time.perf_counter()
        pool.map(_burn, [n, n])
        par = time.perf_counter() - t0
    return serial / par


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    nianbao = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
    shared = seeds_dir().parent
    sources = sorted(shared.glob("seeds/*.txt")) + sorted(shared.glob("corpus/excerpts/*.txt"))
    with tempfile.TemporaryDirectory() as d:
        for i in range(args.reports):
            shutil.copy(sources[i % len(sources)], Path(d) / f"r{i:05}.txt")
        res = {}
        for jobs in ("1", "0"):
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                p = subprocess.run([nianbao, "lint", "--jobs", jobs, d], capture_output=True, text=True)
                times.append(time.perf_counter() - t0)
                if p.returncode not in (0, 1) or f"in {args.reports} files" not in p.stdout:   # a crash is no result
                    print(f"bench_batch: nianbao lint --jobs {jobs} failed (exit {p.returncode}):\n{p.stderr[-3000:]}",
                          file=sys.stderr)
                    return 1
            med = statistics.median(times)
            res["1 process" if jobs == "1" else "all cores"] = {"seconds": med, "reports_per_s": args.reports / med}
    out = {"machine": machine(), "reports": args.reports, "results": res,
           "speed-up": res["all cores"]["reports_per_s"] / res["1 process"]["reports_per_s"],
           "machine_parallel_speed-up": parallel_capacity()}
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    for k, v in res.items():
        print(f"{k:<12}{v['seconds']:>8.2f} s{v['reports_per_s']:>9.0f} reports/s")
    print(f"speed-up {out['speed-up']:.2f}x on {out['machine']['nproc']} cores; the machine's own parallel "
          f"speed-up for pure CPU work right now: {out['machine_parallel_speed-up']:.2f}x (target ≥ 400 reports/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
