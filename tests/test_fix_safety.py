"""`nianbao lint --fix` never loses data: when the fixed text cannot be written, or must not be,
the file keeps every byte it had, no temporary file is left behind, and the problem is one
`nianbao: error: <path>: …` line with exit status 2.

The cases run the real CLI (`cli.main`, in this process so that a failure can be injected where
no ordinary machine produces one on demand, or as a subprocess under a real file-size limit).
"""
import errno
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import seed_path
from nianbao.server import cli, files, fixing, lint_cmd

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
FIXABLE = seed_path("001")         # has two fixable headings (5、 存在的… / 6、 其他…)


@pytest.fixture
def report(tmp_path) -> Path:
    f = tmp_path / "report.txt"
    shutil.copy(FIXABLE, f)
    return f


def fix(capsys, *args) -> tuple[int, str]:
    rc = cli.main(["lint", "--fix", "--jobs", "1", *map(str, args)])
    return rc, capsys.readouterr().err


def assert_untouched(path: Path, before: bytes, err: str, rc: int, message: str) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]          # no temp file left
    assert rc == 2 and "Traceback" not in err
    assert err.splitlines()[0] == f"nianbao: error: {path}: {message}"


def test_a_full_disk_leaves_the_file_as_it_was(report, capsys, monkeypatch):
    before = report.read_bytes()
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(os, "fsync", full)               # the temp file's data cannot reach the disk
    rc, err = fix(capsys, report)
    assert_untouched(report, before, err, rc, "No space left on device; not written")


def test_a_write_refused_by_the_kernel_leaves_the_file_as_it_was(report):
    """A real failing write, no mock: the process may not write files over 1 KB (RLIMIT_FSIZE;
    Python ignores SIGXFSZ, so write() fails with EFBIG as it would fail with ENOSPC)."""
    before = report.read_bytes()
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
    p = subprocess.run([NIANBAO, "lint", "--fix", report], capture_output=True, preexec_fn=limit, timeout=120)
    assert_untouched(report, before, p.stderr.decode(), p.returncode, "File too large; not written")


def test_a_read_only_file_is_not_written(report, capsys, monkeypatch):
    before = report.read_bytes()
    report.chmod(0o444)
    real_access = os.access          # as root every file is writable: ask as an ordinary user would
    monkeypatch.setattr(os, "access", lambda p, m, **kw: False if m == os.W_OK else real_access(p, m, **kw))
    rc, err = fix(capsys, report)
    assert_untouched(report, before, err, rc, "permission denied; not written")
    assert report.stat().st_mode & 0o777 == 0o444


def test_a_file_saved_by_someone_else_during_the_run_keeps_their_text(report, capsys, monkeypatch):
    theirs = report.read_bytes().replace("5、 存在的".encode(), "五、存在的".encode())
    real_fix = lint_cmd.fix
    def meanwhile(*args, **kw):            # the editor saves while nianbao computes the fixes
        report.write_bytes(theirs)
        return real_fix(*args, **kw)
    monkeypatch.setattr(lint_cmd, "fix", meanwhile)
    rc, err = fix(capsys, report)
    assert_untouched(report, theirs, err, rc, "changed on disk while nianbao was running; not written")


def test_an_undecodable_file_is_not_touched(tmp_path, capsys):
    f = tmp_path / "report.txt"
    f.write_bytes(FIXABLE.read_bytes()[:300] + b"\xff\xfe\x80" + FIXABLE.read_bytes()[300:])
    before = f.read_bytes()
    rc, err = fix(capsys, f)
    assert_untouched(f, before, err, rc, "neither UTF-8 (bad byte at 298) nor GB18030 (bad byte at 42) text; "
                                        "use --encoding if it is another")


def test_a_fix_the_files_encoding_cannot_store_is_not_written(tmp_path):
    """A file read with --encoding latin-1 whose fixed text has 五、: latin-1 cannot hold it, so the
    write is refused with one message and the bytes stay. (A report lint can read in such an
    encoding cannot be built from the template's words, so the write is tried directly.)"""
    f = tmp_path / "report.txt"
    f.write_bytes(b"x")
    doc = files.decode(b"x", "latin-1")
    with pytest.raises(fixing.WriteError) as e:
        fixing.write_back(f, doc, b"x", "五、存在的主要问题及改进情况")
    assert str(e.value) == "the fixed text has '五、存在的主要问题及改进情况', which latin-1 cannot store; not written"
    assert f.read_bytes() == b"x" and [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_a_text_that_is_no_report_gets_no_fixes(tmp_path, capsys):
    """A note that mentions a section title is no report: `--fix` leaves it as it is (it used to
    come back with a 54-line report skeleton)."""
    f = tmp_path / "notes.md"
    f.write_text("# 会议记录\n\n讨论了总体情况的写法。\n", encoding="utf-8")
    before = f.read_bytes()
    rc, err = fix(capsys, f)
    assert f.read_bytes() == before and err == ""
