"""One table block (title line + body lines) → ``Table``, whatever layout the extractor left.

The same 预算表/决算表 reaches us as tab-separated cells, cells separated by runs of spaces,
Markdown pipe rows, HTML cells, one cell per line (PyMuPDF), or only its title (the PDF held
the table as an image). ``build_table`` hides that: it strips the block's furniture (repeated
title, 公开NN表, 单位：万元, column numbers, page numbers, 注/备注 notes), finds the header
lines, cuts every data line into *segments* (code, label, values) and turns each segment into
a ``Row``. Tables whose column groups sit side by side (收支总表: 收入 | 支出; 决算 公开06表:
three groups) give one ``Row`` per group cell run, with ``Row.group`` set, so a lookup by
label works on either side.

Contract for consumers (see docs/parsing-notes.md):
- ``Table.columns[i]`` names ``Row.values[i]``: label columns (科目编码, 科目名称, 项目) are
  not in ``columns``. For side-by-side tables ``Table.group_columns[g]`` names the values of
  rows whose group is ``Table.groups[g]``; ``Table.columns`` is the widest group's list.
- Amounts are exact ``Decimal``; blank and "-" cells are ``None``; "0.00" is ``Decimal(0)``.
- Nothing is invented: a block with no recognisable row gives ``cells_missing=True`` and no rows.

The readers live beside this module, one per layout: ``tables_positional`` (cells in fixed
positions: tab, pipe, HTML), ``tables_stream`` (runs of spaces, one cell per line),
``tables_grid`` (a grid from the PDF's page geometry); ``tables_block`` reads the block's
furniture and tells its layout, ``tables_header`` names columns and groups and
``tables_cells`` holds the cell, title and furniture basics they share. This module chooses
the reader for a block and assembles the ``Table``.
"""

from __future__ import annotations

from typing import Any

from checker.model.ast import Line, Paragraph, Row, Table
from checker.parse import lookup
from checker.parse.normalize import fold_width
from checker.parse.tables_block import _detect_layout, read_block
from checker.parse.tables_cells import (
    _PAGE_RE,
    _clean_label,
    _compact,
    _compact_folded,
    _is_column_numbers,
    parse_cell,
    table_number,
)
from checker.parse.tables_grid import (
    column_name,
    grid_texts,
    group_name,
    is_wide,
    place_row,
    row_texts,
    wide_rows,
)
from checker.parse.tables_grid import layout as grid_layout
from checker.parse.tables_grid import rows_index as grid_rows
from checker.parse.tables_header import (
    _count_groups,
    _group_names,
    _positional_columns,
    _stream_columns,
)
from checker.parse.tables_positional import (
    _PIPE_SEP_RE,
    CODE,
    NUM,
    _cells,
    _header_label_width,
    _positional_is_data,
    _positional_segments,
    _row_kinds,
    _Segment,
    _split_code,
    _strip_header_residue,
    _Tok,
)
from checker.parse.tables_stream import (
    _assign_by_hint,
    _assign_groups,
    _drop_column_number_runs,
    _first_row_in_stream,
    _one_per_line_segments,
    _space_segments,
    _stream_is_data,
    _tokens,
)
from checker.regex_cache import compile_re

# The kinds of a row that may be column numbers: number cells after at most one other cell
# (栏次/行次), blanks anywhere.
_COLUMN_NUMBER_KINDS_RE = compile_re(r" *[^ ]?[NC ]*")

__all__ = ["build_table", "column_index", "find_row", "parse_cell", "table_number"]

# ---------------------------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------------------------


