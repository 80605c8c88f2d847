"""The JSON Lines encoder built from each rule's pre-encoded pieces (issue #12) writes exactly
``json.dumps(unit.to_dict(), ensure_ascii=False)``: on the corpus, on the hand-built reports
(every status, waivers, control characters) and on evidence with every optional field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from synthetic_reports import make_batch

from checker.cli.batch import BatchOptions, run_batch
from checker.model.results import Evidence, RuleResult, UnitReport, Waiver
from checker.report.jsonline import LineEncoder

FIXTURES = Path(__file__).parent / "fixtures"


def _plain(unit: UnitReport) -> str:
    return json.dumps(unit.to_dict(), ensure_ascii=False)


@pytest.fixture(scope="module")
def corpus_units() -> list[UnitReport]:
    batch = run_batch([*sorted(FIXTURES.glob("0*.txt")), *sorted((FIXTURES / "real").glob(
        "*.html"))], BatchOptions())
    assert len(batch.units) >= 5
    return batch.units


def test_corpus_units_encode_as_plain_json(corpus_units: list[UnitReport]) -> None:
    encoder = LineEncoder()
    for unit in corpus_units:
        assert encoder.unit(unit) == _plain(unit)
    # the second time round every rule's pieces come from the memo
    for unit in corpus_units:
        assert encoder.unit(unit) == _plain(unit)


def test_hand_built_units_encode_as_plain_json() -> None:
    encoder = LineEncoder()
    units = make_batch().units
    assert any(r.waiver for u in units for r in u.results)
    for unit in units:
        assert encoder.unit(unit) == _plain(unit)


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
    same_rule = dict(rule="R-1", title="标题", severity="error")
    units = [
        _unit(RuleResult(**same_rule, status="fail", message="消息\n两行",  # type: ignore[arg-type]
                         evidence=evidence, category=None, reference=None)),
        # the same rule id with another title or reference: never the first's pieces
        _unit(RuleResult("R-1", "另一个标题", "warning", "pass", "ok", [],
                         category="c", reference="参考")),
        _unit(RuleResult(**same_rule, status="fail", message="豁免",  # type: ignore[arg-type]
                         evidence=[], waiver=Waiver("单位", "R-1", "理由", "2020-01-01", True))),
        _unit(),
    ]
    encoder = LineEncoder()
    for unit in units:
        line = encoder.unit(unit)
        assert line == _plain(unit)
        assert json.loads(line) == unit.to_dict()


def test_a_large_unit_is_written_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tens of thousands of results never make one string: pieces of at most CHUNK results,
    # which together are the line.
    from checker.report import jsonline

    monkeypatch.setattr(jsonline, "CHUNK", 3)
    results = [RuleResult(f"R-{i % 2}", "标题", "error", "pass", f"第{i}条",
                          [Evidence(i, f"行{i}")]) for i in range(10)]
    unit = UnitReport("a.txt", "某中心", 2025, "预算", "单位", results)
    pieces = list(jsonline.LineEncoder().pieces(unit))
    assert len(pieces) == 1 + 4 + 1  # head, four chunks of at most three results, tail
    assert "".join(pieces) == json.dumps(unit.to_dict(), ensure_ascii=False)


def test_evidence_of_every_shape_encodes_as_plain_json() -> None:
    """Each way an evidence's expected and found may be given (absent, text, or something
    else a kind might put there), one or several per result."""
    shapes: list[object] = [None, "1.00", "", 2, None]
    evidence = [Evidence(line, "文\"本", expected=expected, found=found)  # type: ignore[arg-type]
                for line in (None, 7) for expected in shapes for found in shapes]
    results = [RuleResult("R-2", "标题", "error", "fail", "m", [e]) for e in evidence]
    results.append(RuleResult("R-2", "标题", "error", "fail", "m", evidence))
    unit = _unit(*results)
    assert LineEncoder().unit(unit) == _plain(unit)
