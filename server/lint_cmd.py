"""`nianbao lint`: files, folders and stdin → findings, fixes, exit status."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..grammar import Source, parse
from ..grammar.findings import Finding
from ..grammar.fixes import fix
from ..grammar import Config, check, is_report
from ..grammar.record import Record, value
from . import config as configs
from . import files, fixing, output

LEVEL = {"info": 0, "warning": 1, "error": 2}
NOT_A_REPORT = "no annual report in this page (no report title, no statutory headings, no table of the template)"
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "dist", "build"}


class Result(Record):
    __slots__ = ("path", "src", "findings", "fixed")

    def __init__(self, path: str, src: "Source | Positions", findings: list[Finding], fixed: int = 0):
        self.path = path
        self.src = src                   # what output needs to place the findings
        self.findings = findings
        self.fixed = fixed


class Run(Record):
    __slots__ = ("results", "errors", "document")

    def __init__(self):
        self.results: list[Result] = []
        self.errors = 0                  # files that could not be read / written, bad config
        self.document: bytes | None = None   # the fixed stdin, in its own encoding


def _error(msg: str) -> None:
    print(f"nianbao: error: {msg}", file=sys.stderr)


def collect(paths: list[str]) -> list[tuple[str, bool]]:
    """(path, explicit): files named on the command line are linted whatever they look like;
    files found in folders only when they look like reports (decided after reading)."""
    out = []
    for p in paths:
        if p == "-":
            out.append((p, True))
            continue
        path = Path(p)
        if configs.path_is(path.is_dir):       # a name too long is read (and reported) as a file
            for f in sorted(path.rglob("*")):
                if f.suffix.lower() in files.REPORT_SUFFIXES and f.is_file() and \
                        not any(part in SKIP_DIRS or part.startswith(".") for part in f.relative_to(path).parts[:-1]):
                    out.append((str(f), False))
        else:
            out.append((p, True))
    return out


def _config(path: str, args, cache: dict) -> Config:
    """The config for `path`: looked up once per folder and read once per config file (a folder
    of 2,000 reports took 2,000 walks up the tree and as many TOML parses)."""
    base = Path.cwd() if path == "-" else Path(path)
    try:
        base = base.resolve()
    except (OSError, RuntimeError):          # a symlink loop: reading the file reports it
        base = Path(os.path.abspath(base))
    folder = base if configs.path_is(base.is_dir) else base.parent
    if ("folder", folder) not in cache:
        found = configs.find(folder)
        key = ("file", found[0] if found else None)
        if key not in cache:
            cfg = configs.parse(*found) if found else Config()
            if args.select:
                cfg = cfg.replace(select=tuple(args.select.split(",")))
            if args.ignore:
                cfg = cfg.replace(ignore=cfg.ignore + tuple(args.ignore.split(",")))
            if args.edition:
                cfg = cfg.replace(edition=args.edition)
            cache[key] = cfg
        cache["folder", folder] = cache[key]
    return cache["folder", folder]


@value
class Options:
    """What a worker needs of the command line (picklable)."""
    fix: bool
    diff: bool
    unsafe: bool
    encoding: str | None
    only_reports: bool


@value
class Outcome:
    result: Result | None
    error: str | None = None      # one line for stderr
    out: bytes = b""              # a diff
    document: bytes | None = None  # stdin fixed, encoded as it came


PARALLEL_MIN = 16                 # fewer files are faster in one process than a pool's start-up


def run(args) -> int:
    targets = collect(args.paths or ["."])
    state = Run()
    cache: dict = {}
    opts = Options(args.fix, args.diff, args.unsafe_fixes, args.encoding, args.only_reports)
    jobs = [(path, explicit) for path, explicit in targets]
    try:
        configs_ = [_config(path, args, cache) for path, _ in jobs]
    except configs.ConfigError as e:
        _error(str(e))
        return 2
    stdin = files.read_stdin() if any(p == "-" for p, _ in jobs) else None
    # `--fix -` is a filter: stdout carries the document alone (as it carries the patch alone with --diff)
    filtering = args.fix and not args.diff and stdin is not None
    work = [(path, explicit, cfg, opts, stdin if path == "-" else None) for (path, explicit), cfg in zip(jobs, configs_)]
    if args.jobs < 0:
        _error(f"--jobs {args.jobs}: must be 0 (all cores) or more")
        return 2
    n_jobs = args.jobs or os.cpu_count() or 1
    progress = sys.stderr.isatty() and len(work) > 20 and args.format == "text"
    if n_jobs > 1 and len(work) >= PARALLEL_MIN:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            outcomes = pool.map(_work, work, chunksize=max(1, len(work) // (n_jobs * 8)))
            _collect(outcomes, state, len(work), progress)
    else:
        _collect(map(_work, work), state, len(work), progress)
    if filtering:
        _write_document(state.document if state.document is not None else stdin)
    _print(state, args, sys.stderr if filtering or args.diff else sys.stdout)
    worst = max((LEVEL[f.severity] for r in state.results for f in r.findings), default=-1)
    if state.errors:
        return 2
    return 1 if worst >= LEVEL[args.fail_on] and not args.diff else 0


def _collect(outcomes, state: Run, total: int, progress: bool) -> None:
    for i, o in enumerate(outcomes):
        if progress:
            print(f"\r[{'#' * (30 * (i + 1) // total):<30}] {i + 1}/{total}", end="", file=sys.stderr)
        if o.out:
            sys.stdout.flush()
            sys.stdout.buffer.write(o.out)
        if o.document is not None:
            state.document = o.document
        if o.error:
            if progress:
                print(file=sys.stderr)
            _error(o.error)
            state.errors += 1
        if o.result is not None:
            state.results.append(o.result)
    if progress:
        print(file=sys.stderr)


# --fix / --diff on a published document: where its author can make the change instead
FIX_ELSEWHERE = {"docx": "fix the .docx in Word", "pdf": "fix the document the PDF was made from and export it again",
                 "html": "fix the page where it is published (its source or the site's editor)"}


def _work(job) -> Outcome:
    path, explicit, cfg, opts, data = job
    try:
        doc = files.load(path, data, opts.encoding) if path == "-" else files.read(path, opts.encoding)
    except files.ReadError as e:
        return Outcome(None, f"{path}: {e}")
    name = path
    text = doc.text
    report = parse(text, edition=cfg.edition)
    if not is_report(report):
        if not explicit or opts.only_reports:
            return Outcome(None)
        if doc.kind == "html":           # a named page that is something else: a list, a 404 page
            return Outcome(None, f"{path}: {NOT_A_REPORT}")
    fixed, out, error, document = 0, b"", None, None
    findings = None
    if (opts.fix or opts.diff) and doc.kind != "text":       # the findings still print, fixes as suggestions
        error = f"{path}: --{'fix' if opts.fix else 'diff'} applies to text files only; {FIX_ELSEWHERE[doc.kind]}"
    elif opts.fix or opts.diff:
        result = fix(text, cfg, unsafe=opts.unsafe)
        new, fixed = result.text, result.applied
        if new != text:
            try:
                if opts.diff:
                    out = fixing.diff(name, doc, new)
                elif path == "-":
                    document = files.encode(doc, new)
                else:
                    fixing.write_back(Path(path), doc, doc.data, new)
            except UnicodeEncodeError as e:
                error = f"{path}: {fixing.unencodable(e, doc)}"
                new, fixed = text, 0
            except fixing.WriteError as e:
                error = f"{path}: {e}"
                new, fixed = text, 0
        if not opts.diff and not error:
            text, findings = new, result.findings           # what is left, as the loop saw it last
    if findings is None:
        findings = check(report, cfg)
    places = doc if doc.kind != "text" else None
    return Outcome(Result(name, Positions.of(Source(text), findings, places), findings, fixed), error, out, document)


def _write_document(data: bytes) -> None:
    """stdin as fixed, or as it came when it was not (an editor replaces its text with this)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    if len(data) > files.MAX_BYTES:      # refused as too large: pass the rest through unread
        import shutil
        shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)


