"""The `nianbao` command. Nothing here imports pygls: start-up stays fast."""
from __future__ import annotations

import argparse
import re
import sys

from ..grammar import parse
from . import files

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _error(msg: str) -> None:
    print(f"nianbao: error: {msg}", file=sys.stderr)


def _read(path: str, encoding: str | None):
    """(document, display name) or None after printing why not. The document is a text file's
    files.Document or a published document's documents.origin.Converted; both have `.text`."""
    try:
        if path == "-":
            return files.load(path, files.read_stdin(), encoding), "<stdin>"
        return files.read(path, encoding), path
    except files.ReadError as e:
        _error(f"{path}: {e}")
        return None


def cmd_dump(args: argparse.Namespace) -> int:
    import json                          # here, as the next one: `lint` needs neither, and
    from ..grammar.dump import to_dict   # start-up counts (json ~2 ms, decimal ~1 ms)
    status = EXIT_OK
    dumps = []
    for path in args.files:
        got = _read(path, args.encoding)
        if got is None:
            status = EXIT_ERROR
            continue
        doc, name = got
        report = parse(doc.text, edition=args.edition)
        if doc.kind == "html" and path != "-" and not _looks_like_report(report):
            from .lint_cmd import NOT_A_REPORT
            _error(f"{path}: {NOT_A_REPORT}")
            status = EXIT_ERROR
            continue
        d = to_dict(report, name)
        if doc.kind != "text":           # where each heading and problem is in the original
            for s, section in zip(d["sections"], report.sections):
                s["origin"] = doc.origin(section.heading.span.start, section.heading.span.end)
            for p, problem in zip(d["problems"], report.problems):
                p["origin"] = doc.origin(problem.span.start, problem.span.end)
        dumps.append(d)
    for d in dumps:
        if args.format == "json":
            print(json.dumps(d, ensure_ascii=False, indent=2) if len(args.files) == 1 else
                  json.dumps(d, ensure_ascii=False))
        else:
            print(_text(d))
    return status


def _looks_like_report(report) -> bool:
    from ..grammar.linter import is_report
    return is_report(report)


def cmd_text(args: argparse.Namespace) -> int:
    """The text nianbao reads from each file: a document's conversion, a text file as decoded."""
    status = EXIT_OK
    for path in args.files:
        got = _read(path, args.encoding)
        if got is None:
            status = EXIT_ERROR
            continue
        sys.stdout.write(got[0].text if got[0].text.endswith("\n") or not got[0].text else got[0].text + "\n")
    return status


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
        for block, rows in d["table2"].items():
            for label, values in rows.items():
                out.append(f"    {block} {label}: {_fmt_row(values)}")
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


def cmd_lint(args: argparse.Namespace) -> int:
    from . import lint_cmd
    return lint_cmd.run(args)


def cmd_serve(args: argparse.Namespace) -> int:
    import logging
    # stderr is the editor's output panel: warnings such as a late $/cancelRequest are routine
    logging.basicConfig(level=logging.ERROR, format="nianbao: %(levelname)s %(name)s: %(message)s")
    from .lsp.server import serve      # pygls is imported only here
    return serve(args.tcp)


