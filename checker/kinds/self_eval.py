"""self_eval: in a 绩效自评表, a missed target needs a 偏差原因 and cannot keep the full
score (``check: deviation``); the total score equals the sum of the scores (``check: total``)."""

from __future__ import annotations

import re
from decimal import Decimal

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import AMOUNT, Context, to_amount
from checker.kinds._perf import name
from checker.kinds.spec import choice
from checker.model.ast import Indicator, PerformanceTable
from checker.model.results import Evidence, RuleResult


def met(indicator: Indicator, tol: Decimal) -> bool | None:
    """Whether the actual value meets the target; None when either is not numeric."""
    target = indicator.target
    if target is None or target.value is None or target.op is None or not indicator.actual:
        return None
    found = re.search(AMOUNT, indicator.actual.replace(" ", ""))
    actual = to_amount(found.group(0)) if found else None
    if actual is None:
        return None
    goal = target.value
    return {
        "≥": actual >= goal - tol, ">": actual > goal, "≤": actual <= goal + tol,
        "<": actual < goal, "=": abs(actual - goal) <= tol,
    }.get(target.op.replace(">=", "≥").replace("<=", "≤").replace("≧", "≥").replace("≦", "≤"))


def _deviation(rule: Rule, ctx: Context, table: PerformanceTable) -> list[RuleResult]:
    results = []
    for indicator in table.indicators:
        ok = met(indicator, ctx.tolerance)
        label = indicator.level3 or "?"
        target = indicator.target.raw if indicator.target else ""
        values = {"table": name(table), "indicator": label, "target": target,
                  "actual": indicator.actual, "score": indicator.score,
                  "weight": indicator.weight}
        if ok is None:
            continue  # qualitative: nothing to compare
        if ok:
            results.append(ctx.result(rule, "pass", values=values,
                                      reason=f"{label}: {indicator.actual} meets {target}"))
            continue
        problems = []
        if not (indicator.deviation_reason or "").strip():
            problems.append("未说明偏差原因")
        if (indicator.score is not None and indicator.weight is not None
                and indicator.score >= indicator.weight):
            problems.append("仍得满分")
        values["problem"] = "，".join(problems)
        evidence = [Evidence(line=indicator.line, text=ctx.raw_line(indicator.line) or label,
                             expected=target, found=indicator.actual)]
        results.append(ctx.result(rule, "fail" if problems else "pass", values=values,
                                  evidence=evidence, reason=f"{label}: missed, explained"))
    return results


def _total(rule: Rule, ctx: Context, table: PerformanceTable) -> list[RuleResult]:
    scores = [i.score for i in table.indicators]
    values = {"table": name(table), "found": table.total_score}
    if table.total_score is None or not scores or any(s is None for s in scores):
        return [ctx.result(rule, "not_verifiable", values=values,
                           reason=f"{name(table)}: scores not recovered")]
    # The funds row (资金执行率) carries its own 分值/得分 that counts towards the total.
    expected = sum((s for s in scores if s is not None), Decimal(0)) + (table.funds.score or 0)
    values["expected"] = expected
    ok = abs(expected - table.total_score) <= ctx.tolerance
    return [ctx.result(rule, "pass" if ok else "fail", values=values, reason=name(table),
                       evidence=[Evidence(line=table.line, text=name(table),
                                          expected=str(expected), found=str(table.total_score))])]


@register(
    "self_eval",
    doc="In a 绩效自评表: a missed target needs a 偏差原因 and cannot keep the full score "
        "(`check: deviation`); the total score equals the sum of the scores (`check: total`).",
    params=(choice("check", ("deviation", "total"), "which check", required=True),),
    placeholders=("table", "indicator", "target", "actual", "score", "weight", "problem",
                  "found", "expected"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    results: list[RuleResult] = []
    for table in ctx.doc.performance_tables:
        if table.kind != "self_evaluation":
            continue
        if rule.params["check"] == "deviation":
            results.extend(_deviation(rule, ctx, table))
        else:
            results.extend(_total(rule, ctx, table))
    return results
