"""Character sets of parsed regex items as sorted, disjoint, inclusive code-point ranges
(``backtracking`` and ``regex_strict`` ask which characters two parts of a pattern can
both consume)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

MAX_CODE = 0x10FFFF


@dataclass(frozen=True)
class CharSet:
    ranges: tuple[tuple[int, int], ...] = ()

    @staticmethod
    def of(ranges: Iterable[tuple[int, int]]) -> CharSet:
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        return CharSet(tuple(merged))

    def __or__(self, other: CharSet) -> CharSet:
        return CharSet.of(self.ranges + other.ranges)

    def complement(self) -> CharSet:
        out: list[tuple[int, int]] = []
        start = 0
        for lo, hi in self.ranges:
            if lo > start:
                out.append((start, lo - 1))
            start = hi + 1
        if start <= MAX_CODE:
            out.append((start, MAX_CODE))
        return CharSet(tuple(out))

    def overlaps(self, other: CharSet) -> bool:
        i = j = 0
        while i < len(self.ranges) and j < len(other.ranges):
            (a_lo, a_hi), (b_lo, b_hi) = self.ranges[i], other.ranges[j]
            if a_lo <= b_hi and b_lo <= a_hi:
                return True
            if a_hi < b_hi:
                i += 1
            else:
                j += 1
        return False


EMPTY = CharSet()
ALL = CharSet(((0, MAX_CODE),))


@cache
def _category_ranges(test_name: str) -> CharSet:
    """Code points for which ``str.<test_name>()`` holds; this is how ``re`` defines \\d \\w \\s."""
    test: Callable[[str], bool] = getattr(str, test_name)
    ranges: list[tuple[int, int]] = []
    start = None
    for code in range(MAX_CODE + 2):
        inside = code <= MAX_CODE and test(chr(code))
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append((start, code - 1))
            start = None
    return CharSet(tuple(ranges))


def _word() -> CharSet:
    return _category_ranges("isalnum") | CharSet.of([(ord("_"), ord("_"))])


_CATEGORIES: dict[str, Callable[[], CharSet]] = {
    "DIGIT": lambda: _category_ranges("isdecimal"),
    "SPACE": lambda: _category_ranges("isspace"),
    "WORD": _word,
    "LINEBREAK": lambda: CharSet.of([(10, 10)]),
}


def _category(code: Any) -> CharSet:
    name = str(code).replace("CATEGORY_", "").replace("UNI_", "").replace("LOC_", "")
    negate = name.startswith("NOT_")
    base = _CATEGORIES[name.removeprefix("NOT_")]()
    return base.complement() if negate else base


def _literal(code: int, ignore_case: bool) -> CharSet:
    if not ignore_case:
        return CharSet(((code, code),))
    variants = {code} | {ord(v) for v in (chr(code).lower(), chr(code).upper()) if len(v) == 1}
    return CharSet.of((v, v) for v in variants)
