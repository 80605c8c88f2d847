"""Waivers: accepted findings that should not fail the gate, but must stay visible.

A waiver file is a YAML list (or a mapping with a ``waivers:`` list)::

    - unit: 福州市医疗保障基金中心      # unit name as the report shows it, the source path
                                        # as given on the command line, its file name, or "*"
      rule: COM-EDIT-001                # rule id; shell-style wildcards allowed ("COM-EDIT-*")
      reason: 原文如此，已向财政局报备
      expires: 2026-06-30               # optional; the waiver applies up to and including it

A matching waiver is attached to each *failing* result it covers. While in force the result
does not fail the gate; once expired it stays attached (reports say so) but no longer helps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from checker.errors import ConfigError
from checker.limits import MAX_PACK_BYTES
from checker.model.results import BatchReport, RuleResult, UnitReport, Waiver

if TYPE_CHECKING:
    import yaml

REQUIRED = ("unit", "rule", "reason")
OPTIONAL = ("expires",)


@dataclass(frozen=True)
class WaiverEntry:
    unit: str
    rule: str
    reason: str
    expires: dt.date | None
    line: int
    source: str

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires

    def matches_unit(self, unit: UnitReport) -> bool:
        if self.unit == "*":
            return True
        names = {unit.source, PurePath(unit.source).name, PurePath(unit.source).as_posix()}
        if unit.unit:
            names.add(unit.unit)
        return self.unit in names

    def matches_rule(self, result: RuleResult) -> bool:
        return fnmatchcase(result.rule, self.rule)

    def to_waiver(self, today: dt.date) -> Waiver:
        return Waiver(unit=self.unit, rule=self.rule, reason=self.reason,
                      expires=self.expires.isoformat() if self.expires else None,
                      expired=self.expired(today))


def load_waivers(path: Path) -> list[WaiverEntry]:
    """Parse and validate a waiver file; any problem is one ``ConfigError`` naming file:line."""
    # PyYAML loads only when there is a waiver file: most runs have none (start-up).
    import yaml

    from checker.engine.safeyaml import SafeLoader, YamlLimitError, precheck

    where = str(path)
    try:
        if path.exists() and not path.is_file():
            raise ConfigError(where, "waiver file is not a regular file")
        with path.open("rb") as stream:
            raw = stream.read(MAX_PACK_BYTES + 1)
        if len(raw) > MAX_PACK_BYTES:
            raise ConfigError(where, f"豁免文件超过 {MAX_PACK_BYTES // (1024 * 1024)} MB 的上限")
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(where, "waiver file not found") from None
    except OSError as error:
        raise ConfigError(where, f"cannot read waiver file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(where, "waiver file is not UTF-8 text") from None
    try:
        precheck(text)
        root = yaml.compose(text, Loader=SafeLoader)
    except YamlLimitError as error:
        raise ConfigError(where, f"invalid YAML: {error.problem}", error.line,
                          error.column) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(where, f"invalid YAML: {problem}",
                          mark.line + 1 if mark else None) from None
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        root = _waivers_key(where, root)
    if not isinstance(root, yaml.SequenceNode):
        raise ConfigError(where, "a waiver file is a list of {unit, rule, reason, expires}",
                          root.start_mark.line + 1)
    return [_entry(where, node) for node in root.value]


def _waivers_key(where: str, root: yaml.MappingNode) -> yaml.Node:
    import yaml

    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "waivers":
            return value
    raise ConfigError(where, "expected a list of waivers or a 'waivers:' key",
                      root.start_mark.line + 1)


def _entry(where: str, node: yaml.Node) -> WaiverEntry:
    import yaml

    from checker.engine.safeyaml import SafeLoader

    line = node.start_mark.line + 1
    try:
        data: Any = SafeLoader("").construct_document(node)
    except yaml.YAMLError as error:
        # An unquoted invalid date (expires: 2026-02-30), a !!python tag, ...
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(where, f"invalid YAML: {problem}",
                          mark.line + 1 if mark else line) from None
    if not isinstance(data, dict):
        raise ConfigError(where, "each waiver is a mapping with unit, rule, reason", line)
    for key in data:
        if key not in REQUIRED + OPTIONAL:
            raise ConfigError(where, f"unknown waiver key '{key}' "
                                     f"(known: {', '.join(REQUIRED + OPTIONAL)})", line)
    for key in REQUIRED:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(where, f"waiver needs a non-empty '{key}'", line)
    return WaiverEntry(unit=data["unit"].strip(), rule=data["rule"].strip(),
                       reason=data["reason"].strip(),
                       expires=_date(where, data.get("expires"), line), line=line, source=where)


def _date(where: str, value: object, line: int) -> dt.date | None:
    if value is None:
        return None
    # YAML already turns an unquoted 2026-06-30 into a date; a quoted one is a string.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(where, f"expires must be a date YYYY-MM-DD, not {value!r}", line)


def apply_waivers(batch: BatchReport, entries: list[WaiverEntry],
                  today: dt.date | None = None) -> list[str]:
    """Attach waivers to the failing results they match; return notes for the user about
    waivers that expired or matched nothing (a stale waiver file hides nothing, but is noise).
    """
    waiving = Waiving(entries, today)
    for unit in batch.units:
        waiving.unit(unit)
    return waiving.notes()


class Waiving:
    """``apply_waivers`` one unit at a time, for a batch whose reports are written as they
    come: ``unit`` for each unit, then ``notes`` once at the end."""

    def __init__(self, entries: list[WaiverEntry], today: dt.date | None = None) -> None:
        self.entries = entries
        self.today = today or dt.date.today()
        self.used: set[int] = set()

    def unit(self, unit: UnitReport) -> None:
        if not self.entries:
            return
        for result in unit.results:
            if result.status != "fail" or result.waiver is not None:
                continue
            matching = [(i, e) for i, e in enumerate(self.entries)
                        if e.matches_unit(unit) and e.matches_rule(result)]
            if not matching:
                continue
            # A waiver still in force wins over an expired one for the same finding.
            index, entry = min(matching, key=lambda item: item[1].expired(self.today))
            result.waiver = entry.to_waiver(self.today)
            self.used.add(index)

    def notes(self) -> list[str]:
        notes = []
        for index, entry in enumerate(self.entries):
            where = f"{entry.source}:{entry.line}"
            if entry.expired(self.today):
                notes.append(f"{where}: waiver for {entry.rule} ({entry.unit}) expired on "
                             f"{entry.expires.isoformat() if entry.expires else ''} "
                             "and no longer applies")
            elif index not in self.used:
                notes.append(f"{where}: waiver for {entry.rule} ({entry.unit}) "
                             "matched no failing result")
        return notes
