"""Folder runs: which files `nianbao lint DIR` and `nianbao dump DIR` read. git decides what
.gitignore means (nested files, negation, ignored folders), `--exclude` and the config's `exclude`
take .gitignore globs, and a file skipped as no report is counted, never dropped silently."""
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
REPORT = seed_path("001")                  # two warnings; a report wherever it is copied
NOTE = "# 会议纪要\n\n今天讨论了预算。\n"


def run(*args, cwd=None):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def linted(out: str) -> set[str]:
    return {line.split(":", 1)[0] for line in out.splitlines() if ": warning NB" in line or ": error NB" in line}


def tree(root: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            shutil.copy(REPORT, p)
        else:
            p.write_text(text, encoding="utf-8")


GITIGNORED = {
    ".gitignore": "*.md\n!keep.md\ndrafts/\n/top.txt\nlogs/**/*.txt\n",
    "a.txt": None, "top.txt": None, "keep.md": None, "other.md": None,
    "drafts/d.txt": None,
    "sub/top.txt": None,                                   # /top.txt is anchored to the root
    "sub/.gitignore": "!other.md\nb.txt\n",                # a deeper file's negation wins
    "sub/other.md": None, "sub/b.txt": None, "sub/c.txt": None,
    "sub/deeper/b.txt": None,
    "logs/x/y.txt": None, "logs/z.md": None,
    "drafts2/.gitignore": "*\n!.gitignore\n!*.txt\n", "drafts2/e.txt": None, "drafts2/f.md": None,
}


def test_gitignore_is_read_as_git_reads_it(tmp_path):
    tree(tmp_path, GITIGNORED)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    git = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "--", "*.txt", "*.md"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    rc, out, _ = run("lint", ".", cwd=tmp_path)
    assert linted(out) == {f"{p}" for p in git}
    assert linted(out) == {"a.txt", "keep.md", "sub/top.txt", "sub/other.md", "sub/c.txt",
                           "drafts2/e.txt"}
    # .git/info/exclude, below every .gitignore: keep.md stays (the root's !keep.md wins), a.txt goes
    (tmp_path / ".git" / "info" / "exclude").write_text("keep.md\na.txt\n")
    git = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "--", "*.txt", "*.md"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    assert linted(run("lint", ".", cwd=tmp_path)[1]) == set(git) == {
        "keep.md", "sub/top.txt", "sub/other.md", "sub/c.txt", "drafts2/e.txt"}


def test_without_git_gitignore_means_nothing(tmp_path):
    tree(tmp_path, {".gitignore": "a.txt\n", "a.txt": None})
    assert linted(run("lint", tmp_path)[1]) == {str(tmp_path / "a.txt")}


def test_exclude_option_and_config_key(tmp_path):
    tree(tmp_path, {"a.txt": None, "old/b.txt": None, "c.md": None, "sub/d.txt": None, "sub/e.txt": None,
                    "sub/nianbao.toml": 'exclude = ["e.txt"]\n'})
    assert linted(run("lint", "--exclude", "old/, *.md", ".", cwd=tmp_path)[1]) == {"a.txt", "sub/d.txt"}
    assert linted(run("lint", ".", cwd=tmp_path)[1]) == {"a.txt", "old/b.txt", "c.md", "sub/d.txt"}
    # a file named on the command line is read all the same (as ruff without --force-exclude)
    assert linted(run("lint", "--exclude", "*.md", "c.md", cwd=tmp_path)[1]) == {"c.md"}
    (tmp_path / "nianbao.toml").write_text('exclude = "old"\n')
    rc, _, err = run("lint", ".", cwd=tmp_path)
    assert rc == 2 and err == f"nianbao: error: {tmp_path / 'nianbao.toml'}: exclude must be a list of glob patterns\n"


def test_files_that_are_no_report_are_counted_and_listed(tmp_path):
    tree(tmp_path, {"a.txt": None, "notes.md": NOTE, "sub/memo.txt": "通知\n明天开会。\n"})
    rc, out, _ = run("lint", ".", cwd=tmp_path)
    assert out.splitlines()[-1] == ("Found 2 problems (0 errors, 2 warnings, 0 info) in 1 file; "
                                    "2 files skipped as not a report; 2 fixable with --fix.")
    rc, out, _ = run("lint", "--show-skipped", ".", cwd=tmp_path)
    assert out.splitlines()[-3:] == ["Skipped, not a report:", "  notes.md", "  sub/memo.txt"]


def test_real_report_shapes_that_were_skipped(tmp_path):
    """第一部分 headings without a statutory title, and a 政务公开 report with one statutory part."""
    tree(tmp_path, {
        "parts.txt": "某某县人民政府办公室\n2023年度工作报告\n\n第一部分 总体情况\n本年度认真贯彻落实条例。\n"
                     "第二部分 主动公开政府信息情况\n详见附表。\n",
        "zhengwu.txt": "某某县2023年政务公开工作年度报告\n\n一、总体情况\n本年度推进政务公开。\n",
        "notes.md": NOTE})
    rc, out, _ = run("lint", "--show-skipped", ".", cwd=tmp_path)
    assert linted(out) == {"parts.txt", "zhengwu.txt"}
    assert "parts.txt:4:1: warning NB104 第一部分标题序号“第一部分”应为“一、”" in out.splitlines()
    assert out.splitlines()[-2:] == ["Skipped, not a report:", "  notes.md"]
