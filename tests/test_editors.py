"""Real editors as clients of `nianbao serve`: headless Neovim and Emacs + eglot open a real
report, and each must show the diagnostics at the right place in its own units — Neovim in
UTF-8 byte columns, Emacs/flymake in buffer positions (characters). The expected positions are
computed here from the text, not taken from the server. Then each types into its buffer (an
astral character in a line, a new first line): the incremental changes it sends must leave the
server with the buffer's text, so that the diagnostics move where they should.

The harnesses are tests/editors/harness.lua and harness.el; each writes what the editor
received to the JSON file named by NIANBAO_OUT and exits non-zero on a timeout, so a broken
server fails these tests instead of hanging them. No skipping: CI (.ci/run) installs the editors.
"""
from __future__ import annotations

import bisect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import read, seed_path

EDITORS = Path(__file__).parent / "editors"
NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent))
SERVER = NIANBAO          # the editors run `SERVER serve`
TIMEOUT = 20              # seconds the harness waits for diagnostics (then exits 1)
INSTALL = "apt-get install -y neovim emacs-nox elpa-eglot"


EDIT_IN_LINE, EDIT_NEW_LINE = "𠀀𠀀", "说明：𠀀"    # what the harnesses type with NIANBAO_EDIT=1


class Report:
    """Seed 003 copied into tmp, with positions computed independently of the server."""

    def __init__(self, tmp: Path):
        seed = seed_path("003")
        self.path = tmp / seed.name
        shutil.copyfile(seed, self.path)        # byte for byte; away from any nianbao.toml
        self.text = read(self.path)
        assert "\r" not in self.text and not self.path.read_bytes().startswith(b"\xef\xbb\xbf")
        # with \n only and no BOM, editor buffers hold exactly `text`
        self.index()

    def index(self) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.text)]

    def edit(self) -> None:
        """The edits the harnesses make in the buffer with NIANBAO_EDIT=1 (not to the file)."""
        at = self.starts[8]                      # the preface line of NB403
        self.text = EDIT_NEW_LINE + "\n" + self.text[:at] + EDIT_IN_LINE + self.text[at:]
        self.index()

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1          # 0-based

    def chars(self, offset: int) -> int:
        return offset - self.starts[self.line(offset)]

    def bytes(self, offset: int) -> int:
        start = self.starts[self.line(offset)]
        return len(self.text[start:offset].encode("utf-8"))

    def units(self, offset: int, enc: str) -> int:
        """Column of an offset in LSP units of the negotiated position encoding."""
        before = self.text[self.starts[self.line(offset)]:offset]
        return len(before.encode(enc.replace("utf-16", "utf-16-le").replace("utf-32", "utf-32-le"))) // (
            {"utf-8": 1, "utf-16": 2, "utf-32": 4}[enc])

    def char_col_from_bytes(self, line: int, col: int) -> int:
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return len(self.text[start:end].encode("utf-8")[:col].decode("utf-8"))

    def spans(self) -> dict[str, tuple[int, int]]:
        """Start and end offsets of the two diagnostics this test pins down exactly."""
        amount = self.text.index("136648（元）")             # NB208: an amount in 元, after CJK text
        five = self.text.index("五部分")                      # NB403: “由五部分组成” in the preface
        assert (self.line(amount) + 1, self.line(five) + 1, self.chars(five) + 1) in ((41, 9, 163), (42, 10, 165))
        assert self.bytes(amount) != self.chars(amount)       # so bytes vs characters is tested
        return {"NB208": (amount, amount + len("136648（元）")), "NB403": (five, five + 1)}

    def cli(self) -> list[tuple[str, int, int]]:
        """(code, 1-based line, 1-based column in code points) from `nianbao lint`."""
        out = subprocess.run([NIANBAO, "lint", str(self.path)], capture_output=True, text=True,
                             encoding="utf-8").stdout
        return sorted((m[3], int(m[1]), int(m[2])) for m in re.finditer(r":(\d+):(\d+): (?:error|warning|info) (NB\d+) ", out))


def require(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"`{program}` is not installed: install it with `{INSTALL}` "
                    f"(package {package}; CI's .ci/run installs it). These tests never skip.", pytrace=False)
    return path


def run_editor(cmd: list[str], report: Report, tmp: Path, edit: bool = False) -> dict:
    """Run a harness with config dirs in tmp; return the JSON it wrote, or fail with all we know."""
    assert SERVER, f"no nianbao executable next to {sys.executable}"
    home = tmp / "home"
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIMINIT", "EXINIT", "MYVIMRC", "VIMRUNTIME", "VIM", "EMACSLOADPATH", "EMACSDATA"}
           and not k.startswith("XDG_")}
    for name in ("CONFIG", "DATA", "CACHE", "STATE"):
        env[f"XDG_{name}_HOME"] = str(home / f"xdg-{name.lower()}")
    env.update(HOME=str(home), LANG="C.UTF-8", LC_ALL="C.UTF-8",
               NIANBAO_SERVER=SERVER, NIANBAO_FILE=str(report.path),
               NIANBAO_OUT=str(tmp / "received.json"), NIANBAO_TIMEOUT=str(TIMEOUT), NIANBAO_EDIT=str(int(edit)))
    home.mkdir()
    try:
        proc = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, timeout=TIMEOUT + 40)
    except subprocess.TimeoutExpired as e:                        # the harness's own timeout failed
        pytest.fail(f"{cmd[0]} hung past {TIMEOUT + 40} s\nstdout: {e.stdout}\nstderr: {e.stderr}", pytrace=False)
    out = tmp / "received.json"
    received = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    if proc.returncode == 3:
        pytest.fail(f"{received and received.get('error')}: install it with `{INSTALL}` (CI's .ci/run does)",
                    pytrace=False)
    if proc.returncode != 0 or received is None:
        pytest.fail(f"{' '.join(cmd)} exited {proc.returncode}\nreceived: "
                    f"{json.dumps(received, ensure_ascii=False, indent=1)}\n"
                    f"stdout: {proc.stdout[-3000:]}\nstderr: {proc.stderr[-3000:]}", pytrace=False)
    return received


