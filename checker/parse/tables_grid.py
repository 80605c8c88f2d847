"""The grid reader: a table read from a PDF page's geometry (``checker.read.pdf_grid.Grid``)
→ the rows, columns and column groups of a ``Table``.

The other readers of ``tables.py`` rebuild cells from text; here every cell is known with its
position and span, so nothing is guessed: blank cells are blank, a multi-level header names a
column by all its levels ("公务用车购置及运行费/公务用车购置费/预算数"), codes printed in
类 | 款 | 项 columns are joined ("221 | 02 | 01" → 2210201, by the positional reader), and
every row and value cell keeps its page and box.

A table without a label column (the 决算 “三公” table prints its items as columns, 预算数 and
决算数 under each) is read turned: one row per item, its 预算数/决算数 as the row's values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.model.ast import Box, Cell, Line, Row
from checker.parse.normalize import parse_amount
from checker.read.pdf_grid_header import column_numbers
from checker.regex_cache import compile_re

_NUMBER = compile_re(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_NULL = frozenset({"-", "--", "—", "——", "－", "/", "\u2013", "\u2212"})
_BRIDGE = compile_re(r"^其中[:：]?$")
_GROUP_TITLES = frozenset({"收入", "支出"})
_SUBTOTAL = frozenset({"小计", "合计"})
_FIGURE = compile_re(r"^(?:预算数|决算数|执行数|金额|全年预算数|调整预算数|年初预算数)$")


_SPACES_RE = compile_re(r"\s+")


def _compact(text: str) -> str:
    return _SPACES_RE.sub("", text)


def cell_value(text: str) -> Decimal | None:
    text = text.strip()
    if not text or text in _NULL or not _NUMBER.match(text.replace(" ", "")):
        return None
    return parse_amount(text.replace(" ", ""))


def _is_amount(text: str) -> bool:
    return bool(text) and (text in _NULL or bool(_NUMBER.match(text.replace(" ", ""))))


def header_levels(grid: Any, header: list[int], col: int) -> list[str]:
    """The header texts over column ``col``, top down: a cell spanning the whole table (its
    caption), "其中" and the side titles 收入/支出 name no column and are left out."""
    levels: list[str] = []
    seen: set[int] = set()
    for r in header:
        cell = grid.covering(r, col)
        if cell is None or id(cell) in seen or not cell.text.strip():
            continue
        seen.add(id(cell))
        text = _compact(cell.text)
        if cell.colspan >= grid.n_cols and grid.n_cols > 1:
            continue
        if _BRIDGE.match(text) or text in _GROUP_TITLES:
            continue
        levels.append(text)
    return levels


def column_name(grid: Any, header: list[int], col: int) -> str:
    return "/".join(header_levels(grid, header, col))


def rows_index(grid: Any) -> tuple[list[int], list[int]]:
    """(header rows, data rows) without column-number rows and rows with no text."""
    header = [r for r in range(min(grid.header_rows, len(grid.cells)))
              if not column_numbers(grid.texts(r))]
    data = [r for r in range(grid.header_rows, len(grid.cells))
            if not column_numbers(grid.texts(r)) and any(t.strip() for t in grid.texts(r))]
    return header, data


def is_wide(grid: Any, header: list[int], data: list[int]) -> bool:
    """No label column: every data cell is an amount or blank (the 决算 “三公” table); a
    table without data rows when no header names a label column."""
    if not data:
        return bool(header) and not any(_is_label_column(grid, header, data, c)
                                        for c in range(grid.n_cols))
    return all(_is_amount(t.strip()) or not t.strip() for r in data for t in grid.texts(r))


_CAPTION = compile_re(r"(?:预算|决算|执行)数$")


def wide_rows(grid: Any, header: list[int], data: list[int], lines: dict[int, Line],
              prefer: str = "") -> tuple[list[Row], list[str]]:
    """Rows of a table whose items are columns.

    A one-level header ("合计 | 基本支出 | 项目支出") is one row of figures, labelled by its
    first column. Otherwise one row per item: the item is the header level above a figure
    (预算数/决算数, the figure ``prefer`` first: a check reading "the amount" of a 决算 item
    gets its 决算数) or the leaf under a caption ("2024年“三公”经费预算数"); "小计" is named
    by its parent, and sub-items named short under their parent ("购置费" under
    "公务用车购置及运行费") get the parent's stem ("公务用车购置费")."""
    columns = [header_levels(grid, header, c) for c in range(grid.n_cols)]
    r = data[0] if data else None
    # the row's own line; a table without data rows is read at its last header line
    line = lines.get(r) if r is not None else (lines.get(header[-1]) if header else None)
    if all(len(levels) == 1 for levels in columns):
        names = [levels[0] for levels in columns]
        label = names[0] if names[0] in ("合计", "总计") else ""
        return [_row(grid, label, list(range(grid.n_cols)), names, r, line)], names
    items: dict[str, list[int]] = {}
    figures: dict[str, list[str]] = {}
    parents: dict[str, str] = {}
    for col, levels in enumerate(columns):
        if not levels:
            continue
        if len(levels) > 1 and _FIGURE.search(levels[-1]):
            path, figure = levels[:-1], levels[-1]
        elif len(levels) > 1 and _CAPTION.search(levels[0]):
            path, figure = levels[1:], levels[0]
        else:
            path, figure = levels, ""
        item = path[-1]
        if item in _SUBTOTAL and len(path) >= 2:
            path = path[:-1]
            item = path[-1]
        if len(path) >= 2 and path[-2] not in _SUBTOTAL:
            parents[item] = path[-2]
        items.setdefault(item, []).append(col)
        figures.setdefault(item, []).append(figure)
    names = _short_names(parents)
    rows: list[Row] = []
    for item, cols in items.items():
        order = sorted(range(len(cols)), key=lambda k: figures[item][k] != prefer)
        rows.append(_row(grid, names.get(item, item), [cols[k] for k in order],
                         [figures[item][k] for k in order], r, line))
    first = next(iter(items), None)
    header_names = sorted(figures[first], key=lambda f: f != prefer) if first else []
    return rows, header_names


