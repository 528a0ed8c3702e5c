"""The server's view of open documents: text, line index, and the work done on them per version."""
from __future__ import annotations

import asyncio
import fnmatch
import itertools
import time
from functools import partial
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlparse

from ...grammar import Config, Finding, Record, Report, Source, check, fix, is_report, parse
from .. import config as configs
from . import convert
from .jobs import STALE, Job, Worker

REPORT_LANGUAGES = {"plaintext", "markdown", "text"}
QUIET = 0.2              # seconds of pause in the typing a long analysis waits for, at most
REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
RANK = {"info": 0, "warning": 1, "error": 2}


def uri_path(uri: str) -> Path | None:
    u = urlparse(uri)
    return Path(unquote(u.path)) if u.scheme == "file" else None


class Settings(Record):
    """LSP settings (section `nianbao`), layered over the project's config file."""
    __slots__ = ("select", "ignore", "severity", "edition", "include", "lint_on", "minimum_severity")

    def __init__(self, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] | None = None,
                 severity: dict[str, str] | None = None, edition: str | None = None,
                 include: tuple[str, ...] = (), lint_on: str = "type", minimum_severity: str = "info"):
        self.select = select
        self.ignore = ignore
        self.severity = {} if severity is None else severity
        self.edition = edition
        self.include = include
        self.lint_on = lint_on           # type | save
        self.minimum_severity = minimum_severity    # error | warning | info: findings below it are left out

    def shown(self, findings: list[Finding]) -> list[Finding]:
        """The findings at `minimum_severity` or above (after the severity settings)."""
        floor = RANK[self.minimum_severity]
        return findings if floor == RANK["info"] else [f for f in findings if RANK.get(f.severity, 0) >= floor]

    def for_fixes(self, cfg: Config) -> Config:
        """`cfg` with the rules whose findings `shown` leaves out turned off: fix all changes only
        what the author was shown (a hidden info's fix would edit text nobody flagged)."""
        floor = RANK[self.minimum_severity]
        if floor == RANK["info"]:
            return cfg
        from ...grammar import RULES
        hidden = {code: "off" for code, r in RULES.items()
                  if RANK.get(cfg.severity.get(code, r.severity), 0) < floor}
        return Config(cfg.select, cfg.ignore, {**cfg.severity, **hidden}, cfg.edition)

    @classmethod
    def from_client(cls, raw) -> "Settings":
        if not isinstance(raw, dict):
            return cls()
        def codes(v):
            return tuple(x for x in v if isinstance(x, str)) if isinstance(v, list) else None
        sev = raw.get("severity") if isinstance(raw.get("severity"), dict) else {}
        return cls(select=codes(raw.get("select")), ignore=codes(raw.get("ignore")),
                   severity={k: v for k, v in sev.items() if v in ("error", "warning", "info", "off")},
                   edition=raw.get("edition") if raw.get("edition") in ("2019", "2021") else None,
                   include=codes(raw.get("include")) or (),
                   lint_on=raw.get("lintOn") if raw.get("lintOn") in ("type", "save") else "type",
                   minimum_severity=raw.get("minimumSeverity") if raw.get("minimumSeverity") in RANK else "info")

    def overrides(self) -> configs.Overrides:
        """What these settings put over the project's config file."""
        return configs.Overrides(select=self.select, ignore=self.ignore or (),
                                 severity=tuple(self.severity.items()), edition=self.edition, include=self.include)


class Analysis(Record):
    """What one analysis of one document version found."""
    __slots__ = ("report", "relevant", "findings", "config_error", "diagnostics", "result_id")

    def __init__(self, report: Report, relevant: bool, findings: list[Finding], config_error: str | None,
                 diagnostics: list | None = None):
        self.report = report
        self.relevant = relevant              # a report (or an included file): worth diagnostics
        self.findings = findings
        self.config_error = config_error      # the project's config file could not be read
        self.diagnostics = diagnostics or []  # the findings as LSP diagnostics
        self.result_id = ""                   # for pull diagnostics: "version:n", n unique per server


