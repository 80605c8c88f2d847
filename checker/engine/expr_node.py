"""The parsed form of a rule formula (``Node``) and its parse error, shared by
``checker.engine.expr`` (which evaluates and keeps trees) and ``checker.engine.expr_parse``
(which parses with lark, imported only for a formula not kept yet)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ExprError(Exception):
    """The expression text is not valid (reported when the rule pack is loaded)."""


@dataclass(frozen=True)
class Node:
    op: str
    args: tuple[Any, ...] = ()
