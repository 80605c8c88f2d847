"""The catastrophic-backtracking heuristic: the classic dangerous shapes are caught, the
patterns rule authors really write are not."""

from __future__ import annotations

import re
import time

import pytest

from checker.engine.backtracking import analyse

DANGEROUS = [
    r"(a+)+",
    r"(.*)*",
    r"(a|a)*",
    r"(a|aa)*",
    r"(ab|a.)*",
    r"(\d+|\w+)+",
    r"(\d+\.?\d*)+",
    r"(.*a)*",
    r"(x+x+)+",
    r"^(\d{1,3})+$",
    r"(a?)*",
    r"((a+))+b",
    r"(?:[0-9]+\s*)*万",
    r"(\w+\s?)+$",
    r"(a+){20}",
    r"(?:(?:金额)+)+",
]

SAFE = [
    r"(a|b)*",
    r"(ab+)+",
    r"(\d+,)+",
    r"(a|ab)*",
    r"a++",
    r"(?>a+)+",
    r"(增加|增长)+",
    r"\d+(\.\d+)?万元",
    r"(?:\d{1,3},)+\d",
    r"结余结余",
    r"(X{2,}|×{2,}|某某)",
    r"(\s*,\s*\d+)+",
    r"比上年(增加|减少)\s*([\d,.]+)\s*万元",
    r"(a+){3}",
    r"(第[一二三四五]部分)+",
    r"(\d{7})+",
    r"(?P<word>\w{2,4})(?P=word)",
]


@pytest.mark.parametrize("pattern", DANGEROUS)
def test_dangerous_patterns_are_flagged(pattern: str) -> None:
    finding = analyse(pattern)
    assert finding is not None, pattern
    assert "backtrack catastrophically" in finding.message()


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern: str) -> None:
    assert analyse(pattern) is None


def test_message_names_the_repeated_part() -> None:
    finding = analyse(r"金额(\d+\.?\d*)+万元")
    assert finding is not None
    assert finding.repeat == r"(\d+\.?\d*)+"
    assert r"\d+" in finding.reason


def test_uncompilable_pattern_is_left_to_the_loader() -> None:
    assert analyse(r"(unclosed") is None


def test_a_flagged_shape_really_is_slow_and_the_rewrite_is_not() -> None:
    """Keeps the heuristic honest: what it flags does blow up on a failing input."""
    text = "1" * 22 + "x"
    started = time.perf_counter()
    re.match(r"(\d+)+$", text)
    slow = time.perf_counter() - started
    started = time.perf_counter()
    re.match(r"(\d+,)*\d+$", text)
    fast = time.perf_counter() - started
    assert analyse(r"(\d+)+$") is not None
    assert analyse(r"(\d+,)*\d+$") is None
    assert slow > 20 * fast