class Doc(Record):
    __slots__ = ("uri", "language", "version", "text", "source", "open", "analysis", "results", "jobs",
                 "worker", "changed", "took")

    def __init__(self, uri: str, language: str, version: int, text: str, source: Source):
        self.uri = uri
        self.language = language
        self.version = version
        self.text = text
        self.source = source
        self.open = True
        self.analysis: Analysis | None = None     # for the current version and settings, once made
        self.results: dict[str, tuple] = {}       # other work for them, by kind: (key, result)
        self.jobs: dict[str, Job] = {}            # the latest job of each kind
        self.worker: Worker | None = None
        self.changed = 0.0                        # time.monotonic() of the last edit
        self.took = 0.0                           # seconds the last analysis took

    @property
    def report(self) -> Report | None:
        return self.analysis.report if self.analysis else None

    @property
    def findings(self) -> list[Finding] | None:
        return self.analysis.findings if self.analysis else None

    @property
    def relevant(self) -> bool | None:
        return self.analysis.relevant if self.analysis else None

    def forget(self) -> None:
        """The text or the settings changed: what was computed is void, and whoever waits for a
        job of the old key is sent to wait for the current one (`Documents.computed`)."""
        self.analysis = None
        self.results.clear()
        for job in self.jobs.values():
            if not job.future.done():
                job.future.set_result(None)


