"""The CLI with hostile surroundings: untrusted config files and paths that cannot be used.

A config file is data from whoever wrote the repository: nothing in it may run, and no content
(huge, nested without end, binary, every key of the wrong type) may crash the tool. Each case
ends with one clear `nianbao: error:` line and exit status 2, never a traceback.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"


def run(*args, cwd=None, timeout=120):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def one_error(rc, err, path, message):
    assert rc == 2, err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"nianbao: error: {path}: "), err[-2000:]
    assert message in lines[0] and len(lines[0]) < 400, lines[0][:400]


@pytest.fixture
def report(tmp_path):
    f = tmp_path / "r.txt"
    shutil.copy(seed_path("001"), f)
    return f


MB = 1024 * 1024
BAD_CONFIGS = {
    # name: (file, bytes, what the error says)
    "huge": ("nianbao.toml", b"# padding\n" * (17 * MB // 10), "larger than 16 MB"),
    "nested arrays": ("nianbao.toml", b"select = " + b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "nested tables": ("nianbao.toml", b"select = " + b"{a = " * 20_000 + b"1" + b"}" * 20_000, "nested too deeply"),
    "deep dotted key": ("nianbao.toml", b"[severity.NB104" + b".a" * 50_000 + b"]\nx = 1\n",
                        "severity.NB104: a dict is not one of"),
    "binary": ("nianbao.toml", bytes(range(256)) * 64, "cannot read"),
    "NUL in text": ("nianbao.toml", b'select = ["NB1"]\x00\n', "not valid TOML"),
    "GB18030": ("nianbao.toml", '# 配置\nselect = ["NB1"]\n'.encode("gb18030"), "cannot read"),
    "python code": ("nianbao.toml", b"import os\nos.system('touch PWNED')\n", "not valid TOML"),
    "code in a value": ("nianbao.toml", b"select = [\"__import__('os').system('touch PWNED')\"]\n", "no rule matches"),
    "select a number": ("nianbao.toml", b"select = 1\n", "select must be a list"),
    "ignore a table": ("nianbao.toml", b"ignore = {a = 1}\n", "ignore must be a list"),
    "select of tables": ("nianbao.toml", b"select = [{a = 1}]\n", "select must be a list"),
    "severity a list": ("nianbao.toml", b"severity = [1]\n", "severity must be a table"),
    "severity a number": ("nianbao.toml", b"severity = {NB104 = 3}\n", "severity.NB104: 3 is not one of"),
    "severity huge string": ("nianbao.toml", b'severity = {NB104 = "' + b"x" * MB + b'"}\n', "is not one of"),
    "edition a list": ("nianbao.toml", b'edition = ["2021"]\n', 'edition must be "2019" or "2021"'),
    "edition a date": ("nianbao.toml", b"edition = 2021-01-01\n", 'edition must be "2019" or "2021"'),
    "include a string": ("nianbao.toml", b'include = "*.txt"\n', "include must be a list"),
    "long unknown key": ("nianbao.toml", b"k" * 100_000 + b" = 1\n", "unknown key"),
    "tool.nianbao a number": ("pyproject.toml", b"[tool]\nnianbao = 5\n", "must be a table"),
    "tool.nianbao an array of tables": ("pyproject.toml", b"[[tool.nianbao]]\nselect = []\n", "must be a table"),
}


@pytest.mark.parametrize("case", BAD_CONFIGS)
def test_a_broken_or_malicious_config_is_one_clear_error(tmp_path, report, case):
    name, content, message = BAD_CONFIGS[case]
    (tmp_path / name).write_bytes(content)
    rc, out, err = run("lint", report, cwd=tmp_path)
    one_error(rc, err, tmp_path / name, message)
    assert not (tmp_path / "PWNED").exists()
    assert report.read_bytes() == seed_path("001").read_bytes()


@pytest.mark.parametrize("content", [
    b"tool = 5\n",                                  # another tool's business: no nianbao settings
    b'tool = "x"\n[project]\nname = "x"\n',
    b"[tool.other]\nnianbao = 5\n",
])
def test_a_pyproject_with_an_odd_tool_key_is_not_ours(tmp_path, report, content):
    (tmp_path / "pyproject.toml").write_bytes(content)
    rc, out, err = run("lint", report, cwd=tmp_path)
    assert rc == 0 and err == "" and "Found 2 problems" in out


def test_config_files_that_are_not_regular_files_are_skipped(tmp_path, report):
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "nianbao.toml")           # opening it would block for ever
    (tmp_path / "sub" / "nianbao.toml").symlink_to("nianbao.toml")    # a symlink loop
    (tmp_path / "sub" / "pyproject.toml").mkdir()  # a directory
    f = tmp_path / "sub" / "r.txt"
    shutil.copy(report, f)
    rc, out, err = run("lint", f, timeout=30)
    assert rc == 0 and err == "" and "Found 2 problems" in out


def test_paths_that_cannot_be_used_are_reported_not_raised(tmp_path):
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    long = tmp_path / ("长" * 200 + ".txt")       # 600 bytes: longer than a file name may be
    rc, out, err = run("lint", tmp_path / "loop.txt", long, cwd=tmp_path)
    assert rc == 2 and "Traceback" not in err
    assert f"nianbao: error: {tmp_path / 'loop.txt'}: " in err
    assert f"nianbao: error: {long}: File name too long" in err
    rc, out, err = run("dump", long)
    assert rc == 2 and "Traceback" not in err and "File name too long" in err
