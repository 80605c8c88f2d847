"""The text format: ruff-like finding lines, units grouped, a closing summary, colour rules."""

from __future__ import annotations

import io

import pytest
from clirun import unwrap
from synthetic_reports import CLEAN_UNIT, FAILING_UNIT, PARTIAL_UNIT, make_batch

from checker.model.results import RuleResult, UnitReport
from checker.report import text
from checker.report.common import verdict_class, verdict_text
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield


def test_findings_are_file_line_severity_rule_message() -> None:
    out = unwrap(text.render(make_batch()))
    lines = out.splitlines()
    assert ("corpus/001_fund.txt:812: error budget.personnel-cost 人员经费 3044.01 万元与基本支出表"
            " 301+303 = 3076.31 万元不符 [computed 3076.31; stated 3044.01; difference -32.30]"
            ) in lines
    # A warning under the default gate is listed but marked as not blocking.
    warning = next(line for line in lines if "editorial.duplicate-word" in line)
    assert warning.startswith("corpus/001_fund.txt:40: warning ")
    assert "below --fail-on error" in warning
    # Markup-looking text in a message is printed literally, not interpreted by rich.
    assert "[bold]结余结余[/bold]" in warning


def test_units_are_grouped_with_verdicts_and_not_verifiable_is_visible() -> None:
    out = unwrap(text.render(make_batch()))
    assert f"{FAILING_UNIT} 2023 单位预算 (corpus/001_fund.txt): FAIL" in out
    assert f"{PARTIAL_UNIT} 2024 部门决算 (corpus/样例/乙单位.txt): PASS (2 not verifiable)" in out
    assert "corpus/样例/乙单位.txt:200: unverifiable budget.table-sum 表格为图片" in out
    # Passing results are counted, not listed.
    assert "budget.tables-present" not in out


def test_waived_finding_is_shown_with_reason() -> None:
    out = unwrap(text.render(make_batch()))
    line = next(x for x in out.splitlines() if "final.self-eval-deviation" in x)
    assert line.startswith("corpus/003_finance.txt:901: waived ")
    assert "waived until 2099-12-31: 审计已确认为填报口径问题" in line


def test_summary_table_and_closing_line() -> None:
    out = unwrap(text.render(make_batch()))
    rows = {line.split()[0]: line.split() for line in out.splitlines()
            if line.strip() and line.split()[0] in (FAILING_UNIT, PARTIAL_UNIT, CLEAN_UNIT)}
    # unit, verdict..., pass, fail, not verifiable, n/a, waived
    assert rows[FAILING_UNIT][-5:] == ["1", "2", "1", "1", "0"]
    assert rows[PARTIAL_UNIT][-5:] == ["0", "0", "2", "0", "0"]
    assert rows[CLEAN_UNIT][-5:] == ["1", "1", "0", "0", "1"]
    assert out.rstrip().splitlines()[-1] == (
        "3 units: 2 passed, 1 failed; 1 passed with checks not verifiable; "
        "3 checks not verifiable; 1 findings waived; 1 input error")
    assert "corpus/broken.txt: input-error binary file (not text)" in out


def test_plain_output_has_no_escape_codes_and_colour_has() -> None:
    assert "\x1b[" not in unwrap(text.render(make_batch()))
    coloured = io.StringIO()
    text.write(make_batch(), coloured, colour=True)
    assert "\x1b[" in coloured.getvalue()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("env", "expected"), [({}, True), ({"CI": "true"}, False),
                                               ({"NO_COLOR": "1"}, False)])
def test_colour_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch,
                                              env: dict[str, str], expected: bool) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert text.use_colour(_Tty()) is expected
    assert text.use_colour(io.StringIO()) is False


def test_input_errors_can_be_left_to_stderr() -> None:
    out = io.StringIO()
    text.write(make_batch(), out, colour=False, show_errors=False)
    assert "input-error" not in unwrap(out.getvalue())
    assert "1 input error" in unwrap(out.getvalue())


def test_a_unit_with_nothing_checked_does_not_read_as_a_clean_pass() -> None:
    unit = UnitReport("x.txt", None, None, None, None, [
        RuleResult("final.only", "t", "error", "not_applicable", "只适用于决算")])
    assert unit.verdict == "pass"
    assert verdict_text(unit) == "PASS (no applicable checks)"
    assert verdict_class(unit) == "partial"
    batch = make_batch(with_error=False)
    batch.units = [unit]
    assert "x.txt (x.txt): PASS (no applicable checks)" in unwrap(text.render(batch))


@pytest.mark.parametrize("name", ["中心[b]甲[/b]", "财政局:smile:"])
def test_unit_names_in_the_summary_are_printed_as_they_are(name: str) -> None:
    # A unit's name is text from the document: rich must not read it as markup or emoji
    # codes (the tag vanished from the summary table before).
    batch = make_batch(with_error=False)
    batch.units[0].unit = name
    summary = [line for line in text.render(batch).splitlines() if "FAIL" in line
               and "corpus/" not in line]
    assert len(summary) == 1 and name in summary[0], summary
