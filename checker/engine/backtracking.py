"""Find regexes that can backtrack catastrophically (ReDoS), before a rule pack is used.

Python's ``re`` is a backtracking engine: a pattern such as ``(a+)+$`` takes time exponential in
the input length when a match fails, and one such pattern in a rule pack would hang every
``check`` run on a long document. Rule authors are finance staff, so the pack validator flags
these patterns with a message they can act on.

The analysis is a documented *heuristic* over the parse tree of ``re._parser`` (the standard
library's own parser, so it understands exactly the syntax ``re`` does). Inside every repeat that
can iterate many times (``*``, ``+``, ``{m,}`` or ``{m,n}`` with n > ``REPEAT_LIMIT``) it looks for
two ways of consuming the same text:

1. **Nested quantifier** — the repeated body contains a variable-width part V (``a+``, ``.*``,
   ``\\d{1,3}``, ``x?``) and no *mandatory* part of the body outside V is disjoint from V's
   characters. Then one run of text can be split between V and the outer repeat in exponentially
   many ways: ``(a+)+``, ``(.*)*``, ``(\\d+\\.?\\d*)+``, ``(.*a)*``. A mandatory separator that V
   cannot match makes the split unique, so ``(\\d+,)+`` and ``(ab+)+`` pass.
2. **Overlapping alternatives** — a branch inside the repeated body whose alternatives can start
   with the same character, or of which two can match the empty string: ``(a|a)*``, ``(ab|a.)*``,
   ``(\\d+|\\w+)+``. (``re._parser`` already folds ``(a|b)`` into ``[ab]`` and factors common
   prefixes, so ``(增加|增长)+`` is seen as ``增[加长]`` and passes.)

Possessive repeats (``a++``) and atomic groups (``(?>...)``) never give back what they matched,
so they are neither outer nor inner candidates. Lookarounds are zero-width and ignored.
Character sets are over-approximated (``\\w`` is every alphanumeric code point, case-insensitive
patterns add both cases), so the heuristic errs towards flagging: it can reject a pattern that is
in fact safe (rewrite it with a character class or a possessive quantifier), but it does not miss
the classic shapes above. Polynomial blow-ups such as ``.*.*.*x`` are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

from checker.engine.regex_charsets import ALL, EMPTY, CharSet, _category, _literal
from checker.engine.regex_render import Item, render

#: A bounded repeat allowing more than this many iterations is treated like ``*``.
REPEAT_LIMIT = 10


# --- the analyser -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One dangerous spot: what is repeated, and why it is ambiguous."""

    repeat: str
    reason: str

    def message(self) -> str:
        return f"can backtrack catastrophically: in the repeat {self.repeat}, {self.reason}"


