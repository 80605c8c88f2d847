"""Which rows of a PDF table grid (``pdf_grid``) are its header, and which are furniture: a
title or "部门：… 单位：万元" printed inside the frame, peeled off; a 合计 row that also
carries the last header level, split in two; a header repeated after a page break."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker.read.pdf_cells import GridCell, is_amount
from checker.regex_cache import compile_re

if TYPE_CHECKING:
    from checker.read.pdf_grid import Grid

_CODE = compile_re(r"^(?:\d{3}|\d{5}|\d{7})$")
_DATA_LABEL = compile_re(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[、.]"
                         r"|[(（][一二三四五六七八九十\d]{1,3}[)）]|合计|总计|小计|其中)")
_FURNITURE = compile_re(r"(?:单位|部门|编制单位|部门名称|单位名称)\s*[:：]|^[(（]?续表|表$")
# "部门：江苏省人民检察院 | … | 单位：万元" printed in the frame's first row, cell by cell
_BYLINE = compile_re(r"^(?:部门|单位|编制单位|部门名称|单位名称)[:：]")
_TITLE_END = compile_re(r"表(?:[(（][^()（）]{1,12}[)）])?$")
_TOTAL = compile_re(r"^(?:合\s*计|总\s*计)$")


def split_total_row(grid: Grid) -> None:
    """A 合计 row that also carries the last header level ("合计 | … | 合计 | 基本支出 |
    项目支出" under 本年支出, a 决算 table printed without figures) becomes two rows: the
    header level above, the 合计 row (its figures blank) below."""
    for r in range(1, len(grid.cells)):
        row = grid.cells[r]
        first = row[0]
        others = [c for c in row[1:] if c is not None and c.text]
        if first is None or not _TOTAL.match(first.text.strip()) or not others:
            continue
        label = grid.covering(r - 1, 0)  # the 合计 stands under a label header (项目, 科目)
        if label is None or not label.text or label.colspan >= grid.n_cols:
            continue
        if any(is_amount(c.text) for c in others) or not all(
                (above := grid.covering(r - 1, c.col)) is not None
                and 1 < above.colspan < grid.n_cols and above.col > 0
                and above.col <= c.col and c.col + c.colspan <= above.col + above.colspan
                for c in others):
            continue  # figures, or a text no spanning header stands over: not a header level
        parents = {id(p): p for c in others if (p := grid.covering(r - 1, c.col)) is not None}
        if all(p.rowspan > 1 and p.row + p.rowspan == r for p in parents.values()):
            _move_up(grid, r, others, list(parents.values()))
        return


def _move_up(grid: Grid, r: int, moved: list[GridCell], parents: list[GridCell]) -> None:
    """The header level printed on the 合计 row goes up into the row above, where the
    spanning header over it (本年支出, two rows tall) gives up its lower row: the grid keeps
    its rows, so the extracted text keeps its lines."""
    for parent in parents:
        parent.rowspan -= 1
    for cell in moved:
        grid.cells[r][cell.col] = GridCell("", r, cell.col, cell.bbox, 1, cell.colspan)
        cell.row = r - 1
        grid.cells[r - 1][cell.col] = cell
    for parent in parents:
        for c in range(parent.col, parent.col + parent.colspan):
            if grid.covering(r - 1, c) is None:
                box = grid.boxes[r - 1]
                grid.cells[r - 1][c] = GridCell("", r - 1, c, box)


def peel_furniture(grid: Grid) -> None:
    """Move leading rows that hold a title or "单位：万元" (no column header) out of the grid."""
    while grid.cells:
        row = [c for c in grid.cells[0] if c is not None and c.text]
        if not row or not (_BYLINE.match(row[0].text.replace(" ", "")) or all(
                _FURNITURE.search(c.text.replace(" ", "")) or (
                    len(row) == 1 and row[0].colspan >= max(2, grid.n_cols - 1)
                    and _TITLE_END.search(c.text.replace(" ", ""))) for c in row)):
            break
        # a title and "部门：… 单位：万元" in one cell stay lines of their own
        grid.furniture.extend((line, c.bbox) for c in row for line in (c.lines or (c.text,)))
        del grid.cells[0]
        del grid.pages[0]
        del grid.boxes[0]
        for r, cells in enumerate(grid.cells):
            for cell in cells:
                if cell is not None:
                    cell.row = r


def column_numbers(texts: list[str]) -> bool:
    """ "栏次 1 2 3" / "1 2 3 4": the column-number row under a header."""
    values = [t for t in texts if t]
    if values and values[0] in ("栏次", "行次"):
        values = values[1:]
    return len(values) >= 2 and all(v.isdigit() for v in values) and \
        [int(v) for v in values] == list(range(int(values[0]), int(values[0]) + len(values)))


def header_rows(grid: Grid) -> int:
    """How many leading rows are the column header: up to the first row with an amount or
    a code; in a table without amounts, up to the first row labelled like data (一、…, 合计)
    that no header cell spans into."""
    for r in range(len(grid.cells)):
        texts = grid.texts(r)
        if column_numbers(texts):
            continue
        if any(is_amount(t) or _CODE.match(t) for t in texts if t):
            return r
        if r > 0 and _total_row(grid, r):
            return r  # the 合计 row of a table printed without figures (a template)
    for r in range(len(grid.cells)):
        first = next((c for c in grid.cells[r] if c is not None and c.text), None)
        # a header cell reaching down into the row (合计 over 预算数/决算数) makes it header
        spanned = any((cell := grid.covering(r, c)) is not None and cell.row < r
                      for c in range(grid.n_cols))
        others = [c for c in grid.cells[r] if c is not None and c is not first and c.text]
        # side by side (收入 | 支出), every label of the row is labelled like data
        if first is not None and _DATA_LABEL.match(first.text) and not spanned and r > 0 \
                and all(_DATA_LABEL.match(c.text) for c in others):
            return r
    return len(grid.cells)


def _total_row(grid: Grid, r: int) -> bool:
    """Row ``r`` is a 合计/总计 row alone in its row (nothing but blanks and figures beside
    it) that no header cell reaches down into."""
    first = next((c for c in grid.cells[r] if c is not None and c.text), None)
    if first is None or first.col != 0 or not _TOTAL.match(first.text.strip()):
        return False
    if any(c is not None and c is not first and c.text and not is_amount(c.text)
           for c in grid.cells[r]):
        return False
    return not any((cell := grid.covering(r, c)) is not None and cell.row < r
                   for c in range(grid.n_cols))


def same_header(first: Grid, other: Grid) -> bool:
    """Whether ``other`` starts with the header of ``first`` (repeated after a page break)."""
    n = first.header_rows
    if n == 0 or other.header_rows < n:
        return False
    return all(first.texts(r) == other.texts(r) for r in range(n))
