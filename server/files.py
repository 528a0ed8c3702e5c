"""Reading report files as their authors saved them: UTF-8 (with or without BOM) or GB18030."""
from __future__ import annotations

import codecs
import os
import stat
import sys

from ..grammar.record import Record

# No annual report comes near this; it keeps /dev/zero-like input from filling the memory.
MAX_BYTES = 64 * 1024 * 1024
TOO_LARGE = f"larger than the {MAX_BYTES // (1024 * 1024)} MB limit"


class ReadError(Exception):
    """A file that cannot be read as a report; the message names the problem."""


class Document(Record):
    __slots__ = ("text", "encoding", "bom", "data")

    def __init__(self, text: str, encoding: str, bom: bool, data: bytes = b""):
        self.text = text            # without BOM
        self.encoding = encoding    # utf-8 | gb18030 | what --encoding said
        self.bom = bom
        self.data = data            # the bytes as read, to notice a change before writing back


def decode(data: bytes, encoding: str | None = None) -> Document:
    if len(data) > MAX_BYTES:
        raise ReadError(TOO_LARGE)
    doc = _decode(data, encoding)
    doc.data = data
    return doc


def _decode(data: bytes, encoding: str | None) -> Document:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReadError(f"unknown encoding {encoding!r}") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise ReadError(f"not valid {encoding} (byte {e.start})") from None
        bom = text.startswith("\ufeff")
        return Document(text[1:] if bom else text, encoding, bom)
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not a text report")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Document(data[3:].decode("utf-8"), "utf-8", True)
        except UnicodeDecodeError as e:
            raise ReadError(f"not valid UTF-8 after its BOM (byte {e.start + 3})") from None
    try:
        return Document(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as e:
        not_utf8 = e.start
    try:
        return Document(data.decode("gb18030"), "gb18030", False)
    except UnicodeDecodeError as e:     # both offsets: the one the author meant is the later one
        raise ReadError(f"neither UTF-8 (bad byte at {not_utf8}) nor GB18030 (bad byte at {e.start}) "
                        "text; use --encoding if it is another") from None


def read(path: str, encoding: str | None = None) -> Document:
    """A regular file (or a symlink to one) of at most MAX_BYTES. Anything else is refused before
    it is opened: a FIFO would block for ever, a device may act on open (or never end)."""
    try:
        _check(os.stat(path))
        # O_NONBLOCK: should the file have become a FIFO since the stat, do not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with open(fd, "rb") as f:
            _check(os.fstat(fd))
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as e:
        raise ReadError(e.strerror or str(e)) from None
    return decode(data, encoding)         # refuses it if it grew past the limit since the stat


def _check(st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not a regular file")
    if st.st_size > MAX_BYTES:
        raise ReadError(TOO_LARGE)


def read_stdin() -> bytes:
    """stdin, a pipe as well as a file: a byte more than `decode` accepts, never all of /dev/zero."""
    return sys.stdin.buffer.read(MAX_BYTES + 1)
