"""`nianbao dump`: what nianbao reads from reports, as JSON (docs/dump.md), text, or CSV — one
row per report, one column per table cell, for a spreadsheet."""
from __future__ import annotations

import sys

from ..grammar import parse
from . import walk
from .cli import EXIT_ERROR, EXIT_OK, error, read
from .i18n import _


def run(args) -> int:
    import json                          # here: `lint` needs neither, and start-up counts
    from ..grammar import is_report, to_dict   # (json ~2 ms, the dump's decimal ~1 ms)
    from .config import Resolver
    from .lint_cmd import not_a_report
    targets = walk.collect(args.files, Resolver(), args.exclude or ())
    status = EXIT_OK
    reports, skipped = [], []
    for path, named in targets:
        got = read(path, args.encoding)
        if got is None:
            status = EXIT_ERROR
            continue
        doc, name = got
        report = parse(doc.text, edition=args.edition)
        if not is_report(report):
            if not named:                # found in a folder: skipped like lint skips it, and said so
                skipped.append(path)
                continue
            if doc.kind == "html" and path != "-":
                error(f"{path}: {not_a_report()}")
                status = EXIT_ERROR
                continue
        reports.append((doc, name, report))
    if args.format == "csv":
        _csv(reports)
    for doc, name, report in reports if args.format != "csv" else ():
        d = to_dict(report, name)
        if doc.kind != "text":           # where each heading and problem is in the original
            for s, section in zip(d["sections"], report.sections):
                s["origin"] = doc.origin(section.heading.span.start, section.heading.span.end)
            for p, problem in zip(d["problems"], report.problems):
                p["origin"] = doc.origin(problem.span.start, problem.span.end)
        if args.format == "json":
            one = len(targets) == 1 and targets[0][1]
            print(json.dumps(d, ensure_ascii=False, indent=2) if one else json.dumps(d, ensure_ascii=False))
        else:
            print(_text(d))
    if skipped:
        print(_("Skipped, not a report:"), file=sys.stderr)
        for path in skipped:
            print(f"  {path}", file=sys.stderr)
    return status


def _csv(reports) -> None:
    """UTF-8 with a BOM, as Excel needs to read Chinese right; CRLF rows (RFC 4180)."""
    import csv
    import io
    from ..grammar import csv_columns, csv_row
    columns = csv_columns()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig", newline="")
    w = csv.DictWriter(out, columns, restval="")
    w.writeheader()
    for _doc, name, report in reports:
        w.writerow({k: "" if v is None else v for k, v in csv_row(report, name).items()})
    out.flush()
    out.detach()


def _fmt_row(values) -> str:
    if values is None:
        return "(missing)"
    return " ".join("·" if v is None else str(v) for v in values)


def _text(d: dict) -> str:
    out = [f"{d['file']}: {d['title'] or '(no title)'}",
           f"  year {d['year'] or '?'}, edition {d['edition']} ({d['edition_source']})",
           "  sections:"]
    out += [f"    {s['number']} line {s['line']}{_at(s)}: {s['title']} [{s['form']}, {s['wording']}]" for s in d["sections"]]
    if d["table2"] is not None:
        out.append("  table 二:")
        units = d.get("table2_units") or {}
        for block, rows in d["table2"].items():
            for label, values in rows.items():
                unit = [u for u in (units.get(block, {}).get(label) or ()) if u]
                out.append(f"    {block} {label}: {_fmt_row(values)}" + (f" ({'/'.join(unit)})" if unit else ""))
    if d["table3"] is not None:
        out.append("  table 三:")
        out += [f"    {rid}: {_fmt_row(v)}" for rid, v in d["table3"].items()]
    if d["table4"] is not None:
        out.append(f"  table 四: {_fmt_row(d['table4'])}")
    for p in d["problems"]:
        out.append(f"  ! line {p['line']}:{p['column']}{_at(p)} {p['kind']}: {p['message']}")
    return "\n".join(out)


def _at(item: dict) -> str:
    """ (p3:l12), the place in the original document, when the text came from one."""
    if not item.get("origin"):
        return ""
    from .documents.origin import place
    return f" ({place(item['origin'])})"