class Documents:
    def __init__(self, trace: Callable[[str], None] = lambda message: None,
                 encoding: Callable[[], str] = lambda: "utf-16"):
        self.docs: dict[str, Doc] = {}
        self.settings = Settings()
        self.generation = 0          # bumped when settings or config files change
        self.stopped = False         # after shutdown: no more work is started
        self.analyses = itertools.count(1)   # numbers each analysis: result ids never repeat
        self.trace = trace           # $/logTrace, when the client asks for traces
        self.encoding = encoding     # the negotiated position encoding
        self.configs = configs.Resolver()    # config files, read again when changed
        self.watching = False        # the editor tells of config files made, changed, deleted

    def key(self, doc: Doc) -> tuple | None:
        """What the document's work is for now; None when there is nothing to do for it any more."""
        return (doc.version, self.generation) if doc.open and not self.stopped else None

    def open(self, uri: str, language: str, version: int, text: str) -> Doc:
        old = self.docs.get(uri)
        if old is not None:          # opened twice without a close: the first is gone
            self.close(uri)
        doc = Doc(uri, language, version, text, Source(text))
        self.docs[uri] = doc
        return doc

    def change(self, uri: str, version: int, text: str) -> Doc | None:
        doc = self.docs.get(uri)
        if doc is None:
            return None
        doc.version, doc.text, doc.source = version, text, Source(text)
        doc.changed = time.monotonic()
        if not self.watching:        # no word of a config file made or deleted: look again on each edit
            self.configs.invalidate()
        doc.forget()
        return doc

    def close(self, uri: str) -> None:
        doc = self.docs.pop(uri, None)
        if doc is not None:
            doc.open = False
            doc.forget()

    def relint(self) -> None:
        """Settings or a config file changed: every document's work is to be done again."""
        self.generation += 1
        self.trace(f"settings changed: generation {self.generation}")
        for doc in self.docs.values():
            doc.forget()

    def stop(self) -> None:
        """Shutdown: queued work is dropped, and nobody waits for any."""
        self.stopped = True
        for doc in self.docs.values():
            doc.forget()

    def config_for(self, doc: Doc) -> tuple[Config, tuple[str, ...], str | None]:
        """The project's config file (as the CLI finds it) with the LSP settings on top, the
        configured include globs, and why the config file could not be read, if it could not."""
        return self.config_at(uri_path(doc.uri))

    def config_at(self, path: Path | None) -> tuple[Config, tuple[str, ...], str | None]:
        """`config_for` a file at `path` (None: not a file, the LSP settings alone)."""
        over = self.settings.overrides()
        if path is not None:
            try:
                project = self.configs.project(path, over)
                return project.config, project.include, None
            except configs.ConfigError as e:
                return configs.layer(Config(), over), over.include, str(e)
        return configs.layer(Config(), over), over.include, None

    # -- work, off the event loop (jobs.py) -----------------------------------------------------

    async def computed(self, doc: Doc, kind: str, run: Callable, keep: bool = False):
        """`run(doc, text, stale)` for the document's current version and settings, in its worker;
        one job per kind and key, whoever asks. Waiters of a job made stale by an edit or a
        settings change wait for the current one instead. None once the document is closed."""
        while (key := self.key(doc)) is not None:
            if kind == "analysis" and doc.analysis is not None:
                return doc.analysis
            hit = doc.results.get(kind)
            if hit is not None and hit[0] == key:
                return hit[1]
            job = doc.jobs.get(kind)
            new = job is None or job.key != key or job.future.done()
            if new:
                loop = asyncio.get_running_loop()
                job = Job(kind, key, partial(run, doc, doc.text), loop.create_future(), keep)
                doc.jobs[kind] = job
                if doc.worker is None:
                    doc.worker = Worker(loop, partial(self.key, doc), partial(self._settle, doc),
                                        partial(self._began, doc), partial(self._finished, doc),
                                        f"nianbao {doc.uri}"[:60])
            job.waiters += 1            # before the worker can look: a job nobody waits for is dropped
            try:
                if new:
                    doc.worker.submit(job)
                await asyncio.shield(job.future)
            finally:
                job.waiters -= 1
        return None

    async def analysed(self, doc: Doc) -> list[Finding] | None:
        """Findings for the document's current version and settings (None once it is closed)."""
        analysis = await self.computed(doc, "analysis", self._analyse, keep=True)
        return analysis.findings if analysis is not None else None

    async def fixed(self, doc: Doc) -> str | None:
        """The document's text with every safe fix applied (None once it is closed)."""
        return await self.computed(doc, "fix", self._fix)

    def _analyse(self, doc: Doc, text: str, stale: Callable[[], bool]):
        cfg, include, error = self.config_for(doc)
        report = parse(text, edition=cfg.edition)
        if stale():                  # an edit came while it was read: the lint would be wasted
            return STALE
        relevant = self._relevant(doc, include, report)
        findings = self.settings.shown(check(report, cfg)) if relevant else []
        if stale():
            return STALE
        # made here, not on the event loop: 0.2 s for the 2,800 findings of a megabyte
        enc = self.encoding()
        diagnostics = [convert.diagnostic(doc.uri, report.source, f, enc) for f in findings]
        return Analysis(report, relevant, findings, error, diagnostics)

    def _fix(self, doc: Doc, text: str, stale: Callable[[], bool]):
        new = fix(text, self.settings.for_fixes(self.config_for(doc)[0]), stop=stale).text
        return STALE if stale() else new

    def _settle(self, doc: Doc, job: Job) -> float:
        """How long an analysis should still wait for the typing to pause: a quarter of what the
        last one took, at most 0.2 s, after the last edit (nothing for a 30 KB report's 5 ms; a
        megabyte's seconds of analysis is not started for every key of a word)."""
        if job.kind != "analysis":
            return 0.0
        return doc.changed + min(QUIET, doc.took / 4) - time.monotonic()

    def _began(self, doc: Doc, job: Job) -> None:
        self.trace(f"{job.kind} started: {doc.uri} version {job.key[0]} (settings {job.key[1]})")

    def _finished(self, doc: Doc, job: Job, result, error: BaseException | None) -> None:
        what = f"{doc.uri} version {job.key[0]} (settings {job.key[1]})"
        if job.started is None:
            self.trace(f"{job.kind} dropped: {what} (replaced, or nobody waits for it)")
        else:
            took = f"{job.ended - job.started:.3f} s"
            self.trace(f"{job.kind} {'given up' if result is STALE else 'failed' if error else 'done'}: "
                       f"{what} after {took}")
        if error is None and result is not STALE and job.key == self.key(doc):
            if job.kind == "analysis":
                doc.took = job.ended - job.started
                # not version:generation: a document closed and opened again starts at version 1
                # again, and a client holding the old id would be told "unchanged"
                result.result_id = f"{job.key[0]}:{next(self.analyses)}"
                doc.analysis = result
            else:
                doc.results[job.kind] = (job.key, result)
        if not job.future.done():      # its waiters look for the result on the document
            if error is not None:
                job.future.set_exception(error)
            else:
                job.future.set_result(None)

    def _relevant(self, doc: Doc, include: tuple[str, ...], report: Report) -> bool:
        return relevant(uri_path(doc.uri), doc.language, include, report)


def included(path: Path | None, include: tuple[str, ...]) -> bool:
    return path is not None and any(fnmatch.fnmatch(str(path), g) or fnmatch.fnmatch(path.name, g) for g in include)


def relevant(path: Path | None, language: str | None, include: tuple[str, ...], report: Report) -> bool:
    """Worth diagnostics: an included file, or a text file (by language or suffix) that looks like a report."""
    if included(path, include):
        return True
    typed = language in REPORT_LANGUAGES or (path is not None and path.suffix.lower() in REPORT_SUFFIXES)
    return typed and is_report(report)
