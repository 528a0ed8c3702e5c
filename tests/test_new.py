"""`nianbao new`: a year's report skeleton that reads back completely, and that lints clean once
the author has written the sections its hints stand in (NB107 until then)."""
import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.grammar import EDITIONS, edition_for_year, lint, new_report, parse, skeleton

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
ORGAN = "某某县人民政府"
CASES = [(2020, "2019"), (2026, "2021")]
LAYOUTS = ["tsv", "markdown"]


def run(*args, cwd=None):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("year,edition_id", CASES)
def test_reads_back_completely(year, edition_id, layout):
    text = new_report(year, ORGAN, layout)
    ed = EDITIONS[edition_id]
    r = parse(text)
    assert r.title == f"{ORGAN}{year}年政府信息公开工作年度报告"
    assert (r.year, r.year_source, r.edition.id, r.edition_source) == (year, "title", edition_id, "year")
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]
    assert [s.heading.title for s in r.sections] == [s.title for s in ed.sections]
    assert {s.heading.wording for s in r.sections} == {"exact"}
    assert {s.heading.form for s in r.sections} == {"markdown" if layout == "markdown" else "canonical"}
    assert r.problems == [] and r.extra_headings == []

    # each table inside its own section
    for n in (2, 3, 4):
        body, table = r.section(n).body, r.table(n)
        assert table is not None and body.start <= table.span.start and table.span.end <= body.end

    t2 = r.table2
    assert list(t2.blocks) == [b.id for b in ed.table2]
    assert {b.edition for b in t2.blocks.values()} == {edition_id}
    assert [(row.block, row.id, row.values) for row in t2.rows] == [
        (b.id, row.id, [0] * len(b.columns)) for b in ed.table2 for row in b.rows]

    assert [(row.id, row.values, row.status) for row in r.table3.rows] == [
        (d.id, [0] * 7, "ok") for d in ed.table3_data_rows]
    assert [(row.values, row.status) for row in r.table4.rows] == [([0] * 15, "ok")]


def written(text: str) -> str:
    """The skeleton as an author leaves it: every fill-in hint replaced by a sentence."""
    return re.sub(r"[（(]请在此填写.*", "本年度，本机关依法做好政府信息公开工作。", text)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("year,edition_id", CASES)
def test_lints_clean_once_written(year, edition_id, layout):
    text = new_report(year, ORGAN, layout)
    # a fresh skeleton never lints clean: its prose sections hold only hints (NB107; 六 a warning)
    assert [(f.code, f.severity, parse(text).source.line_of(f.span.start) + 1) for f in lint(text)] == [
        ("NB107", "error", text.split("\n").index(("## " if layout == "markdown" else "") + "一、总体情况") + 1),
        ("NB107", "error", text.split("\n").index(("## " if layout == "markdown" else "") + "五、存在的主要问题及改进情况") + 1),
        ("NB107", "warning", text.split("\n").index(("## " if layout == "markdown" else "") + "六、其他需要报告的事项") + 1)]
    # not only no error or warning: no info finding either (no reworded label, no unused suppression)
    assert lint(written(text)) == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("year,edition_id", CASES)
def test_text(year, edition_id, layout):
    text = new_report(year, ORGAN, layout)
    ed = EDITIONS[edition_id]
    lines = text.split("\n")
    md = "# " if layout == "markdown" else ""
    assert lines[0] == f"{md}{ORGAN}{year}年政府信息公开工作年度报告"
    assert lines[1] == ""
    assert "《中华人民共和国政府信息公开条例》第五十条" in lines[2] and ed.document in lines[2]
    assert lines[2].endswith(f"本报告中所列数据统计期限为{year}年1月1日至{year}年12月31日。")
    headings = [line for line in lines if line.lstrip("# ") in {s.heading for s in ed.sections}]
    assert headings == [("## " if md else "") + s.heading for s in ed.sections]
    assert text.endswith("。）\n") and not text.endswith("\n\n")

    def body(n):
        start = lines.index(headings[n - 1]) + 1
        return "\n".join(lines[start:lines.index(headings[n])] if n < 6 else lines[start:])
    for topic in ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"):
        assert topic in body(1)
    assert "工作考核、社会评议和责任追究" in body(1)        # a 人民政府 reports these too
    assert "问题" in body(5) and "信息处理费" in body(6)
    for n in (1, 5, 6):
        assert body(n).strip().startswith("（请在此填写")

    # the tables are layout.skeleton's (in Markdown, the stub rows without their empty cells)
    layout_ = "tab" if layout == "tsv" else "markdown"
    assert skeleton(ed, 4, layout_, "\n") in text
    for b in ed.table2:
        assert skeleton(ed, 2, layout_, "\n", block=b.id) in text
    t3 = skeleton(ed, 3, layout_, "\n")
    if layout == "tsv":
        assert t3 in text
    else:
        for line in t3.splitlines():
            assert line in lines or line.split(" |")[0] + " |" in lines


def test_organ_without_government_and_other_years():
    text = new_report(2023, "某某市自然资源局")
    assert "工作考核" not in text                       # only 各级人民政府 report those
    for year in range(2019, datetime.date.today().year + 3):
        for layout in LAYOUTS:
            text = new_report(year, "某某市自然资源局", layout)
            r = parse(text)
            assert r.edition is edition_for_year(year) and r.year == year
            assert lint(written(text)) == [], (year, layout)


