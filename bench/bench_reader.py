#!/usr/bin/env python3
"""The reader against the reader of an earlier commit, side by side in one process: parse + all
rules (`lint`) on ~30 KB reports and on the real reports, and growth with the text's length.

    python bench/bench_reader.py --baseline PATH [--runs N] [--json]

PATH is a checkout of the commit to compare with (e.g. `git worktree add /tmp/base d881e76`,
the last commit of the line-by-line reader); its `grammar/` package is imported as `grammar`
beside the installed `nianbao.grammar`. Each round times both on the same text in alternating
order (ABBA), so a slow phase of a shared VM hits both alike; medians of the per-call times.
Besides the same text again (an editor re-linting), an author typing (every text new) in section
一's prose and in a cell of table 三, every shared report read cold (all caches emptied: what
`nianbao lint FILE` pays), and each read in a workspace lint after the others (what `nianbao
lint DIR` pays per file). Growth: the same report 1× and 10× as long (distinct copies), and
a crawler's one-line page of ~30 KB, each as a ratio of its 1× time (linear: about 10).
"""
from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from pathlib import Path

from bench_parse import grow, load_seeds, machine, seeds_dir
from nianbao.grammar import lint as new_lint

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"


def timed(f, text: str) -> float:
    start = time.perf_counter()
    f(text)
    return (time.perf_counter() - start) * 1000


def side_by_side(a, b, text: str, runs: int) -> tuple[float, float]:
    for _ in range(3):
        a(text), b(text)
    ta, tb = [], []
    for i in range(runs):
        order = ((a, ta), (b, tb)) if i % 4 in (0, 3) else ((b, tb), (a, ta))
        for f, acc in order:
            acc.append(timed(f, text))
    return statistics.median(ta), statistics.median(tb)


def side_by_side_edits(a, b, texts: list[str]) -> tuple[float, float]:
    """As `side_by_side`, each round on the next of `texts` (an author typing: every text new)."""
    for _ in range(3):
        a(texts[0]), b(texts[0])
    ta, tb = [], []
    for i, text in enumerate(texts[1:]):
        order = ((a, ta), (b, tb)) if i % 4 in (0, 3) else ((b, tb), (a, ta))
        for f, acc in order:
            acc.append(timed(f, text))
    return statistics.median(ta), statistics.median(tb)


# caches of what the template's data builds, not of any input: the grammar of each edition's
# tables, the section titles, the label catalogue's tails. A process builds them once (the line
# reader built its matchers at import), so a file read cold does not pay for them again
TEMPLATE_BUILT = {"template_grammar.table3", "template_grammar.block", "template_grammar.table4",
                  "headings._titles", "headings._by_length", "labels._numbered_rows", "labels._tails"}


def forget(package: str) -> None:
    """Empty every lru_cache of `package`'s modules that holds what was read from an input (and
    the table readings the reader keeps); the template's built grammar stays (`TEMPLATE_BUILT`)."""
    for name, mod in list(sys.modules.items()):
        if name == package or name.startswith(package + "."):
            for k, v in list(vars(mod).items()):
                if hasattr(v, "cache_clear") and not isinstance(v, type) and f"{name.rsplit('.', 1)[-1]}.{k}" not in TEMPLATE_BUILT:
                    v.cache_clear()
    if package == "nianbao.grammar":
        importlib.import_module("nianbao.grammar.table_cache").clear()


def cold(a, b, texts: list[str], runs: int, workspace: bool = False) -> tuple[float, float]:
    """Each text read the first time (every cache emptied before each call), the texts' times
    summed: what `nianbao lint FILE` pays. `workspace`: each text read after the others (caches
    emptied, then the other texts read untimed): a report not seen before in a workspace lint
    of many, whose caches hold what the reports before it had in common with it (lines,
    labels, cells). Medians over `runs` rounds, ABBA."""
    ta, tb = [], []
    for i in range(runs):
        sa = sb = 0.0
        for j, text in enumerate(texts):
            order = ((a, "grammar"), (b, "nianbao.grammar")) if (i + j) % 2 else ((b, "nianbao.grammar"), (a, "grammar"))
            for f, package in order:
                forget(package)
                for other in (texts[:j] + texts[j + 1:]) if workspace else ():
                    f(other)
                t = timed(f, text)
                if f is a:
                    sa += t
                else:
                    sb += t
        ta.append(sa)
        tb.append(sb)
    return statistics.median(ta), statistics.median(tb)


def result(size: int, old: float, new: float) -> dict:
    return {"bytes": size, "before_ms": old, "after_ms": new, "ratio": new / old}


