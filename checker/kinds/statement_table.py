"""statement_table: a statement's amount equals its table cell.

The row is found by the statement's subject — a 科目 code decides alone; 类/款/项 names must
lead down the chain of codes — in the first table of ``tables`` that has cells. The figure
compared is the first of ``roles`` the statement (or the statements of its 科目 paragraph)
states; the cell is the row's ``column`` (default: its first amount), converted to 万元 when
the table is printed in 元. A blank cell where the text states a non-zero amount is a failure.
A subject that cannot be matched to one row is not verifiable — never a guess.
"""

from __future__ import annotations

from decimal import Decimal

from checker.engine.expr import Unavailable
from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, column_value, norm, row_evidence
from checker.kinds._statements import (
    evidence,
    half_ulp,
    statements,
    strict_rows,
    subject_row,
    subject_text,
    to_text_unit,
)
from checker.kinds.spec import aliases, choice, choices, custom, text
from checker.model.ast import Statement
from checker.model.results import RuleResult


def _figure(s: Statement, index: int, every: list[Statement], roles: list[str]
            ) -> tuple[Decimal | None, Statement]:
    for role in roles:
        if role in s.numbers:
            return s.numbers[role], s
        for own in every:
            if own.item == index and role in own.numbers:
                return own.numbers[role], own
    return None, s


@register(
    "statement_table",
    doc="A statement's amount equals its table cell. The row is found by the statement's "
        "subject (a 科目 code alone decides; 类/款/项 names must lead down the chain of codes); "
        "the cell is the row's `column` (default: its first amount), converted to 万元 when the "
        "table is in 元. A blank cell where the text states a non-zero amount fails; a subject "
        "that matches no single row is not verifiable.",
    params=(
        aliases("tables", "tables", "where the rows are (the first with cells is used)",
                required=True),
        choices("families", ("item_amount", "headline_total", "share", "total_parts", "yoy",
                             "final_vs_budget"),
                "statement families to check", default=["item_amount"]),
        choices("roles", ("amount", "budget", "final", "adjusted_budget", "last_year"),
                "the figure compared: the first of these roles the statement (or its 科目 "
                "paragraph) states", default=["amount"]),
        choice("absent_rows", ("zero", "not_verifiable"), "a 科目 code missing from the table "
               "counts as zero (`zero`) or cannot be checked; names never count as zero",
               default="not_verifiable"),
        custom("subjects", {"type": "object", "minProperties": 1,
                            "additionalProperties": {"type": "array", "minItems": 1,
                                                     "items": {"type": "string",
                                                               "minLength": 1}}},
               "for statements named by words, not 科目 (headline totals): subject → the row "
               "keys to try, e.g. `{收入支出总计: [\"收入:总计\"]}`; other subjects are skipped",
               "subject → row keys"),
        text("column", "the table column (a header such as `合计`; default: the row's first "
             "amount)"),
    ),
    placeholders=("text", "subject", "found", "expected"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    families = params.get("families", ["item_amount"])
    roles = list(params.get("roles", ["amount"]))
    column = params.get("column")
    subjects = ({norm(k): list(v) for k, v in params["subjects"].items()}
                if params.get("subjects") else None)
    every = statements(ctx)
    tables = [t for alias in params["tables"] for t in ctx.tables(alias)]
    usable = [t for t in tables if ctx.has_cells(t)]
    results: list[RuleResult] = []
    for index, s in enumerate(every):
        if s.family not in families or not s.subject:
            continue
        if subjects is not None and norm(s.subject.get("name", "")) not in subjects:
            continue  # a subject this rule does not know
        figure, where = _figure(s, index, every, roles)
        if figure is None:
            continue
        values = {"text": s.text, "subject": subject_text(s), "found": figure}
        if not usable:
            why = "表格未找到" if not tables else "表格无单元格（图片或提取丢失）"
            results.append(ctx.result(rule, "not_verifiable", values=values,
                                      reason=f"{subject_text(s)}：{why}",
                                      evidence=[evidence(ctx, where, found=figure)]))
            continue
        table = usable[0]
        if subjects is not None:
            keys = subjects[norm(s.subject.get("name", ""))]
            found_rows = next((rows for key in keys if (rows := strict_rows(table, key))), [])
            row = found_rows[-1] if len({r.values[0] for r in found_rows}) == 1 else None
            why = f"{table.title}中未找到唯一的“{'/'.join(keys)}”"
        else:
            row, why = subject_row(table, s.subject)
        if row is None and s.subject.get("code") and params.get("absent_rows") == "zero":
            # a code the table does not list: its amount there is zero
            status = "pass" if figure == 0 else "fail"
            results.append(ctx.result(rule, status, values={**values, "expected": 0},
                                      reason=f"{subject_text(s)}：表中无此科目",
                                      evidence=[evidence(ctx, where, expected=0, found=figure)]))
            continue
        if row is None:
            results.append(ctx.result(rule, "not_verifiable", values=values,
                                      reason=f"{subject_text(s)}：{why}",
                                      evidence=[evidence(ctx, where, found=figure)]))
            continue
        try:
            cell = column_value(table, row, column) if column else next(
                (v for v in row.values if v is not None), None)
        except Unavailable as error:
            results.append(ctx.result(rule, "not_verifiable", values=values,
                                      reason=f"{subject_text(s)}：{error}",
                                      evidence=[evidence(ctx, where, found=figure)]))
            continue
        if cell is None:
            status = "fail" if figure != 0 else "pass"
            results.append(ctx.result(rule, status, values={**values, "expected": "空白"},
                                      reason=f"{subject_text(s)}：表中为空",
                                      evidence=[evidence(ctx, where, expected="空白",
                                                         found=figure),
                                                *row_evidence(ctx, [row])]))
            continue
        expected = to_text_unit(cell, table)
        slack = half_ulp(figure) + ctx.tolerance
        shown = expected.quantize(Decimal("0.01"))
        ok = abs(expected - figure) <= slack
        results.append(ctx.result(rule, "pass" if ok else "fail",
                                  values={**values, "expected": shown},
                                  reason=f"{subject_text(s)} {figure}万元 / {table.title}",
                                  evidence=[evidence(ctx, where, expected=shown, found=figure),
                                            *row_evidence(ctx, [row])]))
    if not results:
        results.append(ctx.result(rule, "not_applicable", reason="no statement of this kind"))
    return results
