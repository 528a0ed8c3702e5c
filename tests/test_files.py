"""What `nianbao lint` / `dump` do with the files themselves: which files they read, in which
encodings, how `--fix` writes through links, keeps ownership and never overwrites a concurrent
save, `--fix -` as a filter, and `--diff` output that patch tools apply.

Every case runs the installed `nianbao` as a subprocess, as a user or an editor does.
"""
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import read, seed_path
from nianbao.server.files import MAX_BYTES

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
SEED = seed_path("001")          # two fixable headings: 5、 存在的… / 6、 其他…
TEXT = read(SEED)
FIXED = TEXT.replace("5、 存在的", "五、存在的").replace("6、 其他", "六、其他")
FIRST_FINDING = "396:1: NB104 第五部分标题序号“5、”应为“五、”"


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
