"""Escaping for where the report goes: document text is hostile until shown otherwise.

- Terminals and CI logs: control characters and ANSI escape sequences from a document would
  recolour, hide or rewrite lines (``\\x1b[2K``, ``\\r``), so they are removed.
- Spreadsheets: a cell starting with ``= + - @`` (or a tab or CR) is taken for a formula by
  Excel and LibreOffice ("CSV injection"); such a cell gets a leading ``'``, which the
  spreadsheet shows as text. A plain number (``-12.50``) is not a formula and stays as it is.
- Markdown: renderers pass raw HTML through, so ``< > &`` are written as entities.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any, TypeVar

from checker.regex_cache import compile_re

# ESC sequences (CSI with parameters, OSC up to BEL/ST, two-character ones), then any other
# C0/C1 control character except tab and newline.
_ANSI = compile_re(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = compile_re(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = compile_re(r"[+-]?\d[\d,]*(?:\.\d+)?%?")

T = TypeVar("T")


def terminal_text(text: str) -> str:
    """``text`` without ANSI sequences and control characters (tab and newline kept)."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return _CONTROL.sub("", text)


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, never evaluates."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def markdown_text(text: str) -> str:
    """Text with HTML's special characters as entities, so no tag survives."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cleaned(report: T) -> T:
    """The report with every string passed through ``terminal_text``: for the text format,
    which goes to terminals and logs. The report itself is never changed: a part with
    something to remove is copied, the rest (nearly always all of it) is shared."""
    # Nearly every report has nothing to remove: one search of all its strings joined says
    # so, cheaper than the walk that rebuilds (a tenth of a batch's time in the text format).
    # Joining cannot make a match: every sequence removed starts with a control character.
    # Searched a few thousand strings at a time: a unit with 100,000 findings is never one
    # joined copy of all its text.
    scan = _Scan()
    _strings(report, scan)
    if not scan.done():
        return report
    return _clean(report)  # type: ignore[no-any-return]


class _Scan:
    """Strings gathered and searched for a control character a batch at a time."""

    BATCH = 4096

    def __init__(self) -> None:
        self.pending: list[str] = []
        self.found = False

    def flush(self) -> None:
        if not self.found and _CONTROL.search("".join(self.pending)):
            self.found = True
        self.pending.clear()

    def done(self) -> bool:
        """Whether any string has a control character (the last batch searched too)."""
        self.flush()
        return self.found


_LEAVES = (int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _strings(value: Any, scan: _Scan) -> None:
    """Every string ``_clean`` would pass through ``terminal_text``, given to ``scan``."""
    out = scan.pending
    kind = type(value)
    if kind is str:
        out.append(value)
    elif kind in _LEAVES:
        return
    elif isinstance(value, str):
        out.append(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _strings(item, scan)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, scan)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
        for name in names:
            item = getattr(value, name)
            if type(item) is str:
                out.append(item)
            elif item is not None:
                _strings(item, scan)
        if len(out) >= scan.BATCH:
            scan.flush()


def _clean(value: Any) -> Any:
    # A deep copy of every report cost a one-file check a tenth of its time: copy only the
    # containers on the way to a string that changes.
    if isinstance(value, str):
        return terminal_text(value)
    if isinstance(value, list):
        items = [_clean(item) for item in value]
        return value if _same(items, value) else items
    if isinstance(value, tuple):
        parts = tuple(_clean(item) for item in value)
        return value if _same(parts, value) else parts
    if isinstance(value, dict):
        entries = {key: _clean(item) for key, item in value.items()}
        return value if _same(entries.values(), value.values()) else entries
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [item.name for item in dataclasses.fields(value)]
        fields = {name: _clean(getattr(value, name)) for name in names}
        if _same(fields.values(), (getattr(value, name) for name in names)):
            return value
        fresh = copy.copy(value)
        for name, item in fields.items():
            object.__setattr__(fresh, name, item)
        return fresh
    return value


def _same(new: Any, old: Any) -> bool:
    return all(a is b for a, b in zip(new, old, strict=True))
