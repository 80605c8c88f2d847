"""A PDF's evidence lines count lines of its extracted text: every line-based format also
names the PDF page, so a reader can find the finding in the document."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_report_sarif import validate

from checker.model.results import BatchReport, Evidence, RuleResult, UnitReport
from checker.report import csv as csv_report
from checker.report import sarif, text
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield


def _batch(page: int | None) -> BatchReport:
    result = RuleResult("COM-XC-001", "人员经费 = 基本支出表 301 + 303", "error", "fail",
                        "人员经费 4896.98 万元与基本支出表 4884.09 万元不符",
                        [Evidence(1555, "人员经费4896.98万元", expected="4884.09",
                                  found="4896.98", page=page)], category="consistency")
    unit = UnitReport(source="规划局.pdf", unit="上海市普陀区规划和自然资源局", year=2024,
                      kind="决算", level="部门", results=[result])
    return BatchReport(units=[unit])


def test_text_names_the_page_after_the_parsable_location() -> None:
    line = next(row for row in text.render(_batch(17)).splitlines() if "COM-XC-001" in row)
    assert line.startswith("规划局.pdf:1555: error COM-XC-001")
    assert "PDF page 17" in line
    assert "PDF page" not in text.render(_batch(None))


def test_csv_has_a_page_column() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_report.render(_batch(17)).lstrip("\ufeff"))))
    assert [(row["rule"], row["line"], row["page"]) for row in rows] == [
        ("COM-XC-001", "1555", "17")]
    rows = list(csv.DictReader(io.StringIO(csv_report.render(_batch(None)).lstrip("\ufeff"))))
    assert rows[0]["page"] == ""


def test_sarif_region_carries_the_page_and_stays_valid() -> None:
    log = json.loads(sarif.render(_batch(17)))
    validate(log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1555, "properties": {"pdfPage": 17}}
    plain = json.loads(sarif.render(_batch(None)))
    assert plain["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1555}
