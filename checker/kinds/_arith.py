"""Shared arithmetic for the table kinds: compare amounts column by column."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import islice

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
    for index, expected in enumerate(_column_sums([r.values for r in parts], width)):
        found = total.values[index] if index < len(total.values) else None
        if abs((found or Decimal(0)) - expected) > tol:
            out.append((column_name(table, total, index), found or Decimal(0), expected))
    return out


_ZERO = Decimal(0)


def _column_sums(rows: list[Sequence[Decimal | None]], width: int) -> list[Decimal]:
    """For each of the first ``width`` columns, the sum of the rows' cells in it from
    ``Decimal(0)`` in row order, a blank or zero cell added as ``Decimal(0)`` and a row too
    short for the column left out. Rows at least ``width`` wide (the usual case) are read
    column by column at C level; the additions, their order and so every digit of the sums
    (their exponents too: 0.00 is added as 0) are those of the plain loop (``_plain_sums``)."""
    if not all(len(values) >= width for values in rows):
        return _plain_sums(rows, width)
    return [sum([value or _ZERO for value in column], _ZERO)
            for column in islice(zip(*rows, strict=False), width)] if rows else [_ZERO] * width


def _plain_sums(rows: list[Sequence[Decimal | None]], width: int) -> list[Decimal]:
    return [sum((values[index] or Decimal(0) for values in rows if index < len(values)),
                Decimal(0)) for index in range(width)]
