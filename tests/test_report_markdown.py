"""Markdown: a summary table with one row per unit, findings per unit, safe table cells."""

from __future__ import annotations

import pytest
from synthetic_reports import CLEAN_UNIT, FAILING_UNIT, PARTIAL_UNIT, make_batch

from checker.report import markdown
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield


def _table_rows(out: str, header_start: str) -> list[list[str]]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows


def test_summary_table_has_one_row_per_unit_with_counts() -> None:
    out = markdown.render(make_batch())
    rows = _table_rows(out, "| unit | source | verdict")
    assert [r[0] for r in rows] == [FAILING_UNIT, PARTIAL_UNIT, CLEAN_UNIT]
    assert rows[0][2:] == ["FAIL", "1", "2", "1", "1", "0"]
    assert rows[1][2] == "PASS (2 not verifiable)"
    assert rows[2][-1] == "1"


def test_unit_sections_list_failures_unverifiable_and_waived() -> None:
    out = markdown.render(make_batch())
    assert f"## {FAILING_UNIT} 2023 单位预算: FAIL" in out
    rows = _table_rows(out, "| line | status")
    assert [r[3] for r in rows] == ["`budget.personnel-cost`", "`editorial.duplicate-word`",
                                    "`budget.table-sum`"]
    assert "fail (waived until 2099-12-31: 审计已确认为填报口径问题)" in out
    assert "## Input errors" in out and "`corpus/broken.txt`: binary file (not text)" in out


def test_pipes_in_messages_do_not_break_the_table() -> None:
    out = markdown.render(make_batch())
    line = next(x for x in out.splitlines() if "editorial.duplicate-word" in x and x[0] == "|")
    assert "a\\|b" in line
    # Same number of unescaped separators as the header row.
    header = "| line | status | severity | rule | message | figures | evidence |"
    assert line.replace("\\|", "").count("|") == header.count("|")


def test_long_evidence_is_shortened_and_tabs_flattened() -> None:
    batch = make_batch()
    evidence = batch.units[0].results[0].evidence[0]
    evidence.text = "质量指标\t" + "甲" * 300
    out = markdown.render(batch)
    line = next(x for x in out.splitlines() if "`budget.personnel-cost`" in x)
    assert "\t" not in line
    assert "L812: 质量指标 " + "甲" * 50 in line and "…" in line
    assert "甲" * 200 not in line
