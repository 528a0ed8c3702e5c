"""Engine target: parse + all rules on a real report, side by side with a plain `re` line scan.

Target (issue 6): ≤ 3 ms on a typical 10–30 KB report, ≤ 10× one `re.finditer` line scan of
the same text, and a 10× longer report costs ≤ 12×. Warm = the grammar's caches filled by
earlier calls (the language server); the scan is the floor for touching every character.

    python bench/bench_engine.py [--runs N] [--json]
"""
from __future__ import annotations

import argparse
import json
import re

from bench_parse import grow, load_seeds, machine, measure, seeds_dir
from nianbao.grammar import lint

_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def scan(text: str) -> None:
    for _ in _LINE.finditer(text):
        pass


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    seeds = load_seeds(seeds_dir())
    base = seeds["003_9b665280c744ce7e"]
    inputs = {
        "tab-10KB": grow(base, 10 * 1024), "tab-30KB": grow(base, 30 * 1024),
        "cell-30KB": grow(seeds["001_bfb8706c80373661"], 30 * 1024),
        "tab-1x (7 KB)": base, "tab-10x (70 KB)": grow(base, 10 * len(base.encode()), distinct=True),
    }
    out = {"machine": machine(), "results": {}}
    for name, text in inputs.items():
        r = measure({"lint": (lambda t=text: lint(t), None), "re-scan": (lambda t=text: scan(t), None)},
                    args.runs, 3, 2.0)
        out["results"][name] = {"bytes": len(text.encode()), **{k: v["median_ms"] for k, v in r.items()},
                                "p90_lint": r["lint"]["p90_ms"],
                                "ratio": r["lint"]["median_ms"] / r["re-scan"]["median_ms"]}
    res = out["results"]
    out["growth_10x"] = res["tab-10x (70 KB)"]["lint"] / res["tab-1x (7 KB)"]["lint"]
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"{'input':<18}{'bytes':>8}{'lint ms':>10}{'p90':>8}{'re-scan ms':>12}{'lint/re':>9}")
    for name, r in res.items():
        print(f"{name:<18}{r['bytes']:>8}{r['lint']:>10.2f}{r['p90_lint']:>8.2f}{r['re-scan']:>12.3f}{r['ratio']:>8.0f}x")
    print(f"10x longer report costs {out['growth_10x']:.1f}x   ({out['machine']['cpu']}, {out['machine']['nproc']} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
