"""Project configuration: ``[tool.budgetlint]`` in pyproject.toml or a ``budgetlint.toml``.

Keys (all optional)::

    pack = "rules/my-pack.yaml"       # rule pack used for every document (default: by profile)
    profile = "shanghai_budget"       # template profile for every document (default: detected)
    fail-on = "warning"               # error | warning (default: error)
    disable = ["COM-EDIT-001", "performance"] # rule ids or categories never evaluated
    tolerance = 0.02                  # arithmetic tolerance in 万元 (default: the engine's)
    waivers = "budgetlint-waivers.yaml"
    max-document-mb = 64              # larger documents are refused (default: 64)
    max-line-chars = 1000000          # a longer line is refused (default: 1,000,000)
    lang = "en"                       # language of the reports: zh (default) | en

In ``budgetlint.toml`` the keys sit at the top level (or under ``[tool.budgetlint]``, so a
table copied from pyproject.toml also works). Relative paths are relative to the file that
names them, so a config works from whichever directory budgetlint is run.

Unknown keys are errors rather than being ignored: a misspelt ``fail_on`` silently ignored
would weaken a CI gate without anyone noticing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from checker.errors import ConfigError

FAIL_ON_CHOICES = ("error", "warning")
KNOWN_KEYS = ("pack", "profile", "fail-on", "disable", "tolerance", "waivers", "max-document-mb",
              "max-line-chars", "lang")
LANG_CHOICES = ("zh", "en")


@dataclass
class Config:
    path: Path | None = None
    pack: Path | None = None
    profile: str | None = None
    fail_on: str | None = None
    disable: tuple[str, ...] = field(default_factory=tuple)
    tolerance: Decimal | None = None
    waivers: Path | None = None
    max_document_mb: float | None = None
    max_line_chars: int | None = None
    lang: str | None = None


def find_config(start: Path) -> Path | None:
    """The nearest budgetlint.toml, or pyproject.toml with a [tool.budgetlint] table, from
    ``start`` upwards. In one directory budgetlint.toml wins; a pyproject.toml without our
    table does not stop the search (it usually belongs to some other tool's project)."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "budgetlint.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_our_table(candidate):
            return candidate
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """Read ``explicit`` if given (it must exist), else the nearest config file, else defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(str(explicit), "config file not found")
        path: Path | None = explicit
    else:
        path = find_config(start or Path.cwd())
    if path is None:
        return Config()
    data = _read_toml(path)
    table = _our_table(path, data)
    return _parse_table(path, table)


def _has_our_table(path: Path) -> bool:
    # Any spelling of our table names us; a file that never does is not parsed (start-up).
    try:
        if b"budgetlint" not in path.read_bytes():
            return False
    except OSError:
        pass  # _read_toml reports it
    try:
        data = _read_toml(path)
    except ConfigError:
        # A broken pyproject.toml that might hold our table is reported, not skipped.
        return b"[tool.budgetlint]" in path.read_bytes()
    return isinstance(data.get("tool"), dict) and "budgetlint" in data["tool"]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ConfigError(str(path), f"cannot read config: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "config is not UTF-8 text") from None
    import tomllib  # only when there is a config file (start-up)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib puts the position in the message: "... (at line 3, column 5)".
        message = str(error)
        match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if match:
            raise ConfigError(str(path), f"invalid TOML: {message[:match.start()]}",
                              int(match.group(1)), int(match.group(2))) from None
        raise ConfigError(str(path), f"invalid TOML: {message}") from None


def _our_table(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    tool = data.get("tool")
    if isinstance(tool, dict) and "budgetlint" in tool:
        table = tool["budgetlint"]
        if not isinstance(table, dict):
            raise ConfigError(str(path), "[tool.budgetlint] must be a table")
        return table
    if path.name == "pyproject.toml":
        if isinstance(tool, dict) or "tool" not in data:
            return {}
        raise ConfigError(str(path), "'tool' must be a table")
    return data


def _parse_table(path: Path, table: dict[str, Any]) -> Config:
    where = str(path)
    for key in table:
        if key not in KNOWN_KEYS:
            import difflib  # only for a misspelt key

            close = difflib.get_close_matches(key.replace("_", "-"), KNOWN_KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            known = ", ".join(KNOWN_KEYS)
            raise ConfigError(where, f"unknown key '{key}'{hint}; known keys: {known}")
    config = Config(path=path)
    base = path.parent
    if "pack" in table:
        config.pack = base / _string(where, table, "pack")
    if "profile" in table:
        config.profile = _string(where, table, "profile")
    if "waivers" in table:
        config.waivers = base / _string(where, table, "waivers")
    if "fail-on" in table:
        config.fail_on = _choice(where, table, "fail-on", FAIL_ON_CHOICES)
    if "disable" in table:
        value = table["disable"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(where, "disable must be a list of rule ids (strings)")
        config.disable = tuple(value)
    if "lang" in table:
        config.lang = _choice(where, table, "lang", LANG_CHOICES)
    if "tolerance" in table:
        config.tolerance = parse_tolerance(table["tolerance"], where)
    for key in ("max-document-mb", "max-line-chars"):
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(where, f"{key} must be a positive number, not {value!r}")
            setattr(config, key.replace("-", "_"), value)
    return config


def _string(where: str, table: dict[str, Any], key: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value:
        raise ConfigError(where, f"{key} must be a non-empty string")
    return value


def _choice(where: str, table: dict[str, Any], key: str, choices: tuple[str, ...]) -> str:
    value = _string(where, table, key)
    if value not in choices:
        raise ConfigError(where, f"{key} must be one of {', '.join(choices)}, not '{value}'")
    return value


def parse_tolerance(value: object, where: str | None = None) -> Decimal:
    """A non-negative amount in 万元. Floats go through ``str`` so 0.01 stays 0.01 exactly."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ConfigError(where, f"tolerance must be a number, not {value!r}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ConfigError(where, f"tolerance must be a number, not {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ConfigError(where, f"tolerance must be a non-negative number, not {value!r}")
    return amount
