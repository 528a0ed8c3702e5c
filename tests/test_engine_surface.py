"""The doors (server/) use the engine only through its public surface, `nianbao.grammar`: no
import of a submodule such as `nianbao.grammar.linter`, and only names the surface lists."""
from __future__ import annotations

import ast
from pathlib import Path

import nianbao.grammar as grammar

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "server"


def _module(path: Path) -> list[str]:
    """The dotted package of a file of server/ as installed: nianbao.server[.lsp…]."""
    return ["nianbao", "server", *path.parent.relative_to(SERVER).parts]


def _engine_imports(path: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """Every import of nianbao.grammar[.x] in the file: (line, module, names imported from it)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name, ()) for a in node.names if a.name.startswith("nianbao.grammar")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = _module(path)
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("nianbao.grammar"):
                out.append((node.lineno, module, tuple(a.name for a in node.names)))
    return out


def test_the_doors_import_nothing_of_the_engine_but_its_surface():
    files = sorted(SERVER.rglob("*.py"))
    assert len(files) > 20
    bad = []
    for f in files:
        for line, module, names in _engine_imports(f):
            where = f"{f.relative_to(ROOT)}:{line}"
            if module != "nianbao.grammar":
                bad.append(f"{where} imports {module}")
            bad += [f"{where} imports {n}, which nianbao.grammar does not list" for n in names
                    if n not in grammar.__all__]
    assert bad == []


def test_the_scan_sees_relative_and_absolute_imports(tmp_path, monkeypatch):
    """The check above would pass vacuously if it missed an import form."""
    lsp = SERVER / "lsp" / "x.py"
    src = ("from ...grammar.linter import lint\nfrom ...grammar import parse\n"
           "import nianbao.grammar.model\nfrom .. import config\n")
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: src)
    assert _engine_imports(lsp) == [(1, "nianbao.grammar.linter", ("lint",)), (2, "nianbao.grammar", ("parse",)),
                                    (3, "nianbao.grammar.model", ())]


def test_every_name_of_the_surface_resolves():
    assert sorted(grammar.__all__) == sorted(grammar._LAZY)
    for name in grammar.__all__:
        assert getattr(grammar, name) is not None, name


def _module_imports(root: Path, top: str) -> dict[str, set[str]]:
    """Each module of a package and the modules of it that it imports at import time."""
    out = {}
    for f in root.rglob("*.py"):
        parts = list(f.relative_to(root).with_suffix("").parts)
        name = ".".join([top] + (parts[:-1] if parts[-1] == "__init__" else parts))
        package = name if f.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps = set()
        for node in ast.parse(f.read_text(encoding="utf-8")).body:       # not inside functions: those are lazy
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                if node.module:
                    deps.add(".".join(base + [node.module]))
                else:
                    deps.update(".".join(base + [a.name]) for a in node.names)
        out[name] = deps
    return {m: deps & set(out) for m, deps in out.items()}


def test_the_engine_has_no_import_cycle():
    """The rules are listed (rules/__init__.py), not registered on import through a cycle."""
    graph = _module_imports(ROOT / "grammar", "grammar")
    assert {"grammar.rules", "grammar.suppress", "grammar.linter"} <= set(graph)
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        assert m not in path, " → ".join(path[path.index(m):] + [m])
        if m not in done:
            for d in sorted(graph[m]):
                visit(d, path + [m])
            done.add(m)
    for m in sorted(graph):
        visit(m, [])
