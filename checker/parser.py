"""Public entry points of the parser: a file or a text in, a ``Document`` out."""

from __future__ import annotations

from pathlib import Path

from checker.ast import Document


def parse_file(path: str | Path) -> Document:
    """Read, normalise and parse one disclosure. Raises ``InputError`` for unreadable input."""
    raise NotImplementedError


def parse_text(text: str, source: str = "<text>") -> Document:
    """Parse an already decoded disclosure text (used by rule examples and tests)."""
    raise NotImplementedError
