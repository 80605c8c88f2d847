"""cell_plausible: a table cell that cannot be a published amount — more than two decimals
(万元 and 元 are printed to the cent), a negative expenditure, a share above 100 %."""

from __future__ import annotations

from decimal import Decimal

from checker.engine.rule_model import Rule
from checker.kinds import register
from checker.kinds._arith import column_name
from checker.kinds._context import Context
from checker.kinds.spec import aliases, choice
from checker.model.ast import Row, Table
from checker.model.results import Evidence, RuleResult
from checker.regex_cache import compile_re

_SHARE_COLUMN = compile_re(r"%|占比|比例|比重")
HUNDRED = Decimal(100)
_CENT, _ONE = Decimal("0.01"), Decimal(1)


def _bad(check: str, table: Table, row: Row, index: int, value: Decimal) -> str | None:
    if check == "decimals":
        exponent = value.as_tuple().exponent
        return f"{value}" if isinstance(exponent, int) and exponent < -2 else None
    if check == "negative":
        return f"{value}" if value < 0 else None
    name = column_name(table, row, index)
    return f"{name} {value}" if _SHARE_COLUMN.search(name) and value > HUNDRED else None


def _cells(check: str, table: Table) -> list[tuple[Row, str]]:
    """Every implausible cell of ``table`` in reading order: ``_bad`` of each cell, with a
    share column's name looked at once per column and group rather than once per cell."""
    if check == "decimals":  # ``_bad`` of each cell, without a call per cell
        # Most amounts have two decimals or none (exponent -2 or 0): ``same_quantum`` tells
        # so without the copy of every digit that ``as_tuple`` makes.
        return [(row, f"{value}") for row in table.rows for value in row.values
                if value is not None and not value.same_quantum(_CENT)
                and not value.same_quantum(_ONE)
                and isinstance(exponent := value.as_tuple().exponent, int) and exponent < -2]
    if check == "negative":
        return [(row, f"{value}") for row in table.rows for value in row.values
                if value is not None and value < 0]
    if check != "share":
        return [(row, found) for row in table.rows for index, value in enumerate(row.values)
                if value is not None and (found := _bad(check, table, row, index, value))]
    shares: dict[tuple[str | None, int], str | None] = {}
    out = []
    for row in table.rows:
        for index, value in enumerate(row.values):
            if value is None:
                continue
            key = (row.group, index)
            if key not in shares:
                name = column_name(table, row, index)
                shares[key] = name if _SHARE_COLUMN.search(name) else None
            share = shares[key]
            if share is not None and value > HUNDRED:
                out.append((row, f"{share} {value}"))
    return out


@register(
    "cell_plausible",
    doc="No cell is an implausible amount: `decimals` (more than two decimals), `negative` (a "
        "negative figure, for expenditure tables), `share` (above 100 in a column headed "
        "%/占比/比例). One failure per table, naming up to five cells.",
    params=(
        choice("check", ("decimals", "negative", "share"), "what is implausible",
               required=True),
        aliases("tables", "tables", "tables to look at (default: every table with cells)"),
    ),
    placeholders=("table", "found"),
)
def check(rule: Rule, ctx: Context) -> list[RuleResult]:
    name = rule.params["check"]
    wanted = rule.params.get("tables")
    tables = ([t for alias in wanted for t in ctx.tables(alias)] if wanted
              else list(ctx.doc.tables))
    results: list[RuleResult] = []
    for table in tables:
        if not ctx.has_cells(table):
            continue
        bad = _cells(name, table)
        if bad:
            results.append(ctx.result(rule, "fail", values={
                "table": table.title, "found": "、".join(f for _r, f in bad[:5])}, evidence=[
                Evidence(line=row.line, text=ctx.raw_line(row.line) or row.label, found=found)
                for row, found in bad[:5]]))
        else:
            results.append(ctx.result(rule, "pass", reason=table.title))
    if not results:
        results.append(ctx.result(rule, "not_applicable", reason="no table with cells"))
    return results


