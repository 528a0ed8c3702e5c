"""`nianbao dump` as a user runs it: the installed console script, real files, real exit codes."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXCERPTS, read, seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"


def run(*args, input=None):
    return subprocess.run([NIANBAO, *args], capture_output=True, input=input, timeout=60)


def test_dump_json_shape_on_a_seed():
    p = run("dump", str(seed_path("003")))
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert set(d) >= {"file", "year", "edition", "sections", "table2", "table3", "table4"}
    assert (d["year"], d["edition"]) == (2020, "2019")
    assert d["sections"][0] == {"number": 1, "title": "总体情况", "line": 7, "form": "canonical", "wording": "exact"}
    assert d["table2"]["20.9"] == {"政府集中采购": [6, 136648]}
    assert d["table3"]["r3.1"] == [0] * 7 and d["table3"]["r4"] == [0] * 7      # r3.1 read by position
    assert {"table": 3, "row": "r3.1", "block": None, "by": "position"} in d["inferred"]
    assert d["table4"] == [0] * 15


def test_dump_text_format():
    p = run("dump", "--format", "text", str(seed_path("000")))
    out = p.stdout.decode()
    assert p.returncode == 0
    assert "year 2020, edition 2019 (year)" in out
    assert "    4 line 53: 政府信息公开申请行政复议、行政诉讼情况 [canonical, variant]" in out
    assert "    r1: (missing)" in out
    assert "  table 四: · · · · · 0 0 0 0 0 0 0 0 0 0" in out


def test_dump_several_files_prints_json_lines():
    p = run("dump", str(EXCERPTS / "015.txt"), str(EXCERPTS / "021.txt"))
    lines = p.stdout.decode().splitlines()
    assert [json.loads(x)["year"] for x in lines] == [2022, 2023]


def test_stdin_and_gb18030(tmp_path):
    text = read(seed_path("001"))
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    a = json.loads(run("dump", str(gbk)).stdout)
    b = json.loads(run("dump", "-", input=text.encode("utf-8")).stdout)
    assert b["file"] == "<stdin>"
    assert {k: v for k, v in a.items() if k != "file"} == {k: v for k, v in b.items() if k != "file"}


def test_bom_and_crlf_give_the_same_model(tmp_path):
    text = read(seed_path("002"))
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    a = json.loads(run("dump", str(f)).stdout)
    b = json.loads(run("dump", str(seed_path("002"))).stdout)
    assert [s["line"] for s in a["sections"]] == [s["line"] for s in b["sections"]]
    assert a["table3"] == b["table3"] and a["problems"] == [{**p} for p in b["problems"]]


def test_forced_edition():
    d = json.loads(run("dump", "--edition", "2021", str(seed_path("001"))).stdout)
    assert (d["edition"], d["edition_source"]) == ("2021", "forced")


@pytest.mark.parametrize("make,message", [
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b"\x00\x01\x02\x03PK"), "binary file"),
    (lambda p: p.write_bytes(b"\xff\xfa\xfe\x80\x81" * 3), "neither UTF-8 (bad byte at 0) nor GB18030 (bad byte at 0) text"),
])                                           # a directory is read as a folder: test_dump_reads_folders_as_lint_does
def test_unreadable_input_is_one_clear_line(tmp_path, make, message):
    bad = tmp_path / "bad.txt"
    make(bad)
    p = run("dump", str(bad), str(seed_path("004")))
    assert p.returncode == 2
    err = p.stderr.decode()
    assert err.count("\n") == 1 and err.startswith(f"nianbao: error: {bad}: {message}")
    assert "Traceback" not in err
    assert json.loads(p.stdout)["year"] == 2020      # the other file is still dumped


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("dump").returncode == 2
    assert run("dump", "--format", "xml", str(seed_path("000"))).returncode == 2
    assert run("dump", "--encoding", "klingon", str(seed_path("000"))).returncode == 2


def test_installed_layout_has_no_top_level_grammar_or_server():
    import nianbao.grammar
    import nianbao.server
    assert Path(nianbao.grammar.__file__).parent.name == "grammar"
    code = "import importlib.util as u; print(u.find_spec('grammar'), u.find_spec('server'))"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert p.stdout.strip() == "None None"


def test_every_package_is_listed_for_installation():
    tomllib = __import__("tomllib" if sys.version_info >= (3, 11) else "tomli")
    from conftest import ROOT
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"nianbao." + ".".join(p.parent.relative_to(ROOT).parts)
             for top in ("grammar", "server") for p in (ROOT / top).rglob("__init__.py")}
    assert listed == found | {"nianbao.docs"}           # docs/: data only, no __init__.py


def test_dump_keeps_the_unit_of_amounts():
    d = json.loads(run("dump", str(seed_path("003"))).stdout)
    assert d["table2"]["20.9"] == {"政府集中采购": [6, 136648]}          # the documented arrays, unchanged
    assert d["table2_units"] == {"20.9": {"政府集中采购": [None, "元"]}}  # 136648（元）: 元, not 万元
    t = run("dump", "--format", "text", str(seed_path("003"))).stdout.decode()
    assert "    20.9 政府集中采购: 6 136648 (元)\n" in t
    d21 = json.loads(run("dump", str(EXCERPTS / "021.txt")).stdout)
    assert set(d21["table2_units"]) <= {"20.8"} and all(
        u == ["万元"] for u in d21["table2_units"].get("20.8", {}).values())


def test_dump_reads_folders_as_lint_does(tmp_path):
    shutil.copy(seed_path("003"), tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    shutil.copy(seed_path("001"), tmp_path / "sub" / "b.txt")
    shutil.copy(seed_path("002"), tmp_path / "sub" / "c.txt")
    (tmp_path / "notes.md").write_text("# 会议纪要\n\n今天讨论了预算。\n", encoding="utf-8")
    p = run("dump", "--exclude", "c.txt", str(tmp_path))
    assert p.returncode == 0
    assert [json.loads(x)["file"] for x in p.stdout.decode().splitlines()] == [
        str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]
    assert p.stderr.decode() == f"Skipped, not a report:\n  {tmp_path / 'notes.md'}\n"


def test_dump_csv_one_row_per_report_for_a_spreadsheet(tmp_path):
    import csv
    import io
    shutil.copy(seed_path("003"), tmp_path / "a.txt")
    shutil.copy(EXCERPTS / "021.txt", tmp_path / "b.txt")
    p = run("dump", "--format", "csv", str(tmp_path))
    assert p.returncode == 0 and p.stdout.startswith(b"\xef\xbb\xbffile,title,year,edition,edition_source,problems,")
    assert p.stdout.count(b"\r\n") == 3 and p.stdout.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(p.stdout.decode("utf-8-sig"), newline="")))
    from nianbao.grammar import csv_columns
    assert list(rows[0]) == csv_columns() and len(csv_columns()) == 237
    a, b = rows
    assert (a["year"], a["edition"]) == ("2020", "2019") and (b["year"], b["edition"]) == ("2023", "2021")
    assert (a["表二/20.9/政府集中采购/采购总金额"], a["表二/20.9/政府集中采购/采购总金额/单位"]) == ("136648", "元")
    assert a["表三/r3.1/自然人"] == "0" and a["表四/行政诉讼（复议后起诉）/总计"] == "0"
    assert b["表二/20.9/政府集中采购/采购总金额"] == ""                     # the 2021 edition has no 20.9
    d = json.loads(run("dump", str(EXCERPTS / "021.txt")).stdout)
    assert [b[f"表三/r1/{c}"] for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")] == [
        "" if v is None else str(v) for v in (d["table3"]["r1"] or [None] * 7)]
