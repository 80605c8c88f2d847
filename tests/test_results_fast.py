"""Results and evidence are built positionally in the hot paths (issue #12: keywords cost
twice as much for the hundreds of results of a document): the fields must stay in the order
those calls give them."""

from __future__ import annotations

from dataclasses import fields

from checker.model.results import Evidence, RuleResult


def test_the_result_fields_are_in_the_order_the_fast_paths_give_them() -> None:
    # checker.kinds._context.Context.result
    assert [f.name for f in fields(RuleResult)][:8] == [
        "rule", "title", "severity", "status", "message", "evidence", "category", "reference"]
    # checker.kinds._context.row_evidence, checker.kinds._statements.evidence
    assert [f.name for f in fields(Evidence)] == [
        "line", "text", "expected", "found", "page", "source", "bbox"]
