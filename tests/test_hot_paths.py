"""The fast paths of normalisation give exactly what the plain definitions give."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from checker.parse.normalize import _FOLD, comparable, fold_width
from checker.parse.structure import display_width

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = ["", "abc 123", "一般公共预算财政拨款支出", "（一）１２３．４５万元", "ｶﾀｶﾅ and ｈａｌｆ",
           "\u3000全角空格\u00a0", "𠀀𪚥 rare ideographs", "≧90 ≦ −5\u200b\ufeff", "“三公”经费"]


def _lines() -> list[str]:
    lines = list(SAMPLES)
    for path in sorted(FIXTURES.glob("0*.txt")):
        lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


@pytest.mark.parametrize("text", SAMPLES)
def test_display_width_counts_wide_characters_twice(text: str) -> None:
    assert display_width(text) == sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_fast_paths_agree_with_the_definitions_on_the_corpus() -> None:
    lines = _lines()
    assert len(lines) > 4000
    for line in lines:
        assert fold_width(line) == line.translate(_FOLD)
        assert display_width(line) == sum(
            2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
    quotes = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
    for line in lines:
        plain = "".join(unicodedata.normalize("NFKC", line).translate(quotes).split())
        assert comparable(line) == plain.replace("*", "")