def cmd_rules(args: argparse.Namespace) -> int:
    from ..grammar.rules import RULES
    rules = dict(sorted(RULES.items()))
    if args.format == "markdown":
        print(rules_markdown(rules), end="")
        return EXIT_OK
    if not args.code:
        for r in rules.values():
            fix = " (fix)" if r.fix else ""
            print(f"{r.code}  {r.name:<20} {r.severity:<8} {r.summary}{fix}")
        return EXIT_OK
    r = rules.get(args.code.upper())
    if r is None:
        _error(f"unknown rule {args.code!r}; `nianbao rules` lists them")
        return EXIT_ERROR
    print(f"{r.code} {r.name} ({r.severity})\n\n{r.summary}\n\n{r.explanation}")
    if r.basis:
        print(f"\n依据：{r.basis}")
    print(f"\n修复：{r.fix or '无自动修复'}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    import datetime
    from pathlib import Path

    from ..grammar.newreport import FIRST_YEAR, new_report
    last = datetime.date.today().year + 1
    if not FIRST_YEAR <= args.year <= last:
        _error(f"--year {args.year}: must be from {FIRST_YEAR} (the first template edition) to {last}")
        return EXIT_ERROR
    layout = args.layout or ("markdown" if args.output and args.output.lower().endswith(".md") else "tsv")
    try:
        text = new_report(args.year, args.organ, layout)
    except ValueError as e:
        _error(str(e))
        return EXIT_ERROR
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with Path(args.output).open("w" if args.force else "x", encoding="utf-8", newline="") as f:
            f.write(text)
    except FileExistsError:
        _error(f"{args.output}: file exists (use --force to overwrite)")
        return EXIT_ERROR
    except OSError as e:
        _error(f"{args.output}: {e.strerror or e}")
        return EXIT_ERROR
    return EXIT_OK


def _fix_kinds(fix: str) -> str:
    """The kinds of fix a rule's fix text names, in its order: "safe", "unsafe / safe", "—"."""
    return " / ".join(dict.fromkeys(re.findall(r"(?:^|；)\s*(safe|unsafe):", fix))) or "—"


def rules_markdown(rules) -> str:
    """docs/rules.md, generated from the rules' own metadata (`nianbao rules --format markdown`)."""
    out = ["# nianbao rules", "",
           "Generated by `nianbao rules --format markdown` from the rules' metadata; do not edit by hand.",
           "Codes are stable (see RULES.md). `safe` fixes are applied by `nianbao lint --fix`; `unsafe` ones",
           "only with `--unsafe-fixes`.", "",
           "| code | name | default | summary | fix |", "|---|---|---|---|---|"]
    for r in rules.values():
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity} | {r.summary} | {_fix_kinds(r.fix)} |")
    for r in rules.values():
        out += ["", f"## {r.code}", "", f"**{r.name}** · default severity: {r.severity}", "", r.summary, "", r.explanation]
        if r.basis:
            out += ["", f"依据：{r.basis}"]
        out += ["", f"修复：{r.fix or '无自动修复'}"]
    return "\n".join(out) + "\n"


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="nianbao", description="Check 政府信息公开工作年度报告 against the official template.")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    lp = sub.add_parser("lint", help="check reports; print findings; --fix repairs what is safe to repair")
    lp.add_argument("paths", nargs="*", metavar="PATH",
                    help="files, folders (*.txt, *.md, *.docx, *.pdf, *.html that look like reports), - for stdin")
    lp.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    lp.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    lp.add_argument("--unsafe-fixes", action="store_true", help="with --fix/--diff: unsafe fixes too")
    lp.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    lp.add_argument("--select", help="only these codes or prefixes, comma-separated (NB3,NB401)")
    lp.add_argument("--ignore", help="skip these codes or prefixes, comma-separated")
    lp.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                    help="exit 1 when a finding at this level or above remains (default: error)")
    lp.add_argument("--encoding", help="force the input encoding (default: UTF-8, else GB18030)")
    lp.add_argument("--edition", choices=("2019", "2021"), help="force the template edition")
    lp.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                    help="lint files in N processes (default: all cores; 1 = no pool)")
    lp.add_argument("--only-reports", action="store_true",
                    help="skip named files that do not look like annual reports (as in folders); for pre-commit")
    lp.set_defaults(func=cmd_lint)
    sp = sub.add_parser("serve", help="run the language server (stdio; --tcp HOST:PORT for debugging)")
    sp.add_argument("--tcp", metavar="HOST:PORT")
    sp.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default; accepted for clients that pass it)")
    sp.set_defaults(func=cmd_serve)
    rp = sub.add_parser("rules", help="list the rules, or explain one: nianbao rules NB302")
    rp.add_argument("code", nargs="?")
    rp.add_argument("--format", choices=("text", "markdown"), default="text")
    rp.set_defaults(func=cmd_rules)
    dp = sub.add_parser("dump", help="print what nianbao reads from a report (sections, table values)")
    dp.add_argument("files", nargs="+", metavar="FILE", help="report file(s); - for stdin")
    dp.add_argument("--format", choices=("json", "text"), default="json")
    dp.add_argument("--encoding", help="force the input encoding (default: UTF-8, else GB18030)")
    dp.add_argument("--edition", choices=("2019", "2021"), help="force the template edition")
    dp.set_defaults(func=cmd_dump)
    tp = sub.add_parser("text", help="print the text nianbao reads from a .docx, .pdf or .html (or a text file)")
    tp.add_argument("files", nargs="+", metavar="FILE", help="file(s); - for stdin")
    tp.add_argument("--encoding", help="force the input encoding of text files and web pages")
    tp.set_defaults(func=cmd_text)
    np_ = sub.add_parser("new", help="print a new report skeleton for a year: headings, hints, all-zero tables")
    np_.add_argument("--year", type=int, required=True, help="report year (chooses the template edition)")
    np_.add_argument("--organ", required=True, help="the reporting organ, e.g. 某某县人民政府")
    np_.add_argument("--layout", choices=("tsv", "markdown"),
                     help="tables as tab-separated rows or Markdown (default: markdown for -o *.md, else tsv)")
    np_.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout; an existing FILE is kept")
    np_.add_argument("--force", action="store_true", help="with -o: overwrite an existing FILE")
    np_.set_defaults(func=cmd_new)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if not getattr(args, "func", None):
        ap.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return args.func(args)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
