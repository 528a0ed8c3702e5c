"""Finding and reading a project's configuration: [tool.nianbao] in pyproject.toml, or nianbao.toml.

Found by walking up from each linted file; the nearest file that configures nianbao wins. No
file → defaults. A bad file → ConfigError naming the file and the key. The file is data only:
nothing in it is executed.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..grammar import RULES, Config, Record, value
from .i18n import _

KEYS = {"select", "ignore", "severity", "edition", "include", "exclude"}
LEVELS = ("error", "warning", "info", "off")
MAX_SIZE = 16 * 1024 * 1024      # a config file larger than this is refused, not parsed


class ConfigError(Exception):
    pass


def find(start: Path) -> tuple[Path, dict] | None:
    """The nearest config file at or above `start` that has nianbao settings, with the table."""
    d = start if path_is(start.is_dir) else start.parent
    for folder in [d, *d.parents]:
        for name in ("nianbao.toml", "pyproject.toml"):
            f = folder / name
            if not path_is(f.is_file):
                continue
            data = _load(f)
            tool = data.get("tool")           # another tool's business if it is no table
            table = data if name == "nianbao.toml" else tool.get("nianbao") if isinstance(tool, dict) else None
            if table is not None:
                return f, table
    return None


def path_is(test) -> bool:
    """A Path.is_dir / is_file that says no instead of raising (a name too long, …)."""
    try:
        return test()
    except (OSError, ValueError):
        return False


def _load(f: Path) -> dict:
    # imported here, not at the top: most lints find no config, and the import costs ~2 ms of start-up
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with f.open("rb") as fh:
            data = fh.read(MAX_SIZE + 1)
        if len(data) > MAX_SIZE:
            raise ConfigError(f"{f}: cannot read: larger than {MAX_SIZE // (1024 * 1024)} MB")
        return tomllib.loads(data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))  # as read_text
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{f}: cannot read: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{f}: not valid TOML: {e}") from None
    except RecursionError:
        raise ConfigError(f"{f}: not valid TOML: nested too deeply") from None


def _show(v) -> str:
    """A value for an error message: short, and never the repr of a nested structure (which
    recurses without limit on a deeply nested one)."""
    if isinstance(v, (str, int, float, bool)):
        r = repr(v)
        return r if len(r) <= 60 else r[:59] + "…"
    return f"a {type(v).__name__}"


def rule_codes(values) -> tuple[str, ...]:
    """Rule codes or prefixes, as `select` / `ignore` take them from the config file or the
    command line: upper case (as ruff), each matching at least one rule. ValueError names the
    first that does not, with the closest code or prefix when there is one."""
    for v in values:
        if not v:
            raise ValueError(_("empty rule code"))
        if not v.startswith("NB") or not any(code.startswith(v) for code in RULES):
            near = _closest(v)
            raise ValueError(_("no rule matches {code}").format(code=_show(v))
                             + (_(" (did you mean {code}?)").format(code=near) if near else ""))
    return tuple(values)


def _closest(v: str) -> str | None:
    import difflib      # only on this error path
    prefixes = {code[:n] for code in RULES for n in range(3, len(code))}
    guess = v.strip().upper()
    guess = guess[:2] + guess[2:].replace("O", "0")      # nb104 and NB1O4 are both NB104
    if guess in RULES or guess in prefixes:
        return guess
    near = difflib.get_close_matches(guess, sorted(RULES), n=1, cutoff=0.6)
    return near[0] if near else None


def split_codes(arg: str) -> tuple[str, ...]:
    """A command line's comma-separated list: `NB3,NB104` or `"NB3, NB104"`."""
    return rule_codes([v.strip() for v in arg.split(",")])


