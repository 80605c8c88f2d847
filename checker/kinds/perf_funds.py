"""perf_funds: a performance table's 资金总额 equals 财政拨款 + 其他资金; where the table
also gives the year's funds (Shanghai), 年度资金申请总额 equals 当年财政拨款 + 上年结转资金 +
其他资金."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context
from checker.kinds._perf import TABLE_KINDS, name, tables
from checker.model.ast import Funds
from checker.model.results import Evidence, RuleResult


@register(
    "perf_funds",
    doc="A performance table's 资金总额 equals 财政拨款 + 其他资金 (and its 年度资金申请总额, "
        "where printed, 当年财政拨款 + 上年结转资金 + 其他资金).",
    params=(TABLE_KINDS,),
    placeholders=("table", "found", "expected", "fiscal", "other", "what", "parts"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    results: list[RuleResult] = []
    for table in tables(ctx, rule.params):
        blocks: list[tuple[str, str, Funds]] = [("资金总额", "财政拨款", table.funds)]
        if table.year_funds is not None:
            blocks.append(("年度资金申请总额", "当年财政拨款", table.year_funds))
        for what, fiscal_name, funds in blocks:
            values = {"table": name(table), "found": funds.total, "what": what}
            if funds.total is None or funds.fiscal is None:
                results.append(ctx.result(rule, "not_verifiable", values=values,
                               reason=f"{name(table)}: {what} or {fiscal_name} not recovered"))
                continue
            expected = funds.fiscal + (funds.other or 0) + (funds.carried or 0)
            parts = [f"{fiscal_name} {funds.fiscal}"]
            if funds.carried is not None:
                parts.append(f"上年结转资金 {funds.carried}")
            parts.append(f"其他资金 {funds.other if funds.other is not None else 0}")
            ok = abs(funds.total - expected) <= ctx.tolerance
            values.update(expected=expected, fiscal=funds.fiscal, other=funds.other or 0,
                          parts=" + ".join(parts))
            results.append(ctx.result(rule, "pass" if ok else "fail", values=values,
                                      reason=f"{name(table)} {what}", evidence=[
                Evidence(line=table.line, text=f"{name(table)} {what}", expected=str(expected),
                         found=str(funds.total))]))
    return results
