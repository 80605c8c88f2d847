"""Tables printed without ruling lines, read from the words' positions.

``find_tables()`` finds a table by its ruling lines; a table printed without them (some
Jiangsu 预算表: cells set apart by white space only) would come out of the text stream as
lines whose figures no longer say which column they stand in. Here the words outside the ruled
tables are laid out in visual lines; a run of lines that each hold at least two cells set
apart by a wide gap, most with a figure, whose gaps line up down the run, is a table. Its
columns are the white space shared by every row of the run (a header line above it is taken
in by position), its rows the visual lines; the cell boxes so made go through the same
``build_grid`` as ruled cells, so a table is a grid whichever way it was printed.

Only runs of at least ``_MIN_ROWS`` figure rows (figures with decimals, thousands separators
or three digits and more) right under a title ending in 表 (a few lines for 单位 and the header
in between) are taken: a sentence with a number in it never makes a table, nor does a table of
contents (its page numbers are no figures, its leader dots no gap).
"""

from __future__ import annotations

from typing import Any

from checker.read.pdf_cells import Box, is_amount
from checker.read.pdf_grid import Grid, build_grid
from checker.regex_cache import compile_re

_MIN_ROWS = 3
_MAX_HEADER_LINES = 3
# A gap between two cells: wider than this many times the line's height (a space between
# two words of one cell is about a third of it).
_GAP = 1.2
_CODE = compile_re(r"^\d{3}(?:\d{2}){0,2}$")
_FIGURE = compile_re(r"[.,]\d|\d{3}")
_LEADER = compile_re(r"[.…·]{3,}")
_TITLE = compile_re(r"表(?:[(（][^()（）]{1,12}[)）])?$")
# how far above the header (or the first figure row) the table's title may stand
_TITLE_REACH = 4


def text_tables(words: list[Any], page: int) -> list[tuple[Grid, set[int]]]:
    """The grids of the unruled tables among ``words`` (PyMuPDF word tuples outside ruled
    tables) and, for each, the indexes in ``words`` it took."""
    lines = _visual_lines(words)
    found: list[tuple[Grid, set[int]]] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and _is_row(lines[end], words):
            end += 1
        figures = [j for j in range(k, end) if _has_figure(lines[j], words)]
        if len(figures) >= _MIN_ROWS:
            # the body from the first figure row; the rows above it are header candidates
            table = _table(lines, figures[0], end, words, page)
            if table is not None:
                found.append(table)
        k = max(end, k + 1)
    return found


def _visual_lines(words: list[Any]) -> list[list[int]]:
    """Word indexes grouped into visual lines (centres within one line's height), top down,
    each left to right."""
    lines: list[tuple[float, float, list[int]]] = []
    for i in sorted(range(len(words)), key=lambda i: (words[i][1] + words[i][3]) / 2):
        w = words[i]
        centre = (w[1] + w[3]) / 2
        if lines and lines[-1][0] <= centre <= lines[-1][1]:
            lines[-1][2].append(i)
        else:
            lines.append((w[1], w[3], [i]))
    return [sorted(found, key=lambda i: words[i][0]) for _, _, found in lines]


def _cells(line: list[int], words: list[Any]) -> list[list[int]]:
    """The line's words cut at wide gaps."""
    height = max(words[i][3] - words[i][1] for i in line)
    cells: list[list[int]] = [[line[0]]]
    for i in line[1:]:
        if words[i][0] - words[cells[-1][-1]][2] > _GAP * height:
            cells.append([i])
        else:
            cells[-1].append(i)
    return cells


def _is_row(line: list[int], words: list[Any]) -> bool:
    return len(_cells(line, words)) >= 2 and not any(_LEADER.search(words[i][4]) for i in line)


def _has_figure(line: list[int], words: list[Any]) -> bool:
    return any(is_amount(words[i][4]) and not _CODE.match(words[i][4])
               and _FIGURE.search(words[i][4]) for i in line)


def _titled(lines: list[list[int]], top: int, words: list[Any]) -> bool:
    """A line ending in 表 stands within reach above row ``top``."""
    return any(_TITLE.search("".join(words[i][4] for i in lines[k]).replace(" ", ""))
               for k in range(max(0, top - _TITLE_REACH), top))


def _spans(line: list[int], words: list[Any]) -> list[tuple[float, float]]:
    return [(min(words[i][0] for i in cell), max(words[i][2] for i in cell))
            for cell in _cells(line, words)]


def _table(lines: list[list[int]], start: int, end: int, words: list[Any],
           page: int) -> tuple[Grid, set[int]] | None:
    body = lines[start:end]
    # The columns: white space no row of the body writes into.
    occupied = sorted(span for line in body for span in _spans(line, words))
    gaps: list[tuple[float, float]] = []
    reach = occupied[0][1]
    for x0, x1 in occupied[1:]:
        if x0 > reach:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    if not gaps:
        return None
    left = occupied[0][0]
    # every row of the body must have a cell in most columns: a paragraph set in two
    # columns is no table
    edges = [left] + [(a + b) / 2 for a, b in gaps] + [reach]
    if any(len({_column(edges, (s[0] + s[1]) / 2) for s in _spans(line, words)}) < 2
           for line in body):
        return None
    # header lines right above, within the table's width, none of them a figure row
    # (a header cell may stand a little wider than its column: centred over it)
    top = start
    while top > 0 and start - top < _MAX_HEADER_LINES and _is_row(lines[top - 1], words) \
            and not _has_figure(lines[top - 1], words) \
            and _within(lines[top - 1], words, left, reach):
        top -= 1
    if not _titled(lines, top, words):
        return None
    rows = lines[top:end]
    bounds = [(min(words[i][1] for i in ln), max(words[i][3] for i in ln)) for ln in rows]
    ys = [bounds[0][0] - 1] + [(bounds[k][1] + bounds[k + 1][0]) / 2
                               for k in range(len(bounds) - 1)] + [bounds[-1][1] + 1]
    xs = [edges[0] - 1, *edges[1:-1], edges[-1] + 1]
    boxes: list[Box] = [(xs[c], ys[r], xs[c + 1], ys[r + 1])
                        for r in range(len(rows)) for c in range(len(xs) - 1)]
    mine = [i for ln in rows for i in ln]
    grid, used = build_grid(boxes, [words[i] for i in mine], page)
    if grid is None:
        return None
    return grid, {mine[k] for k in used}


def _within(line: list[int], words: list[Any], left: float, right: float) -> bool:
    height = max(words[i][3] - words[i][1] for i in line)
    return min(words[i][0] for i in line) >= left - height and \
        max(words[i][2] for i in line) <= right + 2 * height


def _column(edges: list[float], x: float) -> int:
    return next((c for c in range(len(edges) - 1) if x <= edges[c + 1]), len(edges) - 2)
