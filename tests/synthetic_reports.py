"""Hand-built batch reports for the formatter tests: every status, severity and waiver state,
and text that breaks naive formatters (markup brackets, HTML, pipes, control characters)."""

from __future__ import annotations

from checker.model.results import (
    BatchReport,
    Evidence,
    InputFailure,
    RuleResult,
    UnitReport,
    Waiver,
)

FAILING_UNIT = "福州市医疗保障基金中心"
PARTIAL_UNIT = "福州市某某局"
CLEAN_UNIT = "福州市财政局"


def failing_unit() -> UnitReport:
    return UnitReport(
        source="corpus/001_fund.txt", unit=FAILING_UNIT, year=2023, kind="预算", level="单位",
        results=[
            RuleResult("budget.personnel-cost", "人员经费与基本支出表一致", "error", "fail",
                       "人员经费 3044.01 万元与基本支出表 301+303 = 3076.31 万元不符",
                       [Evidence(812, "人员经费 3044.01 万元", expected="3076.31",
                                 found="3044.01")],
                       category="cross-check", reference="财预〔2023〕1号 第三部分五"),
            RuleResult("editorial.duplicate-word", "重复用词", "warning", "fail",
                       "重复用词 [bold]结余结余[/bold] <script>alert(1)</script> a|b",
                       [Evidence(40, "年末结转和结余结余\x0c")], category="editorial"),
            RuleResult("budget.tables-present", "十张预算表齐全", "error", "pass",
                       "十张预算表齐全", [Evidence(12, "第二部分 2023年度单位预算表")],
                       category="presence"),
            RuleResult("budget.table-sum", "合计等于各行之和", "error", "not_verifiable",
                       "收支预算总表只有标题，表格为图片", [Evidence(120, "一、收支预算总表")],
                       category="arithmetic"),
            RuleResult("final.outcome-score", "自评得分", "info", "not_applicable",
                       "只适用于决算", [], category="performance"),
        ],
    )


def partial_unit() -> UnitReport:
    """Passes the gate only because its table checks could not be made."""
    return UnitReport(
        source="corpus/样例/乙单位.txt", unit=PARTIAL_UNIT, year=2024, kind="决算", level="部门",
        results=[
            RuleResult("budget.table-sum", "合计等于各行之和", "error", "not_verifiable",
                       "表格为图片", [Evidence(200, "公开01表")], category="arithmetic"),
            RuleResult("budget.table-sum", "合计等于各行之和", "error", "not_verifiable",
                       "表格为图片", [Evidence(260, "公开02表")], category="arithmetic"),
        ],
    )


def clean_unit() -> UnitReport:
    """Passes; its one error finding is waived (and stays visible)."""
    return UnitReport(
        source="corpus/003_finance.txt", unit=CLEAN_UNIT, year=2023, kind="决算", level="单位",
        results=[
            RuleResult("final.three-public", "三公经费说明", "error", "pass", "三公经费说明齐全",
                       [Evidence(500, "“三公”经费")], category="wording"),
            RuleResult("final.self-eval-deviation", "偏差原因", "error", "fail",
                       "硬件投入 =150 万元未完成却得满分且无偏差原因",
                       [Evidence(901, "硬件投入 =150 万元 196.25 10 10")],
                       category="performance",
                       waiver=Waiver(CLEAN_UNIT, "final.self-eval-deviation",
                                     "审计已确认为填报口径问题", "2099-12-31")),
        ],
    )


def make_batch(with_error: bool = True) -> BatchReport:
    batch = BatchReport(units=[failing_unit(), partial_unit(), clean_unit()])
    if with_error:
        batch.errors.append(InputFailure("corpus/broken.txt", "binary file (not text)"))
    return batch
