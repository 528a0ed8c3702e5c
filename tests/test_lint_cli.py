"""`nianbao lint` and `nianbao rules` as a user runs them: output formats, exit codes, --fix on disk."""
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, read, seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
CLEAN = Path(__file__).parent / "fixtures" / "clean-2021.txt"


def run(*args, cwd=None, input=None):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, input=input, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def test_text_output_and_exit_codes():
    rc, out, _ = run("lint", seed_path("001"))
    path = str(seed_path("001"))
    assert rc == 0                                   # warnings only
    assert out.splitlines() == [
        f"{path}:396:1: warning NB104 第五部分标题序号“5、”应为“五、”",
        f"{path}:401:1: warning NB104 第六部分标题序号“6、”应为“六、”",
        "Found 2 problems (0 errors, 2 warnings, 0 info) in 1 file; 2 fixable with --fix."]
    assert run("lint", "--fail-on", "warning", seed_path("001"))[0] == 1
    assert run("lint", seed_path("004"))[0] == 1     # errors
    assert run("lint", CLEAN)[0] == 0


def test_json_output():
    rc, out, _ = run("lint", "--format", "json", seed_path("003"))
    data = json.loads(out)
    assert rc == 1
    f = next(x for x in data if x["code"] == "NB208")
    assert {k: f[k] for k in ("filename", "code", "name", "severity", "location", "end_location")} == {
        "filename": str(seed_path("003")), "code": "NB208", "name": "amount-unit", "severity": "warning",
        "location": {"row": 41, "column": 10}, "end_location": {"row": 41, "column": 19}}
    assert f["fix"]["safety"] == "unsafe"
    assert f["fix"]["edits"] == [{"location": {"row": 41, "column": 10}, "end_location": {"row": 41, "column": 19},
                                  "content": "13.6648万元"}]
    # （一）/（二） read by position: the fix writes their labels over the garbled text, and is unsafe
    # (it says which row the numbers are)
    nb202 = [x for x in data if x["code"] == "NB202"]
    assert [(x["fix"]["safety"], x["fix"]["edits"][0]["content"], x["fix"]["edits"][0]["location"]) for x in nb202] == [
        ("unsafe", "（一）予以公开", {"row": 51, "column": 1}),
        ("unsafe", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", {"row": 53, "column": 1})]


def test_sarif_output():
    rc, out, _ = run("lint", "--format", "sarif", seed_path("002"))
    s = json.loads(out)
    schema = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert s["version"] == "2.1.0" and s["$schema"] == schema["id"]
    run0 = s["runs"][0]
    rules = [r["id"] for r in run0["tool"]["driver"]["rules"]]
    assert "NB302" in rules and rules == sorted(rules)
    res = run0["results"][0]
    assert res["ruleId"] == "NB202" and res["level"] == "error"
    assert rules[res["ruleIndex"]] == "NB202"
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 160
    assert run0["columnKind"] == "unicodeCodePoints"


def test_github_output():
    rc, out, _ = run("lint", "--format", "github", seed_path("001"))
    assert out.splitlines()[0] == (f"::warning title=nianbao (NB104),file={seed_path('001')},line=396,col=1,"
                                   "endLine=396,endColumn=3::NB104 第五部分标题序号“5、”应为“五、”")


def test_fix_writes_atomically_keeping_encoding_bom_and_line_endings(tmp_path):
    text = read(seed_path("001")).replace("\n", "\r\n")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    rc, out, _ = run("lint", "--fix", gbk, bom)
    assert rc == 0 and "fixed 4" in out
    expected = text.replace("5、 存在的", "五、存在的").replace("6、 其他", "六、其他")
    assert gbk.read_bytes() == expected.encode("gb18030")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")
    before = bom.read_bytes()
    rc, out, _ = run("lint", "--fix", bom)
    assert bom.read_bytes() == before and "Found 0 problems" in out   # a second --fix changes nothing
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]   # no temp files left


def test_diff_writes_nothing(tmp_path):
    f = tmp_path / "r.txt"
    shutil.copy(seed_path("001"), f)
    rc, out, err = run("lint", "--diff", f)
    assert f.read_bytes() == seed_path("001").read_bytes()
    assert "-5、 存在的主要问题及改进情况\n+五、存在的主要问题及改进情况\n" in out
    assert rc == 1 and "Found 2 problems" in err            # 1: there is a diff (as ruff)
    f.write_bytes(read(seed_path("001")).replace("5、 存在", "五、存在").replace("6、 其他", "六、其他").encode())
    assert run("lint", "--diff", f) == (0, "", "Found 0 problems (0 errors, 0 warnings, 0 info) in 1 file.\n")


def test_fix_on_read_only_file_leaves_it(tmp_path, monkeypatch):
    from nianbao.server import files, fixing
    f = tmp_path / "ro.txt"
    shutil.copy(seed_path("001"), f)
    f.chmod(stat.S_IRUSR | stat.S_IRGRP)
    doc = files.read(str(f))
    real_access = os.access      # as root every file is writable: ask as an ordinary user would
    monkeypatch.setattr(os, "access", lambda p, m: False if m == os.W_OK else real_access(p, m))
    with pytest.raises(fixing.WriteError, match="permission denied"):
        fixing.write_back(f, doc, doc.data, "changed")
    assert f.read_bytes() == seed_path("001").read_bytes()


def test_fix_refuses_a_file_changed_meanwhile(tmp_path):
    from nianbao.server import files, fixing
    f = tmp_path / "r.txt"
    shutil.copy(seed_path("001"), f)
    doc = files.read(str(f))
    f.write_text("edited elsewhere", encoding="utf-8")
    with pytest.raises(fixing.WriteError, match="changed on disk"):
        fixing.write_back(f, doc, doc.data, "new")
    assert f.read_text(encoding="utf-8") == "edited elsewhere"


def test_directory_recursion_summary_table_and_unreadable_files(tmp_path):
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "notes.md").write_text("# 会议纪要\n\n今天讨论了预算。\n", encoding="utf-8")   # not a report
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "broken.txt").write_bytes(b"\x00\x01binary")
    rc, out, err = run("lint", tmp_path)
    assert rc == 2
    assert err.strip() == f"nianbao: error: {tmp_path / 'sub' / 'broken.txt'}: binary file (contains NUL bytes), not a text report"
    assert "notes.md" not in out
    assert "in 5 files" in out
    table = out.split("\n\n")[-1].splitlines()
    assert table[0].split() == ["rule", "name", "reports"]
    assert "NB202   missing-row                  3" in table


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_a_folder_linted_by_a_process_pool_reads_as_in_one_process(tmp_path, fmt):
    """Enough files for --jobs to start its pool (the rules are then loaded in the workers only)."""
    from nianbao.server.lint_cmd import PARALLEL_MIN
    sources = sorted(SEEDS.glob("*.txt"))
    for i in range(PARALLEL_MIN + 4):
        shutil.copy(sources[i % len(sources)], tmp_path / f"r{i:02}.txt")
    one = run("lint", "--jobs", "1", "--format", fmt, tmp_path)
    pool = run("lint", "--jobs", "2", "--format", fmt, tmp_path)
    assert pool == one
    rc, out, err = pool
    assert rc == 1 and "Traceback" not in err
    if fmt == "text":
        assert f"in {PARALLEL_MIN + 4} files" in out
        assert "NB202   missing-row                 12" in out.split("\n\n")[-1].splitlines()


