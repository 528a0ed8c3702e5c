"""Reading report files as their authors saved them: UTF-8 (with or without BOM) or GB18030 text,
or a published document (.docx, .pdf, .html/.htm), which documents/ turns into text."""
from __future__ import annotations

import codecs

from ..grammar.record import Record


class ReadError(Exception):
    """A file that cannot be read as a report; the message names the problem."""


# what a folder run picks up (and the pre-commit hook passes): text, Markdown, documents
REPORT_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # compound file: .doc, .wps, password-protected .docx
DOCUMENT_SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".doc": "ole", ".wps": "ole"}


def kind_of(name: str, data: bytes) -> str | None:
    """Which document reader a file needs, by its first bytes, else by its name; None for text."""
    if data.startswith(OLE):
        return "ole"
    if b"%PDF-" in data[:1024]:          # the header may follow some junk (the PDF spec allows it)
        return "pdf"
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return DOCUMENT_SUFFIXES.get(base[base.rfind("."):].lower()) if "." in base else None


class Document(Record):
    __slots__ = ("text", "encoding", "bom", "data")
    kind = "text"                       # a Converted document says docx | pdf | html

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


def load(name: str, data: bytes, encoding: str | None = None):
    """A text file as a Document, a published document as a documents.origin.Converted."""
    kind = kind_of(name, data)
    if kind is None:
        doc = decode(data, encoding)
        doc.data = data
        return doc
    from .documents import convert       # only now: python-docx, pdfplumber are slow to import
    return convert(name, data, kind, encoding)


def read(path: str, encoding: str | None = None):
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
    return load(path, data, encoding)
