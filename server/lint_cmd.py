"""`nianbao lint`: files, folders and stdin → findings, fixes, exit status."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..grammar import Config, Finding, Record, Source, check, fix, is_report, parse, value
from . import config as configs
from . import files, fixing, output, walk
from .cli import error
from .i18n import _, ngettext

LEVEL = {"info": 0, "warning": 1, "error": 2}


def not_a_report() -> str:
    return _("no annual report in this page (no report title, no statutory headings, no table of the template)")


class Result(Record):
    __slots__ = ("path", "src", "findings", "fixed")

    def __init__(self, path: str, src: "Source | Positions", findings: list[Finding], fixed: int = 0):
        self.path = path
        self.src = src                   # what output needs to place the findings
        self.findings = findings
        self.fixed = fixed


class Run(Record):
    __slots__ = ("results", "errors", "document", "skipped", "diffs")

    def __init__(self):
        self.results: list[Result] = []
        self.errors = 0                  # files that could not be read / written, bad config
        self.document: bytes | None = None   # the fixed stdin, in its own encoding
        self.skipped: list[str] = []     # files that are no report
        self.diffs = 0                   # files --diff would change


def resolver(args) -> configs.Resolver:
    """Config files as found, with the command line's options on top."""
    return configs.Resolver(configs.Overrides(select=args.select, ignore=args.ignore or (), edition=args.edition))


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
    skipped: str | None = None    # the path of a file that is no report: not linted


PARALLEL_MIN = 16                 # fewer files are faster in one process than a pool's start-up


def run(args) -> int:
    if args.jobs < 0:
        error(_("--jobs {n}: must be 0 (all cores) or more").format(n=args.jobs))
        return 2
    found = resolver(args)
    jobs = walk.collect(args.paths or ["."], found, args.exclude or ())
    try:
        configs_ = [found.project(Path.cwd() if path == "-" else Path(path)).config for path, _named in jobs]
    except configs.ConfigError as e:
        error(str(e))
        return 2
    out = sys.stdout
    if args.output_file:
        try:
            out = open(args.output_file, "w", encoding="utf-8")
        except OSError as e:
            error(f"{args.output_file}: {e.strerror or e}")
            return 2
    try:
        return _run(args, jobs, configs_, out)
    finally:
        if out is not sys.stdout:
            out.close()


