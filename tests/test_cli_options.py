"""`nianbao lint`'s options as ruff has them, through the installed command: --select/--ignore
checked like the config file's, --diff's exit status, --version, --exit-zero, -q, --output-file,
--statistics, the severity word in text lines, and `nianbao rules --format json`."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
S001, S004 = seed_path("001"), seed_path("004")


def run(*args, cwd=None):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value,message", [
    ("NB1O4", "no rule matches 'NB1O4' (did you mean NB104?)"),
    ("nb104", "no rule matches 'nb104' (did you mean NB104?)"),      # codes are upper case, as ruff's
    ("NB3,NB999", "no rule matches 'NB999'"),
    ("NB3,", "empty rule code"),
    ("E501", "no rule matches 'E501'"),
])
def test_unknown_codes_are_a_usage_error_with_the_closest_code(option, value, message):
    rc, out, err = run("lint", option, value, S001)
    assert (rc, out) == (2, "")
    assert err.splitlines()[-1] == f"nianbao lint: error: argument {option}: {message}"


def test_codes_separated_by_commas_and_spaces():
    rc, out, _ = run("lint", "--select", "NB3, NB104", S004)
    assert {line.split()[2] for line in out.splitlines()[:-1]} == {"NB104"}
    assert run("lint", "--select", "NB3, NB104", S004)[1] == run("lint", "--select", "NB3,NB104", S004)[1]


def test_the_config_file_says_the_same_about_a_code(tmp_path):
    (tmp_path / "nianbao.toml").write_text('ignore = ["NB1O4"]\n')
    shutil.copy(S001, tmp_path / "r.txt")
    assert run("lint", tmp_path / "r.txt") == (
        2, "", f"nianbao: error: {tmp_path / 'nianbao.toml'}: ignore: no rule matches 'NB1O4' (did you mean NB104?)\n")


def test_text_lines_carry_the_severity():
    rc, out, _ = run("lint", S004)
    lines = out.splitlines()
    assert f"{S004}:50:19: error NB203 " in "\n".join(lines)
    assert all(line.split(": ", 1)[1].split()[0] in ("error", "warning", "info") for line in lines[:-1])


def test_version():
    from importlib.metadata import version
    assert run("--version") == (0, f"nianbao {version('nianbao')}\n", "")


def test_diff_exits_1_when_there_is_a_diff_and_exit_zero_makes_it_0(tmp_path):
    f = tmp_path / "r.txt"
    shutil.copy(S001, f)                                 # warnings only, two safe fixes
    assert run("lint", "--diff", f)[0] == 1
    assert run("lint", "--diff", "--exit-zero", f)[0] == 0
    assert run("lint", S004)[0] == 1 and run("lint", "--exit-zero", S004)[0] == 0
    assert run("lint", "--exit-zero", tmp_path / "missing.txt")[0] == 2       # errors stay errors


def test_quiet_prints_the_findings_only(tmp_path):
    for name in ("a.txt", "b.txt"):
        shutil.copy(S004, tmp_path / name)
    rc, out, err = run("lint", "-q", tmp_path)
    full = run("lint", tmp_path)[1]
    assert rc == 1 and err == ""
    assert out == "".join(line + "\n" for line in full.split("\n\n")[0].splitlines()[:-1])


def test_output_file(tmp_path):
    target = tmp_path / "out.txt"
    rc, out, err = run("lint", "--output-file", target, S001)
    assert (rc, out, err) == (0, "", "") and target.read_text(encoding="utf-8") == run("lint", S001)[1]
    rc, out, err = run("lint", "-o", target, "--format", "sarif", S004)
    assert (rc, out) == (1, "") and json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert err.startswith("Found 26 problems")           # beside machine output: on stderr
    rc, out, err = run("lint", "-o", tmp_path / "no" / "such" / "dir.txt", S001)
    assert rc == 2 and err.startswith(f"nianbao: error: {tmp_path / 'no' / 'such' / 'dir.txt'}: ")


def test_statistics_as_ruff_prints_them(tmp_path):
    rc, out, _ = run("lint", "--statistics", S004)
    assert rc == 1
    assert out.splitlines() == [
        "20\tNB203\t[ ] cell-count",
        " 6\tNB104\t[*] heading-numbering",
        "[*] fixable with `nianbao lint --fix`",
        "Found 26 problems (20 errors, 6 warnings, 0 info) in 1 file; 6 fixable with --fix."]
    rc, out, _ = run("lint", "--statistics", "-q", "--select", "NB203", S004)
    assert out == "20\tNB203\tcell-count\n"              # no fixable rule: no markers
    rc, out, _ = run("lint", "--statistics", "--format", "json", S004)
    assert json.loads(out) == [{"code": "NB203", "name": "cell-count", "count": 20, "fixable_count": 0},
                               {"code": "NB104", "name": "heading-numbering", "count": 6, "fixable_count": 6}]


def test_rules_as_json():
    rc, out, _ = run("rules", "--format", "json")
    rules = json.loads(out)
    assert rc == 0 and len(rules) == 23 and [r["code"] for r in rules] == sorted(r["code"] for r in rules)
    nb302 = next(r for r in rules if r["code"] == "NB302")
    assert (nb302["name"], nb302["severity"], nb302["fix"]["safety"]) == ("table3-row-total", "error", "unsafe")
    assert nb302["fix"]["description"].startswith("把总计改为六列之和（")
    assert json.loads(run("rules", "NB302", "--format", "json")[1]) == [nb302]
    assert next(r for r in rules if r["code"] == "NB001")["fix"] is None
