"""Applying fixes: in memory until nothing changes, then one atomic write that keeps the file's
encoding, BOM and line endings."""
from __future__ import annotations

import difflib
import itertools
import os
import tempfile
from pathlib import Path

from ..grammar.findings import Edit, apply_edits
from ..grammar.lint import Config, lint
from . import files

# Insertions at one point are applied one per pass (their order matters), so a report missing
# many sections, blocks and rows takes a pass for each: enough passes to reach the fixed point.
MAX_PASSES = 100


def fix_text(text: str, config: Config, unsafe: bool = False) -> tuple[str, int]:
    """Apply every safe (and, if asked, unsafe) fix; returns the new text and how many fixes."""
    applied = 0
    seen = {hash(text)}
    for _ in range(MAX_PASSES):
        chosen: list[Edit] = []
        for f in lint(text, config):
            if f.fix is None or (f.fix.safety != "safe" and not unsafe):
                continue
            if any(_overlap(e, c) for e in f.fix.edits for c in chosen):
                continue          # taken up again in the next pass, against the new text
            chosen.extend(f.fix.edits)
            applied += 1
        if not chosen:
            break
        text = apply_edits(text, chosen)
        if hash(text) in seen:    # fixes undoing each other: stop rather than go round
            break
        seen.add(hash(text))
    return text, applied


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end or a.start == b.start


def diff(path: str, doc: files.Document, new: str) -> bytes:
    """A unified diff of `doc` fixed to `new` that patch and git apply accept: lines as they count
    them, the BOM in line 1, the file's own encoding. (UTF-16 and UTF-32 are ASCII-incompatible,
    so no patch tool reads them: their diff is in UTF-8, to read.)"""
    codec = doc.encoding if "\n+-@ a".encode(doc.encoding) == b"\n+-@ a" else "utf-8"
    bom = "\ufeff" if doc.bom and codec == doc.encoding else ""
    name = os.fsencode(path)                        # as the file system spells it
    out = [b"--- " + name + b"\n", b"+++ " + name + b"\n"]
    for line in itertools.islice(difflib.unified_diff(_lines(bom + doc.text), _lines(bom + new)), 2, None):
        out.append(line.encode(codec))
        if not line.endswith("\n"):
            out.append(b"\n\\ No newline at end of file\n")
    return b"".join(out)


def _lines(text: str) -> list[str]:
    """The lines as patch and git apply split them: after each \\n only. str.splitlines also
    breaks at \\v, \\f, U+2028, U+0085…, a lone \\r too: a hunk with one of them in its
    context does not apply."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


class WriteError(Exception):
    pass


def unencodable(e: UnicodeEncodeError, doc: files.Document) -> str:
    """E.g. --encoding latin-1 and a fix that inserts 五、."""
    bad = e.object[e.start:min(e.end, e.start + 20)]
    return f"the fixed text has {bad!r}, which {doc.encoding} cannot store; not written"


def write_back(path: Path, doc: files.Document, original: bytes, new_text: str) -> None:
    """Replace the file atomically, unless it changed since it was read."""
    try:
        data = files.encode(doc, new_text)
    except UnicodeEncodeError as e:
        raise WriteError(unencodable(e, doc)) from None
    try:
        if path.read_bytes() != original:
            raise WriteError("changed on disk while nianbao was running; not written")
        if not os.access(path, os.W_OK):
            raise WriteError("permission denied; not written")
        mode = path.stat().st_mode
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".nianbao", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, mode & 0o7777)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError as e:
        raise WriteError(f"{e.strerror or e}; not written") from None
