"""The report writers' shortcuts (issue #12) answer what the plain code answers: the text
format's control-character pass returns the report itself when nothing in it has one (and
cleans exactly as before when something has), and a message's translation, with templates
ruled out by their first character and their longest fixed piece, is the plain scan's."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from synthetic_reports import make_batch

from checker.cli.batch import BatchOptions, run_batch
from checker.model.results import BatchReport, Evidence, UnitReport, Waiver
from checker.report import i18n
from checker.report.escape import _clean, cleaned
from checker.report.i18n import translate, use_language

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def corpus() -> BatchReport:
    batch = run_batch([*sorted(FIXTURES.glob("0*.txt")), *sorted((FIXTURES / "real").glob(
        "*.html"))], BatchOptions())
    assert len(batch.units) >= 5
    return batch


def test_a_clean_report_is_returned_as_it_is(corpus: BatchReport) -> None:
    for unit in corpus.units:
        assert _clean(unit) is unit  # nothing to remove in these
        assert cleaned(unit) is unit
    # the hand-built reports hold a form feed and markup: cleaned as before
    dirty = [u for u in make_batch().units if _clean(u) is not u]
    assert dirty
    for unit in make_batch().units:
        assert cleaned(unit) == _clean(unit)
        assert (cleaned(unit) is unit) == (unit not in dirty)


def _dirty(unit: UnitReport) -> list[UnitReport]:
    """Copies of ``unit`` with an escape sequence or a control character in one place each."""
    bad = "\x1b[2K坏\r"
    out = []
    for change in (
        lambda u: setattr(u, "unit", f"{u.unit}{bad}"),
        lambda u: setattr(u, "sources", ["a.txt", bad]),
        lambda u: u.profile.__setitem__("reason", bad) if u.profile else None,
        lambda u: u.profile["candidates"][0].__setitem__("why", bad) if u.profile else None,
        lambda u: setattr(u.results[0], "message", bad),
        lambda u: u.results[-1].evidence.append(Evidence(1, "正文", found=bad)),
        lambda u: setattr(u.results[1], "waiver", Waiver("单位", "R", bad)),
    ):
        copied = copy.deepcopy(unit)
        change(copied)
        out.append(copied)
    return out


def test_a_dirty_report_is_cleaned_as_before(corpus: BatchReport) -> None:
    checked = 0
    for unit in corpus.units[:2]:
        for dirty in _dirty(unit):
            before = copy.deepcopy(dirty)
            result = cleaned(dirty)
            if dirty.profile is None and result is dirty:
                continue  # a change that needed a profile this unit has not
            assert result is not dirty
            assert result == _clean(dirty)
            assert dirty == before  # the report itself is never changed
            checked += 1
    assert checked >= 10


def _plain_zh(text: str, depth: int) -> str:
    """The translation as it was: every template tried in order."""
    if depth > i18n._MAX_DEPTH or not re.search(r"[A-Za-z]", text):
        return text
    _, templates = i18n._catalogue()
    for template in templates:
        if not text.startswith(template.prefix):
            continue
        match = template.regex.fullmatch(text)
        if match:
            parts = {name: _plain_zh(value, depth + 1) for name, value in match.groupdict().items()}
            return template.zh.format(**parts)
    return text


def test_translations_are_the_plain_scans(corpus: BatchReport) -> None:
    texts = {r.message for u in corpus.units for r in u.results}
    texts |= {e.found or "" for u in corpus.units for r in u.results for e in r.evidence}
    texts |= {r.message for u in make_batch().units for r in u.results}
    texts |= {"", "ok", ": ok", "x: not verifiable — y: not applicable — z"}
    changed = 0
    with use_language("zh"):
        for text in sorted(texts):
            assert translate(text) == (_plain_zh(text, 0) if text else "")
            changed += translate(text) != text
    assert changed > 50


def test_strings_are_searched_a_batch_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.model.results import RuleResult
    from checker.report import escape

    monkeypatch.setattr(escape._Scan, "BATCH", 8)
    results = [RuleResult(f"R-{i}", "标题", "error", "pass", f"第{i}条",
                          [Evidence(i, f"行{i}")]) for i in range(50)]
    clean = UnitReport("a.txt", "单位", 2025, "预算", "单位", results=results)
    assert cleaned(clean) is clean
    for where in (0, 25, 49):  # in the first batch, a middle one and the last
        dirty = copy.deepcopy(clean)
        dirty.results[where].evidence[0].text = "行\x1b[2K"
        result = cleaned(dirty)
        assert result is not dirty and result == _clean(dirty)
        assert result.results[where].evidence[0].text == "行"
