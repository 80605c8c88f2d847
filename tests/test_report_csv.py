"""CSV: one row per unit × result, UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io

import pytest
from synthetic_reports import FAILING_UNIT, make_batch

from checker.report import csv as csv_report
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield


def _rows() -> list[dict[str, str]]:
    out = csv_report.render(make_batch())
    assert out.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(out[1:])))


def test_bom_and_utf8_round_trip() -> None:
    data = csv_report.render(make_batch()).encode("utf-8")
    assert data[:3] == b"\xef\xbb\xbf"
    assert FAILING_UNIT in data.decode("utf-8-sig")


def test_one_row_per_unit_result_plus_input_errors() -> None:
    batch = make_batch()
    rows = _rows()
    assert len(rows) == sum(len(u.results) for u in batch.units) + len(batch.errors)
    first = rows[0]
    assert first["unit"] == FAILING_UNIT and first["rule"] == "budget.personnel-cost"
    assert first["status"] == "fail" and first["blocking"] == "yes"
    assert first["line"] == "812" and first["expected"] == "3076.31"
    assert first["verdict"] == "fail" and first["unit_not_verifiable"] == "1"
    assert rows[-1]["status"] == "input_error" and rows[-1]["source"] == "corpus/broken.txt"


def test_status_counts_match_the_summary() -> None:
    batch = make_batch()
    rows = _rows()
    for unit in batch.units:
        mine = [r for r in rows if r["source"] == unit.source]
        for status, count in unit.summary.items():
            assert sum(r["status"] == status for r in mine) == count


def test_waiver_columns() -> None:
    waived = next(r for r in _rows() if r["rule"] == "final.self-eval-deviation")
    assert waived["waiver_reason"] == "审计已确认为填报口径问题"
    assert waived["waiver_expires"] == "2099-12-31"
    assert waived["waiver_expired"] == "no"
    assert waived["blocking"] == "no"
