"""What `nianbao lint` / `dump` do with the files themselves: which files they read, in which
encodings, how `--fix` writes through links, keeps ownership and never overwrites a concurrent
save, `--fix -` as a filter, and `--diff` output that patch tools apply.

Every case runs the installed `nianbao` as a subprocess, as a user or an editor does.
"""
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import read, seed_path
from nianbao.server import files, fixing
from nianbao.server.files import MAX_BYTES

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
SEED = seed_path("001")          # two fixable headings: 5、 存在的… / 6、 其他…
TEXT = read(SEED)
FIXED = TEXT.replace("5、 存在的", "五、存在的").replace("6、 其他", "六、其他")
FIRST_FINDING = "396:1: warning NB104 第五部分标题序号“5、”应为“五、”"


def run(*args, cwd=None, input=None, stdin=None):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, input=input, stdin=stdin,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr.decode()


# --- files that are not regular files, files too large ----------------------------------------

def refused(tmp_path, make, message):
    """lint and dump refuse `make`'s file with one line and still read the good file after it."""
    bad = make(tmp_path)
    good = tmp_path / "good.txt"
    shutil.copy(SEED, good)
    rc, out, err = run("lint", bad, good)
    assert (rc, err) == (2, f"nianbao: error: {bad}: {message}\n")
    assert out.decode().splitlines()[0] == f"{good}:{FIRST_FINDING}"
    rc, out, err = run("dump", bad, good)
    assert (rc, err) == (2, f"nianbao: error: {bad}: {message}\n")
    assert json.loads(out)["file"] == str(good)


def fifo(tmp_path):
    os.mkfifo(tmp_path / "fifo.txt")     # opening it for reading would wait for a writer for ever
    return tmp_path / "fifo.txt"


def block_device(tmp_path):
    os.mknod(tmp_path / "loop.txt", stat.S_IFBLK | 0o600, os.makedev(7, 0))
    return tmp_path / "loop.txt"


def unix_socket(tmp_path):
    here = os.getcwd()
    os.chdir(tmp_path)                   # bind a relative name: a socket's path may not exceed 107 bytes
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.bind("sock.txt")
    finally:
        os.chdir(here)
    return tmp_path / "sock.txt"


def sparse_oversize(tmp_path):
    with open(tmp_path / "huge.txt", "wb") as f:
        f.truncate(MAX_BYTES + 1)        # no block is written: no disk used
    return tmp_path / "huge.txt"


@pytest.mark.parametrize("make", [fifo, block_device, unix_socket, lambda tmp: Path("/dev/zero")],
                         ids=["fifo", "block device", "socket", "/dev/zero"])
def test_what_is_not_a_regular_file_is_refused_not_read(tmp_path, make):
    refused(tmp_path, make, "not a regular file")


def test_a_file_larger_than_the_limit_is_refused_not_read(tmp_path):
    assert MAX_BYTES == 64 * 1024 * 1024
    refused(tmp_path, sparse_oversize, "larger than the 64 MB limit")


def test_stdin_is_read_from_a_pipe_up_to_the_limit(tmp_path):
    good = tmp_path / "good.txt"
    shutil.copy(SEED, good)
    with open("/dev/zero", "rb") as zeros:            # endless: read only up to the limit
        rc, out, err = run("lint", "-", good, stdin=zeros)
    assert (rc, err) == (2, "nianbao: error: -: larger than the 64 MB limit\n")
    assert out.decode().splitlines()[0] == f"{good}:{FIRST_FINDING}"
    with open("/dev/zero", "rb") as zeros:
        assert run("dump", "-", good, stdin=zeros)[::2] == (2, "nianbao: error: -: larger than the 64 MB limit\n")
    rc, out, err = run("lint", "-", input=SEED.read_bytes())
    assert (rc, err) == (0, "") and out.decode().splitlines()[0] == f"-:{FIRST_FINDING}"