def build_table(title: Line, body: list[Line], section_path: list[str]) -> Table:
    """Build the ``Table`` for one block: its heading line and every line up to the next heading.

    Never raises on odd input: a block it cannot read becomes ``cells_missing=True``.
    """
    block = read_block(title, body)
    number, clean_title, form, unit = block.number, block.title, block.form, block.unit
    content, content_texts, notes = block.content, block.texts, block.notes
    grid = next((ln.grid for ln in content if ln.grid is not None), None)
    if grid is not None:
        table = _grid_table(grid, content, clean_title)
        table.number, table.title, table.form = number, clean_title, form
        table.section_path, table.unit_of_measure = list(section_path), unit
        table.notes = notes + _grid_notes(table)
        table.line = title.number
        return table
    # A space-separated line is cut into tokens to choose the layout, to tell header from data
    # and to read its row: cut once per distinct text of this block.
    token_memo: dict[str, list[_Tok]] = {}

    def tokens(text: str) -> list[_Tok]:
        found = token_memo.get(text)
        if found is None:
            found = token_memo[text] = _tokens(text)
        return found

    layout = _detect_layout(content, tokens)
    positional = layout in ("tab", "pipe", "html")

    header: list[Line] = []
    header_texts: list[str] = []
    header_seen: set[str] = set()
    header_leads: set[str] = set()  # the first character of each compact header line
    data: list[Line] = []
    # positional layouts: each line cut into cells once
    header_cells: list[list[str]] = []
    data_cells: list[tuple[Line, list[str]]] = []
    data_kinds: list[str] = []
    cells: list[str] = []
    kinds = ""
    kind_memo: dict[str, str] = {}  # each distinct cell's kind (``_row_kinds``), this table's
    if layout == "lines":
        text_of = {id(ln): text for ln, text in zip(content, content_texts, strict=True)}
        content = _drop_column_number_runs(content)
        content_texts = [text_of[id(ln)] for ln in content]
        first_row = _first_row_in_stream([text.strip() for text in content_texts])
    for k, (ln, text) in enumerate(zip(content, content_texts, strict=True)):
        if layout == "pipe" and _PIPE_SEP_RE.match(text):
            continue
        if positional:
            if layout == "tab" and "<" not in ln.text and "＜" not in ln.text:
                # ``text`` is ``_fold(ln.text)``: with no "<" to fold to (no tag pass) it is
                # the line ``_cells`` folds, and cut as ``_cells`` cuts it
                cells = [c.strip() for c in text.split("\t")]
            else:
                cells = _cells(ln.text, layout)  # per cell: HTML cells need their tags
            kinds = _row_kinds(cells, kind_memo)
            is_data = NUM in kinds or CODE in kinds or _positional_is_data(cells, kinds)
            # (column numbers are numbers after at most one other cell: only such a row is
            # asked; its words are its cells that are not blank)
            if _COLUMN_NUMBER_KINDS_RE.fullmatch(kinds) and _is_column_numbers(
                    [c for c in cells if c]):
                continue
            if len(cells) == 1 and cells[0] and _PAGE_RE.match(cells[0]):
                continue  # a page number the extractor left inside the table
        else:
            toks = tokens(text)
            is_data = _stream_is_data(toks) if layout == "space" else k >= first_row
            # (column numbers end in a number: only such a line's words are asked)
            if toks and toks[-1].text.isdecimal() and _is_column_numbers([t.text for t in toks]):
                continue
            if layout != "lines" and len(toks) == 1 and _PAGE_RE.match(toks[0].text):
                continue  # a page number the extractor left inside the table
        if not data and not is_data:
            header.append(ln)
            header_texts.append(text)
            seen = _compact_folded(text)
            header_seen.add(seen)
            header_leads.add(seen[:1])
            if positional:
                header_cells.append(cells)
        elif layout != "lines" and header and _may_repeat(text, header_leads) and (
                _compact_folded(text) in header_seen):
            # the header repeated after a page break (one cell per line: "合计" is both a
            # header cell and a row, so nothing can be told there)
            continue
        else:
            data.append(ln)
            if positional:
                data_cells.append((ln, cells))
                data_kinds.append(kinds)

    n_groups, by_name = _count_groups(header_texts)

    segments: list[_Segment]
    group_columns: list[list[str]]
    if not data:
        segments, group_columns, n_groups = [], [], max(n_groups, 1)
    elif positional:
        segments, bounds = _positional_segments(header_cells, data_cells, by_name,
                                                data_kinds=data_kinds)
        n_groups = len(bounds)
        group_columns = [_positional_columns(header_cells, s, e, lw) for s, e, lw in bounds]
    else:
        if layout == "space":
            # normalize.py strips leading spaces from ``text``; the indent that says "the first
            # column group of this line is empty" survives only in ``raw``.
            streams = [(ln, tokens(ln.text), _indent(ln)) for ln in data]
            per_line = _space_segments(streams)
            n_groups = max(n_groups, max((sum(1 for s in segs if s.has_label)
                                          for segs in per_line), default=1))
            segments = [s for s in _assign_groups(per_line, n_groups) if s.has_label]
        else:
            n_groups = max(n_groups, 1)
            per_line = _one_per_line_segments([(ln, ln.text) for ln in data])
            names_hint = _group_names(header_texts, n_groups)
            segments = (_assign_by_hint(per_line, names_hint) if n_groups > 1
                        else [s for segs in per_line for s in segs])
        group_columns = _stream_columns(header_texts, segments, n_groups, by_name,
                                        exact_count=layout == "space")

    _drop_line_numbers(segments, group_columns)
    names = _group_names(header_texts, n_groups, segments) if n_groups > 1 else []
    if layout == "lines":
        # PyMuPDF drops empty cells, so where an amount stood after a gap is unknowable: a
        # short row stays short (its amounts in order, no guessed positions). Only a row with
        # no amount at all is padded, which is exact: every cell of it is empty.
        for seg in segments:
            width = len(group_columns[seg.group]) if seg.group < len(group_columns) else 0
            if not seg.values:
                seg.values = [None] * width
    rows: list[Row] = []
    for g in range(max(n_groups, 1)):
        for seg in segments:
            if seg.group != g:
                continue
            rows.append(_segment_row(seg, names[g] if names else None))

    widest = max(group_columns, key=len) if group_columns else []
    return Table(
        number=number,
        title=clean_title,
        section_path=list(section_path),
        unit_of_measure=unit,
        columns=list(widest),
        rows=rows,
        cells_missing=not rows,
        line=title.number,
        form=form,
        notes=notes,
        groups=names,
        group_columns=group_columns if names else [],
    )


