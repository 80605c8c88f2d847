"""Phrasings rewritten so Python's re can skip to where a match may start (issue #12) find
exactly what their plain form found, on every segment of the corpus narrative."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.parse.parser import parse_file
from checker.parse.phrasings import phrasings
from checker.parse.statements import _segments

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = [*sorted(FIXTURES.glob("0*.txt")), *sorted((FIXTURES / "real").glob("*.pdf"))]

# The plain forms: the optional words inside the alternation, as first written.
PLAIN = {
    "headline-total": (
        "(?P<name>(?:财政拨款)?收入支出(?:决算|预算)?总计|收、?支(?:预算)?总计|本年收入合计|"
        "本年支出合计|(?:收入|支出)预算总计|(?:年度)?(?:收入|支出)总计|年度收入|年度支出|"
        "收入预算|支出预算)"),
}
NAME = re.compile(r"^\(\?P<name>.*?\)(?=\(\?:为)")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = [s.text for path in DOCS for s in _segments(parse_file(path))]
    # and the words every alternative names, each once with an amount after it
    words = "本年收入合计1.00万元，财政拨款收入支出决算总计2万元。收、支总计3万元；年度收入4万元"
    return [*found, words, words.replace("，", "")]


@pytest.mark.parametrize("ident", sorted(PLAIN))
def test_a_rewritten_phrasing_finds_what_its_plain_form_found(ident: str,
                                                              texts: list[str]) -> None:
    shipped = next(p for p in phrasings() if p.id == ident)
    pattern = shipped.regex.pattern
    assert NAME.search(pattern), "the name alternation is no longer the pattern's start"
    plain = re.compile(NAME.sub(lambda _m: PLAIN[ident], pattern, count=1))
    assert plain.pattern != pattern
    matched = 0
    for text in texts:
        ours = [(m.span(), m.groupdict()) for m in shipped.regex.finditer(text)]
        assert ours == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        matched += len(ours)
    assert matched >= 40