def _short_names(parents: dict[str, str]) -> dict[str, str]:
    """Sub-items printed without their parent's stem get it back: under
    "公务用车购置及运行费", "购置费" and "运行费" become "公务用车购置费", "公务用车运行费"."""
    names: dict[str, str] = {}
    by_parent: dict[str, list[str]] = {}
    for item, parent in parents.items():
        by_parent.setdefault(parent, []).append(item)
    for parent, items in by_parent.items():
        cuts = [parent.find(item[:2]) for item in items]
        positive = [c for c in cuts if c > 0]
        if not positive:
            continue
        stem = parent[:min(positive)]
        for item in items:
            if not item.startswith(stem):
                names[item] = stem + item
    return names


def _row(grid: Any, label: str, cols: list[int], figures: list[str], r: int | None,
         line: Line | None) -> Row:
    cells = [grid.covering(r, c) if r is not None else None for c in cols]
    row = Row(label=label, code=None,
              values=[cell_value(c.text) if c is not None else None for c in cells],
              line=line.number if line else 0)
    if r is None:
        # a table printed without any data row: every figure is a known blank
        row.page, row.bbox = grid.page, grid.bbox
        row.cells = [Cell("", figure, grid.page, None) for figure in figures]
    else:
        row.page = grid.pages[r]
        row.cells = [Cell(c.text.strip() if c else "", figures[k], grid.pages[r],
                          c.bbox if c else None) for k, c in enumerate(cells)]
        boxes = [c.bbox for c in cells if c is not None]
        row.bbox = _union(boxes) if boxes else grid.boxes[r]
    return row


_LABEL_HEADER = compile_re(r"^项目(?:\(|（|$)|编码|科目|名称|^[类款项]$|^序号$")
_CODE_PART = compile_re(r"^\d{2,3}$|^\d{5}$|^\d{7}$")


def _is_label_column(grid: Any, header: list[int], data: list[int], col: int) -> bool:
    """A column the header names as 项目/科目/编码/名称/类/款/项, or an unnamed one whose
    data cells are text and code parts only."""
    levels = header_levels(grid, header, col)
    if any(_LABEL_HEADER.search(level) for level in levels[-1:]):
        return True
    texts = [grid.texts(r)[col].strip() for r in data]
    textual = any(texts) and all(not t or _CODE_PART.match(t) or not _is_amount(t)
                                 for t in texts)
    return textual and not levels


def layout(grid: Any, header: list[int], data: list[int]) -> list[tuple[int, int, int]]:
    """The column groups as (start, end, label width): a group starts at every label column
    that follows a value column (收入 | 支出 side by side, 人员经费 | 公用经费)."""
    labels = [_is_label_column(grid, header, data, c) for c in range(grid.n_cols)]
    starts = [0] + [c for c in range(1, grid.n_cols) if labels[c] and not labels[c - 1]]
    out: list[tuple[int, int, int]] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else grid.n_cols
        width = 0
        while start + width < end and labels[start + width]:
            width += 1
        out.append((start, end, max(width, 1) if end - start > 1 else width))
    return out


def group_name(grid: Any, header: list[int], start: int, end: int) -> str | None:
    """The title the header spans over one column group ("财政拨款收入" → 收入)."""
    for r in header:
        cell = grid.covering(r, start)
        if cell is None or cell.col != start or cell.colspan != end - start:
            continue
        text = _compact(cell.text)
        for side in ("收入", "支出"):
            if side in text:
                return side
    return None


def row_texts(grid: Any, header: list[int], r: int,
              groups: list[tuple[int, int, int]]) -> list[str]:
    """Row ``r``'s texts for the positional reader: a 款/项 code part printed with one digit
    ("2") gets its zero; a label spanning into the next column group ("当年支出小计" over
    功能分类 and 支出用途, its amount in the last column) is moved to that group."""
    texts = grid.texts(r)
    for c, text in enumerate(texts):
        if len(text.strip()) == 1 and text.strip().isdigit():
            levels = header_levels(grid, header, c)
            if levels and levels[-1] in ("款", "项"):
                texts[c] = "0" + text.strip()
    for start, _end, width in groups[1:]:
        cell = grid.covering(r, start)
        if cell is not None and cell.col < start and cell.text.strip() and width \
                and cell.col + cell.colspan >= start + width:
            texts[cell.col] = ""
            texts[start] = cell.text
    return texts


def place_row(row: Row, grid: Any, r: int, cols: list[int], names: list[str],
              span: tuple[int, int]) -> None:
    """The page, box and value cells of a row read from grid row ``r``."""
    row.page = grid.pages[r]
    cells = [grid.covering(r, c) for c in cols]
    row.cells = [Cell(c.text.strip() if c else "", names[k] if k < len(names) else None,
                      grid.pages[r], c.bbox if c else None) for k, c in enumerate(cells)]
    boxes = [c.bbox for c in (grid.covering(r, c) for c in range(*span)) if c is not None]
    row.bbox = _union(boxes) if boxes else grid.boxes[r]


def grid_texts(grid: Any) -> list[list[str | None]]:
    """Every cell as printed: blank → None, positions under a span → None."""
    return [[(c.text.strip() or None) if c is not None else None for c in row]
            for row in grid.cells]


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
