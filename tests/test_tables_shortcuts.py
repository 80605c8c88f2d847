"""The table reader's per-table shortcuts give what the plain steps give: a row's kinds read
through one table's memo of cell kinds, a tab line cut from its folded text, the repeated-header
test skipped for lines whose first character no header line has. Each is compared with the
plain step on every corpus row and line, and on constructed edge cases."""

from __future__ import annotations

from pathlib import Path

from checker.parse.normalize import normalize_text
from checker.parse.tables import _may_repeat
from checker.parse.tables_cells import _CODE_RE, _NUM_RE, _compact_folded, _fold
from checker.parse.tables_positional import _cells, _row_kinds

FIXTURES = Path(__file__).parent / "fixtures"
EDGE_ROWS = [
    ["301", "工资福利支出", "1.00"], ["301", "302", "5"], ["301", "-", "301"], ["301"],
    ["30101", "", "30101", "—"], ["12\n", "301\n", "文字"], ["", "-", "201", "行政运行"],
    ["1234567", "1234567", "x"], ["K", "KT", "k"], ["+1", "-.5", "\u22123", "５"],
]
EDGE_LINES = ["（一）工资\t１２３．４５\t\u3000－\t<b>合计</b>\t", "a <x\tb> c\t ３０１ ",
              "\u200b项目\t\ufeff金额", "\t\t", " \t a \t", "x\u3000\ty\u00a0", "＜b＞1\t2"]


def _tab_lines() -> list[str]:
    lines = list(EDGE_LINES)
    for path in sorted(FIXTURES.glob("0*.txt")):
        lines.extend(ln for ln in path.read_text(encoding="utf-8").splitlines() if "\t" in ln)
    return lines


def _plain_kinds(cells: list[str]) -> str:
    """``_row_kinds`` without a memo (checked against the per-cell definition in
    tests/test_tables_fast.py)."""
    return _row_kinds(cells, {})


def test_one_memo_for_many_rows_gives_each_row_its_own_kinds() -> None:
    rows = EDGE_ROWS + [_cells(line, "tab") for line in _tab_lines()]
    assert len(rows) > 300
    memo: dict[str, str] = {}  # (shared by every row: the widest reuse a table could make)
    for cells in rows + rows[::-1]:
        assert _row_kinds(cells, memo) == _plain_kinds(cells), cells
    # the same code-shaped cell is a code before a label and an amount elsewhere
    assert _row_kinds(["301", "工资福利支出", "1.00"], memo) == "CTN"
    assert _row_kinds(["301", "302", "5"], memo) == "NNN"
    assert _row_kinds(["301", "-", "301"], memo) == "C-N"
    assert _row_kinds(["K", "KT"], memo) == "TT"
    assert "K" not in "".join(_row_kinds(cells, memo) for cells in rows)


def test_a_tab_line_is_cut_from_its_folded_text_as_from_the_line() -> None:
    """``build_table`` cuts a tab line with no tag left after folding from that folded text;
    ``_cells`` folds the line itself: the same cells."""
    cut = 0
    for line in _tab_lines():
        if "<" in line or "＜" in line:
            continue  # (the reader asks ``_cells`` then)
        assert [c.strip() for c in _fold(line).split("\t")] == _cells(line, "tab"), line
        cut += 1
    assert cut > 300
    # what the test spares: a tag across a tab ("<x→b>") is removed from the folded line
    assert _fold("a <x\tb> c") == "a  c" and _cells("a <x\tb> c", "tab") == ["a <x", "b> c"]


def test_a_line_not_asked_about_the_header_is_no_header_line() -> None:
    """``_may_repeat`` False means the line's compact text is none of the header's."""
    lines = [_fold(ln.text) for path in sorted(FIXTURES.glob("0*.txt"))
             for ln in normalize_text(path.read_text(encoding="utf-8"))]
    made = ["**合计**", "** 合计", "合计", " \t合计", "<b>项目</b>", "项目", "", "   ", "*a",
            "**", "a**b", "\u3000项 目", "<<b>a>b", "\t\t项目\t金额"]
    lines += [_fold(t) for t in made]
    headers = [made, lines[:40], lines[200:260], [ln for ln in lines if "项目" in ln][:30]]
    skipped = 0
    for header in headers:
        seen = {_compact_folded(t) for t in header}
        leads = {s[:1] for s in seen}
        for text in lines:
            if not _may_repeat(text, leads):
                assert _compact_folded(text) not in seen, text
                skipped += 1
            elif _compact_folded(text) in seen:
                assert text in header or _compact_folded(text) in seen
    assert skipped > 1000
    leads = {_compact_folded(t)[:1] for t in ["**合计", "<b>项目</b>"]}
    assert _may_repeat("** 合计", leads) and _may_repeat("<i>项目</i>", leads)
    assert not _may_repeat("一、工资\t3.00", leads)


def test_a_cell_of_digits_alone_is_kinded_as_the_patterns_kind_it() -> None:
    """``_row_kinds`` tells a cell of digits alone by its length; the patterns agree for every
    Unicode decimal digit (``\\d`` is ``str.isdecimal``) and every length."""
    digits = [chr(cp) for cp in range(0x110000) if chr(cp).isdecimal()]
    assert len(digits) > 600
    for digit in digits:
        for length in range(1, 9):
            cell = digit * length
            kind = "C" if _CODE_RE.match(cell) else "N" if _NUM_RE.match(cell) else "?"
            assert _row_kinds([cell, "文字"]) == kind + "T", cell
    assert _row_kinds(["２０１", "x", "١٢", "x"]) == "CTNT"
    assert _row_kinds(["201\n", "x", "12\n", "x"]) == "CTNT"  # (``$`` lets a newline through)
