"""Applying fixes: in memory until nothing changes, then one atomic write that keeps the file's
encoding, BOM and line endings."""
from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path

from ..grammar.fixes import fix
from ..grammar.linter import Config
from . import files

def fix_text(text: str, config: Config, unsafe: bool = False) -> tuple[str, int]:
    """The engine's fix loop (`grammar.fixes.fix`): the new text and how many fixes."""
    fixed = fix(text, config, unsafe=unsafe)
    return fixed.text, fixed.applied


def diff(path: str, old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=path, tofile=path))


class WriteError(Exception):
    pass


def write_back(path: Path, doc: files.Document, original: bytes, new_text: str) -> None:
    """Replace the file atomically, unless it changed since it was read."""
    try:
        encoded = new_text.encode(doc.encoding)
    except UnicodeEncodeError as e:       # e.g. --encoding latin-1 and a fix that inserts 五、
        bad = e.object[e.start:min(e.end, e.start + 20)]
        raise WriteError(f"the fixed text has {bad!r}, which {doc.encoding} cannot store; not written") from None
    data = (b"\xef\xbb\xbf" if doc.bom and doc.encoding == "utf-8" else b"") + encoded
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
