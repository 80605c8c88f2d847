"""table_formula: an identity written in the expression language, checked once per table
(``row("收入合计") == row("支出合计")``) or on every row (``col("合计") == col("基本支出") +
col("项目支出")``)."""

from __future__ import annotations

from typing import Any

from checker.engine.expr import Env, Node, Unavailable, Value, compile_expr, evaluate
from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._cells import column_reader
from checker.kinds._context import Context, row_evidence, table_evidence
from checker.kinds.spec import aliases, choice, expr, regex
from checker.model.ast import Row, Table
from checker.model.results import Evidence, RuleResult
from checker.regex import rule_regex


def sides(node: Node, env: Env) -> dict[str, Any]:
    """For evidence: the two sides of a top-level comparison."""
    if node.op != "cmp":
        return {}
    try:
        return {"found": evaluate(node.args[1], env), "expected": evaluate(node.args[2], env)}
    except Unavailable:
        return {}


def _env(ctx: Context, table: Table, row: Row | None, trace: list[Row] | None = None) -> Env:
    return Env(functions=ctx.functions(table, row, trace=trace),
               tolerance=ctx.table_tolerance(table))


def _row_env(ctx: Context, table: Table) -> tuple[Env, list[Row]]:
    """One environment for every row of ``table`` (``_env`` of each row, built once):
    ``col()`` reads the row put in the returned list."""
    env = _env(ctx, table, None)
    at: list[Row] = list(table.rows[:1])
    read = column_reader(table)

    def col(column: Value) -> Value:
        return read(at[0], column)

    env.functions["col"] = col
    return env, at


@register(
    "table_formula",
    doc="An identity in the expression language, checked once per table or on every row.",
    params=(
        aliases("tables", "tables", "table aliases", required=True),
        expr("assert", "an expression that must be true, e.g. `row(\"收入:收入合计\") == "
             "row(\"支出:支出合计\")`; `==` compares within the tolerance", required=True),
        choice("for_each", ("table", "row"), "`table`: evaluate once, with `row(...)`; `row`: "
               "evaluate on each row, with `col(...)`", default="table"),
        regex("rows", "`for_each: row` only: a regex on “code label” choosing the rows"),
    ),
    placeholders=("table", "row", "found", "expected"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    node = compile_expr(rule.params["assert"])
    rows_filter = rule_regex(rule.params["rows"]) if rule.params.get("rows") else None
    results: list[RuleResult] = []
    for table in ctx.tables_with_cells(rule, rule.params["tables"], results):
        values: dict[str, Any] = {"table": table.title}
        if rule.params.get("for_each", "table") == "table":
            trace: list[Row] = []
            env = _env(ctx, table, None, trace)
            try:
                ok = bool(evaluate(node, env))
            except Unavailable as error:
                results.append(ctx.result(rule, "not_verifiable", values=values,
                               reason=f"{table.title}: {error}",
                               evidence=[table_evidence(table)]))
                continue
            found = sides(node, env)
            evidence = [table_evidence(table, expected=found.get("expected"),
                                       found=found.get("found")), *row_evidence(ctx, trace)]
            results.append(ctx.result(rule, "pass" if ok else "fail",
                           values={**values, **found}, evidence=evidence,
                           reason=table.title))
            continue
        failures: list[tuple[Row, dict[str, Any]]] = []
        checked, missing = 0, ""
        env, at = _row_env(ctx, table)
        for row in table.rows:
            key = f"{row.code or ''} {row.label}"
            if rows_filter and not rows_filter.search(key):
                continue
            at[0] = row
            try:
                ok = bool(evaluate(node, env))
            except Unavailable as error:
                missing = str(error)
                continue
            checked += 1
            if not ok:
                failures.append((row, sides(node, env)))
        if failures:
            row, found = failures[0]
            results.append(ctx.result(rule, "fail", values={
                **values, "row": f"{row.code or ''} {row.label}".strip(), **found},
                evidence=[Evidence(line=r.line, text=ctx.raw_line(r.line) or r.label,
                                   expected=str(f.get("expected", "")) or None,
                                   found=str(f.get("found", "")) or None,
                                   page=r.page, bbox=r.bbox)
                          for r, f in failures[:5]]))
        elif checked:
            results.append(ctx.result(rule, "pass", reason=f"{table.title}: {checked} rows",
                                      evidence=[table_evidence(table)]))
        elif missing and _one_amount(table):
            # A table printing one amount per row (科目 | 金额) has no columns for a row's
            # identity to relate: the formula is about another layout of the table.
            results.append(ctx.result(rule, "not_applicable", values=values,
                           reason=f"{table.title}: 每行只有一栏金额（{'、'.join(table.columns)}）",
                           evidence=[table_evidence(table)]))
        else:
            results.append(ctx.result(rule, "not_verifiable", values=values,
                           reason=f"{table.title}: {missing or 'no rows'}",
                           evidence=[table_evidence(table)]))
    return results


def _one_amount(table: Table) -> bool:
    """Read from the page geometry (every column known, none lost in extraction), the header
    names one value column, and no row holds more than one value. A table rebuilt from a
    text stream may have lost its columns: it stays not verifiable."""
    return bool(table.grid) and len(table.columns) == 1 and bool(table.columns[0]) and \
        bool(table.rows) and all(len(row.values) <= 1 for row in table.rows)
