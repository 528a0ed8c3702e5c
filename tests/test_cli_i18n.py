"""The CLI's own words in Chinese when the locale is Chinese, English otherwise (gettext, the
catalogue in server/locale/); the findings stay Chinese and the text format stays the same."""
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
PO = ROOT / "server" / "locale" / "zh" / "LC_MESSAGES" / "nianbao.po"
S001 = seed_path("001")


def run(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, timeout=120, env={**clean, **env})
    return p.returncode, p.stdout.decode(), p.stderr.decode()


@pytest.mark.parametrize("var", LOCALE_VARS)
def test_chinese_locale_chinese_words(var):
    rc, out, err = run("lint", S001, **{var: "zh_CN.UTF-8"})
    assert (rc, err) == (0, "")
    assert out.splitlines() == [
        f"{S001}:396:1: warning NB104 第五部分标题序号“5、”应为“五、”",       # the format is the same
        f"{S001}:401:1: warning NB104 第六部分标题序号“6、”应为“六、”",
        "在 1 个文件中发现 2 个问题（0 个错误，2 个警告，0 个提示）；2 处可用 --fix 修复。"]


def test_help_and_argparse_words_in_chinese():
    rc, out, _ = run("lint", "--help", LANG="zh_CN.UTF-8")
    assert rc == 0 and out.startswith("用法：nianbao lint [-h]")
    assert "\n位置参数:\n" in out and "\n选项:\n" in out and "  -h, --help            显示本帮助并退出\n" in out
    assert "  --exit-zero           即使发现问题也以状态 0 退出\n" in out
    assert "usage" not in out and "options" not in out and "show this help" not in out
    rc, out, err = run("lint", "--format", "xml", S001, LANG="zh_CN.UTF-8")
    assert rc == 2 and err.splitlines()[-1] == (
        "nianbao lint：错误：参数 --format：无效的选项：'xml'（可选：'text', 'json', 'sarif', 'github'）")
    rc, out, err = run("lint", "--select", "nb104", S001, LC_ALL="zh_CN.UTF-8")
    assert err.splitlines()[-1] == "nianbao lint：错误：参数 --select：没有与 'nb104' 相符的规则（是不是 NB104？）"
    assert run("lint", "missing.txt", LANGUAGE="zh")[2] == "nianbao：错误：missing.txt: 文件不存在\n"


@pytest.mark.parametrize("env", [{}, {"LANG": "C.UTF-8"}, {"LANG": "en_US.UTF-8"}, {"LANG": "fr_FR.UTF-8"},
                                 {"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}])
def test_english_otherwise(env):
    rc, out, _ = run("lint", S001, **env)
    assert out.splitlines()[-1] == "Found 2 problems (0 errors, 2 warnings, 0 info) in 1 file; 2 fixable with --fix."
    rc, out, _ = run("lint", "--help", **env)
    assert out.startswith("usage: nianbao lint") and "\noptions:\n" in out


def _po() -> dict:
    from babel.messages.pofile import read_po
    with PO.open("rb") as f:
        return {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in read_po(f) if m.id}


def test_every_message_of_the_code_is_translated():
    from babel.messages.extract import extract_from_dir
    po = _po()
    method_map = [("server/*.py", "python")]
    extracted = {msg if isinstance(msg, str) else msg[0]
                 for _f, _l, msg, _c, _ctx in extract_from_dir(ROOT, method_map, keywords={"_": None, "ngettext": (1, 2)})}
    missing = sorted(m for m in extracted if m not in po or not po[m].string or po[m].fuzzy
                     or isinstance(po[m].string, tuple) and not all(po[m].string))
    assert not missing, f"untranslated in {PO.name} (server/locale/README.md): {missing}"


def test_the_compiled_catalogue_is_the_po():
    mo = ROOT / "server" / "locale" / "zh" / "LC_MESSAGES" / "nianbao.mo"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    po = {}
    for m in _po().values():
        if m.fuzzy:
            continue
        if isinstance(m.id, tuple):
            po.update({(m.id[0], i): s for i, s in enumerate(m.string)})
        else:
            po[m.id] = m.string
    assert {k: v for k, v in compiled.items() if k != ""} == po, "run pybabel compile (server/locale/README.md)"
