"""code_hierarchy: a 类 (3-digit code) equals the sum of its 款 (5-digit), a 款 the sum of
its 项 (7-digit), column by column (also 301 = Σ 301xx in economic tables)."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._arith import compare_sum, sum_tolerance
from checker.kinds._context import Context
from checker.kinds.spec import aliases, choice
from checker.model.ast import Row
from checker.model.results import Evidence, RuleResult


@register(
    "code_hierarchy",
    doc="Classification codes add up: a 类 (3-digit code) equals the sum of its 款 (5-digit), "
        "a 款 the sum of its 项 (7-digit), column by column; also 301 = Σ 301xx.",
    params=(
        aliases("tables", "tables", "table aliases", required=True),
        choice("rounding", ("flat", "per_item"), "`flat`: the pack's `tolerance`; "
               "`per_item`: the larger of `tolerance` and 0.005 × (parts + 1), what rounding "
               "each printed figure to 0.01 can produce", default="flat"),
    ),
    placeholders=("table", "row", "column", "found", "expected", "diff"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    results: list[RuleResult] = []
    for table in ctx.tables_with_cells(rule, rule.params["tables"], results):
        values = {"table": table.title}
        coded = [r for r in table.rows if r.code]
        by_parent = children_by_parent(coded)
        checked = 0
        table_tolerance = ctx.table_tolerance(table)
        for parent in coded:
            code = parent.code or ""
            if len(code) not in (3, 5):
                continue
            children = by_parent.get((code, parent.group))
            if not children:
                continue
            checked += 1
            tolerance = sum_tolerance(table_tolerance, len(children),
                                      rule.params.get("rounding"))
            bad = compare_sum(table, parent, children, tolerance)
            where = f"{code} {parent.label}"
            if bad:
                column, found, expected = bad[0]
                results.append(ctx.result(rule, "fail", values={
                    **values, "row": where, "column": column, "found": found,
                    "expected": expected, "diff": found - expected}, evidence=[
                    Evidence(line=parent.line, text=ctx.raw_line(parent.line) or where,
                             expected=str(expected), found=str(found))]))
            else:
                results.append(ctx.result(rule, "pass", reason=f"{table.title} {where}",
                               evidence=[Evidence(line=parent.line, text=where)]))
        if not checked:
            results.append(ctx.result(rule, "not_applicable", values=values,
                           reason=f"{table.title}: no 类/款 rows with children"))
    return results


def children_by_parent(coded: list[Row]) -> dict[tuple[str, str | None], list[Row]]:
    """Each row under (its code without the last two digits, its group), in table order: a
    parent's children in one look-up instead of a scan of every coded row per parent
    (quadratic in a long economic table)."""
    out: dict[tuple[str, str | None], list[Row]] = {}
    for row in coded:
        code = row.code or ""
        if len(code) > 2:
            out.setdefault((code[:-2], row.group), []).append(row)
    return out
