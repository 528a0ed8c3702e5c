"""Published documents made at test time (no binary is committed): Word files built with
python-docx the way people build them in Word, and small PDFs written by hand.

- `docx_from_html(page)`: the real report page pingtan-spj-2025.html (well-formed XHTML, read
  with xml.etree, independently of nianbao's HTML reader) as a Word document: each <p> a
  paragraph, each <table> a Word table whose rowspan/colspan become merged cells (`cell.merge`,
  which writes gridSpan/vMerge as Word does), <p>s inside a cell its paragraphs, <br/> a manual
  line break. This is what `pandoc page.html -o page.docx` or pasting the page into Word gives.
- `docx_from_text(text)`: a text report (the seeds) as Word: a run of TAB-separated lines is a
  table (rows padded to the widest), every other line a paragraph; in the first two rows of a
  table, an empty cell after a filled one is merged into it (a header cell spread over the
  columns it heads, as Word users merge them), and an empty first-column cell under a filled one
  is merged down into it (a group label such as 三、本年度办理结果 spanning its rows).
- `pdf(pages)`: a minimal PDF with the text lines given (Helvetica, ASCII), or with no text at
  all (a scanned page: only a filled rectangle), optionally with an /Encrypt dictionary that no
  password opens.
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

def _new_document():
    import docx
    return docx.Document()


def _cell_paragraphs(cell, blocks: list[list[str]]) -> None:
    """Blocks (paragraphs, each a list of lines joined by manual breaks) into a cell."""
    first = cell.paragraphs[0]
    for i, lines in enumerate(blocks):
        p = first if i == 0 else cell.add_paragraph()
        for j, line in enumerate(lines):
            run = p.add_run(line)
            if j < len(lines) - 1:
                run.add_break()


def _blocks(el) -> list[list[str]]:
    """An XHTML cell's paragraphs, each as its lines (split at <br/>)."""
    ps = [p for p in el.iter() if p.tag == "p"] or [el]
    out = []
    for p in ps:
        lines = [p.text or ""]
        for child in p:
            if child.tag == "br":
                lines.append(child.tail or "")
            else:
                lines[-1] += "".join(child.itertext()) + (child.tail or "")
        out.append(lines)
    return out


def docx_from_html(html: bytes) -> bytes:
    root = ET.fromstring(html.split(b"?>", 1)[-1].replace(b"<!DOCTYPE html>", b""))
    body = root.find("body")
    d = _new_document()

    def add(el):
        if el.tag == "table":
            rows = el.findall("./tbody/tr") + el.findall("./tr")
            grid: dict[tuple[int, int], bool] = {}
            placed = []
            width = 0
            for r, tr in enumerate(rows):
                c = 0
                for td in tr:
                    while grid.get((r, c)):
                        c += 1
                    rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
                    for dr in range(rs):
                        for dc in range(cs):
                            grid[r + dr, c + dc] = True
                    placed.append((r, c, rs, cs, td))
                    c += cs
                    width = max(width, c)
            table = d.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, c, rs, cs, td in placed:
                cell = table.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
                _cell_paragraphs(cell, _blocks(td))
            return
        if el.tag in ("p", "div") and not any(ch.tag in ("p", "div", "table") for ch in el):
            text = "".join(el.itertext())
            if text.strip():
                d.add_paragraph(text)
            return
        for ch in el:
            add(ch)

    for el in body:
        add(el)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def docx_from_text(text: str) -> bytes:
    d = _new_document()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            d.add_paragraph(lines[i])
            i += 1
            continue
        rows = []
        while i < len(lines) and "\t" in lines[i]:
            rows.append(lines[i].split("\t"))
            i += 1
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        table = d.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        merged = set()
        for r in range(min(2, len(rows))):          # header cells spread over what they head
            c = 0
            while c < width:
                end = c
                while rows[r][c] and end + 1 < width and not rows[r][end + 1] and r == 0:
                    end += 1
                if end > c:
                    table.cell(r, c).merge(table.cell(r, end))
                    merged.update((r, k) for k in range(c + 1, end + 1))
                c = end + 1
        r = 0
        while r < len(rows):                        # a group label down its empty column
            end = r
            while rows[r][0] and end + 1 < len(rows) and not rows[end + 1][0] and any(rows[end + 1][1:2]):
                end += 1
            if end > r and (r, 0) not in merged:
                table.cell(r, 0).merge(table.cell(end, 0))
                merged.update((k, 0) for k in range(r + 1, end + 1))
            r = end + 1
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) not in merged and value:
                    table.cell(r, c).paragraphs[0].add_run(value)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def pdf(pages: list[list[str]], encrypt: bool = False) -> bytes:
    """A PDF of A4 pages: each page's lines in Helvetica 11 from the top; a page given as None
    has no text, only a grey rectangle (what a scanned page is to a text extractor)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        if lines is None:
            stream = "0.5 g 50 50 495 742 re f"
        else:
            parts = ["BT /F1 11 Tf"]
            y = 780
            for line in lines:
                esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                parts.append(f"1 0 0 1 72 {y} Tm ({esc}) Tj")
                y -= 16
            parts.append("ET")
            stream = "\n".join(parts)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    if encrypt:                          # RC4 40-bit; /U matches no password, not even the empty one
        objects.append("<< /Filter /Standard /V 1 /R 2 /O <" + "11" * 32 + "> /U <" + "22" * 32 + "> /P -4 >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    if encrypt:
        trailer += f" /Encrypt {len(objects)} 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>]"
    out.write(f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
