"""The server's view of open documents: text, line index, model and findings per version."""
from __future__ import annotations

import asyncio
import fnmatch
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlparse

from ...grammar import Report, Source, parse
from ...grammar.findings import Finding
from ...grammar import Config, check, is_report
from ...grammar.record import Record
from .. import config as configs

REPORT_LANGUAGES = {"plaintext", "markdown", "text"}
REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


def uri_path(uri: str) -> Path | None:
    u = urlparse(uri)
    return Path(unquote(u.path)) if u.scheme == "file" else None


class Settings(Record):
    """LSP settings (section `nianbao`), layered over the project's config file."""
    __slots__ = ("select", "ignore", "severity", "edition", "include", "lint_on")

    def __init__(self, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] | None = None,
                 severity: dict[str, str] | None = None, edition: str | None = None,
                 include: tuple[str, ...] = (), lint_on: str = "type"):
        self.select = select
        self.ignore = ignore
        self.severity = {} if severity is None else severity
        self.edition = edition
        self.include = include
        self.lint_on = lint_on           # type | save

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
                   lint_on=raw.get("lintOn") if raw.get("lintOn") in ("type", "save") else "type")


class Doc(Record):
    __slots__ = ("uri", "language", "version", "text", "source", "report", "findings", "relevant",
                 "config_error", "job", "job_version")

    def __init__(self, uri: str, language: str, version: int, text: str, source: Source):
        self.uri = uri
        self.language = language
        self.version = version
        self.text = text
        self.source = source
        self.report: Report | None = None
        self.findings: list[Finding] | None = None      # for `version`
        self.relevant: bool | None = None
        self.config_error: str | None = None
        self.job: object = None                         # the running analysis (a future) …
        self.job_version: tuple | None = None           # … and the (version, settings generation) it analyses


class Documents:
    def __init__(self):
        self.docs: dict[str, Doc] = {}
        self.settings = Settings()
        self.generation = 0          # bumped when settings or config files change
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-lint")

    def open(self, uri: str, language: str, version: int, text: str) -> Doc:
        doc = Doc(uri, language, version, text, Source(text))
        self.docs[uri] = doc
        return doc

    def change(self, uri: str, version: int, text: str) -> Doc | None:
        doc = self.docs.get(uri)
        if doc is None:
            return None
        doc.version, doc.text, doc.source = version, text, Source(text)
        doc.report = doc.findings = doc.relevant = None
        return doc

    def close(self, uri: str) -> None:
        self.docs.pop(uri, None)

    def config_for(self, doc: Doc) -> tuple[Config, tuple[str, ...]]:
        """The project's config file (as the CLI finds it) with the LSP settings on top."""
        path = uri_path(doc.uri)
        cfg, include = Config(), ()
        doc.config_error = None
        if path is not None:
            try:
                found = configs.find(path)
                if found:
                    cfg = configs.parse(*found)
                    raw = found[1].get("include") if isinstance(found[1], dict) else None
                    include = tuple(raw) if isinstance(raw, list) else ()
            except configs.ConfigError as e:
                doc.config_error = str(e)
        s = self.settings
        if s.select is not None:
            cfg = cfg.replace(select=s.select)
        if s.ignore is not None:
            cfg = cfg.replace(ignore=cfg.ignore + s.ignore)
        if s.severity:
            cfg = cfg.replace(severity={**cfg.severity, **s.severity})
        if s.edition:
            cfg = cfg.replace(edition=s.edition)
        return cfg, include + s.include

    async def analysed(self, doc: Doc) -> list[Finding]:
        """Findings for the document's current version (cached per version).

        The work runs in one worker thread, so that the server keeps answering other requests
        while a large document is linted; a result for a version that has been replaced
        meanwhile is thrown away, never returned.
        """
        while doc.findings is None:
            version, text, generation = doc.version, doc.text, self.generation
            if doc.job is None or doc.job_version != (version, generation):
                doc.job_version = (version, generation)
                doc.job = asyncio.get_running_loop().run_in_executor(self.pool, self._compute, doc, text)
            job = doc.job
            result = await asyncio.shield(job)
            # a result for a replaced version, or made under settings changed meanwhile, is dropped
            if doc.version == version and self.generation == generation and doc.findings is None:
                doc.report, doc.relevant, doc.findings = result
        return doc.findings

    def _compute(self, doc: Doc, text: str):
        cfg, include = self.config_for(doc)
        report = parse(text, edition=cfg.edition)
        relevant = self._relevant(doc, include, report)
        return report, relevant, (check(report, cfg) if relevant else [])

    def _relevant(self, doc: Doc, include: tuple[str, ...], report: Report) -> bool:
        path = uri_path(doc.uri)
        if path is not None and any(fnmatch.fnmatch(str(path), g) or fnmatch.fnmatch(path.name, g) for g in include):
            return True
        typed = doc.language in REPORT_LANGUAGES or (path is not None and path.suffix.lower() in REPORT_SUFFIXES)
        return typed and is_report(report)
