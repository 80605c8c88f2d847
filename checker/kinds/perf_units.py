"""perf_units: a target's unit fits its indicator — a name ending in 率/度/比例 (a rate)
is measured in % and not in 天 or 次."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, norm
from checker.kinds._perf import TABLE_KINDS, name, tables
from checker.kinds.spec import texts
from checker.model.results import Evidence, RuleResult
from checker.regex_cache import compile_re

# "医疗费用即时结算率（%）" and "财政补助标准(元)": the trailing bracket is not the name.
TRAILING = compile_re(r"\([^()]*\)$")


@register(
    "perf_units",
    doc="An indicator whose name ends in one of `suffixes` (率, 度, 比例: a rate) is measured "
        "in one of `units` (%).",
    params=(
        TABLE_KINDS,
        texts("suffixes", "name endings that make an indicator a rate", required=True),
        texts("units", "the units such an indicator may use", required=True),
    ),
    placeholders=("table", "indicator", "found", "unit"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    suffixes = tuple(rule.params["suffixes"])
    units = {norm(u) for u in rule.params["units"]}
    results: list[RuleResult] = []
    for table in tables(ctx, rule.params):
        for indicator in table.indicators:
            label = TRAILING.sub("", norm(indicator.level3 or ""))
            target = indicator.target
            if not label.endswith(suffixes) or target is None or not target.unit:
                continue
            ok = norm(target.unit) in units
            values = {"table": name(table), "indicator": indicator.level3,
                      "found": target.raw, "unit": target.unit}
            results.append(ctx.result(rule, "pass" if ok else "fail", values=values,
                                      reason=f"{indicator.level3} {target.raw}", evidence=[
                Evidence(line=indicator.line, text=ctx.raw_line(indicator.line) or label,
                         expected="%", found=target.unit)]))
    if not results:
        results.append(ctx.result(rule, "not_applicable", reason="no rate indicators with units"))
    return results
