"""The JSON format is exactly the results contract, with Chinese left readable."""

from __future__ import annotations

import json

from synthetic_reports import FAILING_UNIT, make_batch

from checker.report import json as json_report


def test_json_is_the_batch_contract() -> None:
    batch = make_batch()
    data = json.loads(json_report.render(batch))
    assert data == batch.to_dict()
    assert [u["verdict"] for u in data["units"]] == ["fail", "pass", "pass"]
    assert data["units"][0]["summary"] == {"pass": 1, "fail": 2, "not_verifiable": 1,
                                           "not_applicable": 1}
    assert data["errors"] == [{"source": "corpus/broken.txt", "message": "binary file (not text)"}]


def test_json_keeps_chinese_unescaped_and_shows_waivers() -> None:
    out = json_report.render(make_batch())
    assert FAILING_UNIT in out and "\\u" not in out
    waived = json.loads(out)["units"][2]["results"][1]
    assert waived["waiver"] == {"unit": "福州市财政局", "rule": "final.self-eval-deviation",
                                "reason": "审计已确认为填报口径问题", "expires": "2099-12-31",
                                "expired": False}


def test_fail_on_warning_changes_the_json_verdict() -> None:
    batch = make_batch()
    unit = batch.units[0]
    unit.results = [r for r in unit.results if r.rule != "budget.personnel-cost"]
    assert json.loads(json_report.render(batch))["units"][0]["verdict"] == "pass"
    unit.fail_on = "warning"
    assert json.loads(json_report.render(batch))["units"][0]["verdict"] == "fail"
