"""Performance-target tables (绩效目标表, 整体绩效目标表, 绩效自评表) → ``PerformanceTable``.

The structure step hands over the lines of a performance region (from its section heading to
the end of the region); this module finds the tables in it and reads each one.

Two row layouts occur and are read differently:

* **tab rows** (001, 002, 004): one line per indicator row, cells separated by tabs. The cells
  are shifted in the seeds (a 三级 name in the 一级 column, a 二级 name in the 三级 column), so a
  row is read by content from the right — the last cell is the target when it parses as one,
  the cell before it is the 三级 name, and what is left are the 一级/二级 names — not by
  column position.
* **stream rows** (000, 003): cells separated by single spaces, and a cell that wrapped in the
  PDF continues on the following lines ("服务站专业工作人员" / "人数" / "≥23 人"). The lines are
  read as a stream of fragments: fragments that assemble into a known 一级/二级 name set those
  levels; other text accumulates into the 三级 name until a target (or, in self-evaluations,
  a target/actual/weight/score group) closes the indicator.

Level-1 and level-2 cells are merged cells in the PDF: given once, they apply to the following
rows, so they are carried forward (a new 一级 clears the carried 二级). A value that is absent
stays ``None``; a row never takes a cell from the next row.

Target parsing: a missing comparator gives ``op=None`` (never a guessed "="), so a rule can tell
"100%" from "=100%"; the number and unit are still parsed. Qualitative targets ("有效提升")
keep only ``raw``. Units are kept as written with inner spaces removed ("元/ 人" → "元/人",
"百分比" stays "百分比").

The reading is split by job: ``perf_target`` (vocabularies, patterns, one target value),
``perf_head`` (where tables start, titles, kinds, the head fields above the rows),
``perf_rows`` (the indicator rows); this module puts each table together.
"""

from __future__ import annotations

import re

from checker.model.ast import Indicator, Line, PerformanceTable
from checker.parse.perf_grid import grid_chunks, grid_header, has_grid, read_grid_table
from checker.parse.perf_head import (
    _clean,
    _compact_cjk,
    _find_header,
    _goal_text,
    _is_title,
    _join_wrapped,
    _kind,
    _read_head,
    _row_lines,
    _split_tables,
    _total_score,
)
from checker.parse.perf_rows import _read_rows
from checker.parse.perf_target import parse_target

__all__ = ["build_performance_tables", "parse_target"]


def build_performance_tables(body: list[Line], section_path: list[str]) -> list[PerformanceTable]:
    """Split the lines of a performance region into tables and read each one.

    ``section_path`` (the titles of the sections the region sits in) is stored on each table.
    """
    if has_grid(body):
        tables = [_read_grid_chunk(chunk) for chunk in grid_chunks(body)]
    else:
        tables = [_read_table(chunk) for chunk in _split_tables(_text_lines(body))]
    for table in tables:
        table.section_path = list(section_path)
    return tables


def _text_lines(body: list[Line]) -> list[tuple[int, str]]:
    lines = [(line.number, _clean(line.text)) for line in body]
    return [(number, text) for number, text in lines if text.strip()]


def _read_grid_chunk(chunk: list[Line]) -> PerformanceTable:
    """A PDF table read from its grid; one whose indicator header is not in a grid (a table
    without ruling lines) is read from its text."""
    header = grid_header(chunk)
    if header is not None:
        return read_grid_table(chunk, header)
    return _read_table(_text_lines(chunk))


def _read_table(chunk: list[tuple[int, str]]) -> PerformanceTable:
    first_line = chunk[0][0]
    found = _find_header(chunk)
    head_lines = chunk if found is None else chunk[: found[0]]
    # The title is the chunk's first line, or its first two when the tail was split off.
    title = None
    title_head = None
    title_at = next((i for i, (_, t) in enumerate(head_lines[:2]) if _is_title(t)), None)
    if title_at is not None:
        title = _compact_cjk(_join_wrapped([t for _, t in head_lines[: title_at + 1]]))
        if title_at == 1:
            title_head = _compact_cjk(head_lines[0][1])
    kind = _kind(title or "", chunk, found)
    head = _read_head(head_lines, kind)
    head.title = title

    indicators: list[Indicator] = []
    if found is not None:
        _, rows_at, header = found
        rows = _row_lines(chunk[rows_at:])
        indicators = _read_rows(rows, header, kind)
    if kind == "self_evaluation":
        head.total_score = _total_score(chunk)

    project = head.project
    if project is None and kind != "unit_target" and title_head:
        project = title_head  # "某项目" / "绩效目标表": the head line is the project name
    elif project is None and kind != "unit_target" and title:
        project = re.sub(r"(项目)?(支出)?绩效(目标|自评)表$", "", _compact_cjk(title)).strip()
        project = project or None
    department = head.department
    if kind == "unit_target" and head.unit_name and department is None:
        department = head.unit_name
    goal = _goal_text(head.goal_parts, kind)
    return PerformanceTable(
        project=project,
        kind=kind,
        funds=head.funds,
        goal=goal,
        indicators=indicators,
        line=first_line,
        title=title,
        department=department,
        implementer=head.implementer,
        total_score=head.total_score,
    )
