"""Performance tables read from a PDF's page geometry (``checker.read.pdf_grid.Grid``).

In a PDF the text layer gives a performance table one cell per line, so the text readers of
``perf_rows`` must guess which label a value belongs to. The grid knows: every cell has its
row, column and span. So here a table is read as a form:

* **head**: a label cell ("项目名称", "主管部门", "项目资金总额", "其中：财政资金", "其他资金",
  "年度总体目标") takes the next non-empty cell to its right, or — when nothing stands there,
  as under Shanghai's "年度总体目标" — the cell below it. Amounts under a label that says 元
  ("项目资金（元）") are converted to 万元, the unit of every other performance table.
* **indicator rows**: the header row (一级指标 | 二级指标 | 三级指标 | …指标值) names the
  columns; each row below it reads its levels and target in those columns. A 一级/二级 cell
  spanning several rows covers them all (``Grid.covering``); a 一级 and a 二级 name printed as
  one text over both cells ("满意度指标服务对象满意度指标") are split by the vocabulary. A
  blank target cell stays a missing target: nothing is taken from a neighbour.

A block may hold several tables, one after the other (Shanghai prints one
财政项目支出绩效目标填报表 per page; a repeated title may be absent when the page reader took
the next table for a continuation): a table starts at a title, a year line "（2023年度）" or a
"项目名称" row once the table before has its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from checker.model.ast import Box, Funds, Indicator, Line, PerformanceKind, PerformanceTable, Target
from checker.parse.perf_head import _clean, _compact, _is_title
from checker.parse.perf_target import (
    _GOAL_LABELS,
    _NUMBER,
    _PROJECT_LABELS,
    _YEAR_NOTE,
    LEVEL1_NAMES,
    LEVEL2_NAMES,
    _decimal,
    parse_target,
)
from checker.regex_cache import compile_re

_VOCAB = sorted(LEVEL1_NAMES | LEVEL2_NAMES, key=len, reverse=True)
# Head labels (compact, colons and "其中" dropped) → the field they fill. The first of a kind
# wins: Shanghai prints the project's funds (项目资金总额 = 财政资金 + 其他资金) left of the
# year's (年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金).
_FUNDS = {
    "项目资金总额": "total", "资金总额": "total", "年度资金总额": "total",
    "财政资金": "fiscal", "财政拨款": "fiscal", "当年财政拨款": "fiscal",
    "其他资金": "other",
}
# The year's block (Shanghai), told by its column: the labels under 年度资金申请总额.
_YEAR_TOTAL = "年度资金申请总额"
_YEAR_FUNDS = {_YEAR_TOTAL: "total", "当年财政拨款": "fiscal", "上年结转资金": "carried",
               "其他资金": "other"}
_PEOPLE = {"主管部门": "department", "实施单位": "implementer"}
_YUAN = compile_re(r"[(（]元[)）]")
# Header cells of the value columns; 分值 is a weight, not a value.
_VALUE_COLUMNS = (
    ("target", ("年度指标值", "指标值", "目标值")),
    ("actual", ("实际完成值",)),
    ("weight", ("分值",)),
    ("score", ("得分",)),
    ("deviation", ("偏差原因",)),
)


def has_grid(body: list[Line]) -> bool:
    return any(line.grid is not None for line in body)


def grid_chunks(body: list[Line]) -> list[list[Line]]:
    """The lines of a performance block split into one list per table."""
    chunks: list[list[Line]] = []
    header_seen = project_seen = False
    for line in body:
        starts = _is_title(_clean(line.text)) or _year_row(line)
        project = _label_row(line, _PROJECT_LABELS)
        if chunks and ((header_seen and (starts or project)) or (project and project_seen)):
            chunks.append([])
            header_seen = project_seen = False
        if not chunks:
            chunks.append([])
        chunks[-1].append(line)
        header_seen = header_seen or _header_row(line) is not None
        project_seen = project_seen or project
    return chunks


def grid_header(chunk: list[Line]) -> Line | None:
    """The row line of the chunk that holds the indicator header, if any."""
    return next((ln for ln in chunk if _header_row(ln) is not None), None)


def read_grid_table(chunk: list[Line], header_line: Line) -> PerformanceTable:
    """One table of the chunk, its header at ``header_line`` (``grid_header``)."""
    grid = header_line.grid
    header = header_line.grid_row
    assert grid is not None and header is not None
    columns = _header_row(header_line) or {}
    rows = {ln.grid_row: ln for ln in chunk if ln.grid is grid and ln.grid_row is not None}
    title = next((_compact(_clean(ln.text)) for ln in chunk
                  if ln.grid is None and _is_title(_clean(ln.text))), None)
    head = _read_head(grid, [r for r in sorted(rows) if r < header])
    kind: PerformanceKind = "target"
    if (title and "自评" in title) or "actual" in columns or "score" in columns:
        kind = "self_evaluation"
    elif title and "整体" in title:
        kind = "unit_target"
    indicators = _read_indicators(grid, columns, [(r, rows[r]) for r in sorted(rows) if r > header])
    project = head.project
    if project is None and title and kind != "unit_target":
        project = re.sub(r"(财政)?(项目)?(支出)?绩效(目标|自评)(填报|申报)?表$", "", title) or None
    page, bbox = _place(grid, sorted(rows))
    return PerformanceTable(
        project=project, kind=kind, funds=head.funds, goal=head.goal, indicators=indicators,
        line=chunk[0].number, title=title, department=head.department,
        implementer=head.implementer, year_funds=head.year_funds, page=page, bbox=bbox)


def _place(grid: Any, rows: list[int]) -> tuple[int | None, Box | None]:
    """The first page of the table's grid rows and the box they cover there (a table that
    goes on over a page break is boxed where it starts, as tables are)."""
    if not rows:
        return None, None
    page = grid.pages[rows[0]]
    boxes = [grid.boxes[r] for r in rows if grid.pages[r] == page]
    return page, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                  max(b[2] for b in boxes), max(b[3] for b in boxes))


# --- rows of the grid -------------------------------------------------------------------


def _texts(line: Line) -> list[str]:
    if line.grid is None or line.grid_row is None:
        return []
    return [_compact(t) for t in line.grid.texts(line.grid_row)]


def _label(text: str) -> str:
    return re.sub(r"^其中[:：]?|[:：]$", "", _compact(text))


def _year_row(line: Line) -> bool:
    filled = [t for t in _texts(line) if t]
    return len(filled) == 1 and bool(_YEAR_NOTE.match(filled[0]))


def _label_row(line: Line, labels: tuple[str, ...]) -> bool:
    return any(_label(t) in labels for t in _texts(line))


def _header_row(line: Line) -> dict[str, int] | None:
    """The columns of an indicator header row: level1/level2/level3 and the value columns;
    None when the line is not one."""
    if line.grid is None or line.grid_row is None:
        return None
    columns: dict[str, int] = {}
    for cell in line.grid.cells[line.grid_row]:
        if cell is None or not cell.text:
            continue
        text = _compact(cell.text)
        for key, name in (("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标")):
            if text == name:
                columns[key] = cell.col
        for key, names in _VALUE_COLUMNS:
            if key not in columns and any(n in text for n in names) and (
                    key == "weight" or "分值" not in text):
                columns[key] = cell.col
                break
    if "level1" in columns and ("level3" in columns or "level2" in columns) \
            and "target" in columns:
        return columns
    return None


# --- head ---------------------------------------------------------------------------------


@dataclass
class _Head:
    project: str | None = None
    department: str | None = None
    implementer: str | None = None
    goal: str | None = None
    funds: Funds = field(default_factory=Funds)
    year_funds: Funds | None = None


def _value_of(grid: Any, row: int, cell: Any) -> str | None:
    """The value of a label cell: the next filled cell to its right, else the cell below."""
    for other in grid.cells[row][cell.col + cell.colspan:]:
        if other is not None and other.text.strip():
            return None if _is_label(other.text) else other.text.strip()
    below = row + cell.rowspan
    if below < len(grid.cells):
        under = grid.covering(below, cell.col)
        if under is not None and under.text.strip() and not _is_label(under.text):
            return under.text.strip()
    return None


def _is_label(text: str) -> bool:
    label = _label(text)
    return label in _FUNDS or label in _YEAR_FUNDS or label in _PEOPLE \
        or label in _PROJECT_LABELS or label in _GOAL_LABELS


def _read_head(grid: Any, rows: list[int]) -> _Head:
    head = _Head()
    yuan = False
    year_col = next((c.col for r in rows for c in grid.cells[r]
                     if c is not None and _label(c.text) == _YEAR_TOTAL), None)
    year = Funds()
    for r in rows:
        for cell in grid.cells[r]:
            if cell is None or not cell.text.strip():
                continue
            label = _label(cell.text)
            yuan = yuan or bool(_YUAN.search(cell.text))
            value = _value_of(grid, r, cell) if _is_label(cell.text) else None
            if value is None:
                continue
            if label in _PROJECT_LABELS and head.project is None:
                head.project = value
            elif label in _PEOPLE and getattr(head, _PEOPLE[label]) is None:
                setattr(head, _PEOPLE[label], value)
            elif label in _GOAL_LABELS and head.goal is None:
                head.goal = value
            elif not _NUMBER.fullmatch(value.replace(" ", "")):
                continue
            elif cell.col == year_col and label in _YEAR_FUNDS:
                if getattr(year, _YEAR_FUNDS[label]) is None:
                    setattr(year, _YEAR_FUNDS[label], _decimal(value))
            elif label in _FUNDS and getattr(head.funds, _FUNDS[label]) is None:
                setattr(head.funds, _FUNDS[label], _decimal(value))
    if year.total is not None:
        head.year_funds = year
    for funds in (head.funds, head.year_funds):
        for name in ("total", "fiscal", "other", "carried"):
            amount = getattr(funds, name, None)
            if yuan and amount is not None:
                setattr(funds, name, amount / Decimal(10000))
    return head


# --- indicator rows -----------------------------------------------------------------------


def _levels(text: str) -> list[str]:
    """A cell's text as the level names it is made of ("满意度指标服务对象满意度指标" → both);
    [text] when it is not made of known names."""
    names: list[str] = []
    rest = text
    while rest:
        name = next((n for n in _VOCAB if rest.startswith(n)), None)
        if name is None:
            return [text]
        names.append(name)
        rest = rest[len(name):]
    return names


def _at(grid: Any, row: int, col: int | None) -> str:
    if col is None:
        return ""
    cell = grid.covering(row, col)
    return _compact(cell.text) if cell is not None else ""


def _read_indicators(grid: Any, columns: dict[str, int],
                     rows: list[tuple[int, Line]]) -> list[Indicator]:
    indicators: list[Indicator] = []
    level1: str | None = None
    level2: str | None = None
    for r, line in rows:
        texts = {key: _at(grid, r, col) for key, col in columns.items()}
        if not any(texts.values()):
            continue
        first = _levels(texts.get("level1", "")) if texts.get("level1") else []
        second = _levels(texts.get("level2", "")) if texts.get("level2") else []
        if len(second) == 2 and second[0] in LEVEL1_NAMES and not first:
            first, second = second[:1], second[1:]  # both names printed in the 二级 cell
        if first:
            if first[0] != level1:
                level2 = None
            level1 = first[0]
        if second:
            level2 = second[-1]
        level3 = texts.get("level3") or None
        raw = grid_cell(grid, r, columns.get("target"))
        if level3 is None and not raw:
            continue  # a row of level names alone
        target: Target | None = parse_target(raw) if raw else None
        extra: dict[str, Any] = {}
        if "actual" in columns:
            extra["actual"] = grid_cell(grid, r, columns["actual"]) or None
        for key in ("weight", "score"):
            if key in columns:
                value = texts[key]
                extra[key] = _decimal(value) if _NUMBER.fullmatch(value) else None
        if "deviation" in columns:
            extra["deviation_reason"] = grid_cell(grid, r, columns["deviation"]) or None
        indicators.append(Indicator(level1=level1, level2=level2, level3=level3,
                                    target=target, line=line.number, **extra))
    return indicators


def grid_cell(grid: Any, row: int, col: int | None) -> str:
    """The text of the cell starting in ``row`` at ``col`` (a cell spanning down from a row
    above is that row's value, not this one's)."""
    if col is None:
        return ""
    cell = grid.covering(row, col)
    if cell is None or cell.row != row:
        return ""
    return cell.text.strip()
