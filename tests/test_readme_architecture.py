"""README's architecture section names every module of grammar/ and server/, and only modules
that exist: a module added, renamed or removed shows here first."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("## Architecture\n"):text.index("\n## ", text.index("## Architecture\n") + 1)]


def test_every_module_is_on_the_map():
    named = set(re.findall(r"[\w]+\.py", _section()))
    modules = [p for top in ("grammar", "server") for p in (ROOT / top).rglob("*.py")
               if p.name != "__init__.py" or p.parent.name in ("grammar", "rules", "editions")]
    assert sorted(p.relative_to(ROOT).as_posix() for p in modules if p.name not in named) == []


def test_every_module_on_the_map_exists():
    existing = {p.name for top in ("grammar", "server") for p in (ROOT / top).rglob("*.py")}
    assert sorted(set(re.findall(r"[\w]+\.py", _section())) - existing) == []
