"""A bounded coverage-guided fuzz of the lint entry point (tests/fuzz_lint.py, atheris).

atheris.Fuzz() ends its process, so it runs in a subprocess, over a seed corpus built here from the
shared seeds and excerpts, the fixtures and `nianbao new` skeletons. 60 s by default,
NIANBAO_LONG=1: 3 minutes (longer runs: tests/README.md). atheris has wheels only for CPython 3.11–3.13 on Linux x86_64 (see the
test extras in pyproject.toml): there a missing atheris fails the test; elsewhere it is skipped.
"""
from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXCERPTS, ROOT, SEEDS

from nianbao.grammar import new_report

FUZZ_SECONDS = 180 if os.environ.get("NIANBAO_LONG") == "1" else 60    # conftest stops a test at 300 s
ATHERIS_PLATFORM = (sys.platform == "linux" and platform.machine() == "x86_64"
                    and platform.python_implementation() == "CPython" and (3, 11) <= sys.version_info[:2] < (3, 14))


def seed_corpus(path: Path) -> int:
    path.mkdir()
    seeds = sorted(SEEDS.glob("*.txt")) + sorted(EXCERPTS.glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").iterdir())
    for i, p in enumerate(seeds):
        (path / f"seed-{i:03}").write_bytes(p.read_bytes())
    for year, layout, nl, encoding in [(2019, "tsv", "\r\n", "utf-8"), (2021, "markdown", "\n", "gb18030"),
                                       (2025, "tsv", "\n", "utf-8-sig")]:
        (path / f"new-{year}").write_bytes(new_report(year, "某某县人民政府", layout, nl).encode(encoding))
    return len(seeds) + 3


def test_fuzz_the_lint_entry_point(tmp_path):
    if importlib.util.find_spec("atheris") is None:
        if ATHERIS_PLATFORM:
            pytest.fail("atheris is not installed but has wheels here: pip install -e '.[test]'")
        pytest.skip(f"no atheris wheels for {platform.python_implementation()} {platform.python_version()} "
                    f"on {sys.platform} {platform.machine()}")
    corpus, artifacts = tmp_path / "corpus", tmp_path / "artifacts"
    assert seed_corpus(corpus) > 20
    artifacts.mkdir()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fuzz_lint.py"), str(corpus), f"-max_total_time={FUZZ_SECONDS}",
         "-max_len=16384", "-timeout=60", "-rss_limit_mb=2048", f"-artifact_prefix={artifacts}/",
         "-print_final_stats=1"],
        capture_output=True, text=True, errors="replace", timeout=FUZZ_SECONDS + 90)
    report = proc.stderr[-6000:]
    assert proc.returncode == 0, report
    assert sorted(p.name for p in artifacts.iterdir()) == [], report
    assert "Done " in proc.stderr and "stat::number_of_executed_units" in proc.stderr, report
