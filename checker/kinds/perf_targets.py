"""perf_targets: every indicator has a target value — comparator, number and unit
("≥90%", "≤15 天"). Qualitative targets (text) are accepted when ``allow_qualitative``."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds._perf import TABLE_KINDS, name, tables
from checker.kinds.spec import boolean
from checker.model.results import Evidence, RuleResult


@register(
    "perf_targets",
    doc="Every indicator of a performance table has a target value with comparator, number "
        "and unit (“≥90%”, “≤15 天”).",
    params=(
        TABLE_KINDS,
        boolean("allow_qualitative", "a target in words (“有效提升”) passes", default=True),
    ),
    placeholders=("table", "indicator", "found", "missing"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    allow_text = rule.params.get("allow_qualitative", True)
    results: list[RuleResult] = []
    for table in tables(ctx, rule.params):
        for indicator in table.indicators:
            target = indicator.target
            label = indicator.level3 or indicator.level2 or "?"
            values = {"table": name(table), "indicator": label,
                      "found": target.raw if target else "无"}
            problems = []
            if target is None or not target.raw.strip():
                problems.append("指标值")
            elif target.value is None:
                if not allow_text:
                    problems.append("数值")
            else:
                if target.op is None:
                    problems.append("比较符")
                if not target.unit:
                    problems.append("单位")
            values["missing"] = "、".join(problems)
            evidence = [Evidence(line=indicator.line, text=ctx.raw_line(indicator.line) or label,
                                 expected="比较符+数值+单位" if problems else None,
                                 found=(target.raw if target else "无") if problems else None)]
            results.append(ctx.result(rule, "fail" if problems else "pass", values=values,
                                      evidence=evidence, reason=f"{label} {values['found']}"))
    return results