def describe(received: dict) -> str:
    return "editor received: " + json.dumps(received, ensure_ascii=False, indent=1)


def check_wire(report: Report, got: dict, enc: str) -> None:
    """The last publishDiagnostics the editor got, in the encoding it uses for LSP positions."""
    (last, *_) = [p for p in reversed(got["published"]) if p["uri"].endswith(report.path.name)] or [None]
    assert last, describe(got)
    wire = {d["code"]: d["range"] for d in last["diagnostics"]}
    for code, (start, end) in report.spans().items():
        r = wire[code]
        assert (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]) == (
            report.line(start), report.units(start, enc), report.line(end), report.units(end, enc)), describe(got)


def test_neovim_columns_are_utf8_bytes(tmp_path):
    nvim = require("nvim", "neovim")
    report = Report(tmp_path)
    got = run_editor([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
                      "-c", f"luafile {EDITORS / 'harness.lua'}"], report, tmp_path)
    ds = got["diagnostics"]               # vim.diagnostic.get(): 0-based lines, byte columns
    where = {d["code"]: d for d in ds}
    for code, (start, end) in report.spans().items():
        assert code in where, describe(got)
        d = where[code]
        assert (d["lnum"], d["col"], d["end_lnum"], d["end_col"]) == (
            report.line(start), report.bytes(start), report.line(end), report.bytes(end)), describe(got)
    assert (where["NB208"]["severity"], where["NB403"]["severity"]) == (2, 3), describe(got)
    # Neovim 0.7.2 passes a column beyond the end of its line through unconverted (its
    # str_byteindex fails and it falls back to the raw number), so a server sending UTF-8 bytes
    # to this UTF-16 client would look right above: check what came over the wire too.
    check_wire(report, got, got["offset_encoding"])
    # every diagnostic starts where the CLI puts it (after converting bytes to code points)
    assert sorted((d["code"], d["lnum"] + 1, report.char_col_from_bytes(d["lnum"], d["col"]) + 1)
                  for d in ds) == report.cli(), describe(got)
    assert "Traceback" not in got.get("lsp_log", ""), got["lsp_log"]      # server stderr


def test_emacs_flymake_positions_are_characters(tmp_path):
    emacs = require("emacs", "emacs-nox")
    report = Report(tmp_path)
    got = run_editor([emacs, "--batch", "-l", str(EDITORS / "harness.el")], report, tmp_path)
    ds = got["diagnostics"]               # flymake: 1-based buffer positions, in characters
    where = {d["code"]: d for d in ds}
    for code, (start, end) in report.spans().items():
        assert code in where, describe(got)
        d = where[code]
        assert (d["beg"], d["end"]) == (start + 1, end + 1), describe(got)
        assert (d["line"], d["col"], d["end_line"], d["end_col"]) == (
            report.line(start) + 1, report.chars(start), report.line(end) + 1, report.chars(end)), describe(got)
        assert d["text"].startswith(f"nianbao [{code}]: "), describe(got)
    assert (where["NB208"]["type"], where["NB403"]["type"]) == ("eglot-warning", "eglot-note"), describe(got)
    check_wire(report, got, "utf-16")     # eglot 1.9 offers no positionEncodings: UTF-16 it is
    assert sorted((d["code"], d["line"], d["col"] + 1) for d in ds) == report.cli(), describe(got)
    assert "Traceback" not in got.get("server_stderr", ""), got["server_stderr"]


def test_neovim_edits_reach_the_server_incrementally(tmp_path):
    """Typing in Neovim: its incremental changes (ranges in its offset encoding, an astral
    character among them) leave the server with the buffer's text, so the diagnostics move."""
    nvim = require("nvim", "neovim")
    report = Report(tmp_path)
    got = run_editor([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n",
                      "-c", f"luafile {EDITORS / 'harness.lua'}"], report, tmp_path, edit=True)
    report.edit()
    assert "\n".join(got["edited"]) == report.text.removesuffix("\n"), describe(got)   # the buffer, as we edited it
    check_wire(report, got, got["offset_encoding"])
    where = {d["code"]: d for d in got["diagnostics"]}
    for code, (start, end) in report.spans().items():
        d = where[code]
        assert (d["lnum"], d["col"], d["end_lnum"], d["end_col"]) == (
            report.line(start), report.bytes(start), report.line(end), report.bytes(end)), describe(got)


def test_emacs_edits_reach_the_server_incrementally(tmp_path):
    emacs = require("emacs", "emacs-nox")
    report = Report(tmp_path)
    got = run_editor([emacs, "--batch", "-l", str(EDITORS / "harness.el")], report, tmp_path, edit=True)
    report.edit()
    assert got["edited"] == report.text, describe(got)            # the buffer, as we edited it
    check_wire(report, got, "utf-16")
    where = {d["code"]: d for d in got["diagnostics"]}
    for code, (start, end) in report.spans().items():
        assert (where[code]["beg"], where[code]["end"]) == (start + 1, end + 1), describe(got)
