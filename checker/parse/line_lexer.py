"""The lark "lexer" of the disclosure grammar: the line tokens are made by
``checker.parse.lexer``, so it hands them on unchanged.

A module of its own because it subclasses lark's ``Lexer``: imported only when lark itself
parses (building the grammar's tables on a cache miss, reporting a document the grammar does
not accept), never on a one-file check's usual path (``checker.parse.lalr``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lark.lexer import Lexer


class LineTokens(Lexer):
    """Hands the lexer's ready-made line tokens to the LALR parser unchanged."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Any]:  # type: ignore[override]
        yield from data