class Positions:
    """The (line, column) of just the offsets the output needs, and for a published document the
    origin of just the spans it needs: a small thing to send back from a worker process instead
    of the whole text and its line index."""

    def __init__(self, table: dict[int, tuple[int, int]], origins: dict | None = None):
        self.table = table
        self.origins = origins

    @classmethod
    def of(cls, src: Source, findings: list[Finding], doc=None) -> "Positions":
        offsets = set()
        spans = set()
        for f in findings:
            offsets.update((f.span.start, f.span.end))
            spans.add((f.span.start, f.span.end))
            for s, _ in f.related:
                offsets.update((s.start, s.end))
                spans.add((s.start, s.end))
            for e in (f.fix.edits if f.fix else ()):
                offsets.update((e.start, e.end))
        origins = None if doc is None else {s: doc.origin(*s) for s in spans}
        return cls({o: src.position(o) for o in offsets}, origins)

    def position(self, offset: int) -> tuple[int, int]:
        return self.table[offset]

    def origin(self, span) -> dict | None:
        """Where the span is in the original document; None for a text file."""
        return None if self.origins is None else self.origins[span.start, span.end]


def _print(state: Run, args, stream) -> None:
    """The findings to `stream`, stderr when stdout carries a document or a patch. The summary
    follows text findings; beside machine output it goes to stderr, or is left out when the
    machine output is on stderr already."""
    results = state.results
    if args.format == "json":
        print(output.dumps([output.to_json(r.path, r.src, f) for r in results for f in r.findings]), file=stream)
    elif args.format == "sarif":
        from importlib.metadata import version
        print(output.dumps(output.sarif([(r.path, r.src, r.findings) for r in results], version("nianbao"))),
              file=stream)
    else:
        line = output.github_line if args.format == "github" else output.text_line
        for r in results:
            for f in r.findings:
                print(line(r.path, r.src, f), file=stream)
    if args.format == "text" or stream is sys.stdout:
        _summary(state, args, stream if args.format == "text" else sys.stderr)