def test_stdin():
    rc, out, _ = run("lint", "-", input=seed_path("001").read_bytes())
    assert out.splitlines()[0] == "-:396:1: warning NB104 第五部分标题序号“5、”应为“五、”"


def test_select_and_ignore_options():
    rc, out, _ = run("lint", "--select", "NB203", seed_path("004"))
    assert {line.split()[2] for line in out.splitlines()[:-1]} == {"NB203"}
    rc, out, _ = run("lint", "--ignore", "NB2,NB104", seed_path("004"))
    assert rc == 0 and out.startswith("Found 0 problems")


def test_config_file_is_found_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.nianbao]\nignore = ["NB104"]\nseverity = {NB203 = "warning"}\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    f = tmp_path / "a" / "b" / "r.txt"
    shutil.copy(seed_path("004"), f)
    rc, out, _ = run("lint", f)
    assert rc == 0 and "NB104" not in out and "(0 errors, 20 warnings, 0 info)" in out
    (tmp_path / "a" / "nianbao.toml").write_text('select = ["NB104"]\n')      # nearer wins
    rc, out, _ = run("lint", f)
    assert "(0 errors, 6 warnings, 0 info)" in out


@pytest.mark.parametrize("content,message", [
    ('[tool.nianbao]\nignor = ["NB104"]\n', "unknown key 'ignor'"),
    ('[tool.nianbao]\nseverity = {NB999 = "error"}\n', "severity: unknown rule 'NB999'"),
    ('[tool.nianbao]\nseverity = {NB104 = "fatal"}\n', "severity.NB104: 'fatal' is not one of"),
    ('[tool.nianbao]\nedition = 2021\n', 'edition must be "2019" or "2021"'),
    ('[tool.nianbao\n', "not valid TOML"),
    ('[tool.nianbao]\nselect = "NB1"\n', "select must be a list"),
])
def test_bad_config_is_one_clear_error(tmp_path, content, message):
    (tmp_path / "pyproject.toml").write_text(content)
    f = tmp_path / "r.txt"
    shutil.copy(seed_path("001"), f)
    rc, out, err = run("lint", f)
    assert rc == 2 and "Traceback" not in err
    assert err.startswith(f"nianbao: error: {tmp_path / 'pyproject.toml'}: ") and message in err


