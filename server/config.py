"""Finding and reading a project's configuration: [tool.nianbao] in pyproject.toml, or nianbao.toml.

Found by walking up from each linted file; the nearest file that configures nianbao wins. No
file → defaults. A bad file → ConfigError naming the file and the key. The file is data only:
nothing in it is executed.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..grammar import RULES, Config, Record
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


def parse(f: Path, table: dict) -> Config:
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
    return cfg


class Project(Record):
    """The settings for the files of one folder: its nearest config file's, parsed."""
    __slots__ = ("file", "config", "exclude")

    def __init__(self, file: Path | None, config: Config, exclude: tuple[str, ...] = ()):
        self.file = file                 # None: no config file, defaults
        self.config = config
        self.exclude = exclude           # gitignore-style globs, relative to the file's folder


class Projects:
    """Config files looked up once per folder and read once each (a folder of 2,000 reports took
    2,000 walks up the tree and as many TOML parses). `adjust` applies the command line's options."""

    def __init__(self, adjust=lambda cfg: cfg):
        self.adjust = adjust
        self.folders: dict[Path, Project] = {}
        self.files: dict[Path | None, Project] = {}

    def of(self, folder: Path) -> Project:
        """The project of a folder, given resolved (ConfigError for a bad config file)."""
        hit = self.folders.get(folder)
        if hit is None:
            found = find(folder)
            key = found[0] if found else None
            hit = self.files.get(key)
            if hit is None:
                cfg = self.adjust(parse(*found) if found else Config())
                exclude = tuple(found[1].get("exclude", ())) if found else ()
                hit = self.files[key] = Project(key, cfg, exclude)
            self.folders[folder] = hit
        return hit


def for_path(path: Path) -> tuple[Config, Path | None]:
    found = find(path.resolve())
    if found is None:
        return Config(), None
    return parse(*found), found[0]
