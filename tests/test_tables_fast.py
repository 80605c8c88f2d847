"""The table readers' fast paths give exactly what the plain definitions give: each is
compared with the slower definition it replaced, on synthetic edge cases and on every
tab-separated cell of the corpus texts."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from checker.parse.normalize import parse_amount
from checker.parse.tables_cells import (
    _CODE_RE,
    _NULL_CELLS,
    _NUM_RE,
    _compact,
    _fold,
    _is_number,
    number_value,
    parse_cell,
)
from checker.parse.tables_positional import _cells, _row_kinds

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = [
    ["", "-", "201", "行政运行", "12.50", "0.00"],
    ["2010101", "", "1,234.5", "301", "工资福利支出", "—"],
    ["301", "302", "5%", "+7", "\u22123", ".5", "-.5", "30101"],
    ["合计", "30101"],
    ["123", "－", "/", "abc"],
]
NUMBERS = ["0", "0.00", "12.50", "1,234.5", "103,349.96", "5%", "+7", "-3", "\u22123", ".5",
           "-.5", "+.25%", "2010101", "١٢"]


def _corpus_rows() -> list[list[str]]:
    rows = []
    for path in sorted(FIXTURES.glob("0*.txt")):
        rows.extend(_cells(line, "tab") for line in path.read_text(encoding="utf-8").splitlines()
                    if "\t" in line)
    return rows


def _plain_kind(cells: list[str], i: int) -> str:
    """The per-cell definition ``_row_kinds`` replaced."""
    cell = cells[i]
    if not cell:
        return "blank"
    if cell in _NULL_CELLS:
        return "null"
    if _is_number(cell):
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        if _CODE_RE.match(cell) and nxt and not _is_number(nxt):
            return "code"
        return "num"
    return "text"


def test_row_kinds_agree_with_the_per_cell_definition() -> None:
    rows = ROWS + _corpus_rows()
    assert len(rows) > 300
    for cells in rows:
        assert _row_kinds(cells) == [_plain_kind(cells, i) for i in range(len(cells))], cells
    assert _row_kinds(ROWS[0]) == ["blank", "null", "code", "text", "num", "num"]
    assert _row_kinds(ROWS[3]) == ["text", "num"]


def test_number_value_is_what_parse_amount_reads() -> None:
    cells = NUMBERS + [c for row in _corpus_rows() for c in row if _NUM_RE.match(c)]
    assert len(cells) > 1000
    for cell in cells:
        assert _NUM_RE.match(cell), cell
        expected = parse_amount(cell.replace("\u2212", "-"))
        got = number_value(cell)
        assert got == expected and str(got) == str(expected), cell
    assert number_value("1,234.5") == Decimal("1234.5")
    assert number_value("5%") == Decimal(5)
    assert number_value("\u22123") == Decimal(-3)
    assert number_value(".5") is None and number_value("-.5") is None


@pytest.mark.parametrize("cell", ["", " 12 ", "－", "１２．５", "<b>7</b>", "abc", "0.00"])
def test_parse_cell_keeps_its_reading(cell: str) -> None:
    expected = {"": None, " 12 ": Decimal(12), "－": None, "１２．５": Decimal("12.5"),
                "<b>7</b>": Decimal(7), "abc": None, "0.00": Decimal("0.00")}[cell]
    assert parse_cell(cell) == expected


def test_tab_cells_fold_the_line_once_as_each_cell_alone() -> None:
    lines = ["（一）工资\t１２３．４５\t\u3000－\t<b>合计</b>\t",
             "a <x\tb> c\t ３０１ ",
             "\u200b项目\t\ufeff金额"]
    for path in sorted(FIXTURES.glob("0*.txt")):
        lines.extend(ln for ln in path.read_text(encoding="utf-8").splitlines() if "\t" in ln)
    for line in lines:
        assert _cells(line, "tab") == [_fold(c).strip() for c in line.split("\t")], line
    assert _cells(lines[0], "tab") == ["(一)工资", "123.45", "-", "合计", ""]


@pytest.mark.parametrize("text", ["", "项  目", "本年\t收入\u3000合计", "**合计**", " a\u00a0b\n",
                                  "x\x1cy\u2028z", "（一）　基本支出"])
def test_compact_removes_what_the_whitespace_pattern_removed(text: str) -> None:
    assert _compact(text) == re.sub(r"\s+", "", _fold(text)).replace("**", "")
