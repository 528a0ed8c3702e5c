"""Real OCR output: the published hongze-2024.pdf rendered to images (pdftoppm, 300 dpi) and read
by tesseract (chi_sim) at test time, as a reviewer who receives a scan gets it. OCR misreads
digits and merges cells; the reader may leave what it cannot read blank (NB203), but every value
it does read must be the key's, no section may go missing, and nothing may be invented.
(tests/test_ocr.py holds the principles on small excerpts; this is the same on a whole report.)

Needs tesseract-ocr, tesseract-ocr-chi-sim and poppler-utils (test.sh installs them)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import SHARED
from nianbao.grammar import lint, parse
from nianbao.grammar.dump import to_dict

REAL = SHARED / "corpus" / "real"
KEY = json.loads((REAL / "pdfplumber-hongze-2024.key.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    missing = [t for t in ("pdftoppm", "tesseract") if shutil.which(t) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: apt-get install poppler-utils tesseract-ocr tesseract-ocr-chi-sim")
    d = tmp_path_factory.mktemp("ocr")
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(REAL / "hongze-2024.pdf"), str(d / "p")], check=True)
    return sorted(d.glob("p-*.png"))


def ocr(pages, psm: int) -> str:
    """The pages' text in order, each ended by tesseract's own form feed."""
    out = []
    for page in pages:
        done = subprocess.run(["tesseract", str(page), "-", "-l", "chi_sim", "--psm", str(psm)],
                              capture_output=True, text=True, check=True)
        out.append(done.stdout)
    return "".join(out)


# psm 4: one column of text of varying sizes; psm 6: one uniform block (rows run together more)
@pytest.mark.parametrize("psm, least", [(4, 50), (6, 5)])
def test_tesseract_output_reads_true_values_or_none(pages, psm, least):
    text = ocr(pages, psm)
    d = to_dict(parse(text), "ocr.txt")
    got = {rid: (d["table3"] or {}).get(rid) or [None] * 7 for rid in KEY["table3"]}
    wrong = [(rid, i, want, g) for rid, values in KEY["table3"].items()
             for i, (want, g) in enumerate(zip(values, got[rid])) if g is not None and g != want]
    wrong += [("table4", i, want, g) for i, (want, g) in enumerate(zip(KEY["table4"], d["table4"] or [None] * 15))
              if g is not None and g != want]
    assert wrong == [], "numbers nobody wrote"
    read = sum(g is not None for values in got.values() for g in values) + \
        sum(g is not None for g in (d["table4"] or []))
    assert read >= least, f"only {read} of the table's values read"    # what tesseract lets through today
    assert [s["number"] for s in d["sections"]] == KEY["sections_present"]
    codes = {f.code for f in lint(text)}
    assert "NB101" not in codes and "NB102" not in codes
