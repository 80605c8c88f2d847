"""The table figure a statement is compared with, once its row is known or named in words.

A rule names the rows of a statement named in words (人员经费, a “三公” item, 收入支出总计) with
row keys: ``"收入:总计"`` (a code or a whole label, optionally in a column group),
``"301 + 303|对个人和家庭的补助?"`` (a sum of rows; ``|`` gives a row's other names, tried in
turn; a trailing ``?`` lets a row be absent, counting zero: nothing spent). The cell is the
row's column for the statement's role (a “三公” item's 决算数 or 预算数 sub-column, whatever
header path the table prints it under), or its first amount.
"""

from __future__ import annotations

from decimal import Decimal

from checker.engine.expr import Unavailable
from checker.kinds._cells import _value_columns, aligned, column_index
from checker.kinds._context import norm
from checker.kinds._statements import strict_rows
from checker.model.ast import Row, Table


def subject_keys(subjects: dict[str, list[str]], name: str) -> list[str] | None:
    """The row keys a rule gives for a statement's subject name (a rule's subject key may
    list several wordings of one subject with ``|``)."""
    known = _BY_NAME.get(id(subjects))
    if known is None or known[0] is not subjects:
        # Each wording of each key, normalised once per rule (a rule's subjects are fixed
        # when its pack loads): the first key naming a wording wins, as a scan would find.
        by_name: dict[str, list[str]] = {}
        for key, rows in subjects.items():
            for wording in key.split("|"):
                by_name.setdefault(norm(wording), rows)
        if len(_BY_NAME) >= 1024:  # bounded: packs loaded and dropped do not pile up
            _BY_NAME.clear()
        known = _BY_NAME[id(subjects)] = (subjects, by_name)
    return known[1].get(norm(name))


# id of a rule's subjects → (those subjects, their rows by normalised wording).
_BY_NAME: dict[int, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}


def named_rows(table: Table, keys: list[str]) -> tuple[list[Row], str]:
    """The rows of the first key that names rows of ``table`` (all of a sum's terms found,
    absent optional terms left out); no rows and the reason when none does."""
    for key in keys:
        rows: list[Row] = []
        for term in (t.strip() for t in key.split("+")):
            optional = term.endswith("?")
            found: list[Row] = []
            for name in term.rstrip("?").split("|"):
                # a row read from the page geometry is a row even when all blank (a “三公” item
                # with nothing spent); from a text layer, an all-blank row is a repeated header
                found = strict_rows(table, name.strip()) or [
                    r for r in strict_rows(table, name.strip(), keep_blank=True) if r.cells]
                if found:
                    break
            if len({r.values[0] for r in found}) > 1:
                found = []  # one name, rows with different figures: which one is unknown
            if found:
                rows.append(found[-1])
            elif not optional:
                rows = []
                break
        if rows:
            return rows, ""
    return [], f"{table.title}中未找到唯一的“{'/'.join(keys)}”"


def cell(table: Table, row: Row, column: str | None) -> Decimal | None:
    """The row's figure in ``column`` (``|`` separates alternatives), None when that cell is
    blank. A table with a single amount column needs no column name. Raises Unavailable when
    the column is not there or blank cells were lost so the figures cannot be placed."""
    if column:
        index = column_index(table, column, row)
        if index is None and len(_value_columns(table, row)) <= 1:
            index = 0
        if index is None:
            raise Unavailable(f"{table.title}无“{column}”栏")
        if index > 0 and not aligned(table, row):
            raise Unavailable(f"{row.label}的空白单元格在提取中丢失，无法对应“{column}”栏")
        return row.values[index] if index < len(row.values) else None
    return next((v for v in row.values if v is not None), None)