def _codes(f: Path, key: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{f}: {key} must be a list of rule codes or prefixes, e.g. [\"NB2\", \"NB401\"]")
    try:
        return rule_codes(value)
    except ValueError as e:
        raise ConfigError(f"{f}: {key}: {e}") from None


def parse(f: Path, table: dict) -> Project:
    """Every key of config file `f`'s nianbao table, checked (ConfigError names the first that
    is wrong): the rules' settings as a Config, the file globs beside it."""
    if not isinstance(table, dict):
        raise ConfigError(f"{f}: the nianbao settings must be a table")
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{f}: unknown key {_show(sorted(unknown)[0])} (known: {', '.join(sorted(KEYS))})")
    cfg = Config()
    if "select" in table:
        cfg.select = _codes(f, "select", table["select"])
    if "ignore" in table:
        cfg.ignore = _codes(f, "ignore", table["ignore"])
    if "severity" in table:
        sev = table["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{f}: severity must be a table such as {{NB205 = \"error\"}}")
        known = RULES
        for code, level in sev.items():
            if code not in known:
                raise ConfigError(f"{f}: severity: unknown rule {_show(code)}")
            if level not in LEVELS:
                raise ConfigError(f"{f}: severity.{code}: {_show(level)} is not one of {', '.join(LEVELS)}")
        cfg.severity = dict(sev)
    if "edition" in table:
        if table["edition"] not in ("2019", "2021"):
            raise ConfigError(f"{f}: edition must be \"2019\" or \"2021\"")
        cfg.edition = table["edition"]
    for key in ("include", "exclude"):
        if key in table and not (isinstance(table[key], list) and all(isinstance(v, str) for v in table[key])):
            raise ConfigError(f"{f}: {key} must be a list of glob patterns")
    return Project(f, cfg, tuple(table.get("include", ())), tuple(table.get("exclude", ())))


@value
class Overrides:
    """What a door puts over the config file: the command line's options (`lint --select …`) or
    the editor's settings (section `nianbao`). None / empty: the file's value stands."""
    select: tuple[str, ...] | None = None     # replaces the file's
    ignore: tuple[str, ...] = ()              # added to the file's
    severity: tuple[tuple[str, str], ...] = ()   # (code, level) pairs, each over the file's
    edition: str | None = None                # replaces the file's
    include: tuple[str, ...] = ()             # added to the file's


def layer(cfg: Config, over: Overrides) -> Config:
    """`over` on top of a config file's settings: the one layering order of both doors."""
    if over.select is not None:
        cfg = cfg.replace(select=over.select)
    if over.ignore:
        cfg = cfg.replace(ignore=cfg.ignore + over.ignore)
    if over.severity:
        cfg = cfg.replace(severity={**cfg.severity, **dict(over.severity)})
    if over.edition:
        cfg = cfg.replace(edition=over.edition)
    return cfg


class Project(Record):
    """The settings for the files of one folder: its nearest config file's, with the overrides."""
    __slots__ = ("file", "config", "include", "exclude")

    def __init__(self, file: Path | None, config: Config, include: tuple[str, ...] = (),
                 exclude: tuple[str, ...] = ()):
        self.file = file                 # None: no config file, defaults
        self.config = config
        self.include = include           # globs of files always linted as reports (the language server)
        self.exclude = exclude           # gitignore-style globs, relative to the file's folder


def _stamp(f: Path) -> tuple[int, int] | None:
    try:
        st = f.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class Resolver:
    """The config of a path, for both doors: the nearest config file found, parsed (every key),
    with overrides layered on; looked up once per folder and read once per file (a folder of
    2,000 reports took 2,000 walks up the tree and as many TOML parses). A config file edited
    since it was read (mtime or size) is read again; a config file created or deleted nearer to
    a folder is seen after `invalidate()` (the language server calls it when the editor says a
    config file changed)."""

    def __init__(self, overrides: Overrides = Overrides()):
        self.overrides = overrides               # the command line's; the editor passes its own per call
        self.invalidate()

    def invalidate(self) -> None:
        self._folders: dict[Path, Path | None] = {}                       # folder → its config file
        self._files: dict[Path | None, tuple[tuple | None, Project]] = {}  # file → (stamp, its settings)

    def project(self, path: Path, overrides: Overrides | None = None) -> Project:
        """The project of a file or folder, `overrides` (else the resolver's) on top of its config
        file (ConfigError for a bad config file)."""
        found = self._file_project(path)
        over = self.overrides if overrides is None else overrides
        if over == Overrides():
            return found
        return Project(found.file, layer(found.config, over), found.include + over.include, found.exclude)

    def _file_project(self, path: Path) -> Project:
        try:
            path = path.resolve()
        except (OSError, RuntimeError):          # a symlink loop: reading the file reports it
            path = Path(os.path.abspath(path))
        folder = path if path_is(path.is_dir) else path.parent
        if folder in self._folders:
            file = self._folders[folder]
            hit = self._files.get(file)
            if hit is not None and (file is None or hit[0] == _stamp(file)):
                return hit[1]
        found = find(folder)
        file = found[0] if found else None
        stamp = _stamp(file) if file else None
        project = parse(*found) if found else Project(None, Config())
        self._folders[folder] = file
        self._files[file] = (stamp, project)
        return project