def test_rules_command():
    rc, out, _ = run("rules")
    lines = out.splitlines()
    assert len(lines) == 23 and lines[0].startswith("NB001  unused-suppression")
    assert any(line.startswith("NB302  table3-row-total     error    ") for line in lines)
    rc, out, _ = run("rules", "NB302")
    assert out.startswith("NB302 table3-row-total (error)\n") and "修复：unsafe: 把总计改为六列之和" in out
    assert run("rules", "NB999")[0] == 2


def test_docs_rules_md_is_generated_from_the_rule_metadata():
    from conftest import ROOT
    rc, out, _ = run("rules", "--format", "markdown")
    assert out == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), \
        "docs/rules.md is stale: nianbao rules --format markdown > docs/rules.md"
    assert out.count("\n## NB") == 23


def test_progress_bar_on_a_terminal_only(tmp_path):
    import pty
    for i in range(25):
        shutil.copy(seed_path("001"), tmp_path / f"r{i:02}.txt")
    pid, fd = pty.fork()
    if pid == 0:                                          # child: stderr is the terminal
        os.execv(NIANBAO, [NIANBAO, "lint", str(tmp_path)])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    assert b"[" + b"#" * 30 + b"] 25/25" in out
    rc, plain, err = run("lint", tmp_path)                # not a terminal: no bar
    assert "25/25" not in err + plain


@pytest.mark.parametrize("seed", ["000", "003"])      # 003 has an amount in 元 (NB208's 万元 fix)
def test_lint_path_imports_only_what_the_report_needs(seed):
    # start-up (issue 6): pygls/lsprotocol (~350 ms) never; json, a TOML reader and decimal only
    # for --format json, a config file, a decimal in the report; nothing of the document readers
    # (python-docx + lxml, pdfplumber + pdfminer + pypdfium2 + PIL: ~150 ms; html.parser, zipfile)
    code = ("import sys, io, contextlib; from nianbao.server.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['lint', sys.argv[1]])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'pygls', 'lsprotocol', 'json', 'tomllib', 'tomli', 'decimal', 'docx', 'lxml', 'pdfplumber', "
            "'pdfminer', 'pypdfium2', 'PIL', 'zipfile'} | "
            "{m for m in sys.modules if m.startswith(('nianbao.server.documents', 'html.parser'))}))")
    p = subprocess.run([sys.executable, "-c", code, str(seed_path(seed))], capture_output=True,
                       text=True, cwd="/")
    assert (p.stdout.strip(), p.stderr) == ("[]", "")
