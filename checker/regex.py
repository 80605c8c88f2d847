"""The regex engine for rule patterns: RE2 (linear time) first, Python's ``re`` only for what
RE2 cannot express and the strict validator accepts.

Python's ``re`` backtracks: ``(\\d+){10}X`` on forty digits, or a pattern starting with
``\\d[\\d,]*`` on 25,000 digits in a row, takes minutes. RE2 (PyPI ``google-re2``) matches
in time linear in the text for every pattern it compiles, and compiles 48 of the 50 shipped
patterns unchanged; the two others need lookaround, which RE2 does not have. Measurements
and the reasoning are in docs/robustness.md.

``rule_regex`` is what the kinds and the statement phrasings match with;
``checker.engine.regex_strict.check_pattern`` is the load-time gate (``rules validate``).
A shared leaf of the package (parse and engine both use it), so it imports no stage.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from checker.limits import MAX_REGEX_CHARS, MAX_REGEX_GROUP_DEPTH, MAX_REGEX_REPEAT
from checker.regex_cache import compile_re

try:  # google-re2 is a dependency; without it every pattern takes the strict ``re`` path
    import re2 as _re2
except ImportError:  # pragma: no cover
    _re2 = None

_REPEAT = compile_re(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")


def _re2_options() -> Any:
    options = _re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern to stderr
    return options


@lru_cache(maxsize=1024)
def re2_compile(pattern: str) -> Any | None:
    """The pattern compiled by RE2, or None when RE2 cannot express it."""
    if _re2 is None:
        return None
    try:
        return _re2.compile(pattern, _re2_options())
    except Exception:  # re2.error, or a pattern RE2's Python wrapper cannot translate
        return None


@lru_cache(maxsize=1024)
def rule_regex(pattern: str) -> Any:
    """A compiled rule pattern with ``search``/``finditer``/``fullmatch`` like ``re``'s."""
    compiled = re2_compile(pattern)
    return compiled if compiled is not None else compile_re(_anchor_number_run(pattern))


@lru_cache(maxsize=1024)
def rule_test(pattern: str) -> Callable[[str], bool]:
    """Whether ``pattern`` matches somewhere in a text: ``rule_regex(pattern).search(text)
    is not None``, without building a match. For RE2 one call of the compiled object on the
    UTF-8 text: the wrapper's ``search`` builds a generator, offsets and a match object for
    a yes or no."""
    compiled = rule_regex(pattern)
    finder = byte_finder(compiled)
    if finder is None:  # ``re``, or a wrapper without the internals ``byte_finder`` uses
        search = compiled.search
        return lambda text: search(text) is not None

    def test(text: str) -> bool:
        data = text.encode("utf-8")
        return finder(data, 0) >= 0
    return test


def byte_finder(compiled: Any) -> Callable[[bytes, int], int] | None:
    """For an RE2-compiled pattern: where its first match at or after byte ``pos`` of UTF-8
    ``data`` starts (-1: none), by one call of the RE2 object (``compiled.search(data,
    pos).start()`` without the wrapper's generator and match object). None for ``re``."""
    raw = getattr(compiled, "_regexp", None)
    anchor = getattr(getattr(_re2, "_Anchor", None), "UNANCHORED", None)
    if raw is None or anchor is None or not hasattr(raw, "Match"):
        return None

    def find(data: bytes, pos: int) -> int:
        pos = max(0, min(pos, len(data)))  # as the wrapper clamps it
        start = raw.Match(anchor, data, pos, len(data))[0][0]
        return -1 if start < 0 else int(start)
    return find


# A pattern that starts with an amount (``\d[\d,]*``, the {AMOUNT} of packs and phrasings)
# is tried by ``re`` at every digit of a run and each try runs to the end of the run:
# quadratic in a run of 25,000 digits. Only the first digit of a run can start a match that
# a later digit could (``\d[\d,]*`` from the earlier digit covers the same text), so
# starting only where no digit (or digit and comma) precedes finds the same matches.
_LEADING_AMOUNT = compile_re(r"^(?:\(\?P<\w+>)?\\d\[\\d,\]\*")
_LEADING_DIGITS = compile_re(r"^(?:\(\?P<\w+>)?\\d\+")


def _anchor_number_run(pattern: str) -> str:
    if _LEADING_AMOUNT.match(pattern):
        return r"(?<!\d)(?<!\d,)" + pattern
    if _LEADING_DIGITS.match(pattern):
        return r"(?<!\d)" + pattern
    return pattern


def limit_problem(pattern: str) -> str | None:
    """Why ``pattern`` is too big to compile safely (before ``re`` sees it), or None."""
    if len(pattern) > MAX_REGEX_CHARS:
        return f"超过 {MAX_REGEX_CHARS} 个字符的上限"
    depth = deepest = 0
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    if deepest > MAX_REGEX_GROUP_DEPTH:
        return f"括号嵌套 {deepest} 层，超过 {MAX_REGEX_GROUP_DEPTH} 层的上限"
    for match in _REPEAT.finditer(pattern):
        for bound in match.groups():
            if bound and int(bound) > MAX_REGEX_REPEAT:
                return (f"重复次数 {match.group()} 超过 {MAX_REGEX_REPEAT} 的上限"
                        "（不限次数请写 * 或 +）")
    return None
