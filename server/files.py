"""Reading report files as their authors saved them: UTF-8 (with or without BOM), GB18030, or
UTF-16/UTF-32 with a BOM (`encode` stores a text the same way), or a published document (.docx,
.pdf, .html/.htm), which documents/ turns into text."""
from __future__ import annotations

import codecs
import os
import stat
import sys

from ..grammar import Record
from .i18n import _

# No annual report comes near this; it keeps /dev/zero-like input from filling the memory.
MAX_BYTES = 64 * 1024 * 1024


def too_large() -> str:
    return _("larger than the {n} MB limit").format(n=MAX_BYTES // (1024 * 1024))

# Opening to read waits for no writer (should a FIFO have been put there) and takes no terminal.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
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


class ReadError(Exception):
    """A file that cannot be read as a report; the message names the problem."""


class Document(Record):
    __slots__ = ("text", "encoding", "bom", "data")
    kind = "text"                       # a Converted document says docx | pdf | html

    def __init__(self, text: str, encoding: str, bom: bool, data: bytes = b""):
        self.text = text            # without BOM
        self.encoding = encoding    # utf-8 | gb18030 | utf-16-le … by BOM | what --encoding said
        self.bom = bom
        self.data = data            # the bytes as read, to notice a change before writing back


def decode(data: bytes, encoding: str | None = None) -> Document:
    if len(data) > MAX_BYTES:
        raise ReadError(too_large())
    doc = _decode(data, encoding)
    doc.data = data
    return doc


# Checked before the NUL-byte test (UTF-16 and UTF-32 text is full of NULs), UTF-32 first: its
# little-endian BOM begins with UTF-16's.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _decode(data: bytes, encoding: str | None) -> Document:
    if encoding:
        codec = _codec(encoding, data)
        try:
            return _document(data.decode(codec), codec)
        except UnicodeDecodeError as e:
            raise ReadError(_("not valid {encoding} (byte {n})").format(encoding=encoding, n=e.start)) from None
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return _document(data.decode(codec), codec)
            except UnicodeDecodeError as e:
                raise ReadError(_("not valid {encoding} after its BOM (byte {n})").format(
                    encoding=codec.upper(), n=e.start)) from None
    if b"\x00" in data[:8192]:
        raise ReadError(_("binary file (contains NUL bytes), not a text report"))
    try:
        return Document(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as e:
        not_utf8 = e.start
    try:
        return Document(data.decode("gb18030"), "gb18030", False)
    except UnicodeDecodeError as e:     # both offsets: the one the author meant is the later one
        raise ReadError(_("neither UTF-8 (bad byte at {a}) nor GB18030 (bad byte at {b}) text; "
                          "use --encoding if it is another").format(a=not_utf8, b=e.start)) from None


def _document(text: str, codec: str) -> Document:
    """The BOM is kept apart from the text and written back by `encode` in the same codec."""
    bom = text.startswith("\ufeff")
    return Document(text[1:] if bom else text, codec, bom)


def _codec(name: str, data: bytes) -> str:
    """The codec for --encoding NAME, as spelled (it names the encoding in messages), except for
    those that add or drop a BOM themselves: the Document keeps the BOM it read, no more, no less."""
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        raise ReadError(_("unknown encoding {name!r}").format(name=name)) from None
    if canonical == "utf-8-sig":
        return "utf-8"
    if canonical in ("utf-16", "utf-32"):      # the BOM tells the byte order; none: little-endian, as Windows
        return next((codec for bom, codec in BOMS if codec.startswith(canonical) and data.startswith(bom)),
                    canonical + "-le")
    return name


def encode(doc: Document, text: str) -> bytes:
    """`text` as `doc` was stored: same codec, byte order and BOM (UnicodeEncodeError if it cannot be)."""
    return (("\ufeff" if doc.bom else "") + text).encode(doc.encoding)


def load(name: str, data: bytes, encoding: str | None = None):
    """A text file as a Document, a published document as a documents.origin.Converted."""
    if len(data) > MAX_BYTES:
        raise ReadError(too_large())
    kind = kind_of(name, data)
    if kind is None:
        return decode(data, encoding)
    from .documents import convert       # only now: python-docx, pdfplumber are slow to import
    return convert(name, data, kind, encoding)


def read(path: str, encoding: str | None = None):
    """A regular file (or a symlink to one) of at most MAX_BYTES. Anything else is refused before
    it is opened: a FIFO would block for ever, a device may act on open (or never end)."""
    try:
        _check(os.stat(path))
        fd = os.open(path, READ_FLAGS)            # and check again: it may have changed meanwhile
        with open(fd, "rb") as f:
            _check(os.fstat(fd))
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ReadError(_("no such file")) from None
    except PermissionError:
        raise ReadError(_("permission denied")) from None
    except OSError as e:
        raise ReadError(e.strerror or str(e)) from None
    return load(path, data, encoding)     # refuses it if it grew past the limit since the stat


def _check(st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(_("is a directory"))
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(_("not a regular file"))
    if st.st_size > MAX_BYTES:
        raise ReadError(too_large())


def read_stdin() -> bytes:
    """stdin, a pipe as well as a file: a byte more than `decode` accepts, never all of /dev/zero."""
    return sys.stdin.buffer.read(MAX_BYTES + 1)
