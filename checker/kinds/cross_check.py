"""cross_check: an amount stated in the narrative (found by section alias and a pattern
with a named group ``amount``) equals an expected value computed from tables
(``cell("基本支出表", "301") + cell("基本支出表", "303")``), counts or other groups."""

from __future__ import annotations

from checker.engine.expr import Env, Unavailable, compile_expr, evaluate, to_decimal
from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, row_evidence
from checker.kinds._scan import group_values, hit_evidence, scan
from checker.kinds.spec import aliases, boolean, choice, expr, regex
from checker.model.ast import Row
from checker.model.results import Evidence, RuleResult


@register(
    "cross_check",
    doc="An amount stated in the narrative equals a value computed from the tables (or from "
        "the statement itself). One result per match of `pattern`.",
    params=(
        aliases("sections", "sections", "section aliases where the statement is (default: the "
                "whole document)"),
        regex("pattern", "finds the statement; its named group `amount` is the stated amount, "
              "every other named group becomes a variable of `expected`", required=True),
        expr("expected", "what `amount` must equal, e.g. `cell(\"基本支出表\", \"301\")`",
             required=True),
        choice("absent_rows", ("zero", "not_verifiable"), "what a row missing from the table "
               "counts as", default="not_verifiable"),
        boolean("required", "`true`: fail when the statement is not found (otherwise "
                "`not_applicable`)", default=False),
    ),
    placeholders=("found", "expected", "diff", "section", "text"),
    pattern_groups=True,
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    node = compile_expr(params["expected"])
    segments = ctx.segments(params.get("sections"))
    hits = scan(ctx, params["pattern"], segments)
    if not hits:
        if params.get("required"):
            return [ctx.result(rule, "fail", values={"found": "missing", "expected": "stated"},
                               evidence=[Evidence(line=None, text="statement not found",
                                                  expected=params["pattern"])])]
        return [ctx.result(rule, "not_applicable", reason="statement not found")]
    results: list[RuleResult] = []
    for hit in hits:
        trace: list[Row] = []
        functions = ctx.functions(absent_rows=params.get("absent_rows", "not_verifiable"),
                                  trace=trace)
        variables = group_values(hit.match)
        section = hit.segment.section
        values = {**variables, "section": section, "text": hit.text}
        found = variables.get("amount")
        try:
            expected = to_decimal(evaluate(node, Env(variables, functions, ctx.tolerance)))
            found_amount = to_decimal(found)
        except Unavailable as error:
            results.append(ctx.result(rule, "not_verifiable", values=values,
                                      reason=f"{hit.text}: {error}",
                                      evidence=[hit_evidence(hit, found=found)]))
            continue
        values.update(found=found_amount, expected=expected, diff=found_amount - expected)
        ok = abs(found_amount - expected) <= ctx.tolerance
        results.append(ctx.result(rule, "pass" if ok else "fail", values=values,
                                  reason=hit.text, evidence=[
                                      hit_evidence(hit, expected=expected, found=found_amount),
                                      *row_evidence(ctx, trace)]))
    return results
