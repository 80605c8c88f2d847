"""Patterns as words: a rule's regex must never reach a report, so where a kind names what it
looked for (the ``expected`` of a finding, a missing item in a message) it says it in words.

"原因|主要是" → “原因”或“主要是”; "车辆\\d+辆" → 车辆N辆; "[比较与]\\d{4}年" → 比N年.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.regex_cache import compile_re

_LOOK = compile_re(r"\(\?<?[=!](?:\[[^\]]*\]|[^)])*\)")
_GROUP = compile_re(r"\(\?(?:P<\w+>|:)")
_CLASS = compile_re(r"\[\^?([^\]]*)\]")
_DIGITS = compile_re(r"\\d(?:[+*]|\{\d*,?\d*\})?")
_QUANT = compile_re(r"\{\d*,?\d*\}|[+*?]")


def _alternative(pattern: str) -> str:
    text = _GROUP.sub("(", _LOOK.sub("", pattern))
    text = _DIGITS.sub("N", text)
    # A class stands for one of its characters: name the first ("[比较与]" → "比").
    text = _CLASS.sub(lambda m: m.group(1).replace("\\", "")[:1], text)
    text = re.sub(r"\\[sSwWbB]", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = _QUANT.sub("", text)
    text = re.sub(r"[()^$.|]", "", text)
    return text.strip()


def _split_top(pattern: str) -> list[str]:
    """The alternatives of the pattern's top level (a "|" inside a group stays)."""
    parts, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


@lru_cache(maxsize=1024)  # a column's name in a message for each row that lacks it
def describe(pattern: str) -> str:
    """A pattern as a reader would say it: one phrase, or “a”或“b” for alternatives."""
    words = [w for w in dict.fromkeys(_alternative(p) for p in _split_top(pattern)) if w]
    if not words:
        return pattern
    if len(words) == 1:
        return words[0]
    return "或".join(f"“{w}”" for w in words)
