"""Table cells for the kinds: a row by key, value columns by header name, a cell's amount.

Part of what every kind needs (``checker.kinds._context`` builds on it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from checker.engine.expr import Unavailable, Value
from checker.kinds._words import describe
from checker.model.ast import Row, Table
from checker.parse import lookup
from checker.parse.normalize import comparable as norm
from checker.regex_cache import compile_re


def find_row(table: Table, key: str) -> Row | None:
    """A row by code, by label, or by a label fragment (``checker.parse.lookup``: exact
    beats fragment); ``"支出:总计"`` looks only in the 支出 column group of a side-by-side
    table."""
    group = None
    if ":" in key or "：" in key:
        group, key = re.split(r"[:：]", key, maxsplit=1)
    if group is not None and not table.groups:
        group = None  # a one-group layout of the same table: the label alone decides
    return lookup.find_row(table, key, group=group)


def _value_columns(table: Table, row: Row | None = None) -> list[str]:
    """Header names of the value cells (of the row's column group in side-by-side tables)."""
    columns = table.columns
    if row is not None and row.group and row.group in table.groups:
        columns = table.group_columns[table.groups.index(row.group)]
    return list(_value_names(tuple(columns)))


_NOT_VALUE = compile_re(r"编码|名称|^项目$|^科目$|^项目\(|功能分类")


@lru_cache(maxsize=1024)  # asked for every cell a check reads; tables share their headers
def _value_names(columns: tuple[str, ...]) -> tuple[str, ...]:
    names = [norm(c) for c in columns]
    while names and _NOT_VALUE.search(names[0]):
        names.pop(0)
    return tuple(names)


def aligned(table: Table, row: Row) -> bool:
    """Whether the row's amounts can be matched to columns by position. Layouts with one cell
    per line lose blank cells, leaving rows shorter than the header: their second and later
    amounts may belong to any column, so column-wise checks must not guess."""
    width = value_width(table, row)
    return not width or len(row.values) >= width


def value_width(table: Table, row: Row) -> int:
    """How many value columns the row's column group has (``len(_value_columns)``, without
    copying the names)."""
    columns = table.columns
    if row.group and row.group in table.groups:
        columns = table.group_columns[table.groups.index(row.group)]
    return len(_value_names(tuple(columns)))


def column_index(table: Table, column: str, row: Row | None = None) -> int | None:
    columns = table.columns
    if row is not None and row.group and row.group in table.groups:
        columns = table.group_columns[table.groups.index(row.group)]
    return _index_of(_value_names(tuple(columns)), column)


@lru_cache(maxsize=4096)  # asked for every row a formula reads: the same few columns
def _index_of(names: tuple[str, ...], column: str) -> int | None:
    for alternative in column.split("|"):
        wanted = norm(alternative)
        for index, name in enumerate(names):
            if name == wanted:
                return index
        for index, name in enumerate(names):
            if wanted and wanted in name:
                return index
    return None


def column_reader(table: Table) -> Callable[[Row, Value], Decimal]:
    """``column_value`` for the rows of one table, each (column group, column) looked up
    once: a formula checked on every row reads the same few columns of each."""
    places: dict[tuple[str | None, str], tuple[int | None, int]] = {}

    def read(row: Row, column: Value) -> Decimal:
        if isinstance(column, Decimal):
            return column_value(table, row, column)
        wanted = str(column)
        place = places.get((row.group, wanted))
        if place is None:
            place = places[(row.group, wanted)] = _place(table, row, wanted)
        return _value_at(table, row, wanted, *place)
    return read


def column_value(table: Table, row: Row, column: Value) -> Decimal:
    if isinstance(column, Decimal):
        values = [v for v in row.values if v is not None]
        if row.cells:
            # Read from the PDF's geometry: every blank cell is known (a zero amount), so
            # amount n is column n (-1: the 决算数 after the 预算数 of a “三公” item).
            values = [Decimal(0) if v is None else v for v in row.values]
        index = int(column) - 1 if column > 0 else int(column)  # -1: the last amount
        if -len(values) <= index < len(values):
            return values[index]
        raise Unavailable(f"row {row.label} has no amount #{column}")
    return _value_at(table, row, str(column), *_place(table, row, str(column)))


def _place(table: Table, row: Row, wanted: str) -> tuple[int | None, int]:
    """Where column ``wanted`` stands among the row's value columns, and how many there
    are (looked up once for the index and the alignment)."""
    columns = table.columns
    if row.group and row.group in table.groups:
        columns = table.group_columns[table.groups.index(row.group)]
    names = _value_names(tuple(columns))
    return _index_of(names, wanted), len(names)


def _value_at(table: Table, row: Row, wanted: str, index: int | None, width: int) -> Decimal:
    if index is None:
        raise Unavailable(f"column {describe(wanted)} not found in {table.title}")
    if index > 0 and width and len(row.values) < width:  # not ``aligned``
        raise Unavailable(f"row {row.label}: blank cells were lost in extraction, so its "
                          f"amounts cannot be matched to column {describe(wanted)}")
    if index >= len(row.values):
        return Decimal(0)
    value = row.values[index]
    return Decimal(0) if value is None else value  # a blank cell is a zero amount
