"""The streamed JSON report's unit encoder built from each rule's pre-encoded pieces (issue
#12) writes exactly ``json.dumps(unit.to_dict(), ensure_ascii=False, indent=2)``: on the
corpus, on the hand-built reports and on results with every optional field, and in chunks
for a unit with more results than one chunk holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from synthetic_reports import make_batch

from checker.cli.batch import BatchOptions, run_batch
from checker.model.results import Evidence, RuleResult, UnitReport, Waiver
from checker.report import jsonindent
from checker.report.jsonindent import IndentedEncoder

FIXTURES = Path(__file__).parent / "fixtures"


def _plain(unit: UnitReport) -> str:
    return json.dumps(unit.to_dict(), ensure_ascii=False, indent=2)


def _encoded(encoder: IndentedEncoder, unit: UnitReport) -> str:
    return "".join(encoder.unit(unit))


@pytest.fixture(scope="module")
def corpus_units() -> list[UnitReport]:
    batch = run_batch([*sorted(FIXTURES.glob("0*.txt")), *sorted((FIXTURES / "real").glob(
        "*.html"))], BatchOptions())
    assert len(batch.units) >= 5
    return batch.units


def test_corpus_units_encode_as_plain_json(corpus_units: list[UnitReport]) -> None:
    encoder = IndentedEncoder()
    for _ in range(2):  # the second time round every rule's pieces come from the memo
        for unit in corpus_units:
            assert _encoded(encoder, unit) == _plain(unit)


def test_hand_built_units_encode_as_plain_json() -> None:
    encoder = IndentedEncoder()
    for unit in make_batch().units:
        assert _encoded(encoder, unit) == _plain(unit)


def _unit(*results: RuleResult) -> UnitReport:
    return UnitReport("a\\b\".txt", None, None, None, None, results=list(results),
                      sources=["a.txt", "b.txt"])


def test_every_optional_field_and_odd_text_encode_as_plain_json() -> None:
    evidence = [
        Evidence(None, "无行号"),
        Evidence(3, "\"引号\"\t\\ \x00 \u2028", expected="1.00", found="2"),
        Evidence(4, "页", page=2, source="b.txt", bbox=(1.005, 2.0, 3.333333, 4.0)),
        Evidence(5, "", expected=None, found="只有找到"),
    ]
    units = [
        _unit(RuleResult("R-1", "标题", "error", "fail", "消息\n两行", evidence)),
        _unit(RuleResult("R-1", "另一个标题", "warning", "pass", "ok", [],
                         category="c", reference="参考")),
        _unit(RuleResult("R-1", "标题", "error", "fail", "豁免", evidence[:1],
                         waiver=Waiver("单位", "R-1", "理由", "2020-01-01", True))),
        _unit(),
    ]
    encoder = IndentedEncoder()
    for unit in units:
        assert _encoded(encoder, unit) == _plain(unit)


def test_a_unit_larger_than_a_chunk_is_written_in_pieces(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(jsonindent, "CHUNK", 3)
    results = [RuleResult(f"R-{i % 2}", "标题", "error", "pass", f"第{i}条",
                          [Evidence(i, f"行{i}")]) for i in range(10)]
    unit = _unit(*results)
    pieces = list(IndentedEncoder().unit(unit))
    assert len(pieces) == 2 + 4  # head, four chunks of at most three results, tail
    assert "".join(pieces) == _plain(unit)


def test_a_large_unit_is_never_held_as_one_big_string() -> None:
    # A document of one sentence repeated has tens of thousands of results, each with a
    # 200-character line as evidence: joined a thousand at a time they were megabytes per
    # piece (three copies alive while writing: the pieces, the join, the indented copy),
    # the repeated-sentence case's memory went from ~15x to ~36x its size.
    line = "比上年增加12.5万元，增长3.2%，主要原因是业务量增加。" * 8
    results = [RuleResult("R-1", "标题", "error", "pass", f"第{i}条", [Evidence(i, line)])
               for i in range(5000)]
    pieces = list(IndentedEncoder().unit(_unit(*results)))
    assert max(map(len, pieces)) < 64 * 1024
    assert "".join(pieces) == _plain(_unit(*results))
