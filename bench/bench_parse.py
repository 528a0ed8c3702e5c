#!/usr/bin/env python3
"""Benchmark `nianbao.grammar.parse` on real reports and on ~30 KB reports grown from them.

Stdlib only (time.perf_counter, statistics). Run from the repository root after
`pip install -e .`:

    python bench/bench_parse.py                # table on stdout
    python bench/bench_parse.py --runs 200     # more samples
    python bench/bench_parse.py --json         # machine-readable results

Inputs
  * the seed reports in $NIANBAO_SHARED/seeds (default: <repo root>/../shared/seeds);
  * "grown" reports of ~30 KiB (UTF-8 bytes), built deterministically from two seeds by
    repeating the prose paragraphs of section 一 (总体情况) at the end of that section,
    tables untouched: one tab-separated report (seed 003) and one one-cell-per-line report
    (seed 001). Each grown report is checked to read into the same sections, tables and
    problems as its seed, so the extra bytes are prose and nothing else.
    The "-distinct" variants rotate every repeated copy by a few characters, so that no
    line occurs twice: verbatim repeats are answered from the grammar's lru_caches after
    their first occurrence, even within a single cold parse.

Measurements (per input; milliseconds per call)
  * parse, warm: caches of the grammar (functools.lru_cache) are left as earlier calls left
    them - what a long-running server that re-reads an edited document sees;
  * parse, cold: every lru_cache in nianbao.grammar.* is cleared before each call (outside
    the timed region) - what a first read in a fresh process costs, minus imports;
  * baselines on the same text: one pass of a compiled `re` that cuts the text into lines,
    and a plain pyparsing grammar OneOrMore(Regex(line)) over the whole text
    (parse_with_tabs, parse_all=True). Ratios parse/regex and parse/pyparsing use the warm
    parse median.

Per input: `--warmup` untimed calls of each contender, then `--runs` rounds; each round takes
one sample of every contender in turn (warm parse, regex, pyparsing, cold parse), so a slow
phase of a shared machine hits them all alike. A sample that would take under
`--min-sample-ms` repeats the call in a loop and records the per-call mean (as timeit does),
so microsecond baselines are not lost in timer noise (a seed's warm parse may take 2 calls
per sample; cold samples are always single calls).
Reported: median and p90 (statistics.quantiles, inclusive) of the samples.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyparsing as pp

from nianbao.grammar import parse

REPO = Path(__file__).resolve().parent.parent
TARGET_BYTES = 30 * 1024

# grown inputs: (name, seed file prefix, layout, distinct copies)
GROWN = (
    ("grown-tab-003", "003_", "tab-separated rows", False),
    ("grown-cell-001", "001_", "one cell per line", False),
    ("grown-tab-003-distinct", "003_", "tab-separated rows", True),
    ("grown-cell-001-distinct", "001_", "one cell per line", True),
)

_SEC1 = re.compile(r"^[ \t\u3000]*一[、.．,，]\s*总体情况[ \t\u3000]*$", re.M)
_SEC2 = re.compile(r"^[ \t\u3000]*二[、.．,，]\s*主动公开政府信息情况[ \t\u3000]*$", re.M)
PROSE_MIN_CHARS = 40      # a section 一 line this long is a prose paragraph (not a subheading)

# baselines
LINE_RE = re.compile(r"[^\n]*\n|[^\n]+")
PP_LINES = pp.OneOrMore(pp.Regex(r"[^\n]*\n|[^\n]+").leave_whitespace()).parse_with_tabs()


# -- inputs -----------------------------------------------------------------------------------

def seeds_dir() -> Path:
    shared = os.environ.get("NIANBAO_SHARED")
    base = Path(shared) if shared else REPO.parent / "shared"
    return base / "seeds"


def load_seeds(d: Path) -> dict[str, str]:
    files = sorted(d.glob("*.txt"))
    if not files:
        sys.exit(f"no seed reports (*.txt) in {d}; set NIANBAO_SHARED to the directory holding seeds/")
    return {f.stem: f.read_text(encoding="utf-8") for f in files}


def grow(text: str, target_bytes: int = TARGET_BYTES, distinct: bool = False) -> str:
    """`text` with the prose paragraphs of section 一 repeated (in order, cyclically) at the
    end of that section until the report reaches `target_bytes` UTF-8 bytes.

    `distinct`: the k-th repetition of a paragraph is rotated left by k characters, so no line
    repeats (same characters and length): the grammar's lru_caches get no free hits.
    """
    m1 = _SEC1.search(text)
    m2 = _SEC2.search(text, m1.end()) if m1 else None
    if not (m1 and m2):
        raise ValueError("seed has no recognisable 一、总体情况 … 二、主动公开政府信息情况 headings")
    body = text[m1.end():m2.start()]
    lines = body.split("\n")
    prose = [ln for ln in lines if len(ln.strip()) >= PROSE_MIN_CHARS]
    if not prose:
        raise ValueError("section 一 has no prose paragraph to repeat")
    # keep the seed's paragraph separation: blank-line separated or one paragraph per line
    idx = [i for i, ln in enumerate(lines) if len(ln.strip()) >= PROSE_MIN_CHARS]
    spaced = sum(1 for i in idx if i + 1 < len(lines) and not lines[i + 1].strip()) * 2 > len(idx)
    sep = "\n\n" if spaced else "\n"
    head, tail = body.rstrip("\n"), body[len(body.rstrip("\n")):]
    size = len(text.encode("utf-8"))
    extra, i = [], 0
    while size < target_bytes:
        p = prose[i % len(prose)]
        if distinct:
            k = i // len(prose) + 1
            lead, trail = p[:len(p) - len(p.lstrip())], p[len(p.rstrip()):]
            core = p.strip()
            p = lead + core[k % len(core):] + core[:k % len(core)] + trail
        extra.append(p)
        size += len((sep + p).encode("utf-8"))
        i += 1
    new_body = head + "".join(sep + p for p in extra) + (tail or "\n")
    return text[:m1.end()] + new_body + text[m2.start():]


def concatenated(target_bytes: int, first: int = 0) -> str:
    """The seed reports one after another (from the `first`-th, cyclically) until `target_bytes`
    UTF-8 bytes: a huge document full of tables, the reader's and the rules' worst case (a
    megabyte takes seconds to lint, where `grow`'s megabyte of prose takes 0.1 s)."""
    seeds = list(load_seeds(seeds_dir()).values())
    parts, size, i = [], 0, first
    while size < target_bytes:
        parts.append(seeds[i % len(seeds)])
        size += len(parts[-1].encode("utf-8")) + 1
        i += 1
    return "\n".join(parts)


def shape(text: str) -> dict:
    """What parse() makes of a report, in a few numbers (to check a grown report kept its tables)."""
    r = parse(text)
    return {
        "sections": [s.number for s in r.sections],
        "extra_headings": len(r.extra_headings),
        "rows": [len(t.rows) if t else None for t in (r.table2, r.table3, r.table4)],
        "problems": len(r.problems),
        "edition": r.edition.id,
    }


# -- timing -----------------------------------------------------------------------------------

def _grammar_caches() -> list:
    caches = []
    for name, mod in list(sys.modules.items()):
        if mod is None or not name.startswith("nianbao.grammar"):
            continue
        for obj in vars(mod).values():
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                caches.append(obj)
    return caches


def clear_caches(caches: list) -> None:
    for c in caches:
        c.cache_clear()


def _stats(samples: list[float], loops: int) -> dict:
    return {
        "median_ms": statistics.median(samples),
        "p90_ms": statistics.quantiles(samples, n=10, method="inclusive")[8] if len(samples) > 1 else samples[0],
        "min_ms": min(samples),
        "loops": loops,
        "runs": len(samples),
    }


def measure(contenders: dict, runs: int, warmup: int, min_sample_ms: float) -> dict:
    """Samples (ms per call) of several callables, interleaved round by round.

    `contenders`: name -> (fn, before); `before` (or None) runs untimed before every call and
    turns off loop calibration (one call per sample). Interleaving puts a slow phase of the
    machine on all contenders alike, which keeps the ratios honest on a shared VM.
    """
    loops = {}
    for name, (fn, before) in contenders.items():
        for _ in range(warmup):
            if before:
                before()
            fn()
        n = 1
        if before is None:          # calibrate: a sample of at least min_sample_ms
            while True:
                t0 = time.perf_counter()
                for _ in range(n):
                    fn()
                if (time.perf_counter() - t0) * 1000 >= min_sample_ms or n >= 1 << 20:
                    break
                n *= 2
        loops[name] = n
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    gc.collect()
    for _ in range(runs):
        for name, (fn, before) in contenders.items():
            if before:
                before()
            n = loops[name]
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            samples[name].append((time.perf_counter() - t0) * 1000 / n)
    return {name: _stats(samples[name], loops[name]) for name in contenders}


# -- environment ------------------------------------------------------------------------------

def machine(packages: tuple[str, ...] = ("pyparsing",), watched: tuple[str, ...] = ("grammar",)) -> dict:
    """The machine, the versions of `packages`, and the commit (marked when `watched` folders
    have uncommitted changes)."""
    from importlib.metadata import version as pkg_version
    cpu = None
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = None
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", *watched],
                               capture_output=True, text=True, check=True).stdout.strip()
        if dirty:
            commit += f" ({' or '.join(w + '/' for w in watched)} modified)"
    except (OSError, subprocess.CalledProcessError):
        pass
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        **{name: pkg_version(name) for name in packages},
        "platform": platform.platform(),
        "cpu": cpu or platform.processor() or None,
        "nproc": os.cpu_count(),
        "commit": commit,
    }


