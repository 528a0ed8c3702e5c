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
from nianbao.server import cli, fixing

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
    real_fix_text = fixing.fix_text
    def meanwhile(*args, **kw):            # the editor saves while nianbao computes the fixes
        report.write_bytes(theirs)
        return real_fix_text(*args, **kw)
    monkeypatch.setattr(fixing, "fix_text", meanwhile)
    rc, err = fix(capsys, report)
    assert_untouched(report, theirs, err, rc, "changed on disk while nianbao was running; not written")


def test_an_undecodable_file_is_not_touched(tmp_path, capsys):
    f = tmp_path / "report.txt"
    f.write_bytes(FIXABLE.read_bytes()[:300] + b"\xff\xfe\x80" + FIXABLE.read_bytes()[300:])
    before = f.read_bytes()
    rc, err = fix(capsys, f)
    assert_untouched(f, before, err, rc, "neither UTF-8 (bad byte at 298) nor GB18030 (bad byte at 42) text; "
                                        "use --encoding if it is another")


def test_a_fix_the_files_encoding_cannot_store_is_not_written(tmp_path, capsys):
    """--encoding latin-1 on a report: the fix would insert 五、, which latin-1 cannot hold."""
    f = tmp_path / "report.txt"
    text = FIXABLE.read_text(encoding="utf-8")
    f.write_bytes(text.encode("utf-8"))
    before = f.read_bytes()
    rc, err = fix(capsys, "--encoding", "latin-1", f)
    assert_untouched(f, before, err, rc, "the fixed text has '一、总体情况', which latin-1 cannot store; not written")
