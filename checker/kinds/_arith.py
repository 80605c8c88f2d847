"""Shared arithmetic for the table kinds: compare amounts column by column."""

from __future__ import annotations

from decimal import Decimal

from checker.ast import Row, Table
from checker.kinds._context import aligned


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
    if not all(aligned(table, r) for r in (total, *parts)):
        width = min(width, 1)
    out = []
    for index in range(width):
        found = total.values[index] if index < len(total.values) else None
        expected = sum((r.values[index] or Decimal(0) for r in parts
                        if index < len(r.values)), Decimal(0))
        if abs((found or Decimal(0)) - expected) > tol:
            out.append((column_name(table, total, index), found or Decimal(0), expected))
    return out