class _Analyser:
    def __init__(self, parsed: Any) -> None:
        self.state = parsed.state
        self.ignore_case = bool(parsed.state.flags & re.IGNORECASE)

    # widths and character sets of single items

    def width(self, items: list[Item]) -> tuple[int, int]:
        lo, hi = P.SubPattern(self.state, list(items)).getwidth()
        return lo, hi

    def chars(self, items: list[Item]) -> CharSet:
        """Every character the items can consume, anywhere."""
        out = EMPTY
        for op, av in items:
            out = out | self._item_chars(op, av)
        return out

    def _item_chars(self, op: Any, av: Any) -> CharSet:
        if op is C.LITERAL:
            return _literal(av, self.ignore_case)
        if op is C.NOT_LITERAL:
            return _literal(av, self.ignore_case).complement()
        if op is C.ANY:
            return ALL
        if op is C.IN:
            return self._in(av)
        if op is C.SUBPATTERN:
            return self.chars(av[-1])
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return self.chars(av[2])
        if op is C.ATOMIC_GROUP:
            return self.chars(av)
        if op is C.BRANCH:
            return self._union(self.chars(alt) for alt in av[1])
        if op is C.GROUPREF_EXISTS:
            return self._union(self.chars(alt) for alt in av[1:] if alt is not None)
        if op is C.GROUPREF:
            return ALL  # a back-reference can repeat anything its group matched
        return EMPTY  # AT, ASSERT, ASSERT_NOT: zero-width

    def _in(self, members: list[Item]) -> CharSet:
        out = EMPTY
        negate = False
        for op, av in members:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                out = out | _literal(av, self.ignore_case)
            elif op is C.RANGE:
                out = out | CharSet.of([av])
                if self.ignore_case:
                    out = out | self._case_variants(av)
            elif op is C.CATEGORY:
                out = out | _category(av)
        return out.complement() if negate else out

    @staticmethod
    def _case_variants(bounds: tuple[int, int]) -> CharSet:
        lo, hi = bounds
        if hi - lo > 2000:  # a wide range: give up on precision, stay conservative
            return ALL
        return CharSet.of(
            (ord(v), ord(v))
            for code in range(lo, hi + 1)
            for v in (chr(code).lower(), chr(code).upper())
            if len(v) == 1
        )

    @staticmethod
    def _union(sets: Iterable[CharSet]) -> CharSet:
        out = EMPTY
        for charset in sets:
            out = out | charset
        return out

    def first_chars(self, items: list[Item]) -> CharSet:
        """Characters a match of the sequence can start with."""
        out = EMPTY
        for op, av in items:
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue
            if op is C.BRANCH:
                out = out | self._union(self.first_chars(alt) for alt in av[1])
            elif op is C.SUBPATTERN:
                out = out | self.first_chars(av[-1])
            elif op is C.ATOMIC_GROUP:
                out = out | self.first_chars(av)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                out = out | self.first_chars(av[2])
            else:
                out = out | self._item_chars(op, av)
            if self.width([(op, av)])[0] > 0:
                break
        return out

    # the search

    def find(self, items: list[Item]) -> Finding | None:
        """Walk the whole pattern; examine the body of every repeat that iterates many times."""
        for op, av in items:
            for body in self._children(op, av):
                found = self.find(body)
                if found:
                    return found
            if op in (C.MAX_REPEAT, C.MIN_REPEAT) and self._iterates_many(av):
                body = av[2]
                reason = self._ambiguous(body, outside=[])
                if reason:
                    return Finding(render([(op, av)]), reason)
        return None

    @staticmethod
    def _iterates_many(av: Any) -> bool:
        _lo, hi = av[0], av[1]
        return hi is C.MAXREPEAT or hi == C.MAXREPEAT or hi > REPEAT_LIMIT

    @staticmethod
    def _children(op: Any, av: Any) -> list[list[Item]]:
        if op is C.SUBPATTERN:
            return [av[-1]]
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return [av[2]]
        if op in (C.ASSERT, C.ASSERT_NOT):
            return [av[1]]
        if op is C.ATOMIC_GROUP:
            return [av]
        if op is C.BRANCH:
            return list(av[1])
        if op is C.GROUPREF_EXISTS:
            return [alt for alt in av[1:] if alt is not None]
        return []

    def _ambiguous(self, items: list[Item], outside: list[CharSet]) -> str | None:
        """Why one iteration of the repeated ``items`` can consume the same text two ways.

        ``outside`` holds the character sets of the mandatory parts of the repeated body that
        lie outside ``items`` (when ``items`` is a group or an alternative inside the body).
        """
        mandatory = [
            (index, self.chars([item]))
            for index, item in enumerate(items)
            if self.width([item])[0] > 0 and item[0] is not C.ATOMIC_GROUP
        ]
        for index, (op, av) in enumerate(items):
            others = outside + [chars for j, chars in mandatory if j != index]
            if op is C.SUBPATTERN:
                reason = self._ambiguous(av[-1], others)
            elif op is C.BRANCH:
                reason = (self._overlapping_branch(av[1])
                          or self._variable_part((op, av), others)
                          or self._first(self._ambiguous(alt, others) for alt in av[1]))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
                reason = self._variable_repeat((op, av), others)
            else:
                reason = None
            if reason:
                return reason
        return None

    def _variable_repeat(self, item: Item, others: list[CharSet]) -> str | None:
        lo, hi = self.width([item])
        if lo == hi or hi == 0:
            # fixed width: only its inside can be ambiguous
            return self._ambiguous(item[1][2], others)
        return self._variable_part(item, others)

    def _variable_part(self, item: Item, others: list[CharSet]) -> str | None:
        """A part of variable width is ambiguous unless a mandatory neighbour fixes its end."""
        lo, hi = self.width([item])
        if lo == hi:
            return None
        inner = self.chars([item])
        if any(not chars.overlaps(inner) for chars in others):
            return None  # a mandatory separator it cannot eat fixes every split
        shape = "nested quantifier" if item[0] is not C.BRANCH else "alternatives of unequal length"
        return (f"the part {render([item])} can match text that the repeat around it "
                f"matches too ({shape})")

    def _overlapping_branch(self, alternatives: list[list[Item]]) -> str | None:
        nullable = [alt for alt in alternatives if self.width(alt)[0] == 0]
        if len(nullable) > 1:
            return "two alternatives can both match the empty text (duplicate alternatives?)"
        firsts = [self.first_chars(alt) for alt in alternatives]
        for i, left in enumerate(firsts):
            for j in range(i + 1, len(firsts)):
                if left.overlaps(firsts[j]):
                    return (f"the alternatives {render(alternatives[i])} and "
                            f"{render(alternatives[j])} can start with the same character")
        return None

    @staticmethod
    def _first(reasons: Iterable[str | None]) -> str | None:
        return next((r for r in reasons if r), None)


def analyse(pattern: str) -> Finding | None:
    """The first catastrophic-backtracking shape in ``pattern``; None if none (or unparsable)."""
    try:
        parsed = P.parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return None  # not a regex at all: the loader reports compile errors
    return _Analyser(parsed).find(list(parsed.data))


def unmatchable_literals(pattern: str, never: Callable[[str], bool]) -> list[str]:
    """Literal characters of ``pattern`` (outside character classes, or classes made only of
    them) for which ``never(char)`` holds: the caller knows which characters its text lacks."""
    try:
        parsed = P.parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return []
    found: list[str] = []

    def walk(items: list[Item]) -> None:
        for op, av in items:
            if op is C.LITERAL and never(chr(av)):
                found.append(chr(av))
            elif op is C.IN and av and all(o is C.LITERAL and never(chr(a)) for o, a in av):
                found.append(chr(av[0][1]))
            for child in _Analyser._children(op, av):
                walk(child)

    walk(list(parsed.data))
    return found
