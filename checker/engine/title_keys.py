"""A line as a title (``title_key``) and a document's short lines by their title keys
(``TitleLines``), remembered for the last document: profile detection, ``toc`` and
``presence`` look at them (``checker.engine.profiles.title_lines`` builds them), and a parsed
text's are built in one pass with the check's joined text (``checker.kinds._joined``)."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from checker.model.ast import Document
from checker.parse.normalize import comparable
from checker.regex_cache import compile_re

# A title line is a short line: prose that happens to name a table is longer than this.
MAX_TITLE_LINE = 60
_SHORT = frozenset(range(1, MAX_TITLE_LINE + 1))
_LEADERS = compile_re(r"(?:\.{2,}|·{2,}|…+|-{3,}|_{3,}).*$")
_TRAILING_PAGE = compile_re(r"\d{1,3}$")
_TRAILING_NOTE = compile_re(r"\([^()]{1,12}\)$")


@lru_cache(maxsize=8192)  # every profile scores the same lines
def title_key(text: str) -> str:
    """A line as a title: no whitespace, full-width folded, no leaders, page or "(功能科目)"."""
    return key_of_normalised(comparable(text))


@lru_cache(maxsize=4096)  # a document's lines normalised: ``comparable``'s texts and bound
def key_of_normalised(key: str) -> str:
    """``title_key`` of a text whose normalised form (``comparable``) is ``key``."""
    found = _LEADERS.search(key)
    if found is None:
        return _TRAILING_NOTE.sub("", key)
    return _TRAILING_NOTE.sub("", _TRAILING_PAGE.sub("", _LEADERS.sub("", key)))


class TitleLines(NamedTuple):
    """A document's lines short enough to be a title: their numbers and title keys."""

    numbers: Sequence[int]  # packed (an int object each was ~0.4x a large document)
    keys: list[str]


def remembered_title_lines(doc: Document) -> TitleLines | None:
    """``title_lines(doc)`` when built already for ``doc`` as its lines are now."""
    memo = _TITLE_LINES
    lines = doc.lines
    if memo is not None and memo[0]() is doc and memo[1] == (id(lines), len(lines)):
        return memo[2]
    return None


def remember_title_lines(doc: Document, found: TitleLines) -> None:
    """Keep ``found`` as ``title_lines(doc)`` (``doc`` as its lines are now)."""
    global _TITLE_LINES
    # The last document's only, held weakly: never a document kept alive by it.
    _TITLE_LINES = (weakref.ref(doc), (id(doc.lines), len(doc.lines)), found)


_TITLE_LINES: tuple[weakref.ref[Document], tuple[int, int], TitleLines] | None = None
