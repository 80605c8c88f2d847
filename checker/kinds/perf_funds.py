"""perf_funds: a performance table's 资金总额 equals 财政拨款 + 其他资金."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds._perf import TABLE_KINDS, name, tables
from checker.model.results import Evidence, RuleResult


@register(
    "perf_funds",
    doc="A performance table's 资金总额 equals 财政拨款 + 其他资金.",
    params=(TABLE_KINDS,),
    placeholders=("table", "found", "expected", "fiscal", "other"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    results: list[RuleResult] = []
    for table in tables(ctx, rule.params):
        funds = table.funds
        values = {"table": name(table), "found": funds.total}
        if funds.total is None or funds.fiscal is None:
            results.append(ctx.result(rule, "not_verifiable", values=values,
                           reason=f"{name(table)}: 资金总额 or 财政拨款 not recovered"))
            continue
        expected = funds.fiscal + (funds.other or 0)
        ok = abs(funds.total - expected) <= ctx.tolerance
        values.update(expected=expected, fiscal=funds.fiscal, other=funds.other or 0)
        results.append(ctx.result(rule, "pass" if ok else "fail", values=values,
                                  reason=name(table), evidence=[
            Evidence(line=table.line, text=name(table), expected=str(expected),
                     found=str(funds.total))]))
    return results
