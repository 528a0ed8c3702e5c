"""Atheris (libFuzzer) target: any bytes, read as `nianbao lint` reads a file, then parse, lint,
`--fix` and dump. An exception, a span outside the text, a second `--fix` that still edits, or a
reading that differs from the same text read with nothing kept (what the inputs before it left
in the stores of grammar/bounded.py: tables, alignments, lexed chunks, heading candidates, the
rules' finds in the prose) is a crash.

    python tests/fuzz_lint.py CORPUS_DIR [libFuzzer flags, e.g. -max_total_time=1200]

CORPUS_DIR holds the seed inputs and receives the new interesting ones; tests/test_fuzz.py builds
one from the shared seeds and excerpts and runs this for a bounded time.
"""
import json
import sys

import atheris

with atheris.instrument_imports(include=["nianbao"]):
    from nianbao.grammar import Config, Source, bounded, check, fix, parse, to_dict
    from nianbao.server import files, output

CONFIG = Config()


def _within(span, n: int) -> None:
    if not 0 <= span.start <= span.end <= n:
        raise AssertionError(f"span {span} outside a text of {n} characters")


def _reading(report, findings) -> tuple:
    return (report.edition.id, repr(report.table2), repr(report.table3), repr(report.table4), repr(report.problems),
            [(f.code, f.span, f.message, f.fix and (f.fix.title, f.fix.safety, f.fix.edits)) for f in findings])


def TestOneInput(data: bytes) -> None:
    try:
        doc = files.decode(data)
    except files.ReadError:
        return
    text = doc.text
    report = parse(text)                  # after the inputs before it: what they left kept is used
    findings = check(report, CONFIG)
    bounded.forget()
    fresh = parse(text)
    if _reading(fresh, check(fresh, CONFIG)) != _reading(report, findings):
        raise AssertionError("the reading with kept tables differs from the reading with nothing kept")
    for f in findings:
        _within(f.span, len(text))
        for span, _ in f.related:
            _within(span, len(text))
        for e in (f.fix.edits if f.fix else ()):
            _within(e, len(text))
    src = Source(text)
    output.dumps([output.to_json("x.txt", src, f) for f in findings])
    json.dumps(to_dict(report, "x.txt"), ensure_ascii=False)
    fixed = fix(text, CONFIG).text
    again = fix(fixed, CONFIG)
    if (again.text, again.applied) != (fixed, 0):
        raise AssertionError(f"a second --fix still made {again.applied} fixes")
    fixed.encode(doc.encoding)            # what write_back does: the fixed text must still encode


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
