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
import tempfile
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


# A file with several names (hard links) is written in place, not replaced: the same guarantees.

@pytest.fixture
def linked(report) -> tuple[Path, Path]:
    other = report.parent / "other.txt"
    os.link(report, other)
    return report, other


def assert_both_untouched(linked, before: bytes, err: str, rc: int, message: str) -> None:
    report, other = linked
    assert report.read_bytes() == other.read_bytes() == before
    assert report.stat().st_ino == other.stat().st_ino
    assert sorted(p.name for p in report.parent.iterdir()) == ["other.txt", "report.txt"]
    assert (rc, err) == (2, f"nianbao: error: {report}: {message}\n")


def test_a_hard_linked_file_on_a_full_disk_keeps_its_bytes(linked, capsys, monkeypatch):
    before = linked[0].read_bytes()
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(os, "fsync", full)               # after the write into the file itself
    rc, err = fix(capsys, linked[0])
    assert_both_untouched(linked, before, err, rc, "No space left on device; not written")


def test_a_hard_linked_file_over_the_size_limit_keeps_its_bytes(linked):
    """The fix is 2 bytes longer and the process may not write beyond the file's size: space is
    reserved before a byte is written (RLIMIT_FSIZE: posix_fallocate fails with EFBIG)."""
    before = linked[0].read_bytes()
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before), len(before)))
    p = subprocess.run([NIANBAO, "lint", "--fix", linked[0]], capture_output=True, preexec_fn=limit, timeout=120)
    assert_both_untouched(linked, before, p.stderr.decode(), p.returncode, "File too large; not written")


def test_a_hard_linked_file_saved_by_someone_else_during_the_run_keeps_their_text(linked, capsys, monkeypatch):
    theirs = linked[0].read_bytes().replace("5、 存在的".encode(), "五、存在的".encode())
    real_fix = lint_cmd.fix
    def meanwhile(*args, **kw):            # the editor saves in place while nianbao computes the fixes
        linked[1].write_bytes(theirs)
        return real_fix(*args, **kw)
    monkeypatch.setattr(lint_cmd, "fix", meanwhile)
    rc, err = fix(capsys, linked[0])
    assert_both_untouched(linked, theirs, err, rc, "changed on disk while nianbao was running; not written")


# When no new file can take the file's place as it is, it is written in place too.

@pytest.mark.parametrize("refuse", ["tempfile.mkstemp", "os.fchown"])
def test_a_file_that_cannot_be_replaced_as_it_is_is_written_in_place(report, capsys, monkeypatch, refuse):
    """A folder the user may not write to, or a file whose owner the user may not give a new file
    (another user's, writable by the group): the fix goes into the file itself."""
    os.chown(report, 65534, 65534)
    inode = report.stat().st_ino
    def refused(*args, **kw):
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))
    module, name = refuse.split(".")
    monkeypatch.setattr({"tempfile": tempfile, "os": os}[module], name, refused)
    rc, err = fix(capsys, report)
    assert (rc, err) == (0, "")
    st = report.stat()
    assert (st.st_ino, st.st_uid, st.st_gid) == (inode, 65534, 65534)
    assert "五、存在的".encode() in report.read_bytes()
    assert [p.name for p in report.parent.iterdir()] == [report.name]


# Where renameat2 cannot exchange (another OS, or a file system that says EINVAL): compare, rename.

@pytest.fixture(params=["EINVAL", "no renameat2"])
def no_exchange(monkeypatch, request):
    import ctypes
    def renameat2(*args):
        ctypes.set_errno(errno.EINVAL)
        return -1
    monkeypatch.setattr(fixing, "_renameat2", lambda: renameat2 if request.param == "EINVAL" else None)


def test_without_an_exchange_the_fix_is_renamed_into_place(report, capsys, no_exchange):
    os.chown(report, 65534, 65534)
    report.chmod(0o640)
    rc, err = fix(capsys, report)
    assert (rc, err) == (0, "")
    st = report.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o640)
    assert "五、存在的".encode() in report.read_bytes()
    assert [p.name for p in report.parent.iterdir()] == [report.name]


def test_without_an_exchange_a_save_during_the_run_is_kept(report, capsys, monkeypatch, no_exchange):
    test_a_file_saved_by_someone_else_during_the_run_keeps_their_text(report, capsys, monkeypatch)


def test_an_exchange_refused_for_another_reason_leaves_the_file_as_it_was(report, capsys, monkeypatch):
    import ctypes
    def renameat2(*args):
        ctypes.set_errno(errno.EIO)
        return -1
    monkeypatch.setattr(fixing, "_renameat2", lambda: renameat2)
    before = report.read_bytes()
    rc, err = fix(capsys, report)
    assert_untouched(report, before, err, rc, "Input/output error; not written")