def _may_repeat(text: str, leads: set[str]) -> bool:
    """Whether ``_compact_folded(text)`` may be one of the header's compact lines, whose first
    characters are ``leads``: it cannot when it starts with another character. Its first
    character is the line's first non-space one unless a tag (folded away) or a "**" (removed)
    stands there, and those lines are always asked."""
    lead = text.lstrip()[:1]
    return lead in leads or lead == "*" or "<" in text


def _segment_row(seg: _Segment, group: str | None) -> Row:
    code = seg.code
    label = _clean_label(" ".join(seg.label_parts))  # ``seg.label``, one call less a row
    if label.startswith("类款项"):
        label = _strip_header_residue(label)
    if code is None and label[:1].isdecimal():  # (a code in the label starts with a digit)
        code, label = _split_code(label)
    # (the row takes the segment's own list: no other segment or row holds it, and segments
    # are dropped once their rows are made)
    return Row(label, code, seg.values, seg.line, group)


def _grid_table(grid: Any, content: list[Line], title: str) -> Table:
    """A table read from the page geometry (``tables_grid``): the positional reader cuts the
    rows into label and value segments, the grid names the columns and places every cell."""
    header, data = grid_rows(grid)
    lines = {ln.grid_row: ln for ln in content if ln.grid is grid and ln.grid_row is not None}
    table = Table(number=None, title="", section_path=[], unit_of_measure=None, columns=[],
                  rows=[], cells_missing=False, line=0, page=grid.page, bbox=grid.bbox,
                  grid=grid_texts(grid), header_rows=grid.header_rows)
    if is_wide(grid, header, data):
        prefer = "决算数" if "决算" in title else "预算数"
        table.rows, table.columns = wide_rows(grid, header, data, lines, prefer)
        return table
    header_cells = [grid.texts(r) for r in header]
    fallback = next(iter(lines.values()), None)
    data_lines = [lines.get(r) or Line(fallback.number if fallback else 0, "", "") for r in data]
    row_of = {id(ln): r for ln, r in zip(data_lines, data, strict=True)}
    if not data:
        names = [column_name(grid, header, c) for c in range(grid.n_cols)]
        table.columns = [n for n in names[_header_label_width(header_cells[-1]) if header_cells
                                          else 0:] if n]
        return table
    _, by_name = _count_groups(["\t".join(cells) for cells in header_cells])
    by_number = {ln.number: ln for ln in data_lines}
    groups = grid_layout(grid, header, data)
    segments, bounds = _positional_segments(
        header_cells, [(ln, row_texts(grid, header, row_of[id(ln)], groups))
                       for ln in data_lines], by_name, groups)
    group_columns = [[column_name(grid, header, c) for c in range(s + lw, e)]
                     for s, e, lw in bounds]
    names: list[str] = []
    if len(bounds) > 1:
        titled = [group_name(grid, header, s, e) for s, e, _ in bounds]
        names = [t for t in titled if t]
        if len(names) != len(bounds) or len(set(names)) != len(names):
            names = _group_names(["\t".join(c) for c in header_cells], len(bounds), segments)
    for g, (s, e, lw) in enumerate(bounds):
        for seg in segments:
            if seg.group != g:
                continue
            row = _segment_row(seg, names[g] if names else None)
            source = by_number.get(seg.value_line or seg.line)
            r = row_of[id(source)] if source is not None else data[0]
            place_row(row, grid, r, list(range(s + lw, e)), group_columns[g], (s, e))
            table.rows.append(row)
    _drop_grid_line_numbers(table.rows, group_columns, names)
    table.columns = list(max(group_columns, key=len)) if group_columns else []
    if names:
        table.groups, table.group_columns = names, group_columns
    return table


