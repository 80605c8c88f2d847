"""Waivers: matched to failing results, keep the gate green while in force, stay visible,
stop applying when expired."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from synthetic_reports import FAILING_UNIT, make_batch

from checker.engine.waivers import apply_waivers, load_waivers
from checker.errors import ConfigError
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield

TODAY = dt.date(2026, 1, 15)


def waiver_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_waiver_in_force_turns_a_failing_unit_green_but_stays_visible(tmp_path: Path) -> None:
    entries = load_waivers(waiver_file(tmp_path, f"""
- unit: {FAILING_UNIT}
  rule: budget.personnel-cost
  reason: 已说明口径差异
  expires: 2026-06-30
"""))
    batch = make_batch(with_error=False)
    assert batch.units[0].verdict == "fail" and batch.exit_code == 1
    notes = apply_waivers(batch, entries, TODAY)
    result = batch.units[0].results[0]
    assert result.waiver is not None and result.waiver.reason == "已说明口径差异"
    assert result.waived and result.status == "fail"
    assert batch.units[0].verdict == "pass" and batch.exit_code == 0
    assert batch.to_dict()["units"][0]["results"][0]["waiver"]["expires"] == "2026-06-30"
    assert notes == []


def test_expired_waiver_stops_applying_and_is_reported(tmp_path: Path) -> None:
    entries = load_waivers(waiver_file(tmp_path, f"""
- unit: {FAILING_UNIT}
  rule: budget.personnel-cost
  reason: 旧的豁免
  expires: "2025-12-31"
"""))
    batch = make_batch(with_error=False)
    notes = apply_waivers(batch, entries, TODAY)
    result = batch.units[0].results[0]
    assert result.waiver is not None and result.waiver.expired
    assert not result.waived and batch.units[0].verdict == "fail" and batch.exit_code == 1
    assert len(notes) == 1 and "expired on 2025-12-31" in notes[0]
    assert notes[0].startswith(f"{tmp_path / 'waivers.yaml'}:2:")


def test_waiver_applies_through_its_expiry_day(tmp_path: Path) -> None:
    entries = load_waivers(waiver_file(tmp_path, f"""
- {{unit: {FAILING_UNIT}, rule: budget.personnel-cost, reason: r, expires: 2026-01-15}}
"""))
    batch = make_batch(with_error=False)
    apply_waivers(batch, entries, TODAY)
    assert batch.units[0].verdict == "pass"


def test_unit_by_file_name_and_rule_wildcard(tmp_path: Path) -> None:
    entries = load_waivers(waiver_file(tmp_path, """
waivers:
  - unit: 001_fund.txt
    rule: "budget.*"
    reason: 文件名匹配
"""))
    batch = make_batch(with_error=False)
    apply_waivers(batch, entries, TODAY)
    waived = [r.rule for r in batch.units[0].results if r.waiver]
    # Only failing results take a waiver: budget.table-sum is not_verifiable, not failing.
    assert waived == ["budget.personnel-cost"]
    assert batch.units[1].results[0].waiver is None  # another unit's file


def test_unused_waiver_is_noted(tmp_path: Path) -> None:
    entries = load_waivers(waiver_file(tmp_path, """
- unit: 不存在的单位
  rule: budget.personnel-cost
  reason: r
"""))
    notes = apply_waivers(make_batch(with_error=False), entries, TODAY)
    assert len(notes) == 1 and "matched no failing result" in notes[0]


def test_empty_waiver_file(tmp_path: Path) -> None:
    assert load_waivers(waiver_file(tmp_path, "# nothing waived\n")) == []


@pytest.mark.parametrize(("text", "message", "line"), [
    ("- unit: a\n  rule: b\n", "waiver needs a non-empty 'reason'", 1),
    ("- unit: a\n  rule: b\n  reason: c\n  until: 2026-01-01\n", "unknown waiver key 'until'", 1),
    ("- unit: a\n  rule: b\n  reason: c\n  expires: soon\n", "expires must be a date", 1),
    ("- unit: a\n  rule: b\n  reason: c\n- [x]\n", "each waiver is a mapping", 4),
    ("unit: a\n", "expected a list of waivers", 1),
    ("- unit: a\n  rule: [b\n", "invalid YAML", None),
])
def test_malformed_waivers_are_one_config_error(tmp_path: Path, text: str, message: str,
                                                line: int | None) -> None:
    with pytest.raises(ConfigError) as caught:
        load_waivers(waiver_file(tmp_path, text))
    assert message in caught.value.problem
    if line is not None:
        assert caught.value.line == line
    assert "\n" not in caught.value.one_line()


def test_missing_waiver_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="waiver file not found"):
        load_waivers(tmp_path / "none.yaml")
