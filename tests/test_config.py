"""The one config resolver (server/config.py) both doors use: found, parsed, layered, cached."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from nianbao.grammar import Config
from nianbao.server import config as configs
from nianbao.server.cli import build_parser
from nianbao.server.lint_cmd import resolver
from nianbao.server.lsp.state import Documents, Settings

FILE = """[tool.nianbao]
select = ["NB1", "NB2", "NB3"]
ignore = ["NB104"]
severity = {NB205 = "error", NB302 = "info"}
edition = "2019"
include = ["*.log"]
exclude = ["drafts/"]
"""


def _project(tmp_path: Path, text: str = FILE) -> Path:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    report = tmp_path / "sub" / "report.txt"
    report.parent.mkdir()
    report.write_text("x", encoding="utf-8")
    return report


def _rewrite(f: Path, text: str) -> None:
    """A later mtime for sure: a write within the file system's clock tick may keep the old one."""
    before = f.stat().st_mtime_ns
    f.write_text(text, encoding="utf-8")
    os.utime(f, ns=(before + 10**9, before + 10**9))


def test_every_key_of_the_file_is_read(tmp_path):
    report = _project(tmp_path)
    p = configs.Resolver().project(report)
    assert p.file == tmp_path / "pyproject.toml"
    assert p.config == Config(("NB1", "NB2", "NB3"), ("NB104",), {"NB205": "error", "NB302": "info"}, "2019")
    assert (p.include, p.exclude) == (("*.log",), ("drafts/",))


def test_the_overrides_are_layered_in_one_order(tmp_path):
    """select and edition replace the file's, ignore adds to it, severity goes code by code over
    it, include adds to it; exclude is the file's alone."""
    report = _project(tmp_path)
    over = configs.Overrides(select=("NB3",), ignore=("NB301",), severity=(("NB302", "warning"), ("NB101", "off")),
                             edition="2021", include=("*.text",))
    p = configs.Resolver().project(report, over)
    assert p.config == Config(("NB3",), ("NB104", "NB301"), {"NB205": "error", "NB302": "warning", "NB101": "off"},
                              "2021")
    assert (p.include, p.exclude) == (("*.log", "*.text"), ("drafts/",))
    # nothing set: the file's settings as they are
    assert configs.Resolver().project(report, configs.Overrides()).config == configs.Resolver().project(report).config
    assert configs.layer(Config(), configs.Overrides(select=())) == Config(select=())


def test_the_cache_reads_a_config_file_once_and_again_once_edited(tmp_path, monkeypatch):
    report = _project(tmp_path)
    loads = []
    real = configs._load
    monkeypatch.setattr(configs, "_load", lambda f: loads.append(f) or real(f))
    r = configs.Resolver()
    assert r.project(report).config.select == ("NB1", "NB2", "NB3")
    assert r.project(report.parent).config.select == ("NB1", "NB2", "NB3")
    assert r.project(report).config.select == ("NB1", "NB2", "NB3")
    assert loads == [tmp_path / "pyproject.toml"]            # found once per folder, read once
    _rewrite(tmp_path / "pyproject.toml", FILE.replace('select = ["NB1", "NB2", "NB3"]', 'select = ["NB4"]'))
    assert r.project(report).config.select == ("NB4",)
    assert r.project(report.parent).config.select == ("NB4",)
    assert loads == [tmp_path / "pyproject.toml"] * 2         # read once more, for both folders


def test_a_config_file_made_nearer_is_seen_after_invalidate(tmp_path):
    report = _project(tmp_path)
    r = configs.Resolver()
    assert r.project(report).config.edition == "2019"
    (report.parent / "nianbao.toml").write_text('edition = "2021"\n', encoding="utf-8")
    assert r.project(report).config.edition == "2019"       # not looked for: no word of it yet
    r.invalidate()
    assert r.project(report).config.edition == "2021"
    (report.parent / "nianbao.toml").unlink()                # deleted: its stamp says so, no invalidate needed
    assert r.project(report).config.edition == "2019"


def test_both_doors_resolve_the_same_config_for_the_same_file_and_overrides(tmp_path):
    report = _project(tmp_path)
    args = build_parser().parse_args(["lint", "--select", "NB3,NB2", "--ignore", "NB301", "--edition", "2021",
                                      str(report)])
    cli = resolver(args).project(report).config
    docs = Documents()
    docs.settings = Settings(select=("NB3", "NB2"), ignore=("NB301",), edition="2021")
    doc = docs.open(report.as_uri(), "plaintext", 1, "x")
    lsp, include, error = docs.config_for(doc)
    assert cli == lsp == Config(("NB3", "NB2"), ("NB104", "NB301"), {"NB205": "error", "NB302": "info"}, "2021")
    assert (include, error) == (("*.log",), None)
    # and without overrides, the file's own
    assert resolver(build_parser().parse_args(["lint", str(report)])).project(report).config == \
        Documents().config_for(Documents().open(report.as_uri(), "plaintext", 1, "x"))[0] == \
        configs.Resolver().project(report).config


def test_a_bad_config_file_is_an_error_for_both_doors(tmp_path):
    report = _project(tmp_path, "[tool.nianbao]\nselect = 3\n")
    docs = Documents()
    cfg, include, error = docs.config_for(docs.open(report.as_uri(), "plaintext", 1, "x"))
    assert (cfg, include) == (Config(), ())
    assert error == f"{tmp_path / 'pyproject.toml'}: select must be a list of rule codes or prefixes, e.g. [\"NB2\", \"NB401\"]"
    with pytest.raises(configs.ConfigError) as e:
        configs.Resolver().project(report)
    assert str(e.value) == error
