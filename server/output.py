"""Printing findings: text (path:line:col: CODE message), JSON, SARIF 2.1.0, GitHub annotations."""
from __future__ import annotations

from ..grammar import Source
from ..grammar.findings import Finding
from ..grammar.rules import load

DOCS = "https://github.com/nianbao/nianbao/blob/main/docs/rules.md"


def _pos(src: Source, offset: int) -> dict:
    line, col = src.position(offset)
    return {"row": line + 1, "column": col + 1}


def to_json(path: str, src: Source, f: Finding) -> dict:
    return {
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


def text_line(path: str, src: Source, f: Finding) -> str:
    p = _pos(src, f.span.start)
    return f"{path}:{p['row']}:{p['column']}: {f.code} {f.message}"


def github_line(path: str, src: Source, f: Finding) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
    a, b = _pos(src, f.span.start), _pos(src, f.span.end)
    msg = f.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return (f"::{level} title=nianbao ({f.code}),file={path},line={a['row']},col={a['column']},"
            f"endLine={b['row']},endColumn={b['column']}::{f.code} {msg}")


def sarif(results: list[tuple[str, Source, list[Finding]]], version: str) -> dict:
    rules = list(load().values())
    index = {r.code: i for i, r in enumerate(rules)}
    level = {"error": "error", "warning": "warning", "info": "note"}

    def region(src, span):
        a, b = _pos(src, span.start), _pos(src, span.end)
        return {"startLine": a["row"], "startColumn": a["column"], "endLine": b["row"], "endColumn": b["column"]}

    out = []
    for path, src, findings in results:
        for f in findings:
            loc = {"physicalLocation": {"artifactLocation": {"uri": path}, "region": region(src, f.span)}}
            res = {"ruleId": f.code, "ruleIndex": index[f.code], "level": level[f.severity],
                   "message": {"text": f.message}, "locations": [loc]}
            if f.related:
                res["relatedLocations"] = [
                    {"id": i, "message": {"text": m},
                     "physicalLocation": {"artifactLocation": {"uri": path}, "region": region(src, s)}}
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
