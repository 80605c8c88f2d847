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


def _ungated(pattern: str) -> str:
    """The pattern without its leading lookahead gate ``(?=…)``."""
    assert pattern.startswith("(?=")
    depth, index = 0, 0
    while True:
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        index += 1
        if depth == 0:
            return pattern[index:]


def test_phrasing_gates_keep_every_match_on_the_corpus() -> None:
    """A lookahead gate only skips positions where no match can start: with and without it,
    every phrasing finds the same matches with the same groups in the corpus narrative (and in
    all its lines run together, where sentences meet that never meet in a document)."""
    import re

    from checker.parse.parser import parse_file
    from checker.parse.statements import _segments, phrasings

    texts = [s.text for path in sorted(FIXTURES.glob("0*.txt"))
             for s in _segments(parse_file(path))]
    texts.append("".join(comparable(line) for line in _lines()))
    gated = [p for p in phrasings(()) if p.regex.pattern.startswith("(?=")]
    assert len(gated) >= 4
    found = 0
    for phrasing in gated:
        plain = re.compile(_ungated(phrasing.regex.pattern))
        for text in texts:
            mine = [(m.span(), m.groupdict()) for m in phrasing.regex.finditer(text)]
            assert mine == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
            found += len(mine)
    assert found > 100


@pytest.mark.parametrize(("pattern", "words"), [
    (r"(?P<name>[^\d]{1,40}?)(?P<amount>\d+)万元,占(?P<share>\d+)%", ("万元,占", "%")),
    (r"ab(c|d)ef", ("ab", "ef")),        # nothing from a branch
    (r"x?yz", ("yz",)),                  # nothing optional
    (r"(?=abc)x", ("x",)),               # nothing from a lookaround
    (r"[a]bc", ("abc",)),                # a one-character class is a literal
    (r"(?i)abc", ()),                    # case-insensitive: nothing known
    (r"(\d+)(人次|辆)", ()),
])
def test_required_literals(pattern: str, words: tuple[str, ...]) -> None:
    from checker.regex_literals import required_literals

    assert required_literals(pattern) == words


def test_every_match_holds_the_required_literals_on_the_corpus() -> None:
    """The pre-filter of statements never hides a match: every phrasing's matches in the
    corpus narrative (all its lines run together) contain the phrasing's words."""
    import re

    from checker.parse.statements import phrasings
    from checker.regex_literals import required_literals

    text = "".join(comparable(line) for line in _lines())
    checked = 0
    for phrasing in phrasings(()):
        pattern = phrasing.regex.pattern
        for match in re.finditer(pattern, text):
            assert all(word in match.group(0) for word in required_literals(pattern))
            checked += bool(required_literals(pattern))
    assert checked > 50
