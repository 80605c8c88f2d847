"""empty_note: a note saying a table is empty ("故本表为空表", "本表无数据") printed under a
table that holds figures. The note contradicts the table: one of the two is wrong."""

from __future__ import annotations

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._context import Context, fmt, norm, table_evidence
from checker.kinds.spec import aliases, regex
from checker.model.results import Evidence, RuleResult
from checker.regex_cache import compile_re

DEFAULT_NOTE = r"本表(?:为空表|无数据)|故本表为空"


@register(
    "empty_note",
    doc="A note saying a table is empty (“故本表为空表”, “本表无数据”) is attached to a table "
        "that holds figures: the note or the table is wrong.",
    params=(
        aliases("tables", "tables", "tables to look at (default: every table)"),
        regex("note", "what an empty-table note says", default=DEFAULT_NOTE),
    ),
    placeholders=("table", "text", "found", "expected"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    note = compile_re(rule.params.get("note", DEFAULT_NOTE))
    aliases = rule.params.get("tables")
    tables = ([t for alias in aliases for t in ctx.tables(alias)] if aliases
              else list(ctx.doc.tables))
    results: list[RuleResult] = []
    for table in tables:
        # Only a note attached to this very table: a neighbour's note is no evidence.
        notes = [n for n in table.notes if note.search(norm(n.text))]
        if not notes:
            continue
        values = {"table": table.title, "text": notes[0].text}
        if not ctx.has_cells(table):
            results.append(ctx.result(rule, "not_verifiable", values=values,
                                      reason=f"{table.title}: cells missing",
                                      evidence=[table_evidence(table)]))
            continue
        figures = [(row, v) for row in table.rows for v in row.values if v]
        if not figures:
            results.append(ctx.result(rule, "pass", reason=f"{table.title}: 空表，注明一致",
                                      evidence=[table_evidence(table)]))
            continue
        row = figures[0][0]
        shown = " ".join(fmt(v) for v in row.values if v is not None)
        values.update(found=shown, expected="空表")
        results.append(ctx.result(rule, "fail", values=values, evidence=[
            Evidence(line=notes[0].line, text=notes[0].text[:200], expected="表中无数据",
                     found=shown),
            Evidence(line=row.line, text=ctx.raw_line(row.line) or row.label, found=shown)]))
    if not results:
        results.append(ctx.result(rule, "not_applicable", reason="no empty-table note"))
    return results
