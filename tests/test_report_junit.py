"""JUnit XML: one testsuite per unit, one testcase per result."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from synthetic_reports import FAILING_UNIT, make_batch

from checker.report import junit
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield


def _root() -> ET.Element:
    return ET.fromstring(junit.render(make_batch()).encode("utf-8"))


def test_one_suite_per_unit_and_one_case_per_result() -> None:
    batch = make_batch()
    suites = _root().findall("testsuite")
    assert len(suites) == len(batch.units) + len(batch.errors)
    for suite, unit in zip(suites, batch.units, strict=False):
        assert len(suite.findall("testcase")) == len(unit.results) == int(suite.get("tests"))
    assert suites[0].get("name") == f"{FAILING_UNIT} 2023 单位预算"


def test_failures_and_skips() -> None:
    suites = _root().findall("testsuite")
    failing = suites[0]
    failures = [c for c in failing.findall("testcase") if c.find("failure") is not None]
    # Only what fails the gate is a <failure>: the warning below --fail-on is skipped with
    # that reason, so a panel's failure count is the gate's.
    assert [c.get("name").split(":")[0] for c in failures] == ["budget.personnel-cost"]
    assert failures[0].find("failure").get("type") == "error"
    assert failing.get("failures") == "1" and failing.get("skipped") == "3"
    skipped = [c.find("skipped").get("message") for c in failing.findall("testcase")
               if c.find("skipped") is not None]
    assert skipped[0].startswith("warning below --fail-on error: 重复用词")
    assert skipped[1:] == ["not verifiable: 收支预算总表只有标题，表格为图片",
                           "not applicable: 只适用于决算"]
    # The waived failure is skipped with its reason, not silently passed.
    waived = suites[2].findall("testcase")[1].find("skipped")
    assert waived is not None and "审计已确认为填报口径问题" in waived.get("message")


def test_input_error_is_an_error_case_and_totals_add_up() -> None:
    root = _root()
    assert root.get("errors") == "1"
    error_suite = root.findall("testsuite")[-1]
    assert error_suite.find("testcase/error").get("message") == "binary file (not text)"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root.findall("testsuite"))
    assert int(root.get("failures")) == 1


def test_control_characters_from_pdf_extraction_are_removed() -> None:
    out = junit.render(make_batch())
    assert "\x0c" not in out
    assert "年末结转和结余结余" in out
