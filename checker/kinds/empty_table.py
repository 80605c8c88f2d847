"""empty_table: a table without data must still be published, carrying its note
("本单位 2025 年没有使用…安排的支出")."""

from __future__ import annotations

from collections.abc import Callable

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, norm, table_evidence
from checker.kinds.spec import aliases, regex
from checker.model.ast import Table
from checker.model.results import RuleResult
from checker.regex import rule_test


@register(
    "empty_table",
    doc="A table with no data (no rows, or every amount zero or blank) must still be "
        "published, with a note saying why.",
    params=(
        aliases("tables", "tables", "table aliases to look at", required=True),
        regex("note", "regex the note must match; searched in the table's notes and the text "
                      "up to the next table", required=True),
    ),
    placeholders=("table",),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    note = rule_test(rule.params["note"])
    results: list[RuleResult] = []
    starts = sorted(t.line for t in ctx.doc.tables)
    for alias in rule.params["tables"]:
        for table in ctx.tables(alias):
            values = {"table": table.title}
            if table.cells_missing:
                results.append(ctx.result(rule, "not_verifiable", values=values, evidence=[
                    table_evidence(table)], reason=f"{table.title}: cells missing (image), "
                    "cannot tell whether the table is empty"
                    + ("; its note is present" if _has_note(ctx, note, table, starts) else "")))
                continue
            empty = all(v is None or v == 0 for row in table.rows for v in row.values)
            if not empty:
                # Most tables have data: their note is never looked for.
                results.append(ctx.result(rule, "not_applicable", values=values,
                                          reason=f"{table.title} has data"))
            elif _has_note(ctx, note, table, starts):
                results.append(ctx.result(rule, "pass", reason=table.title,
                                          evidence=[table_evidence(table)]))
            else:
                results.append(ctx.result(rule, "fail", values=values, evidence=[
                    table_evidence(table, expected="空表说明（如“没有使用…安排的支出”）",
                                   found="no note")]))
    return results


def _has_note(ctx: Context, note: Callable[[str], bool], table: Table,
              starts: list[int]) -> bool:
    """Whether the table's notes, or the text up to the next table, hold the note."""
    # The note may be parsed as a table note or left as text just after the table.
    following = [s for s in starts if s > table.line]
    end = following[0] if following else table.line + 40
    texts = [n.text for n in table.notes] + [
        li.text for li in ctx.lines_between(table.line, end)]
    return any(note(norm(t)) for t in texts)