def test_a_symlink_to_a_report_is_read(tmp_path):
    (tmp_path / "link.txt").symlink_to(SEED)
    rc, out, err = run("lint", tmp_path / "link.txt")
    assert (rc, err) == (0, "") and out.decode().splitlines()[0] == f"{tmp_path / 'link.txt'}:{FIRST_FINDING}"


# --- encodings: --fix writes back exactly the encoding, byte order and BOM it read ------------

CRLF, FIXED_CRLF = TEXT.replace("\n", "\r\n"), FIXED.replace("\n", "\r\n")


def fix_bytes(tmp_path, data, *args):
    f = tmp_path / "r.txt"
    f.write_bytes(data)
    rc, out, err = run("lint", "--fix", *args, f)
    assert (rc, err) == (0, "") and out.decode().endswith("fixed 2.\n")
    return f.read_bytes()


@pytest.mark.parametrize("spelling", ["utf-8", "UTF-8", "utf8", "utf_8", "U8", "utf-8-sig"])
@pytest.mark.parametrize("bom", ["\ufeff", ""], ids=["BOM", "no BOM"])
def test_every_spelling_of_utf8_keeps_the_bom_or_its_absence(tmp_path, spelling, bom):
    written = fix_bytes(tmp_path, (bom + CRLF).encode("utf-8"), "--encoding", spelling)
    assert written == (bom + FIXED_CRLF).encode("utf-8")


UTF16_32 = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("codec", UTF16_32)
def test_utf16_and_utf32_with_a_bom_are_read_and_written_back_in_their_byte_order(tmp_path, codec):
    """What Windows Notepad saves as "Unicode" (UTF-16LE with a BOM) was refused as binary."""
    data = ("\ufeff" + CRLF).encode(codec)
    assert fix_bytes(tmp_path, data) == ("\ufeff" + FIXED_CRLF).encode(codec)
    f = tmp_path / "r.txt"
    f.write_bytes(data)
    rc, out, err = run("lint", f)
    assert (rc, err) == (0, "") and out.decode().splitlines()[0] == f"{f}:{FIRST_FINDING}"
    rc, out, err = run("dump", f)
    assert (rc, err) == (0, "") and json.loads(out)["sections"] == json.loads(run("dump", SEED)[1])["sections"]


