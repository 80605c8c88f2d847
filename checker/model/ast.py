"""The document AST: the public contract between the parser and everything after it.

``Document.to_dict()`` is the JSON that ``budgetlint parse`` prints; rules, reports and
later tools build on it, so fields are only ever added, never renamed.
Amounts are exact ``Decimal`` values in the AST; in JSON they are numbers.
Every node carries ``line``: the 1-based line number in the source file where it starts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal

Kind = Literal["预算", "决算"]
Level = Literal["部门", "单位"]
PerformanceKind = Literal["target", "unit_target", "self_evaluation"]


@dataclass(slots=True)
class Line:
    """One source line after normalisation.

    ``text`` is comparable text (full-width folded to half-width, tags stripped); ``raw`` is the
    line as it stood in the file, kept for evidence.
    """

    number: int
    text: str
    raw: str
    # PDF input only (``PlacedLine``): the page and box [x0, y0, x1, y1] (PDF points) of the
    # line, and for a table row the grid it belongs to (``checker.read.pdf_grid.Grid``) and
    # its row there. A text line has none, and no room for them: a large document holds
    # hundreds of thousands of lines.
    page: ClassVar[int | None] = None
    bbox: ClassVar[tuple[float, float, float, float] | None] = None
    grid: ClassVar[Any] = None
    grid_row: ClassVar[int | None] = None


@dataclass(slots=True)
class PlacedLine(Line):
    """A line of a PDF's text layer with its place on the page (see ``Line``)."""

    page: int | None = None  # type: ignore[misc]
    bbox: tuple[float, float, float, float] | None = None  # type: ignore[misc]
    grid: Any = None  # type: ignore[misc]
    grid_row: int | None = None  # type: ignore[misc]


Box = tuple[float, float, float, float]


def _place(data: dict[str, Any], page: int | None, bbox: Box | None) -> dict[str, Any]:
    """Add ``page`` and ``bbox`` (PDF input only, so text and HTML JSON stay as they were)."""
    if page is not None:
        data["page"] = page
        data["bbox"] = [round(v, 2) for v in bbox] if bbox is not None else None
    return data


@dataclass(slots=True)
class Paragraph:
    text: str
    line: int
    end_line: int | None = None
    page: int | None = None
    bbox: Box | None = None

    def to_dict(self) -> dict[str, Any]:
        return _place({"text": self.text, "line": self.line}, self.page, self.bbox)


@dataclass(slots=True)
class Cell:
    """One value cell of a row read from a PDF's geometry: its text ("" when blank), the
    column it stands in, and where."""

    text: str
    column: str | None
    page: int | None
    bbox: Box | None

    def to_dict(self) -> dict[str, Any]:
        return _place({"text": self.text, "column": self.column}, self.page, self.bbox)


