"""A cheap necessary condition for a pattern: a piece of it every match contains.

``checker.regex_literals`` rules out a paragraph lacking a word every match holds ("万元"); a
pattern such as the counts' ``(?=…)(?P<name>[^\\d…]{2,12}?)(?<!增加)…(?P<count>\\d+)(?P<unit>人次|
人|辆|…)`` has none, and its lookahead gate costs a dozen steps at every position of every
paragraph. Yet every match holds a digit followed by one of the units: the pattern's last
items alone. A pattern that starts with a lookbehind (an amount's ``(?<![\\d.])``) gets no
help from the engine either, while its items after it, starting with a digit, do.

This module finds such a piece: a run of consecutive top-level items that look at nothing
outside the text they consume (no lookaround, anchor or back-reference), compiled on their
own. Whenever the pattern matches, those items matched a substring of the text, so
the piece finds a match too: a text where the piece finds none holds no match of the pattern.

The piece is cut so that it starts with a character or a character class (leading groups
opened, a leading repeat read as its last repetition): the regex engine then skips straight
to the positions where that character stands. It holds no unbounded repeat (it starts after
the last one): without the pattern's lookbehinds, "\\d[\\d,]*万元" would start again at every
digit of a long run of digits, and the search would grow with the square of the run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

from checker.disk_memo import MISSING, DiskMemo, code_digest, is_word_groups, memoized
from checker.regex_cache import Program, from_program, program_of

# What this module finds in the shipped phrasings is the same every run (and parsing their
# patterns was ~5 % of a one-file check): kept across runs, keyed by this module's code.
# ``pattern`` → its choices; ``("piece", pattern)`` → its piece's program.
_PIECES = DiskMemo("regex-pieces", code_digest([__file__]))

_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def _free(items: Any) -> bool:
    """The items look at nothing but the characters they consume."""
    for op, av in items:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY):
            continue
        if op in _REPEATS:
            if not _free(av[2]):
                return False
        elif op is _sre.SUBPATTERN:
            if av[1] or av[2] or not _free(av[3]):  # a group that changes flags: left out
                return False
        elif op is _sre.ATOMIC_GROUP:
            if not _free(av):
                return False
        elif op is _sre.BRANCH:
            if not all(_free(branch) for branch in av[1]):
                return False
        else:  # AT, ASSERT, ASSERT_NOT, GROUPREF, GROUPREF_EXISTS, …
            return False
    return True


def _has_literal(items: Any) -> bool:
    """Some item must be one of a few given characters (a literal, or a class of literals
    such as "人|辆" compiles to): what makes a piece rare in ordinary text."""
    for op, av in items:
        if op is _sre.LITERAL:
            return True
        if op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in av):
            return True
        if op in _REPEATS and av[0] >= 1 and _has_literal(av[2]):
            return True
        if op is _sre.SUBPATTERN and _has_literal(av[3]):
            return True
        if op is _sre.BRANCH and all(_has_literal(branch) for branch in av[1]):
            return True
    return False


def _lead(items: list[Any]) -> list[Any] | None:
    """``items`` cut to start with a character or a (not negated) class, or None."""
    items = list(items)
    while items:
        op, av = items[0]
        if op is _sre.SUBPATTERN:  # a leading group: its items in its place
            items = [*av[3], *items[1:]]
        elif op in _REPEATS and av[0] >= 1 and len(av[2]) == 1:
            # X{m,n} ends in one X: the piece holds from the last repetition on
            items = [av[2][0], *items[1:]]
        else:
            break
    if not items:
        return None
    op, av = items[0]
    if op is _sre.LITERAL:
        return items
    if op is _sre.IN and not any(kind is _sre.NEGATE for kind, _ in av):
        return items
    return None


def _bounded(items: Any) -> bool:
    """No repeat without an upper bound among the items."""
    for op, av in items:
        if op in _REPEATS and (av[1] == _sre.MAXREPEAT or not _bounded(av[2])):
            return False
        if op is _sre.SUBPATTERN and not _bounded(av[3]):
            return False
        if op is _sre.ATOMIC_GROUP and not _bounded(av):
            return False
        if op is _sre.BRANCH and not all(_bounded(branch) for branch in av[1]):
            return False
    return True


def _candidate(run: list[Any]) -> list[Any] | None:
    """The longest end of the run (any end of it is a piece too) that is bounded, starts with
    a character or class and holds a literal character, or None."""
    for start in range(len(run)):
        lead = _lead(run[start:])
        while lead is not None and not _bounded(lead):
            last = max(index for index, item in enumerate(lead) if not _bounded([item]))
            lead = _lead(lead[last + 1:])
        if lead is not None and _has_literal(lead):
            return lead
    return None


@lru_cache(maxsize=1024)
def required_piece(pattern: str) -> re.Pattern[str] | None:
    """A regex every match of ``pattern`` contains a match of, found fast; None if none."""
    key = ("piece", pattern)
    program = _PIECES.get(key)
    if program is MISSING:
        program = _piece_program(pattern)
        _PIECES.put(key, program)
    return None if program is None else from_program(None, program)


def _piece_program(pattern: str) -> Program | None:
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.MULTILINE | re.DOTALL):
        return None
    runs: list[list[Any]] = [[]]
    for item in parsed.data:
        if _free([item]):
            runs[-1].append(item)
        elif runs[-1]:
            runs.append([])
    best: list[Any] | None = None
    for run in runs:
        lead = _candidate(run)
        if lead is not None and (best is None or len(lead) > len(best)):
            best = lead
    # a plain word: ``checker.regex_literals`` already asks for it
    if best is None or all(op is _sre.LITERAL for op, _ in best):
        return None
    try:
        return program_of(_sre_parse.SubPattern(parsed.state, best))
    except Exception:  # pragma: no cover - the items compiled within the whole pattern
        return None


# ------------------------------------------------------------------ words one of which is there
_CHOICES_LIMIT = 24  # more alternatives than this: no cheaper than the search itself


def _run_words(items: Any) -> list[tuple[str, ...]]:
    """Every necessary choice the items show at their own level: each run of literal
    characters is one (a word every match holds); each group, alternation or repeated
    item consumed at least once gives the words one of which it always holds."""
    found: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            found.append(("".join(run),))
            run = []
        inner = _choice_of(op, av)
        if inner is not None:
            found.append(inner)
    if run:
        found.append(("".join(run),))
    return found


def _choice_of(op: Any, av: Any) -> tuple[str, ...] | None:
    """The words one of which every match of this one item holds, or None (unknown)."""
    if op is _sre.SUBPATTERN:
        if av[1] or av[2]:  # a group that changes flags: left out
            return None
        return _best(_run_words(av[3]))
    if op is _sre.BRANCH:
        words: list[str] = []
        for branch in av[1]:
            best = _best(_run_words(branch))
            if best is None:  # a branch that may hold none of them
                return None
            words.extend(word for word in best if word not in words)
        # a word holding another of the group adds nothing ("收入总计" when "总计" is one)
        words = [w for w in words if not any(o != w and o in w for o in words)]
        return tuple(words) if len(words) <= _CHOICES_LIMIT else None
    if op in _REPEATS and av[0] >= 1:  # at least one repetition is consumed
        return _best(_run_words(av[2]))
    return None  # lookaround, anchor, class, back-reference …: nothing known


def _best(choices: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """Of several necessary choices the cheapest to test and likeliest to rule text out:
    fewest words, then the longest shortest word."""
    if not choices:
        return None
    return min(choices, key=lambda words: (len(words), -min(map(len, words))))


@memoized(_PIECES, is_word_groups)
def required_choices(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Groups of words: every match of ``pattern`` holds at least one word of each group.

    ``checker.regex_literals.required_literals`` gives the words of the pattern's own
    literal runs; this looks into its top-level groups and alternations too, e.g.
    ``(?P<name>人员经费|公用经费)…`` holds "人员经费" or "公用经费" (each branch's longest
    necessary word stands for it). A top-level literal run is left to ``required_literals``.
    Each group holds words one of which a match consumes (never a word of a lookaround or
    of an optional part), so a text holding no word of some group holds no match."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    found: list[tuple[str, ...]] = []
    for op, av in parsed.data:
        if op is _sre.LITERAL:
            continue
        words = _choice_of(op, av)
        if words is not None and words not in found:
            found.append(words)
    return tuple(found)
