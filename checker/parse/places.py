"""Pages and boxes for the AST nodes of a PDF document.

Every line read from a PDF knows its page and box (``checker.read.pdf_layout``); the nodes
built from lines get theirs here, after the outline is built: a paragraph the union of its
lines on the page where it starts, a table and a row without a grid box that of their line.
Rows and tables read from a grid already carry the box of their cells (``tables_grid``).
"""

from __future__ import annotations

from checker.model.ast import Box, Line, Section, Table


def place_nodes(parts: list[Section], tables: list[Table], lines: list[Line]) -> None:
    by_number = {ln.number: ln for ln in lines if ln.page is not None}
    for part in parts:
        for section in part.walk():
            for paragraph in section.paragraphs:
                place = _span(by_number, paragraph.line, paragraph.end_line or paragraph.line)
                if place is not None:
                    paragraph.page, paragraph.bbox = place
    for table in tables:
        if table.page is None:
            place = _span(by_number, table.line, table.line)
            if place is not None:
                table.page, table.bbox = place
        for row in table.rows:
            if row.page is None:
                place = _span(by_number, row.line, row.line)
                if place is not None:
                    row.page, row.bbox = place


def _span(by_number: dict[int, Line], first: int, last: int) -> tuple[int, Box] | None:
    start = by_number.get(first)
    if start is None or start.page is None:
        return None
    boxes = [ln.bbox for n in range(first, last + 1)
             if (ln := by_number.get(n)) is not None and ln.page == start.page
             and ln.bbox is not None]
    if not boxes:
        return None
    return start.page, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                        max(b[2] for b in boxes), max(b[3] for b in boxes))