@dataclass(slots=True)
class Section:
    """A part (第一部分, depth 1), a section (一、, depth 2) or a subsection ((一) / 1.,
    depth 3+)."""

    number: int | None
    marker: str
    title: str
    line: int
    depth: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "marker": self.marker,
            "title": self.title,
            "line": self.line,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "children": [c.to_dict() for c in self.children],
        }

    def walk(self) -> list[Section]:
        """This section and all its descendants, in document order."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found

    def text(self) -> str:
        """All paragraph text of this section and its descendants, joined."""
        return "\n".join(p.text for s in self.walk() for p in s.paragraphs)


@dataclass(slots=True)
class Row:
    label: str
    code: str | None
    values: list[Decimal | None]
    line: int
    group: str | None = None
    page: int | None = None
    bbox: Box | None = None
    # PDF tables read from the page geometry: the value cells, ``cells[i]`` holding
    # ``values[i]``; empty for other inputs (whose blank cells may be lost). Shared empty
    # tuple by default (a list per row was a tenth of a large document's memory); a reader
    # that has cells assigns a list.
    cells: list[Cell] = field(default=())  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        data = {
            "label": self.label,
            "code": self.code,
            "values": [_num(v) for v in self.values],
            "line": self.line,
            "group": self.group,
        }
        if self.cells:
            data["cells"] = [c.to_dict() for c in self.cells]
        return _place(data, self.page, self.bbox)


@dataclass
class Table:
    """A 预算表/决算表. ``cells_missing`` is true when only the title survived extraction."""

    number: int | None
    title: str
    section_path: list[str]
    unit_of_measure: str | None
    columns: list[str]
    rows: list[Row]
    cells_missing: bool
    line: int
    form: str | None = None
    notes: list[Paragraph] = field(default_factory=list)
    # Side-by-side column groups (收支总表: 收入 | 支出; 决算 公开06表: three groups), in order;
    # empty for a one-group table. ``group_columns[i]`` names the values of rows whose
    # ``group`` is ``groups[i]`` (``columns`` is the widest of them).
    groups: list[str] = field(default_factory=list)
    group_columns: list[list[str]] = field(default_factory=list)
    page: int | None = None
    bbox: Box | None = None
    # PDF tables read from the page geometry: every cell of the printed table, row by row
    # (blank cells None, a cell spanning several columns or rows at its first position and
    # None under the span), and how many of those rows are the column header.
    grid: list[list[str | None]] = field(default_factory=list)
    header_rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        data = self._fields()
        if self.grid:
            data["grid"] = [list(row) for row in self.grid]
            data["header_rows"] = self.header_rows
        return _place(data, self.page, self.bbox)

    def _fields(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "form": self.form,
            "section_path": list(self.section_path),
            "unit_of_measure": self.unit_of_measure,
            "columns": list(self.columns),
            "rows": [r.to_dict() for r in self.rows],
            "cells_missing": self.cells_missing,
            "notes": [n.to_dict() for n in self.notes],
            "groups": list(self.groups),
            "group_columns": [list(c) for c in self.group_columns],
            "line": self.line,
        }


@dataclass(slots=True)
class Target:
    raw: str
    op: str | None
    value: Decimal | None
    unit: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "op": self.op, "value": _num(self.value), "unit": self.unit}


@dataclass(slots=True)
class Indicator:
    level1: str | None
    level2: str | None
    level3: str | None
    target: Target | None
    line: int
    actual: str | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "level1": self.level1,
            "level2": self.level2,
            "level3": self.level3,
            "target": self.target.to_dict() if self.target else None,
            "actual": self.actual,
            "weight": _num(self.weight),
            "score": _num(self.score),
            "deviation_reason": self.deviation_reason,
            "line": self.line,
        }


@dataclass
class Funds:
    total: Decimal | None = None
    fiscal: Decimal | None = None
    other: Decimal | None = None
    # Self-evaluations only: 全年执行数 of 年度资金总额 and the 分值/得分 of the funds row, which
    # count towards total_score together with the indicators' scores.
    executed: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    # Shanghai's year funds only: 上年结转资金, a part of 年度资金申请总额 beside 当年财政拨款.
    carried: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "total": _num(self.total),
            "fiscal": _num(self.fiscal),
            "other": _num(self.other),
            "executed": _num(self.executed),
            "weight": _num(self.weight),
            "score": _num(self.score),
        }
        if self.carried is not None:
            data["carried"] = _num(self.carried)
        return data


@dataclass
class PerformanceTable:
    project: str | None
    kind: PerformanceKind
    funds: Funds
    goal: str | None
    indicators: list[Indicator]
    line: int
    title: str | None = None
    department: str | None = None
    implementer: str | None = None
    total_score: Decimal | None = None
    section_path: list[str] = field(default_factory=list)
    # Shanghai prints the project's funds (``funds``) beside the year's: 年度资金申请总额 =
    # 当年财政拨款 + 上年结转资金 + 其他资金. None where a table has no such block.
    year_funds: Funds | None = None
    # Set where the table was read from a PDF grid: its first page and the box of its rows there.
    page: int | None = None
    bbox: Box | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "project": self.project,
            "kind": self.kind,
            "title": self.title,
            "department": self.department,
            "implementer": self.implementer,
            "funds": self.funds.to_dict(),
            "goal": self.goal,
            "total_score": _num(self.total_score),
            "indicators": [i.to_dict() for i in self.indicators],
            "section_path": list(self.section_path),
            "line": self.line,
        }
        if self.year_funds is not None:
            data["year_funds"] = self.year_funds.to_dict()
        return _place(data, self.page, self.bbox)


@dataclass(slots=True)
class Statement:
    """One quantitative claim of the narrative, recognised by a phrasing
    (``grammars/phrasings.yaml`` or a pack's ``phrasings``).

    ``numbers`` maps a role (amount, last_year, budget, adjusted_budget, final, change, percent,
    share, count, total) to the figure as printed, so its precision is known; ``subject`` holds
    class/kuan/name/code (科目 names, 三公 item, row words); ``words`` the direction and
    comparison words (dir, pdir, flat, cmp, cmp_flat, pbase, unit, of); ``parts`` the named
    amounts after 其中. ``item`` is the index (in ``Document.statements``) of the 科目
    statement this one belongs to (the 1、…（项） paragraph it sits in), if any.
    """

    family: str
    phrasing: str
    text: str
    line: int
    section: str = ""
    subject: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, Decimal] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    reason: str | None = None
    # A shared empty tuple when there are none (most statements): an empty list each was
    # ~1x the input on a long run of statements.
    parts: Sequence[tuple[str, Decimal]] = ()
    item: int | None = None
    percent_kind: str | None = None
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "family": self.family,
            "phrasing": self.phrasing,
            "text": self.text,
            "line": self.line,
            "section": self.section,
            "subject": dict(self.subject),
            "numbers": {k: _num(v) for k, v in self.numbers.items()},
            "words": dict(self.words),
            "reason": self.reason,
            "parts": [{"name": n, "amount": _num(v)} for n, v in self.parts],
            "item": self.item,
        }
        if self.page is not None:
            data["page"] = self.page
        return data


@dataclass(slots=True)
class TocEntry:
    title: str
    page: int | None
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "page": self.page, "line": self.line}


@dataclass
class Document:
    source: str
    unit: str | None
    year: int | None
    kind: Kind | None
    level: Level | None
    parts: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    performance_tables: list[PerformanceTable] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    # A text document's are ``checker.model.lines.Lines`` (compact, a ``Line`` built per
    # access), a PDF's a list of ``PlacedLine``.
    lines: Sequence[Line] = field(default_factory=list)
    # A PDF's line numbers count lines of its extracted text; these are the first line of
    # each page, so a line can be traced back to its page. Empty for text input.
    page_starts: list[int] = field(default_factory=list)
    # The narrative's quantitative statements (checker/parse/statements.py), in text order.
    statements: list[Statement] = field(default_factory=list)
    # PDF pages that hold only an image (no text layer): their content needs OCR.
    image_pages: list[int] = field(default_factory=list)
    _boxes: dict[int, tuple[int, Box]] | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "unit": self.unit,
            "year": self.year,
            "kind": self.kind,
            "level": self.level,
            "toc": [t.to_dict() for t in self.toc],
            "parts": [p.to_dict() for p in self.parts],
            "tables": [t.to_dict() for t in self.tables],
            "performance_tables": [p.to_dict() for p in self.performance_tables],
            "statements": [self._statement_dict(s) for s in self.statements],
        }
        if self.page_starts:
            # Only for PDF input, so the JSON of a text document is unchanged.
            data["page_starts"] = list(self.page_starts)
        if self.image_pages:
            data["image_pages"] = list(self.image_pages)
            data["notes"] = [ocr_note(page) for page in self.image_pages]
        return data

    def _statement_dict(self, statement: Statement) -> dict[str, Any]:
        data = statement.to_dict()
        page = self.page_of(statement.line)
        if page is not None:
            data["page"] = page
        place = self.place_of(statement.line)
        if place is not None:
            _place(data, *place)  # PDF: the page and box of the line the statement starts on
        return data

    def place_of(self, line: int | None) -> tuple[int, Box] | None:
        """The PDF page and box of a source line (None for text input or no line)."""
        if line is None:
            return None
        if self._boxes is None:
            self._boxes = {ln.number: (ln.page, ln.bbox) for ln in self.lines
                           if ln.page is not None and ln.bbox is not None}
        return self._boxes.get(line)

    def page_of(self, line: int | None) -> int | None:
        """The 1-based PDF page of a source line; None for text input or no line."""
        if line is None or not self.page_starts or line < 1:
            return None
        return bisect_right(self.page_starts, line)

    def sections(self) -> list[Section]:
        """Every part, section and subsection in document order."""
        found: list[Section] = []
        for part in self.parts:
            found.extend(part.walk())
        return found


def ocr_note(page: int) -> str:
    return f"第{page}页只有图像，没有文字层：其中的表格和文字需要先做 OCR 才能检查"


def _num(value: Decimal | None) -> float | int | None:
    """Decimal to a JSON number; float's shortest repr keeps the decimal digits exactly."""
    if value is None:
        return None
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return int(value)
    return float(value)
