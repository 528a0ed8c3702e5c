"""Which files a run reads (`lint` and `dump`): a file named on the command line whatever it is
called, and below a folder named the files with a report's suffix, less

- what git ignores there: `.gitignore` in every folder from the repository's top down (a deeper
  file's patterns win, `!` negates, a folder ignored is not entered) and `.git/info/exclude`;
- what `--exclude` (globs relative to the current folder, or to a folder named outside it) and
  the nearest config file's `exclude` (relative to that file's folder) name, in .gitignore syntax;
- version-control, virtualenv and build folders, and hidden ones.

Files named on the command line are read even when excluded or ignored, as ruff does."""
from __future__ import annotations

import os
from pathlib import Path

from . import config as configs
from .files import REPORT_SUFFIXES

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", "dist", "build"}


class Rules:
    """Ignore rules that apply in one folder: (base folder, spec) pairs, the deciding one last."""

    def __init__(self, pairs: tuple = ()):
        self.pairs = pairs

    def plus(self, base: Path, lines) -> "Rules":
        from pathspec import GitIgnoreSpec     # only when a folder is walked: ~30 ms to import
        lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
        return Rules(self.pairs + ((base, GitIgnoreSpec.from_lines(lines)),)) if lines else self

    def ignores(self, path: Path, is_dir: bool) -> bool:
        """git's answer: the last pattern that matches, in the deepest file that has one."""
        for base, spec in reversed(self.pairs):
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:               # an --exclude base beside the folder walked
                continue
            found = spec.check_file(rel + "/" if is_dir else rel)
            if found.include is not None:
                return found.include
        return False


def collect(paths: list[str], projects: configs.Resolver, exclude: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    """(path, named): named files are read whatever they look like; files found in folders only
    when they look like reports (decided after reading)."""
    out = []
    for p in paths:
        path = Path(p)
        if p != "-" and configs.path_is(path.is_dir):   # a name too long is read (and reported) as a file
            out += [(f, False) for f in _walk(path, projects, exclude)]
        else:
            out.append((p, True))
    return out


def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):          # a symlink loop
        return Path(os.path.abspath(path))


def _git_top(folder: Path) -> Path | None:
    for d in (folder, *folder.parents):
        if os.path.lexists(d / ".git"):
            return d
    return None


def _read_lines(f: Path) -> list[str]:
    try:
        with open(f, encoding="utf-8", errors="surrogateescape") as fh:
            return fh.read(1 << 20).splitlines()
    except OSError:
        return []


def _walk(root: Path, projects: configs.Resolver, exclude: tuple[str, ...]):
    top = _absolute(root)
    cwd = _absolute(Path.cwd())
    # --exclude is relative to the current folder, or to the folder walked when that is elsewhere
    base = cwd if top == cwd or cwd in top.parents else top
    rules = Rules().plus(base, exclude) if exclude else Rules()
    git = _git_top(top)
    if git is not None:
        rules = rules.plus(git, _read_lines(git / ".git" / "info" / "exclude"))
        for d in reversed(top.relative_to(git).parents):      # the folders above `root`, top first
            rules = rules.plus(git / d, _read_lines(git / d / ".gitignore"))
    yield from _folder(root, top, rules, git is not None, projects)


def _folder(shown: Path, real: Path, rules: Rules, git: bool, projects: configs.Resolver):
    """`shown` is the folder as the names printed spell it, `real` its resolved path (for rules)."""
    if git:
        rules = rules.plus(real, _read_lines(real / ".gitignore"))
    try:
        project = projects.project(real)
    except configs.ConfigError:
        project = None                        # reported when a file of it is linted
    if project is not None and project.exclude:
        rules = rules.plus(project.file.parent, project.exclude)
    try:
        entries = sorted(os.scandir(shown), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        try:
            is_dir = e.is_dir() and not e.is_symlink()       # a link to a folder is not entered
            is_file = not is_dir and e.is_file()
        except OSError:
            continue
        if is_dir:
            if not (e.name in SKIP_DIRS or e.name.startswith(".") or rules.ignores(real / e.name, True)):
                yield from _folder(Path(shown, e.name), real / e.name, rules, git, projects)
        elif is_file and "." in e.name and e.name[e.name.rfind("."):].lower() in REPORT_SUFFIXES \
                and not rules.ignores(real / e.name, False):
            yield str(Path(shown, e.name))
