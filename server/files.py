"""Reading report files as their authors saved them: UTF-8 (with or without BOM) or GB18030."""
from __future__ import annotations

import codecs

from ..grammar.record import Record


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
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as e:
        raise ReadError(e.strerror or str(e)) from None
    doc = decode(data, encoding)
    doc.data = data
    return doc
