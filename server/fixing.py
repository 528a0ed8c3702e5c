"""Applying fixes: in memory until nothing changes, then one atomic write that keeps the file's
encoding, BOM and line endings."""
from __future__ import annotations

import difflib
import itertools
import os
import stat
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


CHANGED = "changed on disk while nianbao was running; not written"


def write_back(path: Path, doc: files.Document, original: bytes, new_text: str) -> None:
    """Write the fixed text over the file unless it no longer holds `original` (another program
    saved it meanwhile). Through a symlink its target is written; owner, group and mode stay."""
    try:
        data = files.encode(doc, new_text)
    except UnicodeEncodeError as e:
        raise WriteError(unencodable(e, doc)) from None
    try:
        target = os.path.realpath(path)
        if not os.access(target, os.W_OK):
            raise WriteError("permission denied; not written")
        st = os.stat(target)
        # a new file cannot take the place of one with several names (hard links), nor, in some
        # folders or for some owners, that of any: write into it
        if st.st_nlink > 1 or not _replace(target, st, original, data):
            _overwrite(target, original, data)
    except OSError as e:
        raise WriteError(f"{e.strerror or e}; not written") from None


def _replace(target: str, st: os.stat_result, original: bytes, data: bytes) -> bool:
    """Put a new file holding `data` in `target`'s place, only if `target` still holds `original`.
    False, with nothing changed, if no new file can take its place as it is: the folder is not
    writable, or the process may not give the file the old one's owner."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".nianbao",
                                   dir=os.path.dirname(target))
    except PermissionError:
        return False
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            mine = os.fstat(fd)
            if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
                try:
                    os.fchown(fd, st.st_uid, st.st_gid)
                except PermissionError:
                    return False
            os.fchmod(fd, stat.S_IMODE(st.st_mode))      # after chown, which clears set-user-ID
        finally:
            os.close(fd)
        if not _holds(target, original):
            raise WriteError(CHANGED)
        os.replace(tmp, target)
        return True
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def _overwrite(target: str, original: bytes, data: bytes) -> None:
    """Write `data` into the file itself, keeping its inode (all its hard links see the fix) and
    owner, if it still holds `original`. Not atomic: a save by another program in the microseconds
    between the last comparison and the write is overwritten, and a crash during the write leaves
    a mix; space is reserved first so that a full disk fails before a byte changes, and a failed
    write puts the author's bytes back."""
    fd = os.open(target, os.O_RDWR | os.O_NOCTTY)
    try:
        if os.pread(fd, len(original) + 1, 0) != original:
            raise WriteError(CHANGED)
        try:
            if len(data) > len(original):
                os.posix_fallocate(fd, 0, len(data))
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError:
            _write_all(fd, original)
            os.ftruncate(fd, len(original))
            raise
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    done = 0
    while done < len(data):
        done += os.pwrite(fd, data[done:], done)


def _holds(path: str, data: bytes) -> bool:
    """Whether `path` is a regular file holding exactly `data` (opened without waiting, should
    another program have put a FIFO there)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return False
    with open(fd, "rb") as f:
        return stat.S_ISREG(os.fstat(fd).st_mode) and f.read(len(data) + 1) == data