@pytest.mark.parametrize("spelling,codec", [
    ("utf-16-le", "utf-16-le"), ("UTF-16LE", "utf-16-le"), ("utf_16_le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
    ("UTF-16BE", "utf-16-be"), ("utf-32-le", "utf-32-le"), ("utf-32-be", "utf-32-be"),
    ("utf-16", "utf-16-le"), ("UTF16", "utf-16-be"), ("utf-32", "utf-32-le"), ("UTF-32", "utf-32-be"),
])
@pytest.mark.parametrize("bom", ["\ufeff", ""], ids=["BOM", "no BOM"])
def test_a_forced_utf16_or_utf32_keeps_the_bom_or_its_absence_and_the_byte_order(tmp_path, spelling, codec, bom):
    if not bom and spelling.lower() in ("utf-16", "utf16", "utf-32"):
        codec = codec[:-2] + "le"          # no BOM to tell the byte order: little-endian, as Windows writes
    written = fix_bytes(tmp_path, (bom + CRLF).encode(codec), "--encoding", spelling)
    assert written == (bom + FIXED_CRLF).encode(codec)


def test_a_broken_utf16_file_is_one_clear_error(tmp_path):
    f = tmp_path / "r.txt"
    f.write_bytes(("\ufeff" + TEXT).encode("utf-16-le") + b"\x00")      # odd length: half a code unit
    data = f.read_bytes()
    rc, out, err = run("lint", "--fix", f)
    assert (rc, err) == (2, f"nianbao: error: {f}: not valid UTF-16-LE after its BOM (byte {len(data) - 1})\n")
    assert f.read_bytes() == data


# --- `nianbao lint --fix -` as a filter (`:%!nianbao lint --fix -` in Vim) ---------------------

STORED = {        # how a report may be stored: the bytes of a text
    "UTF-8": lambda t: t.encode("utf-8"),
    "UTF-8, BOM, CRLF": lambda t: ("\ufeff" + t.replace("\n", "\r\n")).encode("utf-8"),
    "GB18030": lambda t: t.encode("gb18030"),
    "UTF-16LE, BOM, CRLF": lambda t: ("\ufeff" + t.replace("\n", "\r\n")).encode("utf-16-le"),
}


@pytest.mark.parametrize("stored", STORED)
def test_fix_stdin_prints_the_fixed_document_alone_in_its_own_encoding(stored):
    encode = STORED[stored]
    rc, out, err = run("lint", "--fix", "-", input=encode(TEXT))
    assert (rc, out) == (0, encode(FIXED))
    assert err == "Found 0 problems (0 errors, 0 warnings, 0 info) in 1 file; fixed 2.\n"


@pytest.mark.parametrize("stored", STORED)
def test_fix_stdin_with_nothing_to_fix_prints_the_document_unchanged(stored):
    encode = STORED[stored]
    rc, out, err = run("lint", "--fix", "-", input=encode(FIXED))
    assert (rc, out, err) == (0, encode(FIXED), "Found 0 problems (0 errors, 0 warnings, 0 info) in 1 file.\n")


def fixed_on_disk(tmp_path, seed, *args):
    """What `nianbao lint --fix FILE` makes of a seed, and what it prints about it."""
    f = tmp_path / "r.txt"
    shutil.copy(seed, f)
    rc, out, err = run("lint", "--fix", *args, f, cwd=tmp_path)
    return rc, f.read_bytes(), out.decode().replace(f"{f}", "-")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_fix_stdin_sends_the_findings_to_stderr_in_every_format(tmp_path, fmt):
    seed = seed_path("004")                         # 20 errors remain after its 6 fixes
    rc_file, document, report = fixed_on_disk(tmp_path, seed, "--format", fmt)
    rc, out, err = run("lint", "--fix", "--format", fmt, "-", input=seed.read_bytes(), cwd=tmp_path)
    assert (rc, out) == (rc_file, document) == (1, document) and document != seed.read_bytes()
    if fmt == "text":
        assert err == report and err.count("\n-:") == 19 and err.endswith("in 1 file; fixed 6.\n")
    else:                                           # stderr is the machine output alone: no summary
        assert err == report.replace('"uri": "r.txt"', '"uri": "-"')
        if fmt != "github":
            json.loads(err)


@pytest.mark.parametrize("case,args,data,message", [
    ("undecodable", [], b"\xff\xfa\xfe\x80\x81" + TEXT.encode("utf-8"),
     "neither UTF-8 (bad byte at 0) nor GB18030 (bad byte at 0) text; use --encoding if it is another"),
    ("too large", [], TEXT.encode("utf-8") + b" " * MAX_BYTES, "larger than the 64 MB limit"),
])
def test_fix_stdin_that_cannot_be_fixed_comes_out_unchanged(case, args, data, message):
    """An editor replaces the text with what the filter prints, even when it fails. (A fix the
    encoding cannot store: test_fix_safety; read as latin-1, a report is mojibake and gets none.)"""
    rc, out, err = run("lint", "--fix", *args, "-", input=data)
    assert rc == 2 and out == data
    assert err.splitlines()[0] == f"nianbao: error: -: {message}"


def test_fix_stdin_that_is_not_a_report_comes_out_unchanged():
    data = "会议纪要\n\n今天讨论了预算。\n".encode("utf-8")
    rc, out, err = run("lint", "--fix", "--only-reports", "-", input=data)
    assert (rc, out, err) == (0, data, "Found 0 problems (0 errors, 0 warnings, 0 info) in 0 files; "
                                       "1 file skipped as not a report.\n")


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_diff_keeps_machine_output_off_stdout(tmp_path, fmt):
    f = tmp_path / "r.txt"
    shutil.copy(SEED, f)
    patch = run("lint", "--diff", f)[1]
    rc, out, err = run("lint", "--diff", "--format", fmt, f)
    assert (rc, out) == (1, patch) and patch.startswith(f"--- {f}\n".encode())     # 1: there is a diff
    lint = run("lint", "--format", fmt, f)
    if fmt == "sarif":                  # the same but for the exit status the run reports
        err, expected = json.loads(err), json.loads(lint[1])
        assert (err["runs"][0].pop("invocations"), expected["runs"][0].pop("invocations")) == (
            [{"executionSuccessful": True, "exitCode": 1}], [{"executionSuccessful": True, "exitCode": lint[0]}])
        assert err == expected
    else:
        assert err == lint[1].decode()


# --- `--diff` prints patches that patch and git apply accept -----------------------------------

def odd_breaks(text: str) -> str:
    """U+2028, \\v, \\f, U+0085 and a lone \\r inside the lines round both fixes: str.splitlines breaks
    lines there; files, patch and git apply do not."""
    lines = text.split("\n")
    for n, ch in zip(range(392, 400), ["\u2028", "\v", "\f", "\u0085", "\r", "\x1c", "\x1d", "\x1e"]):
        lines[n] = lines[n][:2] + ch + lines[n][2:]
    return "\n".join(lines)


PATCHED = {
    "odd breaks": lambda: odd_breaks(TEXT),
    "odd breaks, CRLF": lambda: odd_breaks(TEXT).replace("\n", "\r\n"),
    "no final newline": lambda: TEXT[:TEXT.index("6、 其他")] + "6、 其他需要报告的事项",
    "fix in line 4, BOM": lambda: "\ufeff" + TEXT.replace("\n一、总体情况\n", "\n1、总体情况\n"),
}


@pytest.mark.parametrize("tool", ["git", "patch"])
@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
@pytest.mark.parametrize("case", PATCHED)
def test_the_diff_applies_with_patch_tools_and_gives_what_fix_writes(tmp_path, case, codec, tool):
    data = PATCHED[case]().encode(codec)
    for name in ("diffed.txt", "fixed.txt"):
        (tmp_path / name).write_bytes(data)
    rc, patch, err = run("lint", "--diff", "diffed.txt", cwd=tmp_path)
    assert rc == 1 and err.endswith("shown in the diff.\n")
    assert (patch.count(b"\n\\ No newline at end of file\n") == 2) == (case == "no final newline")
    assert run("lint", "--fix", "fixed.txt", cwd=tmp_path)[0] in (0, 1)
    assert (tmp_path / "diffed.txt").read_bytes() == data              # --diff writes nothing
    command = ["git", "apply", "-p0"] if tool == "git" else ["patch", "-p0", "--quiet", "--no-backup-if-mismatch"]
    p = subprocess.run(command, input=patch, cwd=tmp_path, capture_output=True, timeout=60)
    assert (p.returncode, p.stderr) == (0, b"")
    assert (tmp_path / "diffed.txt").read_bytes() == (tmp_path / "fixed.txt").read_bytes() != data


def test_the_diff_of_a_utf16_file_is_utf8_to_read(tmp_path):
    """No patch tool reads UTF-16 or UTF-32: their patch is printed in UTF-8 (without the BOM)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "r.txt").write_bytes(CRLF.encode("utf-8"))
    (tmp_path / "b" / "r.txt").write_bytes(("\ufeff" + CRLF).encode("utf-16-le"))
    a, b = (run("lint", "--diff", "r.txt", cwd=tmp_path / d) for d in "ab")
    assert a == b and a[1].count("五、存在的主要问题及改进情况\r\n".encode()) == 1


def test_a_diff_the_encoding_cannot_store_is_one_error():
    """--diff writes the patch in the file's encoding; a fix it cannot store is one error line
    (`lint_cmd` turns the UnicodeEncodeError into it), not a traceback. Read as latin-1 a real
    report is mojibake and gets no fixes, so the patch is made directly."""
    doc = files.decode("x\n".encode(), "latin-1")
    with pytest.raises(UnicodeEncodeError) as e:
        fixing.diff("r.txt", doc, "五、存在的主要问题及改进情况\n")
    assert fixing.unencodable(e.value, doc) == \
        "the fixed text has '五、存在的主要问题及改进情况', which latin-1 cannot store; not written"


# --- --fix through symlinks and hard links, keeping owner, group and mode ----------------------

def test_fix_through_a_symlink_writes_its_target_and_leaves_the_link(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "r.txt"
    for name, run_on in [("named.txt", None), ("in-folder.txt", tmp_path / "reports")]:
        shutil.copy(SEED, target)
        link = tmp_path / "reports" / name
        link.symlink_to(os.path.relpath(target, link.parent))
        rc, out, err = run("lint", "--fix", run_on or link)
        assert (rc, err) == (0, "") and out.decode().endswith("fixed 2.\n")
        assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, link.parent)
        assert target.read_bytes() == FIXED.encode() and not target.is_symlink()
        link.unlink()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["elsewhere", "r.txt", "reports"]   # no temp files


def test_fix_of_a_hard_linked_file_keeps_its_inode(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(SEED, a)
    os.link(a, b)
    inode = a.stat().st_ino
    rc, out, err = run("lint", "--fix", a)
    assert (rc, err) == (0, "") and out.decode().endswith("fixed 2.\n")
    assert (a.stat().st_ino, b.stat().st_ino, a.stat().st_nlink) == (inode, inode, 2)
    assert b.read_bytes() == FIXED.encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


@pytest.mark.parametrize("links", [1, 2])
def test_fix_keeps_owner_group_and_mode(tmp_path, links):
    assert os.geteuid() == 0, "run as root to change a file's owner"
    f = tmp_path / "r.txt"
    shutil.copy(SEED, f)
    if links == 2:
        os.link(f, tmp_path / "other.txt")
    os.chown(f, 65534, 65534)                          # nobody:nogroup
    f.chmod(0o640)
    rc, out, err = run("lint", "--fix", f)
    assert (rc, err) == (0, "") and out.decode().endswith("fixed 2.\n")
    st = f.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, 0o640)
    assert f.read_bytes() == FIXED.encode()


# --- a save by another program while `nianbao lint --fix` runs is never lost --------------------

# Another program that saves the file over and over, alternating two versions of the same length,
# as long as the file holds what it saved last; when it finds something else (nianbao's fix) it
# stops, as an editor would ask before saving over a change. Prints the index of its last save.
WRITER = r"""
import os, signal, sys
path, how, a, b = sys.argv[1:]
versions = [open(a, "rb").read(), open(b, "rb").read()]
stop = []
signal.signal(signal.SIGUSR1, lambda *_: stop.append(1))
last = versions[0]
print("ready", flush=True)
while not stop:
    with open(path, "rb") as f:
        if f.read() != last:
            break
    last = versions[last == versions[0]]
    if how == "rename":                     # its own temporary file, renamed over the report
        with open(path + ".saving", "wb") as f:
            f.write(last)
        os.replace(path + ".saving", path)
    else:                                   # written into the report itself
        fd = os.open(path, os.O_WRONLY)
        os.write(fd, last)
        os.ftruncate(fd, len(last))
        os.close(fd)
print(versions.index(last), flush=True)
"""


@pytest.mark.parametrize("how", ["rename", "in place"])
def test_a_concurrent_save_is_never_overwritten_by_the_fix(tmp_path, how):
    """After every run the file holds the other program's last save, or the fix of exactly that
    save (nianbao said it fixed it); never the fix of a version that save had replaced."""
    versions = [TEXT.encode(), TEXT.replace("2021年1月20日", "2021年1月21日").encode()]
    fixes = [FIXED.encode(), FIXED.replace("2021年1月20日", "2021年1月21日").encode()]
    assert len(versions[0]) == len(versions[1]) and versions[0] != versions[1]
    for i, v in enumerate(versions):
        (tmp_path / f"v{i}").write_bytes(v)
    report = tmp_path / "r.txt"
    changed = f"nianbao: error: {report}: changed on disk while nianbao was running; not written\n"
    busy = f"nianbao: error: {report}: open for writing by another program; not written\n"
    outcomes = []
    for _ in range(20):
        report.write_bytes(versions[0])
        writer = subprocess.Popen([sys.executable, "-c", WRITER, report, how.split()[0], tmp_path / "v0",
                                   tmp_path / "v1"], stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline() == "ready\n"
        rc, out, err = run("lint", "--fix", report)
        writer.send_signal(signal.SIGUSR1)
        last = int(writer.communicate(timeout=60)[0])
        final = report.read_bytes()
        if final == fixes[last]:
            assert (rc, err) == (0, "") and out.decode().endswith("fixed 2.\n")
            outcomes.append("fixed")
        else:
            assert final == versions[last], f"the fix was written over a save it had not read: {rc} {err}"
            # 0: nianbao fixed the file, then the other program saved over the fix
            assert (rc, err) in ((2, changed), (2, busy), (0, ""))
            outcomes.append("theirs")
    print(how, outcomes)


@pytest.mark.parametrize("saves", [[1], [1, 2], [1, 2, 3], [2], [2, 3], [1, 3], [3]])
def test_saves_between_the_exchanges_leave_the_newest_in_place(tmp_path, monkeypatch, saves):
    """Another program saves (a new file renamed over the report) right after some of the
    exchanges nianbao makes once it found a save it had not read: the newest save is in place,
    and nothing else is left behind. With two saves in the window, the exchange that was to
    put a newer save back put an older one back instead, and the newest was deleted."""
    if fixing._renameat2() is None:
        pytest.fail("this test needs renameat2 (Linux, glibc >= 2.28)")
    report = tmp_path / "r.txt"
    report.write_bytes(TEXT.encode())
    st = os.stat(report)
    version = iter(range(1, 10))
    newest = []

    def save():                                   # as an editor saves: a new file renamed over it
        body = TEXT.replace("2021年1月20日", f"2021年1月2{next(version)}日").encode()
        (tmp_path / "r.txt.saving").write_bytes(body)
        os.replace(tmp_path / "r.txt.saving", report)
        newest[:] = [body]

    save()                                         # before nianbao's first exchange: not what it read
    real, count = fixing._exchange, [0]

    def exchange(a, b, must=False):
        done = real(a, b, must)
        count[0] += 1
        if count[0] in saves:
            save()
        return done
    monkeypatch.setattr(fixing, "_exchange", exchange)
    with pytest.raises(fixing.WriteError, match="changed on disk"):
        fixing._replace(str(report), st, TEXT.encode(), FIXED.encode())
    assert report.read_bytes() == newest[0]
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_a_file_open_for_writing_elsewhere_is_not_replaced_under_the_writer(tmp_path):
    """A program that writes into the file itself would write into a file no longer in place."""
    f = tmp_path / "r.txt"
    shutil.copy(SEED, f)
    with open(f, "r+b"):
        rc, out, err = run("lint", "--fix", f)
    assert (rc, err) == (2, f"nianbao: error: {f}: open for writing by another program; not written\n")
    assert f.read_bytes() == SEED.read_bytes() and [p.name for p in tmp_path.iterdir()] == ["r.txt"]
    assert run("lint", "--fix", f)[0] == 0 and f.read_bytes() == FIXED.encode()      # once closed

