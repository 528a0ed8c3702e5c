"""Printing findings: text (path:line:col: CODE message), JSON, SARIF 2.1.0, GitHub annotations.
A finding in a published document (.docx, .pdf, .html) also names its origin: the page and line,
paragraph or table cell, or HTML source position where a person finds it (documents/origin.py)."""
from __future__ import annotations

from ..grammar import Source
from ..grammar.findings import Finding
from ..grammar.rules import RULES

DOCS = "https://github.com/nianbao/nianbao/blob/main/docs/rules.md"


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
        "url": f"{DOCS}#{f.code.lower()}",
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
        return f"{path}:{place(origin)}: {f.code} {f.message}"
    p = _pos(src, f.span.start)
    return f"{path}:{p['row']}:{p['column']}: {f.code} {f.message}"


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
    msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} title=nianbao ({f.code}),file={path}{where}::{f.code} {msg}"


def sarif(results: list[tuple[str, Source, list[Finding]]], version: str) -> dict:
    rules = [RULES[c] for c in sorted(RULES)]
    index = {r.code: i for i, r in enumerate(rules)}
    level = {"error": "error", "warning": "warning", "info": "note"}

    def region(src, span):
        a, b = _pos(src, span.start), _pos(src, span.end)
        return {"startLine": a["row"], "startColumn": a["column"], "endLine": b["row"], "endColumn": b["column"]}

    def location(path, src, span) -> dict:
        origin = _origin(src, span)
        if origin is None:
            return {"physicalLocation": {"artifactLocation": {"uri": path}, "region": region(src, span)}}
        # a document: no line of the .docx/.pdf means anything; an HTML source position does
        from .documents.origin import place
        physical = {"artifactLocation": {"uri": path}}
        if "source_line" in origin:
            physical["region"] = {"startLine": origin["source_line"], "startColumn": origin["source_column"]}
        return {"physicalLocation": physical, "logicalLocations": [{"name": place(origin)}],
                "properties": {"origin": origin}}

    out = []
    for path, src, findings in results:
        for f in findings:
            res = {"ruleId": f.code, "ruleIndex": index[f.code], "level": level[f.severity],
                   "message": {"text": f.message}, "locations": [location(path, src, f.span)]}
            if f.related:
                res["relatedLocations"] = [{"id": i, "message": {"text": m}, **location(path, src, s)}
                                           for i, (s, m) in enumerate(f.related)]
            out.append(res)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "nianbao", "version": version, "informationUri": DOCS,
                "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                           "fullDescription": {"text": r.explanation}, "helpUri": f"{DOCS}#{r.code.lower()}",
                           "defaultConfiguration": {"level": level[r.severity]}} for r in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": out,
        }],
    }


def dumps(obj) -> str:
    import json  # here: text output, the common case, should not pay its import at start-up
    return json.dumps(obj, ensure_ascii=False, indent=2)
