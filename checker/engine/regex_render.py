"""A parsed regex fragment rendered back to readable regex text, for pack error messages."""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from typing import Any

Item = tuple[Any, Any]  # one (opcode, argument) entry of a parsed pattern

_CATEGORY_TEXT = {"DIGIT": r"\d", "NOT_DIGIT": r"\D", "SPACE": r"\s", "NOT_SPACE": r"\S",
                  "WORD": r"\w", "NOT_WORD": r"\W"}


def render(items: list[Item]) -> str:
    return "".join(_render_item(op, av) for op, av in items)


def _char(code: int) -> str:
    text = chr(code)
    return re.escape(text) if not text.isalnum() else text


def _render_item(op: Any, av: Any) -> str:
    if op is C.LITERAL:
        return _char(av)
    if op is C.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is C.ANY:
        return "."
    if op is C.IN:
        return _render_in(av)
    if op is C.SUBPATTERN:
        body = av[-1]
        if len(body) == 1 and body[0][0] is C.BRANCH:
            return "(" + "|".join(render(alt) for alt in body[0][1][1]) + ")"
        return f"({render(body)})"
    if op is C.ATOMIC_GROUP:
        return f"(?>{render(av)})"
    if op is C.BRANCH:
        return "(?:" + "|".join(render(alt) for alt in av[1]) + ")"
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, body = av
        text = render(body)
        if len(body) != 1 or body[0][0] in (C.MAX_REPEAT, C.MIN_REPEAT):
            text = f"(?:{text})"
        suffix = _quantifier(lo, hi)
        if op is C.MIN_REPEAT:
            suffix += "?"
        elif op is C.POSSESSIVE_REPEAT:
            suffix += "+"
        return text + suffix
    if op is C.CATEGORY:
        return _CATEGORY_TEXT.get(str(av).replace("CATEGORY_", "").replace("UNI_", ""), "?")
    if op is C.AT:
        return {"AT_BEGINNING": "^", "AT_END": "$"}.get(str(av), "")
    return ""


def _quantifier(lo: int, hi: int) -> str:
    unbounded = hi == C.MAXREPEAT
    if (lo, unbounded) == (0, True):
        return "*"
    if (lo, unbounded) == (1, True):
        return "+"
    if (lo, hi) == (0, 1):
        return "?"
    if unbounded:
        return f"{{{lo},}}"
    return f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"


def _render_in(members: list[Item]) -> str:
    parts: list[str] = []
    for op, av in members:
        if op is C.NEGATE:
            parts.append("^")
        elif op is C.LITERAL:
            parts.append(_char(av))
        elif op is C.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is C.CATEGORY:
            parts.append(_render_item(op, av))
    if len(parts) == 1 and parts[0].startswith("\\"):
        return parts[0]
    return "[" + "".join(parts) + "]"
