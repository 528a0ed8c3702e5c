"""The VS Code extension end to end: the packaged .vsix in a real VS Code (code-server 4.100.3,
VS Code 1.100.3), driven by Debian's Chromium through playwright-core (tests/vscode/drive.mjs).

It opens a copy of seed 001, reads nianbao's two NB104 warnings in the Problems panel and the
status bar, applies the quick fix for line 396 from the light-bulb menu, sees the heading read
五、存在的主要问题及改进情况 and the diagnostic go, saves, and checks the file on disk.

Installs what it needs that is not a system package, once, under .cache/ (ignored by git):
code-server from the npm registry (ENGINEERING-NOTES recipe, Debian's ripgrep pre-seeded), the
driver's playwright-core, and builds the .vsix when its sources are newer. Missing system
packages (chromium, ripgrep, build headers; .ci/run installs them) fail the test, never skip it.

A fresh screenshot is kept at .cache/vscode-e2e/vscode.png (and workspace.png: the Problems
panel after "Lint All Reports in the Workspace"); docs/vscode.png and docs/vscode-workspace.png
(committed, shown in the README) are written when missing or with NIANBAO_UPDATE_SCREENSHOT=1.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, read, seed_path

CODE_SERVER = "4.100.3"
RIPGREP_CACHE = "vscode-ripgrep-cache-1.15.11"          # @vscode/ripgrep 1.15.11's download cache
RIPGREP_ASSET = "ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
CLIENT = ROOT / "client-vscode"
DRIVER = ROOT / "tests" / "vscode"
CACHE = ROOT / ".cache"
CHROMIUM = os.environ.get("NIANBAO_CHROMIUM", "/usr/bin/chromium")
APT_HINT = ("apt-get install -y --no-install-recommends chromium ripgrep libkrb5-dev pkg-config "
            "libx11-dev libxkbfile-dev libsecret-1-dev fonts-wqy-microhei (.ci/run does this)")

LINE, FIXED = 396, "五、存在的主要问题及改进情况"
STEP_TIMEOUT_MS = 60_000
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "update.mode": "none",
    "workbench.tips.enabled": False,
    "editor.minimap.enabled": False,
}


def run(cmd, cwd: Path, timeout: float, env=None) -> str:
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"{' '.join(map(str, cmd))} took longer than {timeout} s:\n{(e.output or '')[-3000:]}")
    except FileNotFoundError as e:
        pytest.fail(f"{cmd[0]} not found ({e}); install it: {APT_HINT}")
    if p.returncode:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({p.returncode}) in {cwd}:\n{p.stdout[-4000:]}")
    return p.stdout


def npm_env() -> dict[str, str]:
    return {**os.environ, "npm_config_yes": "true", "npm_config_audit": "false", "npm_config_fund": "false",
            "npm_config_update_notifier": "false"}


@contextlib.contextmanager
def locked(name: str):
    """Others may run the suite in the same checkout at the same time: one installer at a time."""
    CACHE.mkdir(exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def ensure_code_server() -> Path:
    home = CACHE / "code-server"
    exe = home / "node_modules" / ".bin" / "code-server"
    marker = home / f".installed-{CODE_SERVER}"
    with locked("code-server"):
        if marker.exists() and exe.exists():
            return exe
        if shutil.which("npm") is None:
            pytest.fail("npm not found: Node 20 and npm are needed for the VS Code test")
        rg = shutil.which("rg")
        if rg is None:
            pytest.fail(f"ripgrep (rg) not found: code-server's @vscode/ripgrep is seeded with it; {APT_HINT}")
        # @vscode/ripgrep's postinstall downloads rg from GitHub; give it Debian's from its cache.
        seed = Path(os.environ.get("TMPDIR", "/tmp")) / RIPGREP_CACHE
        seed.mkdir(parents=True, exist_ok=True)
        if not (seed / RIPGREP_ASSET).exists():
            with tarfile.open(seed / f"{RIPGREP_ASSET}.{os.getpid()}", "w:gz") as tar:
                tar.add(rg, arcname="rg")
            os.replace(seed / f"{RIPGREP_ASSET}.{os.getpid()}", seed / RIPGREP_ASSET)
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        (home / "package.json").write_text('{"name": "code-server-for-tests", "private": true}\n')
        # unsafe_perm: code-server's postinstall insists on it (as root); yes: node-pty's runs npx node-gyp
        env = {**npm_env(), "npm_config_unsafe_perm": "true"}
        run(["npm", "install", "--no-save", f"code-server@{CODE_SERVER}"], home, timeout=900, env=env)
        version = run([str(exe), "--version"], home, timeout=60)
        assert CODE_SERVER in version, version
        marker.write_text(version)
        return exe


def ensure_driver() -> None:
    with locked("driver"):
        if not (DRIVER / "node_modules" / "playwright-core" / "package.json").exists():
            run(["npm", "ci"], DRIVER, timeout=300, env=npm_env())


def vsix_sources() -> list[Path]:
    files = [CLIENT / n for n in ("package.json", "package-lock.json", "package.nls.json", "package.nls.zh-cn.json",
                                  "python-requirements.txt", ".vscodeignore", "README.md", "LICENSE")]
    for d in (CLIENT / "src", CLIENT / "l10n", CLIENT / "scripts", CLIENT / "images", ROOT / "grammar", ROOT / "server"):
        files += [p for p in d.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return files + [ROOT / "pyproject.toml"]


def ensure_vsix() -> Path:
    """The packaged extension, rebuilt (npm run package) when any of its sources is newer."""
    version = json.loads((CLIENT / "package.json").read_text())["version"]
    vsix = CLIENT / f"nianbao-{version}.vsix"
    with locked("vsix"):
        newest = max(p.stat().st_mtime for p in vsix_sources() if p.exists())
        if not vsix.exists() or vsix.stat().st_mtime < newest:
            if not (CLIENT / "node_modules" / ".package-lock.json").exists():
                run(["npm", "ci"], CLIENT, timeout=600, env=npm_env())
            env = {**npm_env(), "NIANBAO_BUILD_PYTHON": os.environ.get("NIANBAO_BUILD_PYTHON", sys.executable)}
            run(["npm", "run", "package"], CLIENT, timeout=600, env=env)
        assert vsix.exists(), f"npm run package did not produce {vsix}"
        return vsix


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"code-server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        time.sleep(0.2)
    pytest.fail(f"code-server not answering at {url} after {timeout} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """code-server, its extension host and our language server share one process group."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)     # stragglers (python server) left in the group