_GRID_NOTE = compile_re(r"^(?:(?:此|本)表.{0,10}(?:为空|无数据)|(?:注|说明)\s*[:：])")


def _grid_notes(table: Table) -> list[Paragraph]:
    """A row that is a sentence about the table ("此表为空" printed inside the frame), not a
    row of figures, is the table's note."""
    notes = [Paragraph(row.label, row.line, row.line, row.page, row.bbox) for row in table.rows
             if row.code is None and all(v is None for v in row.values)
             and _GRID_NOTE.match(row.label)]
    if notes:
        table.rows = [r for r in table.rows if all(r.label != n.text for n in notes)]
    return notes


def _take_line_number_columns(group_columns: list[list[str]]) -> list[tuple[int, int]]:
    """Remove the 行次 column name of each column group; (group, index) of each removed."""
    taken = []
    for g, cols in enumerate(group_columns):
        if "行次" in cols:
            idx = cols.index("行次")
            del cols[idx]
            taken.append((g, idx))
    return taken


def _drop_grid_line_numbers(rows: list[Row], group_columns: list[list[str]],
                            names: list[str]) -> None:
    """The 行次 column numbers the rows; it is no amount (see ``_drop_line_numbers``)."""
    for g, idx in _take_line_number_columns(group_columns):
        for row in rows:
            if (not names or row.group == names[g]) and len(row.values) > idx:
                del row.values[idx]
                if len(row.cells) > idx:
                    del row.cells[idx]


def _indent(line: Line) -> int:
    source = line.raw if line.raw.strip() else line.text
    source = fold_width(source)
    return len(source) - len(source.lstrip(" \t"))


def _drop_line_numbers(segments: list[_Segment], group_columns: list[list[str]]) -> None:
    """Remove the 行次 column (决算 公开07表): it numbers the rows and is no amount, so a check
    reading ``values[0]`` must get the 决算数."""
    for g, idx in _take_line_number_columns(group_columns):
        for seg in segments:
            if seg.group == g and len(seg.values) > idx:
                del seg.values[idx]


# ---------------------------------------------------------------------------------------------
# Lookups for rules and checks
# ---------------------------------------------------------------------------------------------

def find_row(
    table: Table, label: str | None = None, code: str | None = None, group: str | None = None
) -> Row | None:
    """The row with this code, label and group (each only when given): the one look-up the
    engine uses too (``checker.parse.lookup``: exact label beats fragment)."""
    return lookup.find_row(table, label, code=code, group=group)


def column_index(table: Table, name: str, group: str | None = None) -> int | None:
    """Index into ``Row.values`` of the column called ``name`` (exact, then containing)."""
    columns = table.columns
    if group is not None and table.groups:
        if group not in table.groups:
            return None
        columns = table.group_columns[table.groups.index(group)]
    wanted = _compact(name)
    compacts = [_compact(c) for c in columns]
    if wanted in compacts:
        return compacts.index(wanted)
    for i, c in enumerate(compacts):
        if wanted and wanted in c:
            return i
    return None
