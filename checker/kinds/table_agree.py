"""table_agree: a figure of one table equals a figure of another (收支总表 支出合计 = 支出总表
合计; 一般公共预算支出表 合计 的基本支出 = 基本支出表 合计 …).

Both sides are expressions over ``cell(table, row[, column])`` read strictly: a row is found by
its code or its whole label (never a fragment), rows whose cells are all blank (a header
repeated on a continuation page) are ignored, and rows that still disagree make the check not
verifiable. Cells of tables printed in 元 are converted to 万元, so two tables in different
units compare.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.engine.expr import Env, Unavailable, Value, compile_expr, evaluate, to_decimal
from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, column_value, row_evidence, table_evidence
from checker.kinds._statements import half_ulp, strict_rows, to_text_unit
from checker.kinds.spec import choice, expr
from checker.model.ast import Row, Table
from checker.model.results import RuleResult


def _strict_cell(ctx: Context, trace: list[tuple[Table, Row]], blank_zero: bool,
                 seen: list[Table]):
    def cell(alias: Value, key: Value, column: Value = None) -> Value:
        seen.extend(t for t in ctx.tables(str(alias))[:1] if t not in seen)
        tables = [t for t in ctx.tables(str(alias)) if ctx.has_cells(t)]
        if not tables:
            raise Unavailable(f"table {alias} not found or without cells")
        table = tables[0]
        rows = strict_rows(table, str(key), keep_blank=blank_zero)
        if not rows:
            raise Unavailable(f"row {key} not found in {table.title}")
        values = set()
        for row in rows:
            if column is None:
                value = next((v for v in row.values if v is not None), None)
            else:
                value = column_value(table, row, column)
            if value is None and blank_zero:
                value = Decimal(0)  # a blank cell of a fund without money
            if value is None:
                raise Unavailable(f"row {key} of {table.title} is blank")
            values.add(to_text_unit(value, table))
        if len(values) != 1:
            raise Unavailable(f"{table.title} has several {key} rows that disagree")
        trace.append((table, rows[-1]))
        return values.pop()
    return cell


@register(
    "table_agree",
    doc="A figure of one table equals a figure of another: `left` and `right` are "
        "expressions over `cell(table, row[, column])`, read strictly (whole label or code; "
        "all-blank rows ignored; cells in 元 converted to 万元). A side that cannot be read "
        "is not verifiable.",
    params=(
        expr("left", "one side, e.g. `cell(\"收支总表\", \"支出:本年支出合计\")`", required=True),
        expr("right", "the other side, e.g. `cell(\"支出总表\", \"合计\")`", required=True),
        choice("blank", ("zero", "not_verifiable"), "a blank cell (or an all-blank row) counts "
               "as zero, or cannot be read", default="not_verifiable"),
        choice("when", ("always", "left_is_zero"), "`left_is_zero`: check only when `left` is "
               "zero — a fund without money in 财政拨款收支总表 has an empty fund table",
               default="always"),
    ),
    placeholders=("found", "expected", "diff"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    trace: list[tuple[Table, Row]] = []
    blank_zero = rule.params.get("blank") == "zero"
    seen: list[Table] = []  # every table looked at, so an unreadable one can be shown
    env = Env(functions={"cell": _strict_cell(ctx, trace, blank_zero, seen)},
              tolerance=ctx.tolerance)
    try:
        left = to_decimal(evaluate(compile_expr(rule.params["left"]), env))
        right = to_decimal(evaluate(compile_expr(rule.params["right"]), env))
    except Unavailable as error:
        return [ctx.result(rule, "not_verifiable", reason=str(error),
                           evidence=[table_evidence(t) for t in seen[-1:]])]
    if rule.params.get("when") == "left_is_zero" and left != 0:
        return [ctx.result(rule, "not_applicable", reason=f"{left} ≠ 0")]
    # Each side is a sum of printed figures: allow their rounding, never less than the pack's.
    slack = max(ctx.tolerance, half_ulp(left) + half_ulp(right))
    values: dict[str, Any] = {"found": left, "expected": right, "diff": left - right}
    evidence = [table_evidence(t, line=r.line, text=ctx.raw_line(r.line) or r.label)
                for t, r in trace[:1]] + row_evidence(ctx, [r for _t, r in trace[1:]])
    ok = abs(left - right) <= slack
    return [ctx.result(rule, "pass" if ok else "fail", values=values, evidence=evidence,
                       reason=f"{left} = {right}" if ok else None)]

