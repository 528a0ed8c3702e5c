"""README.zh-CN.md: linked from the top of README.md, the same set-up commands, every option of
the CLI as `--help` lists it, every config key, every rule group, the editors README.md names,
and only links that resolve in the repository."""
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

ZH = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
EN = (ROOT / "README.md").read_text(encoding="utf-8")
NIANBAO = Path(sys.executable).parent / "nianbao"


def code_blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def test_linked_from_the_top_of_readme():
    assert EN.splitlines()[2] == "[中文说明](README.zh-CN.md) · English"
    assert ZH.splitlines()[2] == "[English](README.md) · 中文"


def test_the_same_set_up_commands_and_snippets():
    en_sh, zh_sh = code_blocks(EN, "sh"), code_blocks(ZH, "sh")
    assert en_sh[:2] == zh_sh[:2]                     # install + check a report; ./test.sh
    assert code_blocks(EN, "yaml")[0] == code_blocks(ZH, "yaml")[0]       # the pre-commit hook
    en_toml = [ln.split("#")[0].rstrip() for ln in code_blocks(EN, "toml")[0].splitlines()]
    zh_toml = [ln.split("#")[0].rstrip() for ln in code_blocks(ZH, "toml")[0].splitlines()]
    assert en_toml == zh_toml


def test_every_cli_option_and_command():
    lint_help = subprocess.run([NIANBAO, "lint", "--help"], capture_output=True, text=True,
                               env={"LANGUAGE": "en", "PATH": ""}).stdout
    options = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", lint_help)) - {"-h", "--help"}
    assert len(options) == 20, options
    for opt in options:
        assert f"`{opt}" in ZH or f" {opt}" in ZH, opt
    top = subprocess.run([NIANBAO, "--help"], capture_output=True, text=True, env={"LANGUAGE": "en"}).stdout
    commands = re.findall(r"^    (\w+)\s", top, re.M)
    assert commands == ["lint", "serve", "rules", "dump", "text", "new"]
    for c in commands:
        assert f"nianbao {c}" in ZH, c


def test_config_keys_rules_and_editors():
    from nianbao.server.config import KEYS
    for key in KEYS:
        assert f"`{key}`" in ZH or f"{key} =" in ZH, key
    for group in ("NB1xx", "NB2xx", "NB3xx", "NB4xx", "NB001"):
        assert group in ZH
    for editor in ("**VS Code**", "**Neovim**", "**Emacs**", "**Helix**", "**Sublime Text**", "**Kate**"):
        assert editor in EN and editor in ZH, editor
    for setting in ("select", "ignore", "severity", "edition", "include", "lintOn", "minimumSeverity"):
        assert f"`{setting}`" in ZH, setting


def test_links_resolve():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", ZH)
    assert "docs/rules.md" in links
    for link in links:
        assert not link.startswith(("http:", "https:")), link            # nothing invented
        assert (ROOT / link).exists(), link