def _run(args, jobs, configs_, out) -> int:
    state = Run()
    opts = Options(args.fix, args.diff, args.unsafe_fixes, args.encoding, args.only_reports)
    stdin = files.read_stdin() if any(p == "-" for p, _named in jobs) else None
    # `--fix -` is a filter: stdout carries the document alone (as it carries the patch alone with --diff)
    filtering = args.fix and not args.diff and stdin is not None
    work = [(path, named, cfg, opts, stdin if path == "-" else None) for (path, named), cfg in zip(jobs, configs_)]
    n_jobs = args.jobs or os.cpu_count() or 1
    progress = sys.stderr.isatty() and len(work) > 20 and args.format == "text" and not args.quiet
    if n_jobs > 1 and len(work) >= PARALLEL_MIN:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            outcomes = pool.map(_work, work, chunksize=max(1, len(work) // (n_jobs * 8)))
            _collect(outcomes, state, len(work), progress)
    else:
        _collect(map(_work, work), state, len(work), progress)
    if filtering:
        _write_document(state.document if state.document is not None else stdin)
    status = _exit_status(state, args)
    # findings go where the document or the patch is not, unless a file was named for them
    _print(state, args, out if out is not sys.stdout or not (filtering or args.diff) else sys.stderr, status)
    return status


def _collect(outcomes, state: Run, total: int, progress: bool) -> None:
    for i, o in enumerate(outcomes):
        if progress:
            print(f"\r[{'#' * (30 * (i + 1) // total):<30}] {i + 1}/{total}", end="", file=sys.stderr)
        if o.out:
            sys.stdout.flush()
            sys.stdout.buffer.write(o.out)
            state.diffs += 1
        if o.document is not None:
            state.document = o.document
        if o.error:
            if progress:
                print(file=sys.stderr)
            error(o.error)
            state.errors += 1
        if o.result is not None:
            state.results.append(o.result)
        elif o.skipped:
            state.skipped.append(o.skipped)
    if progress:
        print(file=sys.stderr)


def _fix_elsewhere(kind: str) -> str:
    """--fix / --diff on a published document: where its author can make the change instead."""
    return {"docx": _("fix the .docx in Word"), "pdf": _("fix the document the PDF was made from and export it again"),
            "html": _("fix the page where it is published (its source or the site's editor)")}[kind]


def _work(job) -> Outcome:
    path, explicit, cfg, opts, data = job
    try:
        doc = files.load(path, data, opts.encoding) if path == "-" else files.read(path, opts.encoding)
    except files.ReadError as e:
        return Outcome(None, f"{path}: {e}")
    name = path
    text = doc.text
    fix_first = opts.fix and not opts.diff and doc.kind == "text"
    if fix_first:
        # the fix loop's first pass reads the text: no reading of it before. Fixes apply to a
        # report only (linter.check), so one applied says it was one; when none was, the loop's
        # report is the text's own
        result = fix(text, cfg, unsafe=opts.unsafe)
        report, relevant = result.report, result.applied > 0 or is_report(result.report)
    else:
        report = parse(text, edition=cfg.edition)
        relevant = is_report(report)
    if not relevant:
        if not explicit or opts.only_reports:
            return Outcome(None, skipped=path)
        if doc.kind == "html":           # a named page that is something else: a list, a 404 page
            return Outcome(None, f"{path}: {not_a_report()}")
    fixed, out, error, document = 0, b"", None, None
    findings = None
    if (opts.fix or opts.diff) and doc.kind != "text":       # the findings still print, fixes as suggestions
        error = f"{path}: " + _("{option} applies to text files only; {where}").format(
            option="--fix" if opts.fix else "--diff", where=_fix_elsewhere(doc.kind))
    elif opts.fix or opts.diff:
        if not fix_first:                # --diff: the findings printed are the text's as it is
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
        elif fix_first and result.applied:   # not written: the findings are of the text as it is
            report = parse(text, edition=cfg.edition)
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
            for s, _message in f.related:
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


def _exit_status(state: Run, args) -> int:
    if state.errors:
        return 2
    if args.exit_zero:
        return 0
    if args.diff:                        # as ruff: 1 when the patch is not empty
        return 1 if state.diffs else 0
    worst = max((LEVEL[f.severity] for r in state.results for f in r.findings), default=-1)
    return 1 if worst >= LEVEL[args.fail_on] else 0


def _fixable(r: Result, f: Finding) -> bool:
    """What `--fix` would apply: a safe fix in a text file (--fix never edits a document)."""
    return f.fix is not None and f.fix.safety == "safe" and getattr(r.src, "origins", None) is None


def _print(state: Run, args, stream, status: int) -> None:
    """The findings to `stream`, stderr when stdout carries a document or a patch. The summary
    follows text findings; beside machine output it goes to stderr, or is left out when the
    machine output is on stderr already."""
    results = state.results
    if args.statistics:
        _statistics(state, args, stream)
    elif args.format == "json":
        print(output.dumps([output.to_json(r.path, r.src, f) for r in results for f in r.findings]), file=stream)
    elif args.format == "sarif":
        from . import __version__
        print(output.dumps(output.sarif([(r.path, r.src, r.findings) for r in results], __version__,
                                        status)), file=stream)
    else:
        line = output.github_line if args.format == "github" else output.text_line
        for r in results:
            for f in r.findings:
                print(line(r.path, r.src, f), file=stream)
    text = args.format == "text" or args.statistics and args.format != "json"
    if text or stream is not sys.stderr:
        summary = stream if text else sys.stderr
        if not args.quiet:
            _summary(state, args, summary)
        if args.show_skipped and state.skipped:
            print(_("Skipped, not a report:"), file=summary)
            for path in state.skipped:
                print(f"  {path}", file=summary)


def _statistics(state: Run, args, stream) -> None:
    """Findings counted per rule, most first (ruff's --statistics)."""
    stats: dict[str, list] = {}          # code → [name, count, fixable]
    for r in state.results:
        for f in r.findings:
            s = stats.setdefault(f.code, [f.name, 0, 0])
            s[1] += 1
            s[2] += _fixable(r, f)
    rows = sorted(stats.items(), key=lambda kv: (-kv[1][1], kv[0]))
    if args.format == "json":
        print(output.dumps([{"code": code, "name": name, "count": n, "fixable_count": k}
                            for code, (name, n, k) in rows]), file=stream)
        return
    width = max((len(str(n)) for _code, (_name, n, _k) in rows), default=1)
    marked = any(k for _code, (_name, _n, k) in rows)
    for code, (name, n, k) in rows:
        mark = ("[*] " if k == n else "[~] " if k else "[ ] ") if marked else ""
        print(f"{n:>{width}}\t{code}\t{mark}{name}", file=stream)
    if marked:
        print(_("[*] fixable with `nianbao lint --fix`"), file=stream)


def _summary(state: Run, args, stream) -> None:
    results = state.results
    counts = {s: sum(f.severity == s for r in results for f in r.findings) for s in ("error", "warning", "info")}
    total = sum(counts.values())
    fixed = sum(r.fixed for r in results)
    fixable = sum(1 for r in results for f in r.findings if _fixable(r, f))
    n_files = len(results)
    line = _("Found {problems} ({errors}, {warnings}, {info}) in {files}").format(
        problems=ngettext("{n} problem", "{n} problems", total).format(n=total),
        errors=ngettext("{n} error", "{n} errors", counts["error"]).format(n=counts["error"]),
        warnings=ngettext("{n} warning", "{n} warnings", counts["warning"]).format(n=counts["warning"]),
        info=ngettext("{n} info", "{n} info", counts["info"]).format(n=counts["info"]),
        files=ngettext("{n} file", "{n} files", n_files).format(n=n_files))
    if state.skipped:
        k = len(state.skipped)
        line += ngettext("; {n} file skipped as not a report", "; {n} files skipped as not a report", k).format(n=k)
    if fixed:
        line += (ngettext("; {n} fix shown in the diff", "; {n} fixes shown in the diff", fixed) if args.diff
                 else ngettext("; fixed {n}", "; fixed {n}", fixed)).format(n=fixed)
    if fixable and not (args.fix or args.diff):
        line += ngettext("; {n} fixable with --fix", "; {n} fixable with --fix", fixable).format(n=fixable)
    hidden = 0 if args.unsafe_fixes else sum(1 for r in results for f in r.findings if f.fix and f.fix.safety != "safe"
                                             and getattr(r.src, "origins", None) is None)
    if hidden:      # as ruff says it: what the author may apply, knowing that it decides content
        line += ngettext(" ({n} more fix available with --unsafe-fixes)",
                         " ({n} more fixes available with --unsafe-fixes)", hidden).format(n=hidden)
    print(line + _("."), file=stream)
    if n_files > 1 and total and not args.statistics:
        failing: dict[str, int] = {}
        names: dict[str, str] = {}    # from the findings: with --jobs the rules were loaded in the workers only
        for r in results:
            codes = {f.code: f.name for f in r.findings}
            for code in codes:
                failing[code] = failing.get(code, 0) + 1
            names.update(codes)
        rule, name, reports = _("rule"), _("name"), _("reports")
        print(f"\n{rule:<7} {name:<22} {reports:>7}", file=stream)
        for code in sorted(failing):
            print(f"{code:<7} {names[code]:<22} {failing[code]:>7}", file=stream)
