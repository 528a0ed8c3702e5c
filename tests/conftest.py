"""Shared test helpers: the real reports live in ../shared (never copied into the repo)."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The CLI speaks the locale's language (server/locale/): tests read its English words, whatever
# the machine's locale; tests/test_cli_i18n.py sets its own.
os.environ["LANGUAGE"] = "en"
sys.path.insert(0, str(ROOT / "bench"))          # tests build large inputs the way the benchmarks do
SHARED = Path(os.environ.get("NIANBAO_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
EXCERPTS = SHARED / "corpus" / "excerpts"


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


# The real reports are read where they are, never copied. Without them the unit tests still run;
# the modules that read them are left out and the summary says so — unless NIANBAO_REQUIRE_SHARED
# is set (test.sh, CI), where their absence stops the run.
HAVE_SHARED = SEEDS.is_dir()
_READS_SHARED = re.compile(r"^from conftest import [^\n]*\b(?:SHARED|SEEDS|EXCERPTS|seed_path)\b", re.M)
_left_out: list[str] = []


def huge_report() -> str:
    """Half a megabyte of real reports one after another: seconds of analysis with today's reader."""
    from bench_parse import concatenated
    return concatenated(512 * 1024)


def pytest_sessionstart(session):
    if not HAVE_SHARED and os.environ.get("NIANBAO_REQUIRE_SHARED"):
        pytest.exit(f"real reports not found at {SHARED} (set NIANBAO_SHARED)", returncode=2)


def pytest_ignore_collect(collection_path, config):
    if HAVE_SHARED or collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    if _READS_SHARED.search(collection_path.read_text(encoding="utf-8")):
        _left_out.append(collection_path.name)
        return True
    return None


def pytest_terminal_summary(terminalreporter):
    if _left_out:
        terminalreporter.write_line(
            f"real reports not found at {SHARED} (set NIANBAO_SHARED): {len(_left_out)} test modules "
            f"that read them were not run: {', '.join(sorted(_left_out))}", yellow=True)


def real_reports() -> Path:
    """SHARED, for a test inside a module that otherwise needs no real report; skips without it."""
    if not HAVE_SHARED:
        if os.environ.get("NIANBAO_REQUIRE_SHARED"):
            pytest.fail(f"real reports not found at {SHARED}")
        pytest.skip(f"needs the real reports in {SHARED}")
    return SHARED


@pytest.fixture(autouse=True)
def _no_test_hangs():
    """A test that waits forever (a server that never answers) fails instead of stalling CI."""
    import signal

    def expired(signum, frame):
        raise TimeoutError("test ran for more than 300 s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(300)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call":
        item.call_passed = outcome.get_result().passed     # for fixtures' teardown


@pytest.fixture
def servers(request):
    """`nianbao serve` processes a test starts (`stdio_client.start`): at its end, pass or fail,
    every one still running is killed and reaped; one left running by a passing test fails it."""
    started: list = []
    yield started
    alive = [s for s in started if s.p.poll() is None]
    for s in started:
        s.kill()
    if getattr(request.node, "call_passed", False):
        assert not alive, "a server process was still running at the end of the test"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (code points) of an offset, counting \\r\\n, \\r, \\n as breaks."""
    from nianbao.grammar import Source
    line, col = Source(text).position(offset)
    return line + 1, col + 1
