"""Printing findings: text (path:line:col: severity CODE message), JSON, SARIF 2.1.0, GitHub
annotations. A finding in a published document (.docx, .pdf, .html) also names its origin: the
page and line, paragraph or table cell, or HTML source position where a person finds it
(documents/origin.py)."""
from __future__ import annotations

from pathlib import Path

from ..grammar import RULES, Finding, Source
from .links import rule_url

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _pos(src: Source, offset: int) -> dict:
    line, col = src.position(offset)
    return {"row": line + 1, "column": col + 1}


def _origin(src, span) -> dict | None:
    """Where `span` is in the original document, if the findings are from one (lint_cmd.Positions)."""
    get = getattr(src, "origin", None)
    return get(span) if get is not None else None


def to_json(path: str, src: Source, f: Finding) -> dict:
    out = {
        "filename": path, "code": f.code, "name": f.name, "severity": f.severity, "message": f.message,
        "location": _pos(src, f.span.start), "end_location": _pos(src, f.span.end),
        "related": [{"location": _pos(src, s.start), "end_location": _pos(src, s.end), "message": m}
                    for s, m in f.related],
        "fix": None if f.fix is None else {
            "safety": f.fix.safety, "message": f.fix.title,
            "edits": [{"location": _pos(src, e.start), "end_location": _pos(src, e.end), "content": e.content}
                      for e in f.fix.edits]},
        "url": rule_url(f.code),
    }
    origin = _origin(src, f.span)
    if origin is not None:               # a document: location is in its text (`nianbao text`)
        out["origin"] = origin
        for r, (s, _) in zip(out["related"], f.related):
            r["origin"] = _origin(src, s)
    return out


def text_line(path: str, src: Source, f: Finding) -> str:
    origin = _origin(src, f.span)
    if origin is not None:
        from .documents.origin import place
        return f"{path}:{place(origin)}: {f.severity} {f.code} {f.message}"
    p = _pos(src, f.span.start)
    return f"{path}:{p['row']}:{p['column']}: {f.severity} {f.code} {f.message}"


def github_line(path: str, src: Source, f: Finding) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
    origin = _origin(src, f.span)
    msg = f.message
    if origin is None:
        a, b = _pos(src, f.span.start), _pos(src, f.span.end)
        where = f",line={a['row']},col={a['column']},endLine={b['row']},endColumn={b['column']}"
    else:                                # the file is a document: the place goes in the message
        from .documents.origin import in_words
        msg += f"（{in_words(origin)}）"
        where = (f",line={origin['source_line']},col={origin['source_column']}"
                 if "source_line" in origin else "")
    return f"::{level} title={_property(f'nianbao ({f.code})')},file={_property(path)}{where}::{_data(f'{f.code} {msg}')}"


def _data(s: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (core/src/command.ts)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(s: str) -> str:
    """A workflow command's property: `:` and `,` end it, so they are escaped too."""
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def artifact(path: str, base: Path) -> dict:
    """A SARIF artifactLocation: a path under `base` (the current folder) as a relative URI
    against %SRCROOT% (percent-encoded, forward slashes: what code scanning resolves in the
    checkout), any other as an absolute file: URI."""
    from urllib.parse import quote
    p = Path(path)
    try:
        rel = (p if not p.is_absolute() else p.relative_to(base)).as_posix()
    except ValueError:
        return {"uri": p.as_uri()}
    if rel.startswith("../") or rel == "..":
        return {"uri": (base / p).resolve().as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}


def rule_json(r) -> dict:
    """A rule as `nianbao rules --format json` prints it."""
    safety, _, what = r.fix.partition(": ")
    return {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary,
            "explanation": r.explanation, "basis": r.basis or None,
            "fix": {"safety": safety, "description": what} if r.fix else None, "url": rule_url(r.code)}


def rule_help(r) -> dict:
    """A rule's documentation, carried in the SARIF file itself (no site to link to)."""
    parts = [r.summary, r.explanation] + ([f"依据：{r.basis}"] if r.basis else []) + [f"修复：{r.fix or '无自动修复'}"]
    return {"text": "\n\n".join(parts), "markdown": "\n\n".join(parts)}


def sarif(results: list[tuple[str, Source, list[Finding]]], version: str, exit_code: int = 0) -> dict:
    rules = [RULES[c] for c in sorted(RULES)]
    index = {r.code: i for i, r in enumerate(rules)}
    level = {"error": "error", "warning": "warning", "info": "note"}
    base = Path.cwd()

    def region(src, span):
        a, b = _pos(src, span.start), _pos(src, span.end)
        return {"startLine": a["row"], "startColumn": a["column"], "endLine": b["row"], "endColumn": b["column"]}

    def location(path, src, span) -> dict:
        origin = _origin(src, span)
        if origin is None:
            return {"physicalLocation": {"artifactLocation": artifact(path, base), "region": region(src, span)}}
        # a document: no line of the .docx/.pdf means anything; an HTML source position does
        from .documents.origin import place
        physical = {"artifactLocation": artifact(path, base)}
        if "source_line" in origin:
            physical["region"] = {"startLine": origin["source_line"], "startColumn": origin["source_column"]}
        return {"physicalLocation": physical, "logicalLocations": [{"name": place(origin)}],
                "properties": {"origin": origin}}

    def fixes(path, src, f) -> list[dict]:
        """The fix as SARIF replacements; none for a document (--fix changes text files only)."""
        if f.fix is None or _origin(src, f.span) is not None:
            return []
        return [{"description": {"text": f.fix.title},
                 "artifactChanges": [{"artifactLocation": artifact(path, base), "replacements": [
                     {"deletedRegion": region(src, e), "insertedContent": {"text": e.content}}
                     for e in f.fix.edits]}],
                 "properties": {"safety": f.fix.safety}}]

    out = []
    for path, src, findings in results:
        for f in findings:
            res = {"ruleId": f.code, "ruleIndex": index[f.code], "level": level[f.severity],
                   "message": {"text": f.message}, "locations": [location(path, src, f.span)]}
            if f.related:
                res["relatedLocations"] = [{"id": i, "message": {"text": m}, **location(path, src, s)}
                                           for i, (s, m) in enumerate(f.related)]
            fx = fixes(path, src, f)
            if fx:
                res["fixes"] = fx
            out.append(res)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "nianbao", "version": version,
                "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                           "fullDescription": {"text": r.explanation}, "help": rule_help(r),
                           "defaultConfiguration": {"level": level[r.severity]}} for r in rules],
            }},
            "invocations": [{"executionSuccessful": exit_code != 2, "exitCode": exit_code}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": out,
        }],
    }


def dumps(obj) -> str:
    import json  # here: text output, the common case, should not pay its import at start-up
    return json.dumps(obj, ensure_ascii=False, indent=2)