# -- main -------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=50, help="timed samples per measurement (default 50)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed calls first (default 3)")
    ap.add_argument("--target-bytes", type=int, default=TARGET_BYTES,
                    help=f"size of the grown reports in UTF-8 bytes (default {TARGET_BYTES})")
    ap.add_argument("--min-sample-ms", type=float, default=2.0,
                    help="loop fast calls until one sample takes this long (default 2.0)")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-cache parse measurement")
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    d = seeds_dir()
    seeds = load_seeds(d)
    inputs: list[tuple[str, str, str]] = []            # (name, kind, text)
    for name, prefix, layout, distinct in GROWN:
        stem = next((s for s in seeds if s.startswith(prefix)), None)
        if stem is None:
            sys.exit(f"seed {prefix}* not found in {d}")
        how = "distinct (rotated) copies" if distinct else "repeated"
        inputs.append((name, f"{layout}, section 一 prose {how}, grown from {stem}",
                       grow(seeds[stem], args.target_bytes, distinct)))
    for stem, text in seeds.items():
        inputs.append((stem, "seed", text))

    caches = _grammar_caches()
    results = []
    for name, kind, text in inputs:
        res = {"input": name, "kind": kind, "bytes": len(text.encode("utf-8")), "chars": len(text),
               "lines": text.count("\n") + (not text.endswith("\n")), "shape": shape(text)}
        if kind != "seed":
            seed_stem = kind.rsplit(" ", 1)[-1]
            res["shape_matches_seed"] = res["shape"] == shape(seeds[seed_stem])
        contenders = {
            "parse": (lambda: parse(text), None),
            "regex": (lambda: LINE_RE.findall(text), None),
            "pyparsing": (lambda: PP_LINES.parse_string(text, parse_all=True), None),
        }
        if not args.no_cold:
            # last in each round: the warm parse of the next round finds the caches refilled
            contenders["parse_cold"] = (lambda: parse(text), lambda: clear_caches(caches))
        res.update(measure(contenders, args.runs, args.warmup, args.min_sample_ms))
        res["ratio_parse_regex"] = res["parse"]["median_ms"] / res["regex"]["median_ms"]
        res["ratio_parse_pyparsing"] = res["parse"]["median_ms"] / res["pyparsing"]["median_ms"]
        if "parse_cold" in res:
            res["ratio_cold_parse_regex"] = res["parse_cold"]["median_ms"] / res["regex"]["median_ms"]
            res["ratio_cold_parse_pyparsing"] = res["parse_cold"]["median_ms"] / res["pyparsing"]["median_ms"]
        results.append(res)
    clear_caches(caches)

    out = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "seeds_dir": str(d),
           "runs": args.runs, "warmup": args.warmup, "target_bytes": args.target_bytes,
           "grammar_caches": len(caches), "results": results}
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_tables(out)
    bad = [r["input"] for r in results if r.get("shape_matches_seed") is False]
    if bad:
        print(f"warning: grown input(s) {', '.join(bad)} do not read like their seed", file=sys.stderr)
    return 0


