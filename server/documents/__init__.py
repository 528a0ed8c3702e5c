"""Published documents — Word (.docx), PDF, web pages (.html/.htm) — read into the text the reader
reads best, with the origin of every piece (origin.py). One module per format: word.py
(python-docx), pdf.py (pdfplumber), webpage.py (the standard library's HTML parser). The
libraries are imported only when such a file is read; plain-text runs never load this package.
"""
from __future__ import annotations

from ..files import ReadError

EXTRA = "pip install 'nianbao[documents]'"


def _ole(name: str) -> str:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix == ".wps":
        return "a WPS document (.wps), which nianbao cannot read; save it as .docx (WPS: 文件 → 另存为 → Word 文件 *.docx) and lint that"
    if suffix == ".docx":
        return ("a password-protected or old-format Word file (an OLE compound file, not a .docx zip); "
                "save it as .docx without a password and lint that")
    return ("an old binary Word document (.doc), which nianbao cannot read; save it as .docx "
            "(Word: 文件 → 另存为 → Word 文档 *.docx) and lint that")


def convert(name: str, data: bytes, kind: str, encoding: str | None = None):
    """The document as a `Converted` (text + origins); ReadError with one line if it cannot be."""
    if kind == "ole":
        raise ReadError(_ole(name))
    if kind == "html":
        from . import webpage
        return webpage.convert(data, encoding)
    try:
        if kind == "docx":
            from . import word
            return word.convert(data)
        from . import pdf
        return pdf.convert(data)
    except ModuleNotFoundError as e:
        if e.name and e.name.split(".")[0] in ("docx", "pdfplumber", "pdfminer", "lxml", "pypdfium2", "PIL"):
            raise ReadError(f"reading .{kind} files needs the documents extra: {EXTRA}") from None
        raise
