"""SARIF 2.1.0: valid against the vendored OASIS schema, with rules, levels and locations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from synthetic_reports import make_batch

from checker.model.results import BatchReport
from checker.report import sarif
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json")
                    .read_text(encoding="utf-8"))


def validate(log: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class.check_schema(SCHEMA)
    validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER).validate(log)


def _log(batch: BatchReport | None = None) -> dict[str, Any]:
    return json.loads(sarif.render(batch or make_batch()))


def test_valid_against_the_sarif_schema() -> None:
    validate(_log())
    validate(_log(BatchReport()))


def test_the_schema_rejects_a_broken_log() -> None:
    """The validation above could fail: a result without its message is caught."""
    log = _log()
    del log["runs"][0]["results"][0]["message"]
    try:
        validate(log)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted a result without a message")


def test_rules_and_failing_results() -> None:
    run = _log()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert {"budget.personnel-cost", "editorial.duplicate-word", "budget.table-sum",
            "budget.tables-present"} <= set(ids)
    failing = [r for r in run["results"] if r["kind"] == "fail"]
    assert [(r["ruleId"], r["level"]) for r in failing] == [
        ("budget.personnel-cost", "error"), ("editorial.duplicate-word", "warning"),
        ("final.self-eval-deviation", "error")]
    first = failing[0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"]
    location = first["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "corpus/001_fund.txt"},
                        "region": {"startLine": 812}}
    assert first["message"]["text"].startswith("人员经费 3044.01 万元")


def test_waived_results_are_suppressed_and_unverifiable_ones_need_review() -> None:
    results = _log()["runs"][0]["results"]
    waived = next(r for r in results if r["ruleId"] == "final.self-eval-deviation")
    assert waived["suppressions"] == [{"kind": "external", "status": "accepted",
                                       "justification": "审计已确认为填报口径问题"}]
    review = [r for r in results if r["kind"] == "review"]
    assert len(review) == 3 and all(r["level"] == "none" for r in review)
    # Passes and not-applicable checks are not results.
    assert not any(r["ruleId"] in ("budget.tables-present", "final.outcome-score")
                   for r in results)


def test_non_ascii_paths_are_percent_encoded_and_input_errors_are_notifications() -> None:
    run = _log()["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]}
    assert "corpus/%E6%A0%B7%E4%BE%8B/%E4%B9%99%E5%8D%95%E4%BD%8D.txt" in uris
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == \
        "binary file (not text)"
    assert sarif.artifact_uri("/tmp/a b.txt") == "file:///tmp/a%20b.txt"
