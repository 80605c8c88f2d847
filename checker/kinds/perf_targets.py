"""perf_targets: every indicator has a target value — comparator, number and unit
("≥90%", "≤15 天"). Qualitative targets (text) are accepted when ``allow_qualitative``;
a text that only names the measure ("及时率", "满意度": what is measured, not how much) is no
value at all."""

from __future__ import annotations

import re

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds._perf import TABLE_KINDS, name, tables
from checker.kinds.spec import boolean
from checker.model.results import Evidence, RuleResult
from checker.parse.perf_target import _QUALITATIVE
from checker.regex_cache import compile_re

# A measure's name — a rate, degree or share — with neither a figure nor a judgement
# ("及时率", "完善率", "满意度"; but "满意度高", "≥90%", "有效提升" are values).
_MEASURE_NAME = compile_re(r"[\u4e00-\u9fff]{0,10}(?:率|度|比例|比率|比重)")


def names_measure_only(raw: str) -> bool:
    text = re.sub(r"\s+", "", raw)
    return bool(_MEASURE_NAME.fullmatch(text)) and not _QUALITATIVE.search(text)


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
            if target is None or not target.raw.strip() or (
                    target.value is None and names_measure_only(target.raw)):
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
