"""statement_table: a statement's amount equals its table cell.

The row is found by the statement's subject — a 科目 code decides alone; 类/款/项 names must
lead down the chain of codes — in the first table of ``tables`` that has cells. The figure
compared is the first of ``roles`` the statement (or the statements of its 科目 paragraph)
states; the cell is the row's ``column`` (default: its first amount), converted to 万元 when
the table is printed in 元. A blank cell where the text states a non-zero amount is a failure.
A subject that cannot be matched to one row is not verifiable — never a guess. Statements
named in words (人员经费, a “三公” item, 收入支出总计) are mapped to rows by the rule's
``subjects`` (see ``_named_rows``); ``columns`` picks the column by the figure's role (a “三公”
table whose items are columns, each with 预算数 and 决算数 under it, is read by the grid reader
as one row per item with those sub-columns).
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from checker.engine.expr import Unavailable
from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, row_evidence
from checker.kinds._named_rows import cell, named_rows, subject_keys
from checker.kinds._statements import (
    evidence,
    half_ulp,
    statements,
    subject_text,
    to_text_unit,
)
from checker.kinds._subject_rows import Match, subject_rows
from checker.kinds.spec import aliases, choice, choices, custom, text
from checker.model.ast import Statement
from checker.model.results import RuleResult

ROLES = ("amount", "budget", "final", "adjusted_budget", "last_year")


def _figure(s: Statement, own: list[Statement], roles: list[str]
            ) -> tuple[Decimal | None, Statement, str]:
    """The first of ``roles`` ``s`` states, else the first of its 科目 paragraph's statements
    (``own``, in text order) does."""
    for role in roles:
        if role in s.numbers:
            return s.numbers[role], s, role
        for statement in own:
            if role in statement.numbers:
                return statement.numbers[role], statement, role
    return None, s, ""


def _paragraphs(every: list[Statement]) -> dict[int, list[Statement]]:
    """The statements of each 科目 paragraph by its item statement's index, in text order:
    one pass, not a scan of every statement per figure."""
    own: dict[int, list[Statement]] = {}
    for statement in every:
        if statement.item is not None:
            own.setdefault(statement.item, []).append(statement)
    return own


def _within(ctx: Context, sections: list[str] | None) -> list[tuple[int, int]] | None:
    """The line spans of the sections a rule is limited to (None: the whole document)."""
    if not sections:
        return None
    return [(seg.line, seg.end_line) for seg in ctx.segments(sections)]


def _unverifiable(results: list[RuleResult], rule: Rule, ctx: Context, s: Statement,
                  where: Statement, values: dict[str, Any], figure: Decimal, why: str) -> None:
    results.append(ctx.result(rule, "not_verifiable", values=values,
                              reason=f"{subject_text(s)}：{why}",
                              evidence=[evidence(ctx, where, found=figure)]))


@register(
    "statement_table",
    doc="A statement's amount equals its table cell. The row is found by the statement's "
        "subject (a 科目 code alone decides; 类/款/项 names must lead down the chain of codes, "
        "a name the table does not use is matched by elimination and only confirmed by its "
        "amount); statements named in words are mapped to rows by `subjects`. The cell is the "
        "row's column for the figure's role (`columns`, else `column`, else its first amount), "
        "converted to 万元 when the table is in 元. A blank cell where the text states a "
        "non-zero amount fails; a subject that matches no single row is not verifiable.",
    params=(
        aliases("tables", "tables", "where the rows are (the first with cells is used)",
                required=True),
        aliases("sections", "sections", "only statements in these sections (default: the whole "
                "document)"),
        choices("families", ("item_amount", "headline_total", "named_amount", "share",
                             "total_parts", "yoy", "final_vs_budget"),
                "statement families to check", default=["item_amount"]),
        choices("roles", ROLES,
                "the figure compared: the first of these roles the statement (or its 科目 "
                "paragraph) states", default=["amount"]),
        choice("absent_rows", ("zero", "not_verifiable"), "a 科目 code missing from the table "
               "counts as zero (`zero`) or cannot be checked; names never count as zero",
               default="not_verifiable"),
        custom("subjects", {"type": "object", "minProperties": 1,
                            "additionalProperties": {"type": "array", "minItems": 1,
                                                     "items": {"type": "string",
                                                               "minLength": 1}}},
               "for statements named by words, not 科目: subject (wordings separated by `|`) → "
               "the row keys to try, e.g. `{收入支出总计: [\"收入:总计\"]}`, `{人员经费: "
               "[\"301 + 303|对个人和家庭的补助?\"]}` (`+` sums rows, `|` another name of a "
               "row, `?` a row that may be absent); other subjects are skipped",
               "subject → row keys"),
        text("column", "the table column (a header such as `合计`; default: the row's first "
             "amount)"),
        custom("columns", {"type": "object", "minProperties": 1,
                           "propertyNames": {"enum": list(ROLES)},
                           "additionalProperties": {"type": "string", "minLength": 1}},
               "the column for each role, e.g. `{final: 决算数, budget: 预算数}` (`|` separates "
               "alternatives; a table with one amount column needs none); overrides `column`",
               "role → column"),
    ),
    placeholders=("text", "subject", "found", "expected", "diff", "section"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    params = rule.params
    families = params.get("families", ["item_amount"])
    roles = list(params.get("roles", ["amount"]))
    columns: dict[str, str] = dict(params.get("columns") or {})
    subjects = params.get("subjects")
    spans = _within(ctx, params.get("sections"))
    every = statements(ctx)
    tables = [t for alias in params["tables"] for t in ctx.tables(alias)]
    usable = [t for t in tables if ctx.has_cells(t)]
    chosen: list[tuple[int, Statement]] = []
    for index, s in enumerate(every):
        if s.family not in families or not s.subject:
            continue
        if spans is not None and not any(lo <= s.line <= hi for lo, hi in spans):
            continue
        if subjects and subject_keys(subjects, s.subject.get("name", "")) is None:
            continue  # a subject this rule does not know
        chosen.append((index, s))
    matches: dict[int, Match] = {}
    if usable and not subjects:
        # every 科目 statement of the document takes part, so a name the table does not use
        # can be matched by elimination against the rows the others name
        items = [(i, s) for i, s in enumerate(every) if s.family == "item_amount" and s.subject]
        found = subject_rows(usable[0], [s.subject for _i, s in items])
        matches = {i: m for (i, _s), m in zip(items, found, strict=True)}
    results: list[RuleResult] = []
    paragraphs = _paragraphs(every) if chosen else {}
    for index, s in chosen:
        figure, where, role = _figure(s, paragraphs.get(index, []), roles)
        if figure is None:
            continue
        values = {"text": s.text, "subject": subject_text(s), "found": figure,
                  "section": s.section}
        column = columns.get(role) or params.get("column")
        unverifiable = partial(_unverifiable, results, rule, ctx, s, where, values, figure)

        if not usable:
            unverifiable("表格未找到" if not tables else "表格无单元格（图片或提取丢失）")
            continue
        table = usable[0]
        eliminated: list[str] = []
        if subjects:
            rows, why = named_rows(table, subject_keys(subjects, s.subject["name"]) or [])
        else:
            match = matches.get(index) or subject_rows(table, [s.subject])[0]
            rows, why, eliminated = ([match.row] if match.row else []), match.why, \
                match.eliminated
        if not rows and s.subject.get("code") and params.get("absent_rows") == "zero":
            # a code the table does not list: its amount there is zero
            status = "pass" if figure == 0 else "fail"
            results.append(ctx.result(rule, status,
                                      values={**values, "expected": 0, "diff": figure},
                                      reason=f"{subject_text(s)}：表中无此科目",
                                      evidence=[evidence(ctx, where, expected=0, found=figure)]))
            continue
        if not rows:
            unverifiable(why)
            continue
        try:
            cells = [cell(table, row, column) for row in rows]
        except Unavailable as error:
            unverifiable(str(error))
            continue
        if all(c is None for c in cells):
            status = "fail" if figure != 0 else "pass"
            if status == "fail" and eliminated:
                unverifiable(f"名称与表中不符（{'；'.join(eliminated)}），且表中为空")
                continue
            results.append(ctx.result(rule, status, values={**values, "expected": "空白"},
                                      reason=f"{subject_text(s)}：表中为空",
                                      evidence=[evidence(ctx, where, expected="空白",
                                                         found=figure),
                                                *row_evidence(ctx, rows)]))
            continue
        expected = to_text_unit(sum((c for c in cells if c is not None), Decimal(0)), table)
        slack = half_ulp(figure) + ctx.tolerance
        shown = expected.quantize(Decimal("0.01"))
        ok = abs(expected - figure) <= slack
        if not ok and eliminated:
            # a row matched only by elimination is confirmed by its amount, never failed on it
            unverifiable(f"名称与表中不符（{'；'.join(eliminated)}），按排除法对应的行为 "
                         f"{shown} 万元，无法确认是同一科目")
            continue
        note = f"（按排除法对应：{'；'.join(eliminated)}）" if eliminated else ""
        results.append(ctx.result(rule, "pass" if ok else "fail",
                                  values={**values, "expected": shown, "diff": figure - shown},
                                  reason=f"{subject_text(s)} {figure}万元 / {table.title}{note}",
                                  evidence=[evidence(ctx, where, expected=shown, found=figure),
                                            *row_evidence(ctx, rows)]))
    if not results:
        results.append(ctx.result(rule, "not_applicable", reason="no statement of this kind"))
    return results
