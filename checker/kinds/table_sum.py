"""table_sum: a table's 合计 row equals the sum of its top-level coded rows, per column."""

from __future__ import annotations

from decimal import Decimal

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._arith import compare_sum, sum_tolerance
from checker.kinds._context import Context, table_evidence
from checker.kinds.spec import aliases, choice, regex
from checker.model.results import Evidence, RuleResult
from checker.parse.lookup import label_key
from checker.regex import rule_test

TOTAL = r"^(类款项)?(合计|总计)$"


@register(
    "table_sum",
    doc="A table's total row equals the sum of its top-level coded rows (类 in a 类/款/项 "
        "table, otherwise 项), column by column, within the tolerance.",
    params=(
        aliases("tables", "tables", "table aliases", required=True),
        regex("total_label", "the total row's label", default=TOTAL),
        choice("rounding", ("flat", "per_item"), "`flat`: the pack's `tolerance`; "
               "`per_item`: the larger of `tolerance` and 0.005 × (parts + 1), what rounding "
               "each printed figure to 0.01 can produce", default="flat"),
    ),
    placeholders=("table", "column", "found", "expected", "diff"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    is_total = rule_test(rule.params.get("total_label", TOTAL))
    results: list[RuleResult] = []
    for table in ctx.tables_with_cells(rule, rule.params["tables"], results):
        values = {"table": table.title}
        # The first total row is the one compared: the rows after it need no search.
        total = next((r for r in table.rows if is_total(label_key(r.label))), None)
        coded = [r for r in table.rows if r.code]
        if total is None or not coded:
            results.append(ctx.result(rule, "not_applicable", values=values,
                           reason=f"{table.title}: no 合计 row or no coded rows"))
            continue
        # Top level = the shortest codes present (类 in a 类/款/项 table, 项 otherwise).
        shortest = min(len(r.code or "") for r in coded)
        parts = [r for r in coded if len(r.code or "") == shortest]
        tolerance = sum_tolerance(ctx.table_tolerance(table), len(parts),
                                  rule.params.get("rounding"))
        bad = compare_sum(table, total, parts, tolerance)
        sums = [sum((r.values[0] or Decimal(0) for r in parts if r.values), Decimal(0))]
        if bad:
            column, found, expected = bad[0]
            results.append(ctx.result(rule, "fail", values={
                **values, "column": column, "found": found, "expected": expected,
                "diff": found - expected}, evidence=[
                Evidence(line=total.line, text=ctx.raw_line(total.line) or total.label,
                         expected=str(expected), found=str(found))]))
        else:
            results.append(ctx.result(rule, "pass", reason=f"{table.title}: 合计 "
                           f"{total.values[0] if total.values else ''} = Σ {sums[0]}",
                           evidence=[table_evidence(table, line=total.line)]))
    return results
