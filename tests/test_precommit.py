"""The pre-commit hook, through the real `pre-commit try-repo` against this repository."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SHARED, seed_path
from documents_make import docx_from_text

CLEAN = Path(__file__).parent / "fixtures" / "clean-2021.txt"
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_hook_fails_on_a_defective_report_and_passes_a_clean_one(tmp_path):
    repo = tmp_path / "reports"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    shutil.copy(seed_path("004"), repo / "2020.txt")
    shutil.copy(CLEAN, repo / "2023.txt")
    (repo / "notes.py").write_text("print('not a report')\n")
    shutil.copy(SHARED / "corpus" / "real" / "hongze-2024.pdf", repo / "hongze.pdf")
    (repo / "memo.docx").write_bytes(docx_from_text("会议纪要\n今天讨论了预算。\n"))     # no report
    (repo / "clean.docx").write_bytes(docx_from_text(CLEAN.read_text(encoding="utf-8")))
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}

    def hook(*files):
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "nianbao", "--files", *files],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    bad = hook("2020.txt", "notes.py")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "2020.txt:50:19: error NB203" in bad.stdout
    good = hook("2023.txt", "notes.py")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    # published documents too (the hook installs the 'documents' extra's libraries); files of
    # other kinds never reach nianbao, non-reports among them are skipped
    pdf = hook("hongze.pdf", "memo.docx", "logo.png")
    assert pdf.returncode == 1, pdf.stdout + pdf.stderr
    assert "hongze.pdf:p1:l24: warning NB401" in pdf.stdout
    docs = hook("clean.docx", "memo.docx", "logo.png")
    assert docs.returncode == 0, docs.stdout + docs.stderr


def test_the_readme_snippet_is_the_hook(tmp_path):
    """The `.pre-commit-config.yaml` the README shows, as written there, with the installed nianbao."""
    import re
    import yaml                                   # pre-commit's own dependency
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"### pre-commit\n.*?```yaml\n(.*?)```", readme, re.S).group(1)
    (hook,) = yaml.safe_load(snippet)["repos"][0]["hooks"]
    (manifest,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {k: hook[k] for k in ("id", "entry", "files", "types")} == {k: manifest[k] for k in ("id", "entry", "files", "types")}
    repo = tmp_path / "reports"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    shutil.copy(seed_path("004"), repo / "2020.txt")
    shutil.copy(CLEAN, repo / "2023.txt")
    (repo / "notes.md").write_text("# 会议纪要\n\n今天讨论了预算。\n", encoding="utf-8")
    git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def hook_run(*files):
        return subprocess.run([PRE_COMMIT, "run", "--files", *files], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=300)

    bad = hook_run("2020.txt", "notes.md")
    assert bad.returncode == 1 and "2020.txt:50:19: error NB203" in bad.stdout, bad.stdout + bad.stderr
    good = hook_run("2023.txt", "notes.md")
    assert good.returncode == 0 and "Passed" in good.stdout, good.stdout + good.stderr
