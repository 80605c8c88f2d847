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
import re
from typing import Any, TypeVar

# ESC sequences (CSI with parameters, OSC up to BEL/ST, two-character ones), then any other
# C0/C1 control character except tab and newline.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?%?")

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
    """A deep copy of a report (dataclasses, lists, dicts) with every string passed
    through ``terminal_text``: for the text format, which goes to terminals and logs."""
    return _clean(copy.deepcopy(report))  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return terminal_text(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_clean(item) for item in value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            setattr(value, item.name, _clean(getattr(value, item.name)))
    return value
