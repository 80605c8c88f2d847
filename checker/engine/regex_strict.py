"""The strict validator for rule patterns that RE2 cannot run and so run on Python's ``re``.

``backtracking.analyse`` finds the classic exponential shapes (``(a+)+``, ``(a|a)*``). A
pattern that backtracks in ``re`` has more ways to be slow, all found by the hostile-input
probe of issue #14, and all refused here for ``re``-only patterns:

- a conditional group ``(?(1)...)`` or a back-reference ``\\1``: ``re`` must try every way
  the referenced group could have matched (``(\\d)?(?(1)\\d+|x)+y``);
- a repeat of more than one iteration (bounded or not) around a part that repeats without
  bound: ``(\\d+){10}X``, ``(?:\\d+){2,10}X``, ``(?:(?:\\d+){5}){5}X``, ``(?:.*,){1,10}X``;
- two unbounded repeats in a row that can eat the same characters with nothing mandatory
  between them that the first cannot eat: ``.*.*.*.*X`` (polynomial: n⁴).

A pattern RE2 compiles never gets here: RE2 is linear whatever the pattern.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

from checker.engine.backtracking import REPEAT_LIMIT, _Analyser
from checker.engine.regex_charsets import CharSet
from checker.engine.regex_render import render
from checker.regex import limit_problem, re2_compile

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)


def strict_problem(pattern: str) -> str | None:
    """Why the ``re``-only ``pattern`` could backtrack, or None."""
    try:
        parsed = P.parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return None  # compile errors are reported by the caller
    analyser = _Analyser(parsed)
    finding = analyser.find(list(parsed.data))
    if finding:
        return finding.message()
    problem = _Strict(analyser).sequence(list(parsed.data))
    if problem:
        return (f"{problem}; RE2 cannot run this pattern (it uses lookaround or a "
                "back-reference), so Python's backtracking engine would: rewrite it")
    return None


def _many(av: Any) -> bool:
    hi = av[1]
    return hi is C.MAXREPEAT or hi == C.MAXREPEAT or hi > REPEAT_LIMIT


class _Strict:
    def __init__(self, analyser: _Analyser) -> None:
        self.a = analyser

    def sequence(self, items: list[Any]) -> str | None:
        open_runs: list[tuple[CharSet, Any]] = []  # unbounded repeats not yet fenced off
        for op, av in items:
            if op is C.GROUPREF_EXISTS:
                return "contains a conditional group (?(n)...|...)"
            if op is C.GROUPREF:
                return "contains a back-reference"
            for child in _Analyser._children(op, av):
                problem = self.sequence(child)
                if problem:
                    return problem
            item = (op, av)
            if op in _REPEATS:
                if av[1] > 1 and self._unbounded_inside(av[2]):
                    return (f"the repeat {render([item])} repeats a part that itself repeats "
                            "without bound (nested quantifier)")
                lo, hi = self.a.width([item])
                if _many(av) and lo != hi:
                    chars = self.a.chars([item])
                    for earlier, earlier_item in open_runs:
                        if earlier.overlaps(chars):
                            return (f"{render([earlier_item])} and {render([item])} follow each "
                                    "other and can match the same text (adjacent quantifiers)")
                    open_runs.append((chars, item))
                    continue
            if self.a.width([item])[0] > 0:
                chars = self.a.chars([item])
                # A mandatory part that an open run cannot eat fixes where that run ends.
                open_runs = [(c, i) for c, i in open_runs if c.overlaps(chars)]
        return None

    def _unbounded_inside(self, items: list[Any]) -> bool:
        for op, av in items:
            if op in _REPEATS and _many(av) and self.a.width([(op, av)])[0] != \
                    self.a.width([(op, av)])[1]:
                return True
            if op in (*_REPEATS, C.POSSESSIVE_REPEAT) and self._unbounded_inside(av[2]):
                return True
            if any(self._unbounded_inside(child) for child in _Analyser._children(op, av)
                   if op not in (*_REPEATS, C.POSSESSIVE_REPEAT)):
                return True
        return False


def check_pattern(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a rule pattern, or None: limits, does not compile, or needs
    ``re`` and could backtrack."""
    problem = limit_problem(pattern)
    if problem:
        return problem
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError) as error:
        return f"does not compile: {error}"
    if re2_compile(pattern) is not None:
        return None
    return strict_problem(pattern)
