"""Published documents: how long `nianbao lint` takes on a .pdf, .html and .docx report, and what
reading documents did to the start-up of a plain-text lint.

1. Per format, side by side in one run (rounds interleave the inputs, so a slow phase of the VM
   hits all alike), the median of --runs samples of:
   - `process`: the whole command, `nianbao lint FILE`, as a user runs it (imports included:
     pdfplumber/pdfminer for a PDF, python-docx/lxml for Word, the stdlib HTML parser);
   - `convert` and `lint`, in this process, warm: reading the document into text
     (files.read), then parse + all rules on that text.
   Inputs: hongze-2024.pdf (5 pages, the real published PDF), pingtan-spj-2025.html (the real
   page), that page as Word (built with tests/documents_make.py, as the tests build it), and the
   text renderings of both reports from ../shared (pdfplumber-hongze-2024.txt,
   html-tab-pingtan-spj-2025.txt) for comparison.
2. Start-up: `nianbao lint seed-003.txt` as a whole process with the code before documents were
   read (--before, default d881e76, the commit before) and now, against `python -c "import
   pyparsing"` as bench_startup.py measures it (balanced rounds, bytecode compiled). Both trees run
   with `python -S` and PYTHONPATH = the tree + this venv's site-packages, so that neither picks up
   the editable install's finder; the same flag for the pyparsing import keeps the ratio fair.

    python bench/bench_documents.py [--runs N] [--before REV] [--json]
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from bench_parse import REPO, machine, seeds_dir

SHARED = seeds_dir().parent
REAL = SHARED / "corpus" / "real"


def timed(cmd: list[str], env=None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - t0) * 1000


def inputs(tmp: Path) -> dict[str, Path]:
    sys.path.insert(0, str(REPO / "tests"))
    from documents_make import docx_from_html
    docx = tmp / "pingtan-spj-2025.docx"
    docx.write_bytes(docx_from_html((REAL / "pingtan-spj-2025.html").read_bytes()))
    return {"pdf (hongze)": REAL / "hongze-2024.pdf", "txt (hongze, pdfplumber text)": REAL / "pdfplumber-hongze-2024.txt",
            "html (spj)": REAL / "pingtan-spj-2025.html", "docx (spj)": docx,
            "txt (spj, tab text)": REAL / "html-tab-pingtan-spj-2025.txt"}


def per_format(files: dict[str, Path], runs: int) -> dict:
    from nianbao.grammar import lint
    from nianbao.server import files as reading
    nianbao = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
    samples = {k: {"process": [], "convert": [], "lint": []} for k in files}
    for path in files.values():                          # warm: imports, caches, OS file cache
        lint(reading.read(str(path)).text)
        timed([nianbao, "lint", str(path)])
    for _ in range(runs):
        for k, path in files.items():
            samples[k]["process"].append(timed([nianbao, "lint", str(path)]))
            t0 = time.perf_counter()
            text = reading.read(str(path)).text
            t1 = time.perf_counter()
            lint(text)
            t2 = time.perf_counter()
            samples[k]["convert"].append((t1 - t0) * 1000)
            samples[k]["lint"].append((t2 - t1) * 1000)
    return {k: {m: statistics.median(v) for m, v in s.items()} for k, s in samples.items()}


def tree(rev: str | None, tmp: Path) -> Path:
    """A folder with nianbao/grammar and nianbao/server of `rev` (None: the working tree)."""
    pkg = tmp / (rev or "now") / "pkg"
    (pkg / "nianbao").mkdir(parents=True)
    if rev:
        src = tmp / rev / "src"
        src.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "grammar", "server"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    else:
        src = REPO
    for part in ("grammar", "server"):
        os.symlink(src / part, pkg / "nianbao" / part)
        compileall.compile_dir(src / part, quiet=1)
    return pkg


def startup(runs: int, before: str, tmp: Path) -> dict:
    report = str(sorted(seeds_dir().glob("003_*.txt"))[0])
    site = sysconfig.get_paths()["purelib"]
    envs = {name: {**os.environ, "PYTHONPATH": f"{tree(rev, tmp)}{os.pathsep}{site}"}
            for name, rev in (("before", before), ("now", None))}
    lint = "import sys; from nianbao.server.cli import main; sys.exit(main(['lint', sys.argv[1]]))"
    cmds = {"import pyparsing": ([sys.executable, "-S", "-c", "import pyparsing"], envs["now"]),
            "lint before": ([sys.executable, "-S", "-c", lint, report], envs["before"]),
            "lint now": ([sys.executable, "-S", "-c", lint, report], envs["now"])}
    for cmd, env in cmds.values():
        timed(cmd, env)
    samples = {k: [] for k in cmds}
    order = list(cmds)
    for i in range(runs):                                # each command in each place equally often
        rotated = order[i % 3:] + order[:i % 3]
        for k in rotated + rotated[::-1]:
            samples[k].append(timed(*cmds[k]))
    med = {k: statistics.median(v) for k, v in samples.items()}
    return {"median_ms": med, "ratio_before": med["lint before"] / med["import pyparsing"],
            "ratio_now": med["lint now"] / med["import pyparsing"], "before": before}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--before", default="d881e76", help="the commit to compare start-up with")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        formats = per_format(inputs(tmp), args.runs)
        start = startup(args.runs * 2, args.before, tmp)
    out = {"machine": machine(("pyparsing", "pdfplumber", "pdfminer.six", "python-docx", "lxml"),
                              ("grammar", "server")),
           "runs": args.runs, "formats": formats, "startup": start}
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(f"{'input':<32}{'process':>10}{'convert':>10}{'lint':>8}   (ms, medians of {args.runs})")
    for k, v in formats.items():
        print(f"{k:<32}{v['process']:>10.1f}{v['convert']:>10.2f}{v['lint']:>8.2f}")
    m = start["median_ms"]
    print(f"\nstart-up, plain .txt ({args.runs * 2} rounds): import pyparsing {m['import pyparsing']:.1f} ms, "
          f"lint before ({args.before}) {m['lint before']:.1f} ms = {start['ratio_before']:.2f}x, "
          f"lint now {m['lint now']:.1f} ms = {start['ratio_now']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