def _summary(state: Run, args, stream) -> None:
    results = state.results
    counts = {s: sum(f.severity == s for r in results for f in r.findings) for s in ("error", "warning", "info")}
    total = sum(counts.values())
    fixed = sum(r.fixed for r in results)
    fixable = sum(1 for r in results for f in r.findings if f.fix and f.fix.safety == "safe"
                  and getattr(r.src, "origins", None) is None)      # --fix never edits a document
    parts = [f"{counts['error']} error{'s' * (counts['error'] != 1)}",
             f"{counts['warning']} warning{'s' * (counts['warning'] != 1)}", f"{counts['info']} info"]
    files_n = len(results)
    line = (f"Found {total} problem{'s' * (total != 1)} ({', '.join(parts)}) in {files_n} "
            f"file{'s' * (files_n != 1)}")
    if fixed:
        line += f"; {fixed} fixes shown in the diff" if args.diff else f"; fixed {fixed}"
    if fixable and not (args.fix or args.diff):
        line += f"; {fixable} fixable with --fix"
    hidden = 0 if args.unsafe_fixes else sum(1 for r in results for f in r.findings if f.fix and f.fix.safety != "safe"
                                             and getattr(r.src, "origins", None) is None)
    if hidden:      # as ruff says it: what the author may apply, knowing that it decides content
        line += f" ({hidden} more fix{'es' * (hidden != 1)} available with --unsafe-fixes)"
    print(line + ".", file=stream)
    if files_n > 1 and total:
        failing: dict[str, int] = {}
        names: dict[str, str] = {}    # from the findings: with --jobs the rules were loaded in the workers only
        for r in results:
            codes = {f.code: f.name for f in r.findings}
            for code in codes:
                failing[code] = failing.get(code, 0) + 1
            names.update(codes)
        print(f"\n{'rule':<7} {'name':<22} {'reports':>7}", file=stream)
        for code in sorted(failing):
            print(f"{code:<7} {names[code]:<22} {failing[code]:>7}", file=stream)