def test_crlf():
    text = new_report(2026, ORGAN, "markdown", nl="\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text == new_report(2026, ORGAN, "markdown").replace("\n", "\r\n")
    assert lint(written(text)) == []


@pytest.mark.parametrize("year,organ,layout", [
    (2018, ORGAN, "tsv"), (2026, "", "tsv"), (2026, " \u3000", "tsv"), (2026, "某局\n某办", "tsv"),
    (2026, ORGAN, "tab"), (2026, ORGAN, "html")])
def test_bad_arguments(year, organ, layout):
    with pytest.raises(ValueError):
        new_report(year, organ, layout)


def test_organ_is_stripped():
    assert new_report(2026, "  某局 ").startswith("某局2026年")


def test_no_pygls():
    code = ("import sys, nianbao.grammar.newreport as n; n.new_report(2026, 'x');"
            "sys.exit(any(m == 'pygls' or m.startswith(('pygls.', 'lsprotocol')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_reader_takes_markdown_stub_rows_with_empty_cells():
    # `| 三、本年度办理结果 |  | … |` is a stub, not a row of numbers without a label (NB202), and the
    # 2021 stub `| （六）其他处理 |  | … |` is no data row of blanks (NB205)
    ed = EDITIONS["2021"]
    text = new_report(2026, ORGAN, "markdown")
    start = text.index("| " + ed.table3_note)
    end = text.index("\n\n", start)
    text = text[:start] + skeleton(ed, 3, "markdown", "\n").rstrip("\n") + text[end:]
    assert lint(written(text)) == []


# -- the command ----------------------------------------------------------------------------------

def test_cli_prints_the_report():
    rc, out, err = run("new", "--year", 2026, "--organ", ORGAN)
    assert (rc, err) == (0, "") and out == new_report(2026, ORGAN, "tsv")
    rc, out, err = run("new", "--year", 2020, "--organ", ORGAN, "--layout", "markdown")
    assert (rc, err) == (0, "") and out == new_report(2020, ORGAN, "markdown")


def test_cli_writes_refuses_to_overwrite_and_forces(tmp_path):
    path = tmp_path / "report.txt"
    rc, out, err = run("new", "--year", 2026, "--organ", ORGAN, "-o", path)
    assert (rc, out, err) == (0, "", "")
    assert path.read_bytes() == new_report(2026, ORGAN).encode("utf-8")
    rc, out, _ = run("lint", path)              # the sections to write: NB107 (二–四 hold their tables)
    assert rc == 1 and out.endswith("Found 3 problems (2 errors, 1 warning, 0 info) in 1 file.\n")
    path.write_text(written(new_report(2026, ORGAN)), encoding="utf-8")
    rc, out, _ = run("lint", path)
    assert rc == 0 and out.startswith("Found 0 problems")
    path.write_bytes(new_report(2026, ORGAN).encode("utf-8"))

    rc, out, err = run("new", "--year", 2025, "--organ", "某局", "-o", path)
    assert (rc, out) == (2, "")
    assert err == f"nianbao: error: {path}: file exists (use --force to overwrite)\n"
    assert path.read_bytes() == new_report(2026, ORGAN).encode("utf-8")      # untouched

    rc, _, err = run("new", "--year", 2025, "--organ", "某局", "-o", path, "--force")
    assert (rc, err) == (0, "") and path.read_text(encoding="utf-8") == new_report(2025, "某局")


def test_cli_markdown_for_md_output(tmp_path):
    assert run("new", "--year", 2020, "--organ", ORGAN, "-o", tmp_path / "r.md")[0] == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == new_report(2020, ORGAN, "markdown")
    assert run("new", "--year", 2020, "--organ", ORGAN, "-o", tmp_path / "t.md", "--layout", "tsv")[0] == 0
    assert (tmp_path / "t.md").read_text(encoding="utf-8") == new_report(2020, ORGAN, "tsv")
    for name in ("r.md", "t.md"):
        (tmp_path / name).write_text(written((tmp_path / name).read_text(encoding="utf-8")), encoding="utf-8")
    rc, out, _ = run("lint", tmp_path / "r.md", tmp_path / "t.md")
    assert rc == 0 and out.startswith("Found 0 problems")


def test_cli_year_bounds():
    last = datetime.date.today().year + 1
    assert run("new", "--year", 2019, "--organ", ORGAN)[0] == 0
    assert run("new", "--year", last, "--organ", ORGAN)[0] == 0


@pytest.mark.parametrize("args,message", [
    (("--year", 2018, "--organ", ORGAN), "--year 2018: must be from 2019"),
    (("--year", datetime.date.today().year + 2, "--organ", ORGAN), f"--year {datetime.date.today().year + 2}:"),
    (("--year", 2026, "--organ", ""), "organ (机关名称) is empty"),
    (("--year", 2026, "--organ", "  "), "organ (机关名称) is empty"),
])
def test_cli_errors(tmp_path, args, message):
    out_file = tmp_path / "r.txt"
    rc, out, err = run("new", *args, "-o", out_file)
    assert (rc, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith("nianbao: error: ") and message in err
    assert not out_file.exists()