def extension_logs(user_data: Path) -> str:
    logs = sorted(user_data.glob("logs/*/exthost*/nianbao.nianbao/*.log"))
    return "\n".join(f"== {p}\n{p.read_text(errors='replace')[-4000:]}" for p in logs) or "(no nianbao log)"


def drive_vscode(tmp_path: Path, *, settings: dict | None = None, workspace_settings: dict | None = None,
                 mode: str = "", files: dict[str, str] | None = None,
                 driver_env: dict[str, str] | None = None) -> tuple[dict, Path, str]:
    """Install the .vsix into a fresh code-server, open a copy of seed 001 (report.txt; also
    notes.md, and `files`: name → text) in Chromium, run tests/vscode/drive.mjs; → (its
    result, the workspace, logs)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: {APT_HINT}")
    if shutil.which("node") is None:
        pytest.fail("node not found: Node 20 is needed for the VS Code test")
    started = time.monotonic()
    exe = ensure_code_server()
    ensure_driver()
    vsix = ensure_vsix()
    prepared = time.monotonic()

    ws, user_data, extensions = tmp_path / "ws", tmp_path / "user-data", tmp_path / "extensions"
    for d in (ws, user_data / "User", extensions, tmp_path / "xdg-config", tmp_path / "xdg-data", tmp_path / "bin"):
        d.mkdir(parents=True)
    (ws / "report.txt").write_text(read(seed_path("001")), encoding="utf-8")
    (ws / "notes.md").write_text("# 会议记录\n\n不是年度报告。\n", encoding="utf-8")
    for name, text in (files or {}).items():
        (ws / name).parent.mkdir(parents=True, exist_ok=True)
        (ws / name).write_text(text, encoding="utf-8")
    (user_data / "User" / "settings.json").write_text(json.dumps({**USER_SETTINGS, **(settings or {})}, indent=2))
    if workspace_settings is not None:      # the driver changes it while VS Code runs (NB_SETTINGS)
        (ws / ".vscode").mkdir()
        (ws / ".vscode" / "settings.json").write_text(json.dumps(workspace_settings))
    # `python3` on PATH is a bare interpreter (no nianbao, no pygls): the .vsix must carry them.
    os.symlink(getattr(sys, "_base_executable", sys.executable), tmp_path / "bin" / "python3")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
           "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    for var in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(var, None)
    dirs = ["--extensions-dir", str(extensions), "--user-data-dir", str(user_data)]

    out = run([str(exe), *dirs, "--install-extension", str(vsix)], tmp_path, timeout=120, env=env)
    assert "successfully installed" in out, out

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "code-server.log"
    with open(log, "w") as logf:
        proc = subprocess.Popen(
            [str(exe), "--bind-addr", f"127.0.0.1:{port}", "--auth", "none", "--disable-telemetry",
             "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override",
             *dirs, str(ws)],
            cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
            start_new_session=True)
    result_path = tmp_path / "result.json"
    try:
        wait_healthy(url, proc, log)
        drive = subprocess.run(
            ["node", str(DRIVER / "drive.mjs")], cwd=DRIVER, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=660,
            env={**env, "NB_URL": url, "NB_FOLDER": str(ws), "NB_FILE": "report.txt", "NB_FILE2": "notes.md",
                 "NB_MODE": mode, "NB_SETTINGS": str(ws / ".vscode" / "settings.json"), "NB_CHROMIUM": CHROMIUM, "NB_PROFILE": str(tmp_path / "chromium-profile"),
                 "NB_OUT": str(result_path), "NB_SHOT": str(tmp_path / "vscode.png"),
                 "NB_STEP_TIMEOUT_MS": str(STEP_TIMEOUT_MS), **(driver_env or {})})
    finally:
        stop(proc)
    result = json.loads(result_path.read_text()) if result_path.exists() else {}
    result["prepare_s"] = round(prepared - started, 1)
    result["total_s"] = round(time.monotonic() - started, 1)
    logs = extension_logs(user_data)
    context = (f"\ndriver output:\n{drive.stdout[-3000:]}\nresult: {json.dumps(result, ensure_ascii=False, indent=1)[:6000]}"
               f"\n{logs}\ncode-server log:\n{log.read_text()[-2000:]}")
    assert drive.returncode == 0 and result.get("ok"), f"driving VS Code failed{context}"
    return result, ws, logs + context


def test_vscode_extension_end_to_end(tmp_path):
    result, ws, context = drive_vscode(tmp_path)
    report, original = ws / "report.txt", read(seed_path("001"))

    # Problems panel and status bar before the fix: nianbao's two NB104 warnings.
    before = result["problemsBefore"]
    assert [r["text"] for r in before] == [
        "第五部分标题序号“5、”应为“五、” nianbao NB104 [Ln 396, Col 1]",
        "第六部分标题序号“6、”应为“六、” nianbao NB104 [Ln 401, Col 1]",
    ], context
    assert all(r["label"].startswith("Warning:") for r in before), context
    assert result["statusBefore"] == "nianbao 2", context
    assert "改为“五、”（NB104）" in result["actions"], context
    # After the quick fix: the heading reads right, one warning is left (line 401).
    assert result["lineAfter"] == FIXED, context
    assert [r["text"] for r in result["problemsAfter"]] == ["第六部分标题序号“6、”应为“六、” nianbao NB104 [Ln 401, Col 1]"], context
    assert result["statusAfter"] == "nianbao 1", context

    # Saved from VS Code: only that heading changed on disk.
    saved = report.read_text(encoding="utf-8").split("\n")
    lines = original.split("\n")
    assert saved[LINE - 1] == FIXED, saved[LINE - 1]
    assert saved[:LINE - 1] == lines[:LINE - 1] and saved[LINE:] == lines[LINE:]

    # The server really ran from the .vsix, with the bare python3 found on PATH.
    assert f"using Python {sys.version_info.major}.{sys.version_info.minor}" in context and "(python3)" in context, context
    assert "/extensions/nianbao.nianbao-" in context and "bundled/libs" in context, context

    keep = CACHE / "vscode-e2e"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "vscode.png", keep / "vscode.png")
    docs_png = ROOT / "docs" / "vscode.png"
    if not docs_png.exists() or os.environ.get("NIANBAO_UPDATE_SCREENSHOT") == "1":
        shutil.copy(tmp_path / "vscode.png", docs_png)
    (keep / "timing.json").write_text(json.dumps(
        {"prepare_s": result["prepare_s"], "total_s": result["total_s"],
         "steps_ms": {s["name"]: s["ms"] for s in result["steps"]}}, ensure_ascii=False, indent=2))


def test_vscode_too_old_python_is_one_clear_notification(tmp_path):
    """nianbao.python names a Python 3.9: one notification saying what to do, no server, no
    stack trace, and not again for the next document."""
    fake = tmp_path.parent / f"{tmp_path.name}-python3.9"
    fake.write_text("#!/bin/sh\n# answers the extension's version probe like a Python 3.9 would\necho 3.9.18\n")
    fake.chmod(0o755)
    result, ws, context = drive_vscode(tmp_path, settings={"nianbao.python": str(fake)}, mode="old-python")
    expected = (f'nianbao needs Python 3.10 or newer, but "nianbao.python" ({fake}) is Python 3.9.18. '
                'Install Python 3.10+ and point "nianbao.python" at it.')
    assert result["notifications"] == [expected], context
    assert result["notificationsLater"] == [expected], context      # the same one toast, nothing added
    assert result["statusBefore"] == "nianbao", context             # $(error) nianbao: could not start
    assert "could not start" in (result["statusTooltip"] or ""), context
    assert "server started" not in context and "Traceback" not in context, context


def test_vscode_settings_and_commands(tmp_path):
    """nianbao.severity reaches the server through workspace/configuration (settings.ts's
    mapping), set before start-up (NB104 as info) and changed while the report is open (as
    error); the palette commands reach the server's nianbao.fixAll (with the document's uri) and
    nianbao.newReport ({year, organ, uri}): the report is fixed, a new document gets a skeleton."""
    result, ws, context = drive_vscode(tmp_path, mode="commands", settings={"nianbao.severity": {"NB104": "info"}},
                                       workspace_settings={})
    assert result["statusBefore"] == "nianbao 2" and result["statusAfterFixAll"] == "nianbao", context
    assert "codicon-error" in result["statusIconBefore"], context
    assert all(r["label"].startswith("Error:") for r in result["problemsBefore"]), context
    assert result["defaultYear"] == str(time.localtime().tm_year - 1), context
    assert result["skeleton"]["lines"][0] == f"某某县人民政府{result['defaultYear']}年政府信息公开工作年度报告", context
    assert "Untitled" in result["skeleton"]["tab"], context
    assert result["statusSkeleton"] == "nianbao 3", context          # NB107: 一, 五 and 六 are placeholders


def test_vscode_lint_all_reports_in_the_workspace(tmp_path):
    """Nothing opened: the palette's "nianbao: Lint All Reports in the Workspace" fills the
    Problems panel with the findings of both reports (the server's workspace/diagnostic), not
    those of the draft that nianbao.toml excludes nor of the note that is no report; then
    nianbao.minimumSeverity "error" leaves the two errors of the second report."""
    files = {"sub/第二份.txt": read(seed_path("003")), "drafts/draft.txt": read(seed_path("003")),
             "nianbao.toml": 'exclude = ["drafts/"]\n'}
    result, ws, context = drive_vscode(tmp_path, mode="workspace", files=files, workspace_settings={},
                                       driver_env={"NB_WANT_ROWS": "6", "NB_WANT_ERRORS": "2"})
    assert result["problemsAll"] == [         # files with errors first, each one's problems by severity
        "第二份.txt: NB202 51", "第二份.txt: NB202 53", "第二份.txt: NB208 41", "第二份.txt: NB403 9",
        "report.txt: NB104 396", "report.txt: NB104 401",
    ], context
    assert result["tabs"] == [], context                    # no report was opened for it
    assert result["problemsErrors"] == ["第二份.txt: NB202 51", "第二份.txt: NB202 53"], context
    keep = CACHE / "vscode-e2e"
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "vscode.png", keep / "workspace.png")
    docs_png = ROOT / "docs" / "vscode-workspace.png"     # shown in the README
    if not docs_png.exists() or os.environ.get("NIANBAO_UPDATE_SCREENSHOT") == "1":
        shutil.copy(tmp_path / "vscode.png", docs_png)


def test_vscode_enable_setting(tmp_path):
    """nianbao.enable false: no server starts, the status bar says it is off and the report
    open has no problems; true: the server starts and its two warnings appear; false again:
    the server stops and they go."""
    result, ws, context = drive_vscode(tmp_path, mode="enable", settings={}, workspace_settings={"nianbao.enable": False})
    assert "turned off" in result["statusOff"], context
    assert result["problemsOff"] == [], context
    assert [r["text"] for r in result["problemsOn"]] == [
        "第五部分标题序号“5、”应为“五、” nianbao NB104 [Ln 396, Col 1]",
        "第六部分标题序号“6、”应为“六、” nianbao NB104 [Ln 401, Col 1]",
    ], context
    assert result["statusOn"] == "nianbao 2", context
    assert result["problemsOffAgain"] == [], context
    log = context.split("\ndriver output:")[0]             # the extension's log (the context repeats it)
    lines = [ln.split("] ", 1)[1] for ln in log.splitlines() if ln.startswith("20") and "] " in ln]
    assert [ln for ln in lines if ln.startswith(("nianbao.enable", "server started"))] == [
        "nianbao.enable is false: no server",               # no server before it was turned on
        "server started: python3 -m nianbao.server.cli serve",
        "nianbao.enable is false: no server",               # (its exit may come after the test's end)
    ], context
