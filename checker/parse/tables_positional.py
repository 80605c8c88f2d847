"""Rows from cells in fixed positions (tab, pipe, HTML cells): data lines cut into
segments of code, label and values, wrapped labels joined.

Part of the table reader (``checker.parse.tables``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from checker.model.ast import Line
from checker.parse.normalize import _AMOUNTS, fold_width
from checker.parse.tables_cells import (
    _CLASS_CODE_RE,
    _CODE_IN_LABEL_RE,
    _CODE_PART_RE,
    _CODE_RE,
    _ENUM_LABEL_RE,
    _NULL_CELLS,
    _NUM_RE,
    _TAG_RE,
    _TOTAL_RE,
    _clean_label,
    _compact,
    _fold,
    _join_code_parts,
    number_value,
    parse_cell,
)
from checker.parse.tables_header import _header_words, _is_group_start
from checker.regex_cache import compile_re

# ---------------------------------------------------------------------------------------------
# Segments: one (code, label, values) run of cells
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)  # (made for every row and column group)
class _Segment:
    line: int
    code: str | None = None
    label_parts: list[str] = field(default_factory=list)
    values: list[Decimal | None] = field(default_factory=list)
    group: int = 0
    has_label: bool = False
    value_line: int | None = None  # the line the values were taken from, when not ``line``

    @property
    def label(self) -> str:
        return _strip_header_residue(_clean_label(" ".join(self.label_parts)))


def _strip_header_residue(label: str) -> str:
    # 003 prints the 类/款/项 sub-header on the 合计 line: "类 款 项 合计 6521.70 …".
    return _HEADER_RESIDUE_RE.sub("", label) if label.startswith("类款项") else label


_HEADER_RESIDUE_RE = compile_re(r"^类款项(?=.)")


def _split_code(label: str) -> tuple[str | None, str]:
    match = _CODE_IN_LABEL_RE.match(label.strip())
    if match and _CODE_RE.match(match.group(1)):
        return match.group(1), match.group(2).strip()
    return None, label


def _may_continue(has_code: bool, fragment: str) -> bool:
    """Whether a label-only fragment may be the tail of the row above rather than a row of
    its own. A coded row wraps its name and the tail has no code; a row without a code is only
    taken to wrap for a short tail ("出", "支出", "理支出"), since a blank row such as
    "因公出国(境)费用" under "合计" must stay a row."""
    return not _starts_new_row(fragment) and (has_code or len(_compact(fragment)) <= 3)


def _starts_new_row(text: str) -> bool:
    """A text fragment that begins a row of its own rather than continuing a wrapped label."""
    compact = _compact(text)
    return bool(_ENUM_LABEL_RE.match(compact) or _TOTAL_RE.match(compact))


# ---------------------------------------------------------------------------------------------
# Layout: positional cells (tab, pipe, HTML)
# ---------------------------------------------------------------------------------------------

_TD_SPLIT_RE = compile_re(r"</t[dh]>\s*<t[dh][^>]*>", re.IGNORECASE)
_PIPE_SEP_RE = compile_re(r"^\s*\|?[\s:|-]+\|?\s*$")


def _cells(text: str, layout: str) -> list[str]:
    if layout == "pipe":
        inner = text.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        return [_fold(c).strip() for c in inner.split("|")]
    if layout == "html":
        return [_fold(c).strip() for c in _TD_SPLIT_RE.split(text)]
    # Folding maps no character to or from a tab, so the whole line is folded at once; tags
    # are still removed per cell (a tag's ``[^>]*`` could reach across a tab).
    folded = fold_width(text)
    if "<" not in folded:  # (most lines: no tag anywhere)
        return [c.strip() for c in folded.split("\t")]
    return [(_TAG_RE.sub("", c) if "<" in c else c).strip() for c in folded.split("\t")]


# A row's cells as one character each, so that the questions asked of a row ("a label after
# an amount?", "how many label cells before the first amount?") are string searches.
BLANK, NULL, NUM, CODE, TEXT = " ", "-", "N", "C", "T"
_LABEL_AFTER_VALUE_RE = compile_re(r"N[^TC]*[TC]")
# The kinds a code printed over 类/款/项 cells needs: "201" (a number), "06" or a blank, maybe
# "01" or a blank, then a cell that is neither blank nor a number.
_CODE_PARTS_HINT_RE = compile_re(r"[NC][ N]{1,2}[T-]")


# The characters ``_NUM_RE`` lets a number start with; the other digits ``\d`` matches are
# those ``str.isdecimal`` tells.
_NUM_START = frozenset("0123456789+-.\u2212")


def _row_kinds(cells: list[str], memo: dict[str, str] | None = None) -> str:
    """What each cell of a row is: BLANK, NULL (a dash), NUM, CODE (a 3/5/7-digit integer
    naming the text beside it) or TEXT, one character per cell.

    ``memo`` (one table's: its amounts, dashes and blanks repeat row after row) keeps each
    distinct cell's kind, a code-shaped number as ``_CODE_SHAPED``; the neighbour test that
    makes it a CODE or a NUM is one C-level substitution over the row's kinds."""
    if memo is None:
        memo = {}
    get = memo.get
    kinds = "".join([get(c) or _new_kind(memo, c) for c in cells])
    if _CODE_SHAPED not in kinds:
        return kinds
    # A number is a code when code-shaped and followed by a cell that is neither blank nor a
    # number.
    return _CODE_SHAPED_RE.sub(CODE, kinds).replace(_CODE_SHAPED, NUM)


_CODE_SHAPED = "K"  # (a memo's kind only: never in a row's kinds)
_CODE_LENGTHS = frozenset({3, 5, 7})  # the lengths ``_CODE_RE`` admits
_CODE_SHAPED_RE = compile_re(_CODE_SHAPED + "(?=[T-])")


def _new_kind(memo: dict[str, str], cell: str) -> str:
    """One cell's kind for ``_row_kinds`` (a number that a code may be: ``_CODE_SHAPED``),
    kept in ``memo``."""
    if not cell:
        kind = BLANK
    elif cell.isdecimal():  # (digits alone: what ``_NUM_RE`` and ``_CODE_RE`` ask is the length)
        kind = _CODE_SHAPED if len(cell) in _CODE_LENGTHS else NUM
    # (a number starts with a sign, a point or a digit: only such a cell is matched)
    elif (cell[0] in _NUM_START or cell[0].isdecimal()) and _NUM_RE.match(cell):
        kind = _CODE_SHAPED if _CODE_RE.match(cell) else NUM
    else:
        kind = NULL if cell in _NULL_CELLS else TEXT
    memo[cell] = kind
    return kind


def _label_width_of(kinds: str) -> int:
    """Cells up to the last label cell (text or code) before the first amount, in a group's
    kinds. Its last cell has nothing beside it within the group, so a code there is an amount."""
    if kinds.endswith(CODE):
        kinds = kinds[:-1] + NUM
    cut = kinds.find(NUM)
    if cut >= 0:
        kinds = kinds[:cut]
    return max(kinds.rfind(TEXT), kinds.rfind(CODE)) + 1


def _is_header_words(text: str) -> bool:
    """ "本年支出合计 基本支出 项目支出": two or more known column names and nothing else."""
    words = _header_words(text)
    return len(words) >= 2 and all(kind != "unknown" for _, kind in words)


def _positional_is_data(cells: list[str], kinds: str) -> bool:
    """Whether a row (its cells and their ``_row_kinds``) is data rather than header."""
    if NUM in kinds or CODE in kinds:
        return True
    first = next((c for c in cells if c), "")
    return bool(first) and _starts_new_row(first) and not _is_header_words(" ".join(cells))


def _code_part_cells(cells: list[str], kinds: str) -> set[int]:
    """Positions of a code printed over 类/款/项 cells ("201", "06", "01", then the name)."""
    found: set[int] = set()
    if not _CODE_PARTS_HINT_RE.search(kinds):
        return found  # (most rows: no number, one or two blanks or numbers, then a label)
    for i, cell in enumerate(cells):
        # a 类 code is a three-character number: the cheap tests spare the regex
        if len(cell) != 3 or kinds[i] not in _NUMERIC or not _CLASS_CODE_RE.fullmatch(cell):
            continue
        j = i + 1
        while j < len(cells) and j - i <= 2 and (not cells[j] or _CODE_PART_RE.match(cells[j])):
            j += 1
        if j > i + 1 and j < len(cells) and cells[j] and kinds[j] not in _NUMERIC:
            found.update(range(i, j))
    return found


_NUMERIC = (NUM, CODE)


def _group_starts(header: list[list[str]], data: list[list[str]], by_name: bool,
                  kinds_of: list[str]) -> list[int]:
    starts: set[int] = {0}
    for cells in header:
        hits = [i for i, c in enumerate(cells)
                if any(kind == "label" and _is_group_start(w, by_name)
                       for w, kind in _header_words(c))]
        if len(hits) > 1:
            starts.update(hits[1:])
    # Data evidence: a label after a value on the same line opens a new column group.
    distinct: set[str] = set()  # rows of a table share few kind patterns: each is read once
    hint = _CODE_PARTS_HINT_RE.search  # (``_code_part_cells`` finds none without it)
    for cells, kinds in zip(data, kinds_of, strict=True):
        parts = _code_part_cells(cells, kinds) if hint(kinds) else None
        if parts:
            kinds = "".join(CODE if i in parts else k for i, k in enumerate(kinds))
        distinct.add(kinds)
    for kinds in distinct:
        # each label (text or code) after an amount, the amounts after it counting anew
        starts.update(m.end() - 1 for m in _LABEL_AFTER_VALUE_RE.finditer(kinds))
    return sorted(starts)


def _header_label_width(cells: list[str]) -> int:
    width = 0
    for cell in cells:
        words = _header_words(cell)
        # 类 / 款 / 项 columns hold the parts of a printed code ("201" "06" "01")
        if _compact(cell) in ("类", "款", "项"):
            width += 1
            continue
        if not words or any(kind != "label" for _, kind in words):
            break
        width += 1
    return width


def _positional_segments(
    header: list[list[str]], data: list[tuple[Line, list[str]]], by_name: bool,
    fixed: list[tuple[int, int, int]] | None = None, data_kinds: list[str] | None = None,
) -> tuple[list[_Segment], list[tuple[int, int, int]]]:
    """Cut positional rows into segments; returns segments and (start, end, label_width).
    ``fixed``, when given, is that layout already known (the grid reader reads it from the
    header); ``data_kinds``, when given, the ``_row_kinds`` of the data rows."""
    width = max([len(c) for _, c in data])
    rows = [cells if len(cells) == width else cells + [""] * (width - len(cells))
            for _, cells in data]
    if data_kinds is None:
        kinds_of = [_row_kinds(cells) for cells in rows]
    else:
        # a padding cell is blank, and a blank after the last cell makes it no code either
        kinds_of = [kinds if len(kinds) == width else kinds + BLANK * (width - len(kinds))
                    for kinds in data_kinds]
    starts = _group_starts(header, rows, by_name, kinds_of) if fixed is None else []
    bounds = [(s, starts[k + 1] if k + 1 < len(starts) else width) for k, s in enumerate(starts)]
    layout: list[tuple[int, int, int]] = list(fixed or [])
    for s, e in bounds:
        # The header names the label columns even when no data row fills them all
        # ("合计→→0.00→0.00→0.00" under "科目编码→科目名称→小计→…").
        label_width = max([1] + [_header_label_width(cells[s:e]) for cells in header])
        # (rows of a table share few kind patterns: each is read once)
        label_width = max([label_width] + [_label_width_of(k) for k in {k[s:e] for k in kinds_of}])
        layout.append((s, e, min(label_width, e - s)))
    segments: list[_Segment] = []
    amount = _AMOUNTS.get
    for (line, _), cells, kinds in zip(data, rows, kinds_of, strict=True):
        for g, (s, e, lw) in enumerate(layout):
            at = s + lw  # the group's first value cell
            label_kinds = kinds[s:at]
            if label_kinds == "CT":  # (``_label_of``'s common row, without the call)
                code, parts = cells[s], [cells[s + 1]]
            else:
                code, parts = _label_of(cells[s:at], label_kinds)
            value_kinds = kinds[at:e]
            if value_kinds.isspace():  # (rows of a group left blank: no cell to read)
                if parts or code:
                    segments.append(_Segment(line.number, code, parts, [None] * (e - at), g, True))
                continue
            # (an amount already read is taken from ``number_value``'s memo: one look-up)
            values = [None if k == BLANK else (v if (v := amount(c)) is not None
                                               else number_value(c))
                      if k in _NUMERIC and c[-1] != "\n"
                      else _value(c, k) for c, k in zip(cells[at:e], value_kinds, strict=True)]
            has_label = bool(parts or code)
            if has_label or any(v is not None for v in values):
                segments.append(_Segment(line.number, code, parts, values, g, has_label))
    return _merge_wrapped(segments, adopt=fixed is not None), layout


# Label kinds after which a code may be joined from its parts ("201" "06" "01"): a number,
# then (blank cells aside) a two-digit number.
_JOINABLE_RE = compile_re(r"[NC] *N")


def _label_of(cells: list[str], kinds: str) -> tuple[str | None, list[str]]:
    """The code and label parts of a segment's label cells (``kinds``: theirs)."""
    if kinds == "CT":  # (the common row: its code, then its name)
        return cells[0], [cells[1]]
    label_cells = [c for c in cells if c]
    if _JOINABLE_RE.search(kinds):  # (only a number can be a code part)
        label_cells = [c for c, _ in _join_code_parts(label_cells)]
    code: str | None = None
    parts: list[str] = []
    for k, cell in enumerate(label_cells):
        if k == 0 and len(label_cells) > 1 and _CODE_RE.match(cell):
            code = cell
        elif not (parts and (cell == "无" or cell in parts)):
            parts.append(cell)
    if code is None and parts and parts[0].lstrip()[:1].isdecimal():
        found, rest = _split_code(parts[0])  # (a code in a label starts with a digit)
        if found:
            code, parts[0] = found, rest
    return code, parts


def _value(cell: str, kind: str) -> Decimal | None:
    """``parse_cell(cell)``, sparing what the kind already tells: blank and dash cells are
    None, and a cell that reads as a number as it stands needs neither fold nor strip (a
    full-width digit means the same to ``Decimal``; ``$`` lets a trailing newline through:
    the caller reads that common case without this call)."""
    if kind in _NUMERIC and cell[-1] != "\n":
        return number_value(cell)
    if kind in (BLANK, NULL):
        return None
    return parse_cell(cell)


def _merge_wrapped(segments: list[_Segment], adopt: bool = False) -> list[_Segment]:
    """Join a label-only continuation ("养老保险缴费支出" under "机关事业单位基本") to its row.

    With ``adopt`` (a grid whose ruling splits one printed row into several: "三、单位预留机动经"
    / amount / "费"), amounts on the next row with no label of their own belong to the row
    above when it has none."""
    merged: list[_Segment] = []
    last_in_group: dict[int, _Segment] = {}
    last_line: dict[int, int] = {}
    for seg in segments:
        prev = last_in_group.get(seg.group)
        # (a row of the other column groups may stand between the pieces)
        adjacent = prev is not None and seg.line <= last_line.get(seg.group, 0) + 2
        if (prev is not None and seg.code is None and seg.label_parts
                and all(v is None for v in seg.values)
                and _may_continue(prev.code is not None, seg.label_parts[0])
                and (adjacent or not adopt)):
            prev.label_parts.extend(seg.label_parts)
            last_line[seg.group] = seg.line
            continue
        if (adopt and prev is not None and adjacent and not seg.has_label
                and all(v is None for v in prev.values)
                and any(v is not None for v in seg.values)):
            prev.values = seg.values
            prev.value_line = seg.line
            last_line[seg.group] = seg.line
            continue
        if not seg.has_label:
            continue  # values with no label cannot be addressed; they are the header's problem
        merged.append(seg)
        last_in_group[seg.group] = seg
        last_line[seg.group] = seg.line
    return merged


# ---------------------------------------------------------------------------------------------
# Layout: runs of spaces and one cell per line (token streams)
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tok:
    """One word of a space-separated line (slots: made by the thousand)."""

    text: str
    kind: str  # "text", "num", "null"
    gap: int  # spaces before the token on its physical line (-1: first token of the line)