def print_tables(out: dict) -> None:
    m = out["machine"]
    print(f"nianbao parse benchmark  {out['date']}  python {m['python']}  pyparsing {m['pyparsing']}  "
          f"cpu {m['cpu']} x{m['nproc']}  commit {m['commit']}")
    print(f"runs {out['runs']} (+{out['warmup']} warm-up), times in ms per call, "
          f"cold = {out['grammar_caches']} grammar lru_caches cleared before each call\n")
    res = out["results"]
    w = max(len(r["input"]) for r in res)
    cold = "parse_cold" in res[0]
    hdr = f"{'input':<{w}}  {'bytes':>6}  {'lines':>5}  {'median':>7}  {'p90':>7}"
    if cold:
        hdr += f"  {'cold med':>8}  {'cold p90':>8}"
    print(hdr)
    print("-" * len(hdr))
    for r in res:
        ln = (f"{r['input']:<{w}}  {r['bytes']:>6}  {r['lines']:>5}  {r['parse']['median_ms']:>7.2f}"
              f"  {r['parse']['p90_ms']:>7.2f}")
        if cold:
            ln += f"  {r['parse_cold']['median_ms']:>8.2f}  {r['parse_cold']['p90_ms']:>8.2f}"
        print(ln)
    print("\nbaselines on the same text (medians, ms): plain re line pass, plain pyparsing line grammar;"
          " ratios = parse median / baseline median")
    hdr = (f"{'input':<{w}}  {'parse':>7}  {'re':>7}  {'pyparsing':>9}  {'parse/re':>8}  {'parse/pp':>8}")
    if cold:
        hdr += f"  {'cold/re':>7}  {'cold/pp':>7}"
    hdr += "  same-shape"
    print(hdr)
    print("-" * len(hdr))
    for r in res:
        same = {True: "yes", False: "NO"}.get(r.get("shape_matches_seed"), "(seed)")
        ln = (f"{r['input']:<{w}}  {r['parse']['median_ms']:>7.2f}  {r['regex']['median_ms']:>7.3f}  "
              f"{r['pyparsing']['median_ms']:>9.3f}  {r['ratio_parse_regex']:>7.0f}x  "
              f"{r['ratio_parse_pyparsing']:>7.1f}x")
        if cold:
            ln += f"  {r['ratio_cold_parse_regex']:>6.0f}x  {r['ratio_cold_parse_pyparsing']:>6.1f}x"
        print(ln + f"  {same}")

if __name__ == "__main__":
    raise SystemExit(main())