def typing(text: str, at: int, typed, runs: int) -> list[str]:
    """`text` as an author types at `at`: the k-th text has `typed(k)` there."""
    return [text[:at] + typed(k) + text[at:] for k in range(runs + 1)]


def one_line(text: str, size: int) -> str:
    """A crawler's page text: the report's lines joined by spaces, repeated to `size` bytes."""
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    out = flat
    k = 1
    while len(out.encode()) < size:
        out += " " + flat[k % 7:] + flat[:k % 7]
        k += 1
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", required=True, help="a checkout of the commit to compare with")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, args.baseline)
    old_lint = importlib.import_module("grammar.lint").lint      # the baseline still had grammar/lint.py
    seeds = load_seeds(seeds_dir())
    inputs = {
        "tab-30KB": grow(seeds["003_9b665280c744ce7e"], 30 * 1024),
        "cell-30KB": grow(seeds["001_bfb8706c80373661"], 30 * 1024),
        "one-line-30KB": one_line(seeds["003_9b665280c744ce7e"], 30 * 1024),
    }
    for name in ("pdfplumber-hongze-2024", "oneline-pingtan-2021", "pdf2md-shanghai-2025", "html-tab-pingtan-spj-2025"):
        inputs[name] = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    out = {"machine": machine(), "results": {}, "growth": {}}
    # first reads before anything else: the line reader pays the collector for every object the
    # process holds (the template reader pauses it), and the later scenarios leave many
    first: dict = {}
    for name in ("tab-30KB", "cell-30KB", "one-line-30KB"):
        old, new = cold(lambda t: old_lint(t), lambda t: new_lint(t), [inputs[name]], max(5, args.runs // 2))
        first[f"cold: {name}"] = result(len(inputs[name].encode()), old, new)
    shared = [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*.txt"))] + list(seeds.values())
    old, new = cold(lambda t: old_lint(t), lambda t: new_lint(t), shared, max(5, args.runs // 2))
    shared_size = sum(len(t.encode()) for t in shared)
    first[f"cold: {len(shared)} shared reports"] = result(shared_size, old, new)
    old, new = cold(lambda t: old_lint(t), lambda t: new_lint(t), shared, max(3, args.runs // 6), workspace=True)
    first[f"workspace: {len(shared)} shared reports"] = result(shared_size, old, new)
    for name, text in inputs.items():
        old, new = side_by_side(lambda t: old_lint(t), lambda t: new_lint(t), text, args.runs)
        out["results"][name] = result(len(text.encode()), old, new)
    # an author typing: in section 一's prose (the tables move), and in a cell of table 三
    tab = inputs["tab-30KB"]
    prose_at = tab.index("。", tab.index("一、总体情况")) + 1
    cell_at = tab.index("\t0", tab.index("2. 重复申请")) + 1
    for name, at, typed in (
            ("tab-30KB typing in section 一", prose_at, lambda k: "公开" * (k // 2) + "年" * (k % 2)),
            ("tab-30KB typing in table 三", cell_at, lambda k: "1" * (k + 1))):      # the cell 0: 10, 110, …
        texts = typing(tab, at, typed, args.runs)
        old, new = side_by_side_edits(lambda t: old_lint(t), lambda t: new_lint(t), texts)
        out["results"][name] = result(len(tab.encode()), old, new)
    out["results"].update(first)
    base = seeds["003_9b665280c744ce7e"]
    for name, small, big in (
            ("tab report", base, grow(base, 10 * len(base.encode()), distinct=True)),
            ("one-line page", one_line(base, 10 * 1024), one_line(base, 100 * 1024))):
        t1 = statistics.median(timed(new_lint, small) for _ in range(args.runs))
        t10 = statistics.median(timed(new_lint, big) for _ in range(max(5, args.runs // 3)))
        out["growth"][name] = {"1x_ms": t1, "10x_ms": t10, "ratio": t10 / t1}
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"{'input':<32}{'bytes':>8}{'before ms':>11}{'after ms':>10}{'after/before':>14}")
    for name, r in out["results"].items():
        print(f"{name:<32}{r['bytes']:>8}{r['before_ms']:>11.2f}{r['after_ms']:>10.2f}{r['ratio']:>13.2f}x")
    for name, g in out["growth"].items():
        print(f"{name}: 10x the length costs {g['ratio']:.1f}x ({g['1x_ms']:.2f} → {g['10x_ms']:.2f} ms)")
    m = out["machine"]
    print(f"({m['cpu']}, {m['nproc']} cores, Python {m['python']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
