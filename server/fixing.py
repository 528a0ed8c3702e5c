"""Writing fixes out: the text `grammar.fix` made, as one write that keeps the file's encoding,
BOM, line endings, owner and mode, and that never replaces a save made meanwhile; or as a patch."""
from __future__ import annotations

import difflib
import errno
import functools
import itertools
import os
import stat
import sys
import tempfile
from pathlib import Path

from . import files


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
BUSY = "open for writing by another program; not written"


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
    """Put a new file holding `data` in `target`'s place, atomically and only if `target` still
    holds `original`. False, with nothing changed, if no new file can take its place as it is:
    the folder is not writable, or the process may not give the file the old one's owner."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".nianbao",
                                   dir=os.path.dirname(target))
    except PermissionError:
        return False
    remove, readers = True, []      # `remove`: `tmp` is ours to delete, not the author's file
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
            os.chmod(tmp, stat.S_IMODE(st.st_mode))      # after chown, which clears set-user-ID
        finally:
            os.close(fd)                # a read lease needs the file open for writing nowhere
        readers.append(ours := _Reader(tmp, lease=_renameat2() is not None))
        if not _exchange(tmp, target):
            # no atomic exchange here: compare as late as possible; a save in the microseconds
            # between this comparison and the rename is lost
            if not _holds(target, original):
                raise WriteError(CHANGED)
            os.replace(tmp, target)
            return True
        remove = False              # `tmp` names what was in `target`'s place
        # leases granted for our file, so on this file system: a refused one means a writer
        readers.append(theirs := _Reader(tmp, lease=ours.leased))
        their_data = theirs.read()
        if their_data == original and not theirs.written():
            os.unlink(tmp)          # done: what nianbao read, untouched
            return True
        # another program saved meanwhile: the newest save goes back in place of ours
        remove = _put_back(tmp, target, ours, data, theirs, their_data, readers)
        if not remove:
            raise WriteError(f"{CHANGED}; another program's save is in {tmp}")
        raise WriteError(BUSY if theirs.leased is False else CHANGED)
    finally:
        for r in readers:
            r.close()               # ends the leases: a program waiting to open a file goes on
        if remove:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass


_SWAPS = 1000           # exchanges before giving up on a program that saves without pause


def _put_back(tmp: str, target: str, ours: _Reader, data: bytes, theirs: _Reader, their_data: bytes | None,
              readers: list) -> bool:
    """After ours took `target`'s place, `tmp` names the save of another program it displaced
    (`theirs`, holding `their_data`): put the newest save back in place. Each exchange puts what `tmp` names in
    `target`'s place and brings back what was there. That is the file we placed there before,
    untouched, when no save came in between: then the newest save is in place and what `tmp`
    names is superseded (True: remove it). Otherwise it is a newer save — it replaced the file
    we placed, or wrote into it — and goes back in turn: one exchange and a check cannot tell
    which of several saves is the newest, as each save may come between them. False, with a
    save left in `tmp`, if the other program never paused."""
    placed, placed_data = ours, data              # in `target`'s place, by us
    going, going_data = theirs, their_data        # named `tmp`: goes in place next
    for _ in range(_SWAPS):
        _exchange(tmp, target, must=True)
        back = os.lstat(tmp)
        if (back.st_dev, back.st_ino) == placed.id and placed.holds(placed_data) and not placed.written():
            return True
        readers.append(newer := _Reader(tmp, lease=ours.leased))
        placed, placed_data = going, going_data
        going, going_data = newer, newer.read()
    return False


class _Reader:
    """A file open for reading, under a read lease if asked and the system grants one: while it
    is held, another program opening the file for writing waits until it is released, and nianbao
    notices (`written`). So a program that writes the file in place, instead of saving a new file
    over it, cannot write into a file that nianbao is about to take out of place unnoticed."""

    def __init__(self, path: str, lease: bool | None = False):
        self.fd, self.id, self.regular = None, None, False
        # True: leased; False: refused, as the file is open for writing elsewhere; None: no lease
        self.leased: bool | None = None
        try:
            self.fd = os.open(path, files.READ_FLAGS)
        except OSError:                     # something else put there: not what nianbao read
            return
        st = os.fstat(self.fd)
        self.id, self.regular = (st.st_dev, st.st_ino), stat.S_ISREG(st.st_mode)
        if lease:
            import fcntl
            import signal
            # a lease break signals the holder, by default with SIGIO, whose default action is to
            # terminate the process: ask for a signal ignored by default, then for none at all
            fcntl.fcntl(self.fd, fcntl.F_SETSIG, signal.SIGURG)
            try:
                fcntl.fcntl(self.fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
                fcntl.fcntl(self.fd, fcntl.F_SETOWN, 0)
                self.leased = True
            except OSError as e:            # EACCES: not the owner; EINVAL: not on this file system
                self.leased = False if e.errno == errno.EAGAIN else None

    def holds(self, data: bytes) -> bool:
        return self.regular and _read_all(self.fd, len(data) + 1) == data

    def read(self) -> bytes | None:
        """What the file holds now (None: not a regular file, or gone before it was opened)."""
        return _read_all(self.fd, files.MAX_BYTES + 1) if self.regular else None

    def written(self) -> bool:
        """Open for writing by another program, already when the lease was asked for or since."""
        if self.leased is None:
            return False
        import fcntl
        return not self.leased or fcntl.fcntl(self.fd, fcntl.F_GETLEASE) != fcntl.F_RDLCK

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)


def _overwrite(target: str, original: bytes, data: bytes) -> None:
    """Write `data` into the file itself, keeping its inode (all its hard links see the fix) and
    owner, if it still holds `original`. Not atomic: a save by another program in the microseconds
    between the last comparison and the write is overwritten, and a crash during the write leaves
    a mix; space is reserved first so that a full disk fails before a byte changes, and a failed
    write puts the author's bytes back."""
    fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        if _read_all(fd, len(original) + 1) != original:
            raise WriteError(CHANGED)
        try:
            if len(data) > len(original) and hasattr(os, "posix_fallocate"):
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
    """From the start of the file (buffered I/O writes it all or raises)."""
    with open(fd, "wb", closefd=False) as f:
        f.seek(0)
        f.write(data)


def _read_all(fd: int, limit: int) -> bytes:
    with open(fd, "rb", closefd=False) as f:
        f.seek(0)
        return f.read(limit)


def _holds(path: str, data: bytes) -> bool:
    """Whether `path` is a regular file holding exactly `data`."""
    r = _Reader(path)
    try:
        return r.holds(data)
    finally:
        r.close()


RENAME_EXCHANGE, AT_FDCWD = 2, -100     # <linux/fs.h>, <fcntl.h>


def _exchange(a: str, b: str, must: bool = False) -> bool:
    """Swap the files named `a` and `b` in one step (Linux renameat2 RENAME_EXCHANGE). False where
    the OS or the file system cannot (other systems, glibc before 2.28, EINVAL on vfat or NFS)."""
    renameat2 = _renameat2()
    if renameat2 is not None:
        import ctypes
        if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
            return True
        err = ctypes.get_errno()
        if must or err not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(err, os.strerror(err), b)
    elif must:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), b)
    return False


@functools.cache
def _renameat2():
    if sys.platform != "linux":
        return None
    import ctypes                       # here: only a fix being written needs it
    return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
