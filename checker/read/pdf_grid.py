"""A table found on a PDF page → a grid of cells, each with its text, span and box.

PyMuPDF's ``Page.find_tables()`` gives the ruled cells of a table as boxes. Published tables
(Excel exports above all) draw many more ruling lines than they have columns: the Jiangsu
收支预算总表 comes out as 39 × 21 boxes for 4 columns. So the boxes are laid on the grid of
their own edges, every word of the page is dropped into the box under its centre (one pass,
by bisection: cheaper than PyMuPDF's per-cell ``extract()``), and the grid is compacted:
adjacent columns that no row tells apart (no row has two different non-empty cells in them)
are one column, and rows without any text are dropped. Blank cells stay in the grid as "".

Rows are compacted the same way: grid rows tied by a tall cell and holding nothing that tells
them apart are one printed row, and a narrow band between two dividers drawn a little apart in
the header and the body is no column.

The leading rows that are the table's furniture rather than its header (a title printed inside
the frame, "部门：… 单位：万元") are peeled off and returned as text lines, so the title is
found where a reader sees it: above the table (``pdf_grid_header``, which also finds the
header rows).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from checker.read.pdf_cells import Box, GridCell, is_amount, union
from checker.read.pdf_grid_header import (
    header_rows,
    peel_furniture,
    same_header,
    split_total_row,
)
from checker.regex_cache import compile_re

__all__ = ["Box", "Grid", "GridCell", "build_grid", "glue", "join_words", "union",
           "word_lines"]

# Ruling lines of one edge may differ by a fraction of a point.
_EDGE_TOLERANCE = 1.5
_CJK_END = compile_re(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]$")
_CJK_START = compile_re(r"^[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]")


@dataclass
class Grid:
    """A table as a grid. ``cells[r][c]`` is the cell starting at (r, c), None where a span
    from above or from the left covers it. ``pages[r]``/``boxes[r]`` say where row r stands
    (a table continued on the next page keeps each row's own page)."""

    cells: list[list[GridCell | None]]
    pages: list[int]
    boxes: list[Box]
    header_rows: int = 0
    furniture: list[tuple[str, Box]] = field(default_factory=list)
    # The x-extent of every column: a continuation on the next page is matched by it.
    cols: list[tuple[float, float]] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    @property
    def page(self) -> int:
        return self.pages[0]

    @property
    def bbox(self) -> Box:
        """The box of the rows on the first page."""
        return union([b for b, p in zip(self.boxes, self.pages, strict=True) if p == self.page])

    def texts(self, row: int) -> list[str]:
        """The row's cells as text: a spanned position is ""."""
        return [cell.text if cell else "" for cell in self.cells[row]]

    def covering(self, row: int, col: int) -> GridCell | None:
        """The cell that covers position (row, col): the one starting there or a span."""
        for r in range(row, -1, -1):
            for c in range(col, -1, -1):
                cell = self.cells[r][c]
                if cell is not None and r + cell.rowspan > row and c + cell.colspan > col:
                    return cell
        return None

    def column_map(self, other: Grid) -> list[list[int]] | None:
        """For each column of ``other`` (the next page's part of a table), the columns of
        this grid it covers; None when they do not line up. Columns left blank on the next
        page have no text there and were merged into a neighbour, so one column of
        ``other`` may cover several of this grid."""
        if not self.cols or not other.cols:
            return None
        tolerance = 3.0
        mapping: list[list[int]] = []
        for x0, x1 in other.cols:
            mine = [k for k, (a, b) in enumerate(self.cols)
                    if a >= x0 - tolerance and b <= x1 + tolerance]
            if not mine or abs(self.cols[mine[0]][0] - x0) > tolerance \
                    or abs(self.cols[mine[-1]][1] - x1) > tolerance:
                return None
            mapping.append(mine)
        return mapping

    def append(self, other: Grid, mapping: list[list[int]]) -> None:
        """Join the rows of a continuation (the next page's part of this table), its columns
        laid on this grid's by ``mapping`` (``column_map``), a repeated header dropped."""
        other = other.remapped(mapping, self.cols)
        skip = other.header_rows if same_header(self, other) else 0
        for r in range(skip, len(other.cells)):
            row = other.cells[r]
            for cell in row:
                if cell is not None:
                    cell.row = len(self.cells)
            self.cells.append(row)
            self.pages.append(other.pages[r])
            self.boxes.append(other.boxes[r])

    def remapped(self, mapping: list[list[int]], cols: list[tuple[float, float]]) -> Grid:
        """This grid laid on the columns ``cols``: cell j goes to ``mapping[j]``; a text
        cell spans all of them, a blank one is split into blank cells of each."""
        width = len(cols)
        rows: list[list[GridCell | None]] = []
        for r, row in enumerate(self.cells):
            out: list[GridCell | None] = [None] * width
            for j, cell in enumerate(row):
                if cell is None:
                    continue
                targets = mapping[j]
                last = mapping[min(j + cell.colspan, len(mapping)) - 1][-1]
                if cell.text:
                    out[targets[0]] = GridCell(cell.text, r, targets[0], cell.bbox,
                                               cell.rowspan, last - targets[0] + 1)
                else:
                    for k in range(targets[0], last + 1):
                        out[k] = GridCell("", r, k, (cols[k][0], cell.bbox[1], cols[k][1],
                                                     cell.bbox[3]))
            rows.append(out)
        grid = Grid(rows, list(self.pages), list(self.boxes), cols=list(cols))
        grid.header_rows = header_rows(grid)
        return grid


def join_words(words: list[Any]) -> str:
    """Words of one cell or line (PyMuPDF word tuples), in reading order, as one text:
    Chinese runs join without a space, Latin and number runs keep one."""
    return glue(word_lines(words))


def glue(pieces: list[str]) -> str:
    text = ""
    for piece in pieces:
        if text and not (_CJK_END.search(text) or _CJK_START.match(piece)):
            text += " "
        text += piece
    return text


def word_lines(words: list[Any]) -> list[str]:
    """The words grouped into printed lines (a word whose centre lies within the line's
    height joins it), each line left to right."""
    lines: list[tuple[float, float, list[Any]]] = []
    for word in sorted(words, key=lambda w: w[1]):
        centre = (word[1] + word[3]) / 2
        if lines and lines[-1][0] <= centre <= lines[-1][1]:
            lines[-1][2].append(word)
        else:
            lines.append((word[1], word[3], [word]))
    return [glue([w[4] for w in sorted(found, key=lambda w: w[0])]) for _, _, found in lines]


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    """The edge nearest to ``value``."""
    i = bisect_right(edges, value)
    if i > 0 and (i == len(edges) or value - edges[i - 1] <= edges[i] - value):
        return i - 1
    return i


def build_grid(boxes: list[Box], words: list[Any], page: int) -> tuple[Grid | None, set[int]]:
    """The grid of one table's cell ``boxes`` with the page's ``words`` dropped in.

    Returns the grid (None when what PyMuPDF took for a table has fewer than two columns or
    rows with text: a frame around a paragraph) and the indexes of the words it took."""
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return None, set()
    owner = [[-1] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for box in boxes:
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        spans.append((r0, r1, c0, c1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = len(spans) - 1
    content: list[list[Any]] = [[] for _ in spans]
    taken: set[int] = set()
    left, top, right, bottom = xs[0], ys[0], xs[-1], ys[-1]
    for index, word in enumerate(words):
        cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
        if not (left <= cx <= right and top <= cy <= bottom):
            continue
        r = min(max(bisect_right(ys, cy) - 1, 0), n_rows - 1)
        c = min(max(bisect_right(xs, cx) - 1, 0), n_cols - 1)
        if owner[r][c] >= 0:
            content[owner[r][c]].append(word)
            taken.add(index)
    split = [word_lines(found) for found in content]
    texts = [glue(lines) for lines in split]
    grid = _compact(owner, spans, texts, xs, ys, page, split)
    if grid is None:
        return None, set()
    return grid, taken


def _compact(owner: list[list[int]], spans: list[tuple[int, int, int, int]], texts: list[str],
             xs: list[float], ys: list[float], page: int,
             split: list[list[str]]) -> Grid | None:
    n_rows, n_cols = len(owner), len(owner[0])

    def filled(r: int, c: int) -> int:
        cell = owner[r][c]
        return cell if cell >= 0 and texts[cell] else -1

    # Columns: a run of grid columns that no row tells apart is one column.
    groups: list[list[int]] = []
    for c in range(n_cols):
        if groups and all(
                filled(r, c) < 0 or all(filled(r, g) in (-1, filled(r, c)) for g in groups[-1])
                for r in range(n_rows)):
            groups[-1].append(c)
        else:
            groups.append([c])
    groups = [g for g in groups if any(filled(r, c) >= 0 for r in range(n_rows) for c in g)]
    groups = _drop_straddled(groups, filled, n_rows)
    rows = [r for r in range(n_rows) if any(filled(r, c) >= 0 for c in range(n_cols))]
    if len(groups) < 2 or not rows or (len(rows) < 2 and not any(
            is_amount(texts[owner[rows[0]][c]]) for c in range(n_cols)
            if filled(rows[0], c) >= 0)):
        # a frame around text; a one-row grid only with amounts (a table's last row, alone
        # at the top of a page, continues the table before)
        return None
    bands = _row_bands(rows, groups, filled)
    col_of = {c: k for k, g in enumerate(groups) for c in g}
    row_of = {r: k for k, band in enumerate(bands) for r in band}
    cells: list[list[GridCell | None]] = [[None] * len(groups) for _ in bands]
    placed: set[int] = set()
    for r in rows:
        for c in range(n_cols):
            cell = owner[r][c]
            if c not in col_of or (cell >= 0 and cell in placed):
                continue
            if cell >= 0 and texts[cell]:
                placed.add(cell)
                r0, r1, c0, c1 = spans[cell]
                cols = sorted({col_of[x] for x in range(c0, c1) if x in col_of})
                rws = sorted({row_of[y] for y in range(r0, r1) if y in row_of})
                start_col, start_row = cols[0], rws[0]
                if cells[start_row][start_col] is not None:
                    continue
                cells[start_row][start_col] = GridCell(
                    texts[cell], start_row, start_col, (xs[c0], ys[r0], xs[c1], ys[r1]),
                    rowspan=len(rws), colspan=len(cols), lines=tuple(split[cell]))
    # Blank positions: a cell of their own (a blank cell is a cell), unless a span covers them.
    covered = [[False] * len(groups) for _ in bands]
    for row in cells:
        for cell in row:
            if cell is None:
                continue
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    covered[r][c] = True
    for k, band in enumerate(bands):
        for j, g in enumerate(groups):
            if not covered[k][j]:
                cells[k][j] = GridCell("", k, j, (xs[g[0]], ys[band[0]], xs[g[-1] + 1],
                                                  ys[band[-1] + 1]))
    pages = [page] * len(bands)
    boxes = [(xs[0], ys[band[0]], xs[-1], ys[band[-1] + 1]) for band in bands]
    grid = Grid(cells, pages, boxes, cols=[(xs[g[0]], xs[g[-1] + 1]) for g in groups])
    peel_furniture(grid)
    if not grid.cells:
        return None
    split_total_row(grid)
    grid.header_rows = header_rows(grid)
    return grid


def _row_bands(rows: list[int], groups: list[list[int]], filled: Any) -> list[list[int]]:
    """The grid rows that are one printed row: a tall cell ("合计" over three ruled rows)
    ties the rows it spans into one when no column holds two different cells among them
    (its amount stands in one of them, drawn a little off the label's lines)."""
    def cellset(r: int, j: int) -> set[int]:
        return {filled(r, c) for c in groups[j]} - {-1}

    bands: list[list[int]] = []
    for r in rows:
        band = bands[-1] if bands else []
        tied = new = False
        for j in range(len(groups)):
            mine = cellset(r, j)
            theirs = set().union(*(cellset(q, j) for q in band)) if band else set()
            if len(mine | theirs) > 1:
                break
            tied |= bool(mine & theirs)
            new |= bool(mine - theirs)
        else:
            # a row holding nothing but the tall cells' continuation stays a (blank) row
            if band and tied and new:
                band.append(r)
                continue
        bands.append([r])
    return bands


def _drop_straddled(groups: list[list[int]], filled: Any, n_rows: int) -> list[list[int]]:
    """Without the column groups that are no column of the table: where the header's ruling
    lines stand a little off the body's (a Jiangsu 功能科目代码 | 名称 divider drawn at
    x = 160 in the header, x = 146 below), the band between the two dividers is covered by
    the left cell in some rows and by the right cell in others, and holds no cell of its own."""
    out: list[list[int]] = []
    dropped = False
    for k, group in enumerate(groups):
        if 0 < k < len(groups) - 1 and not dropped and _straddles(
                groups[k - 1], group, groups[k + 1], filled, n_rows):
            dropped = True
            continue
        dropped = False
        out.append(group)
    return out


def _straddles(before: list[int], group: list[int], after: list[int], filled: Any,
               n_rows: int) -> bool:
    left = right = False
    for r in range(n_rows):
        for cell in {filled(r, c) for c in group} - {-1}:
            in_left = any(filled(r, c) == cell for c in before)
            in_right = any(filled(r, c) == cell for c in after)
            if not (in_left or in_right):
                return False  # a cell of its own: a column
            left |= in_left and not in_right
            right |= in_right and not in_left
    return left and right


