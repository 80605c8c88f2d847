"""Shared arithmetic for the table kinds: compare amounts column by column."""

from __future__ import annotations

from decimal import Decimal

from checker.kinds._cells import value_width
from checker.model.ast import Row, Table

# Amounts are printed to 0.01 万元, so each printed figure is off its exact value by up to half
# of that.
HALF_CENT = Decimal("0.005")


def sum_tolerance(tolerance: Decimal, parts: int, rounding: str | None) -> Decimal:
    """How far a printed total may be from the sum of its printed parts.

    ``flat`` (the default) allows ``tolerance`` whatever the number of parts. ``per_item``
    allows what independent rounding can really produce: each of the ``parts`` and the total
    are off by up to half a cent, so |total − Σ parts| ≤ 0.005 × (parts + 1) — a 类 with 25
    rounded 款 can legitimately be 0.02 away from their sum — but never less than ``tolerance``.
    """
    if rounding == "per_item":
        return max(tolerance, HALF_CENT * (parts + 1))
    return tolerance


def column_name(table: Table, row: Row, index: int) -> str:
    names = table.columns
    if row.group and row.group in table.groups:
        names = table.group_columns[table.groups.index(row.group)]
    return names[index] if index < len(names) else f"#{index + 1}"


def compare_sum(table: Table, total: Row, parts: list[Row], tol: Decimal
                ) -> list[tuple[str, Decimal, Decimal]]:
    """Columns where ``total`` differs from the sum of ``parts`` by more than ``tol``:
    (column, found, expected). Blank cells count as zero. When a row lost its blank cells
    in extraction only the first column (合计, never blank) can be compared."""
    width = max([len(total.values), *(len(r.values) for r in parts)])
    # ``aligned`` of each row, its column group's width looked up once per group.
    widths: dict[str | None, int] = {}
    for row in (total, *parts):
        if row.group not in widths:
            widths[row.group] = value_width(table, row)
        if widths[row.group] and len(row.values) < widths[row.group]:
            width = min(width, 1)
            break
    out = []
    for index in range(width):
        found = total.values[index] if index < len(total.values) else None
        expected = sum((r.values[index] or Decimal(0) for r in parts
                        if index < len(r.values)), Decimal(0))
        if abs((found or Decimal(0)) - expected) > tol:
            out.append((column_name(table, total, index), found or Decimal(0), expected))
    return out
