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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from typing import Any

from checker.model.ast import Line, Paragraph, Row, Table
from checker.parse import lookup
from checker.parse.normalize import cn_number, fold_width, parse_amount
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

__all__ = ["build_table", "column_index", "find_row", "parse_cell", "table_number"]

# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------

# normalize.py folds widths already; folding again (with the same table, so labels read the
# same as the rest of the document: "其中：" keeps its full-width colon) is idempotent and
# keeps this module usable on raw text (unit tests, other callers).
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_CJK = r"\u3400-\u9fff\u3000-\u303f\u201c\u201d\u2018\u2019"
# A space next to a CJK character is an artefact of wrapping or of letter-spaced headings
# ("社会保障和就业支 出", "项    目"), never meaningful inside a label.
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def _fold(text: str) -> str:
    return _TAG_RE.sub("", fold_width(text))


def _clean_label(text: str) -> str:
    text = _fold(text).strip().strip("#").strip()
    text = text.replace("**", "")
    return _CJK_SPACE_RE.sub("", text).strip()


def _compact(text: str) -> str:
    """Whitespace-free folded form used for every comparison of labels and headers."""
    return re.sub(r"\s+", "", _fold(text)).replace("**", "")


# ---------------------------------------------------------------------------------------------
# Numbers and codes
# ---------------------------------------------------------------------------------------------

# "12.5%" is an amount too (增减率 columns): its cell must not be read as label text.
_NUM_RE = re.compile(r"^[-+\u2212]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)%?$")
# Dashes and slashes stand for "no amount" in published tables.
_NULL_CELLS = frozenset({"-", "--", "—", "——", "－", "/", "\u2013", "\u2212"})
_CODE_RE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
# A label cell that carries its own code: "2080501-行政单位离退休", "301 工资福利支出".
_CODE_IN_LABEL_RE = re.compile(r"^(\d{7}|\d{5}|\d{3})\s*[-—_:：]?\s*(?=[^\d\s.,])(.+)$")


def _is_number(cell: str) -> bool:
    return bool(_NUM_RE.match(cell))


def parse_cell(cell: str) -> Decimal | None:
    """A table cell to an exact amount: blank or dash → None, "103,349.96" → 103349.96.

    Text that is not an amount also gives None: a cell is a value or it is nothing.
    """
    cell = _fold(cell).strip()
    if not cell or cell in _NULL_CELLS or not _is_number(cell):
        return None
    return parse_amount(cell.replace("\u2212", "-"))


_ENUM_TITLE_RE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.]\s*")
_FORM_RE = re.compile(r"公开\s*0*(\d{1,2})\s*表")
_TITLE_UNIT_RE = re.compile(
    r"\s*[(（]?\s*(?:金额)?单位\s*[:：]\s*(?:万元|千元|亿元|元)\s*[)）]?\s*$"
)
_ARABIC_TITLE_RE = re.compile(r"^\s*(?:表\s*)?(\d{1,2})\s*[、.]\s*(?=\D)")


def table_number(title: str) -> tuple[int | None, str]:
    """The table's number and its clean title: "一、 收支预算总表" → (1, "收支预算总表")."""
    text = _fold(title).strip().lstrip("#").strip()
    number: int | None = None
    match = _ENUM_TITLE_RE.match(text)
    if match:
        number = cn_number(match.group(1))
        text = text[match.end():]
    else:
        arabic = _ARABIC_TITLE_RE.match(text)
        if arabic:
            number = int(arabic.group(1))
            text = text[arabic.end():]
    text = _TITLE_UNIT_RE.sub("", text)
    form = _FORM_RE.search(text)
    if form:
        if number is None:
            number = int(form.group(1))
        text = _FORM_RE.sub("", text)
    return number, _clean_label(text)


# ---------------------------------------------------------------------------------------------
# Line furniture: repeated titles, forms, units, column numbers, page numbers, notes
# ---------------------------------------------------------------------------------------------

_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|千元|亿元|元)\s*$")
_NOTE_RE = re.compile(r"^\s*(?:备注|注|说明)\s*(?:[:：]|\d|$)")
_NOTE_ITEM_RE = re.compile(r"^\s*\d{1,2}\s*[.、]\s*\D")
_PAGE_RE = re.compile(r"^\s*[-—–]?\s*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?\s*[-—–]?\s*$")
_YEAR_PREFIX_RE = re.compile(r"^\d{4}年度?")
_ENUM_LABEL_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十]{1,3}\)|\(\d{1,2}\)|\d{1,2}[、.]"
    r"|其中)"
)
_TOTAL_RE = re.compile(r"^(?:[类款项\s]*)(?:合计|总计|小计|本年.{0,6}合计|.{0,8}合计$)")
_COLNUM_LEAD_RE = re.compile(r"^(?:栏次|行次)")


def _is_column_numbers(tokens: list[str]) -> bool:
    """ "1 2 3 4 5" or "栏次 1 2 3": the column-number line under a header."""
    if tokens and _COLNUM_LEAD_RE.match(tokens[0]):
        tokens = tokens[1:]
    if len(tokens) < 2 or not all(t.isdigit() for t in tokens):
        return False
    return [int(t) for t in tokens] == list(range(int(tokens[0]), int(tokens[0]) + len(tokens)))


def _is_repeated_title(text: str, title: str) -> bool:
    compact = _YEAR_PREFIX_RE.sub("", _compact(text).lstrip("#"))
    target = _compact(title)
    return bool(target) and (compact == target or (compact.endswith(target)
                                                   and len(compact) - len(target) <= 12
                                                   and not re.search(r"\d", compact)))


# ---------------------------------------------------------------------------------------------
# Header vocabulary: multi-line, letter-spaced headers are read by longest match
# ---------------------------------------------------------------------------------------------

_LABEL_COLS = (
    "项目(按支出功能分类)", "项目(按功能分类)", "项目(按经济分类)", "支出功能分类科目编码",
    "功能分类科目编码", "经济分类科目编码", "科目编码", "科目名称", "功能分类科目名称",
    "经济分类科目名称", "项目名称", "项目", "单位名称",
)
_VALUE_COLS = (
    "本年收入合计", "本年支出合计", "财政拨款收入", "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
    "其他收入", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出",
    "年初结转和结余", "年末结转和结余", "本年收入", "本年支出", "预算数", "决算数", "金额", "合计",
    "小计", "总计", "行次", "一般公共预算拨款收入", "政府性基金预算拨款收入",
    "国有资本经营预算拨款收入", "财政专户管理资金收入", "事业单位经营收入", "上年结转结余",
    "事业单位经营支出", "全年预算数", "调整预算数", "年初预算数", "上年预算数", "本年预算数",
    "人员经费", "公用经费",
)
_JUNK_COLS = (
    "支出功能分类", "经济分类", "类款项", "其中:", "其中：", "其中", "栏次", "类", "款", "项",
)
_GROUP_WORDS = ("收入", "支出", "人员经费", "公用经费")
_SPANNING = ("本年支出",)  # spans 小计|合计 + 基本支出 + 项目支出 in 决算 tables
_SPAN_CHILDREN = ("小计", "合计", "基本支出", "项目支出")
_VOCAB = sorted(
    [(w, "label") for w in _LABEL_COLS] + [(w, "value") for w in _VALUE_COLS]
    + [(w, "junk") for w in _JUNK_COLS] + [(w, "group") for w in ("收入", "支出")],
    key=lambda item: -len(item[0]),
)


def _header_words(text: str) -> list[tuple[str, str]]:
    """Greedy longest-match reading of a header text into (word, kind); unknown runs are kept."""
    compact = _compact(text)
    words: list[tuple[str, str]] = []
    unknown = ""
    i = 0
    while i < len(compact):
        for word, kind in _VOCAB:
            if compact.startswith(word, i):
                if unknown:
                    words.append((unknown, "unknown"))
                    unknown = ""
                words.append((word, kind))
                i += len(word)
                break
        else:
            unknown += compact[i]
            i += 1
    if unknown:
        words.append((unknown, "unknown"))
    return words


def _is_group_start(word: str, by_name: bool) -> bool:
    # A header read as one text gives "经济分类科目名称" / "功能分类科目名称" (longest match)
    # where the lines said "经济分类" / "科目名称": each still opens a group.
    if by_name:
        return word.endswith("科目名称")
    return word == "项目" or word.startswith("项目(")


def _count_groups(header_texts: list[str]) -> tuple[int, bool]:
    """Column groups declared by the header: repeated 科目名称, else repeated 项目."""
    words = [w for text in header_texts for w, kind in _header_words(text) if kind == "label"]
    by_name = "科目名称" in words
    count = sum(1 for w in words if _is_group_start(w, by_name))
    # A spanning line of group titles ("收入→→支出→", "收 入 支 出", or one title per line in a
    # one-cell-per-line stream) declares the groups too.
    titles = _group_titles(header_texts)
    # Distinct titles only: a wrapped header cell ("上缴上级" / "支出") is no group title.
    titled = len(titles) if len(set(titles)) > 1 else 0
    return max(count, titled), by_name


def _group_titles(header_texts: list[str]) -> list[str]:
    """The group titles of header lines made of nothing but titles ("收入→→支出→")."""
    titles: list[str] = []
    for text in header_texts:
        compact = _compact(text)
        found = re.findall("|".join(_GROUP_WORDS), compact)
        if found and "".join(found) == compact:
            titles.extend(found)
    return titles


def _group_names(
    header_texts: list[str], n_groups: int, segments: list[_Segment] | None = None
) -> list[str]:
    found = _group_titles(header_texts)
    if found:
        names = found[:n_groups]
        while len(names) < n_groups:
            names.append(names[-1])
        return names
    # No group titles in the header ("项目 预算数 项目 预算数"): name a group after what most
    # of its labels say they are, so 收入/支出 lookups still work.
    # In a 基本支出 table the economic codes tell the side: 301/303 are 人员经费, the
    # other classes (302, 307, 309, 310, 399 …) 公用经费.
    names = []
    for g in range(n_groups):
        mine = [s for s in segments or [] if s.group == g]
        labels = [s.label for s in mine]
        name = str(g + 1)
        for word in ("收入", "支出"):
            if labels and sum(word in label for label in labels) * 2 > len(labels):
                name = word
                break
        classes = {s.code[:3] for s in mine if s.code and s.code.startswith("3")}
        if name == str(g + 1) and classes:
            name = "人员经费" if classes <= {"301", "303"} else (
                "公用经费" if not classes & {"301", "303"} else name)
        names.append(name)
    return names


def _fix_spanning(cols: list[str], expected: int | None) -> list[str]:
    """Put sub-columns under their spanning header: 本年支出 → 小计, 基本支出, 项目支出.

    ``expected`` None means the amounts cannot tell (one cell per line): fix when the shape
    is there."""
    if expected is not None and len(cols) <= expected:
        return cols
    for span in _SPANNING:
        if span not in cols:
            continue
        i = cols.index(span)
        j = next((k for k in range(i + 1, len(cols)) if cols[k] in ("小计", "合计")), None)
        if j is None:
            continue
        k = j
        while k < len(cols) and cols[k] in _SPAN_CHILDREN and (
                k == j or cols[k] not in ("小计", "合计")):
            k += 1
        cols = cols[:i] + cols[j:k] + cols[i + 1:j] + cols[k:]
    return cols


# ---------------------------------------------------------------------------------------------
# Segments: one (code, label, values) run of cells
# ---------------------------------------------------------------------------------------------


@dataclass
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
    return re.sub(r"^类款项(?=.)", "", label)


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

_TD_SPLIT_RE = re.compile(r"</t[dh]>\s*<t[dh][^>]*>", re.IGNORECASE)
_PIPE_SEP_RE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")


def _cells(text: str, layout: str) -> list[str]:
    if layout == "pipe":
        inner = text.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        return [_fold(c).strip() for c in inner.split("|")]
    if layout == "html":
        return [_fold(c).strip() for c in _TD_SPLIT_RE.split(text)]
    return [_fold(c).strip() for c in text.split("\t")]


def _cell_kind(cells: list[str], i: int) -> str:
    cell = cells[i]
    if not cell:
        return "blank"
    if cell in _NULL_CELLS:
        return "null"
    if _is_number(cell):
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        # A code is a 3/5/7-digit integer that names the text beside it.
        if _CODE_RE.match(cell) and nxt and not _is_number(nxt):
            return "code"
        return "num"
    return "text"


def _is_header_words(text: str) -> bool:
    """ "本年支出合计 基本支出 项目支出": two or more known column names and nothing else."""
    words = _header_words(text)
    return len(words) >= 2 and all(kind != "unknown" for _, kind in words)


def _positional_is_data(cells: list[str]) -> bool:
    kinds = [_cell_kind(cells, i) for i in range(len(cells))]
    if any(k in ("num", "code") for k in kinds):
        return True
    first = next((c for c in cells if c), "")
    return bool(first) and _starts_new_row(first) and not _is_header_words(" ".join(cells))


def _code_part_cells(cells: list[str]) -> set[int]:
    """Positions of a code printed over 类/款/项 cells ("201", "06", "01", then the name)."""
    found: set[int] = set()
    for i, cell in enumerate(cells):
        if not re.fullmatch(r"\d{3}", cell):
            continue
        j = i + 1
        while j < len(cells) and j - i <= 2 and (not cells[j] or _CODE_PART_RE.match(cells[j])):
            j += 1
        if j > i + 1 and j < len(cells) and cells[j] and not _is_number(cells[j]):
            found.update(range(i, j))
    return found


def _group_starts(header: list[list[str]], data: list[list[str]], by_name: bool) -> list[int]:
    starts: set[int] = {0}
    for cells in header:
        hits = [i for i, c in enumerate(cells)
                if any(kind == "label" and _is_group_start(w, by_name)
                       for w, kind in _header_words(c))]
        if len(hits) > 1:
            starts.update(hits[1:])
    # Data evidence: a label after a value on the same line opens a new column group.
    for cells in data:
        seen_value = False
        parts = _code_part_cells(cells)
        for i in range(len(cells)):
            kind = "code" if i in parts else _cell_kind(cells, i)
            if kind == "num":
                seen_value = True
            elif kind in ("text", "code") and seen_value:
                starts.add(i)
                seen_value = False
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
    fixed: list[tuple[int, int, int]] | None = None,
) -> tuple[list[_Segment], list[tuple[int, int, int]]]:
    """Cut positional rows into segments; returns segments and (start, end, label_width).
    ``fixed``, when given, is that layout already known (the grid reader reads it from the
    header)."""
    width = max(len(c) for _, c in data)
    rows = [cells + [""] * (width - len(cells)) for _, cells in data]
    starts = _group_starts(header, rows, by_name) if fixed is None else []
    bounds = [(s, starts[k + 1] if k + 1 < len(starts) else width) for k, s in enumerate(starts)]
    layout: list[tuple[int, int, int]] = list(fixed or [])
    for s, e in bounds:
        # The header names the label columns even when no data row fills them all
        # ("合计→→0.00→0.00→0.00" under "科目编码→科目名称→小计→…").
        label_width = max([1] + [_header_label_width(cells[s:e]) for cells in header])
        for cells in rows:
            part = cells[s:e]
            last = -1
            for i in range(len(part)):
                kind = _cell_kind(part, i)
                if kind == "num":
                    break
                if kind in ("text", "code"):
                    last = i
            label_width = max(label_width, last + 1)
        layout.append((s, e, min(label_width, e - s)))
    segments: list[_Segment] = []
    for (line, _), cells in zip(data, rows, strict=True):
        for g, (s, e, lw) in enumerate(layout):
            label_cells = [c for c, _ in _join_code_parts([c for c in cells[s:s + lw] if c])]
            value_cells = cells[s + lw:e]
            seg = _Segment(line=line.number, group=g)
            for k, cell in enumerate(label_cells):
                if k == 0 and _CODE_RE.match(cell) and len(label_cells) > 1:
                    seg.code = cell
                elif not (seg.label_parts and cell in ("无", *seg.label_parts)):
                    seg.label_parts.append(cell)
            if seg.code is None and seg.label_parts:
                code, rest = _split_code(seg.label_parts[0])
                if code:
                    seg.code, seg.label_parts[0] = code, rest
            seg.has_label = bool(seg.label_parts or seg.code)
            seg.values = [parse_cell(c) for c in value_cells]
            if seg.has_label or any(v is not None for v in seg.values):
                segments.append(seg)
    return _merge_wrapped(segments, adopt=fixed is not None), layout


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


@dataclass
class _Tok:
    text: str
    kind: str  # "text", "num", "null"
    gap: int  # spaces before the token on its physical line (-1: first token of the line)


def _tokens(text: str) -> list[_Tok]:
    raw: list[tuple[str, int]] = []
    end = None
    for match in re.finditer(r"\S+", _fold(text)):
        raw.append((match.group(), -1 if end is None else match.start() - end))
        end = match.end()
    toks: list[_Tok] = []
    for word, index in _join_code_parts([w for w, _ in raw]):
        kind = "null" if word in _NULL_CELLS else "num" if _is_number(word) else "text"
        toks.append(_Tok(word, kind, raw[index][1]))
    return toks


def _is_code_at(toks: list[_Tok], i: int) -> bool:
    tok = toks[i]
    if tok.kind != "num" or not _CODE_RE.match(tok.text):
        return False
    return i + 1 >= len(toks) or toks[i + 1].kind == "text"


def _stream_is_data(toks: list[_Tok]) -> bool:
    if any(t.kind == "num" for t in toks):
        return True
    return (bool(toks) and _starts_new_row(toks[0].text)
            and not _is_header_words(" ".join(t.text for t in toks)))


def _ends_incomplete(toks: list[_Tok]) -> bool:
    """True when the last segment of a logical line still waits for its label or values."""
    if not toks:
        return False
    last = toks[-1]
    if last.kind == "text":
        return True
    return _CODE_RE.match(last.text) is not None and (len(toks) == 1 or toks[-2].kind != "text")


def _continues(prev: list[_Tok], nxt: list[_Tok]) -> bool:
    if not _ends_incomplete(prev) or not nxt:
        return False
    first = nxt[0]
    if first.kind in ("num", "null"):
        return not _is_code_at(nxt, 0) or prev[-1].kind == "num"
    if _is_code_at(nxt, 0):
        return False
    # the pending segment of ``prev``: trailing text tokens, maybe after a code
    k = len(prev)
    while k > 0 and prev[k - 1].kind == "text":
        k -= 1
    has_code = (k > 0 and _is_code_at(prev, k - 1)) or (
        k == len(prev) and prev[-1].kind == "num")
    fragment = "".join(t.text for t in nxt if t.kind == "text")
    return _may_continue(has_code, fragment)


def _stream_segments(toks: list[_Tok], line: int, leading: int) -> list[_Segment]:
    segments: list[_Segment] = []
    cur: _Segment | None = None
    prev_kind = ""
    for i, tok in enumerate(toks):
        if tok.kind == "text":
            if cur is None or cur.values or (cur.has_label and prev_kind != "text"
                                              and cur.code is None):
                cur = _Segment(line=line)
                segments.append(cur)
            cur.label_parts.append(tok.text)
            cur.has_label = True
            prev_kind = "text"
        elif _is_code_at(toks, i) and (cur is None or cur.values or cur.has_label):
            cur = _Segment(line=line, code=tok.text, has_label=True)
            segments.append(cur)
            prev_kind = "code"
        else:
            # A wide gap between two amounts means the label of the next group is blank
            # ("一、一般公共预算财政拨款 134.65   0.00 0.00 0.00").
            if cur is None or (prev_kind == "num" and tok.gap >= 3):
                cur = _Segment(line=line)
                segments.append(cur)
            cur.values.append(parse_cell(tok.text))
            prev_kind = "num"
    if segments and leading >= 2:
        segments[0].group = -1  # marker: the first column group of this line is empty
    return segments


def _assign_groups(lines: list[list[_Segment]], n_groups: int) -> list[_Segment]:
    """Give each segment of each logical line its column group (0 … n_groups-1)."""
    out: list[_Segment] = []
    if n_groups <= 1:
        for segs in lines:
            for seg in segs:
                seg.group = 0
                out.append(seg)
        return out
    counts: list[Counter[int]] = [Counter() for _ in range(n_groups)]
    for segs in lines:
        if len(segs) == n_groups:
            for g, seg in enumerate(segs):
                counts[g][len(seg.values)] += 1
    expected = [c.most_common(1)[0][0] if c else None for c in counts]
    for segs in lines:
        leading_empty = bool(segs) and segs[0].group == -1
        if len(segs) >= n_groups:
            extra = len(segs) - n_groups
            chosen: tuple[int, ...] = tuple(range(n_groups)) + (n_groups - 1,) * extra
        else:
            best: tuple[float, tuple[int, ...]] | None = None
            for combo in combinations(range(n_groups), len(segs)):
                score = 0.0
                for seg, g in zip(segs, combo, strict=True):
                    if expected[g] is not None:
                        score += abs(len(seg.values) - expected[g])
                if leading_empty and combo[0] == 0:
                    score += 1.0
                if not leading_empty and combo[0] != 0:
                    score += 0.5
                if best is None or score < best[0]:
                    best = (score, combo)
            chosen = best[1] if best else ()
        for seg, g in zip(segs, chosen, strict=False):
            seg.group = g
            out.append(seg)
    return out


def _space_segments(data: list[tuple[Line, list[_Tok], int]]) -> list[list[_Segment]]:
    logical: list[tuple[Line, list[_Tok], int]] = []
    for line, toks, leading in data:
        if logical and _continues(logical[-1][1], toks):
            logical[-1] = (logical[-1][0], logical[-1][1] + toks, logical[-1][2])
        else:
            logical.append((line, list(toks), leading))
    return [_stream_segments(toks, line.number, leading) for line, toks, leading in logical]


_CODE_PART_RE = re.compile(r"^\d{2}$")


def _join_code_parts(cells: list[str]) -> list[tuple[str, int]]:
    """Merge a code printed in 类/款/项 columns ("201", "06", "01", "行政运行") into one cell
    ("2010601"). Returns (cell, index of its first part) pairs."""
    out: list[tuple[str, int]] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        if re.fullmatch(r"\d{3}", cell):
            parts = [cell]
            j = k + 1
            while j < len(cells) and len(parts) < 3 and _CODE_PART_RE.match(cells[j]):
                parts.append(cells[j])
                j += 1
            # only when a label follows: "210 11" followed by amounts is no code
            if len(parts) > 1 and j < len(cells) and cells[j] and not _is_number(cells[j]):
                out.append(("".join(parts), k))
                k = j
                continue
        out.append((cell, k))
        k += 1
    return out


def _line_cells(text: str) -> list[str]:
    """One line of a one-cell-per-line block as cells: amounts and codes apart, text runs
    joined ("1. 因公出国(境)费" stays one cell)."""
    cells: list[str] = []
    for tok in _tokens(text):
        if tok.kind == "text" and cells and not _is_number(cells[-1]) and (
                cells[-1] not in _NULL_CELLS):
            cells[-1] = f"{cells[-1]} {tok.text}"
        else:
            cells.append(tok.text)
    return cells


def _drop_column_number_runs(lines: list[Line]) -> list[Line]:
    """One cell per line prints the column numbers as "栏次" / "1" / "2" / "3": drop such runs."""
    keep: list[Line] = []
    k = 0
    while k < len(lines):
        j = k
        if _compact(lines[k].text) in ("栏次", "行次"):
            j += 1
        expected = 1
        while j < len(lines) and _compact(lines[j].text) == str(expected):
            j += 1
            expected += 1
        if expected > 2:  # at least "1", "2"
            k = j
            continue
        keep.append(lines[k])
        k += 1
    return keep


def _first_row_in_stream(cells: list[str]) -> int:
    """Index of the first data cell of a one-cell-per-line block (len(cells) when none).

    "合计" and "本年收入合计" are header cells as well as row labels: as a row they are
    followed by an amount, a code or the next row, as a header by more header words.
    """
    for k, cell in enumerate(cells):
        nxt = next((c for c in cells[k + 1:] if c), "")
        if _is_number(cell) or cell in _NULL_CELLS:
            return k
        if _CODE_RE.match(cell) and nxt and not _is_number(nxt):
            return k
        if re.fullmatch(r"\d{3}", cell) and _CODE_PART_RE.match(nxt):
            return k  # a code printed over 类/款/项 cells
        compact = _compact(cell)
        if _ENUM_LABEL_RE.match(compact):
            return k
        nxt_amount = _is_number(nxt) or nxt in _NULL_CELLS
        nxt_is_row = nxt_amount or _CODE_RE.match(nxt) is not None or (
            _ENUM_LABEL_RE.match(_compact(nxt)) is not None)
        if _TOTAL_RE.match(compact) and (nxt_is_row or not nxt):
            return k  # "合计" before amounts, before the first row, or as the last cell
        known = all(kind != "unknown" for _, kind in _header_words(cell))
        if nxt_amount and not known:
            return k  # a plain first row ("基本工资" / "149.76")
    return len(cells)


def _one_per_line_segments(data: list[tuple[Line, str]]) -> list[list[_Segment]]:
    """PyMuPDF gives every cell its own line and drops empty cells: rebuild rows from the
    stream (a code or a new label opens a row; amounts follow it).

    A label line after a row that has no amount yet is the rest of that row's name when the
    row is coded ("30108" / "机关事业单位基本" / "养老保险缴费"), or when it is a short tail
    ("款", "支出", "理支出"); otherwise it is a row of its own: in side-by-side tables an
    uncoded label without amounts is far more often the other side's cell
    ("使用非财政拨款结余" then "结余分配") than half a wrapped label.
    """
    # Some extractors put two neighbouring cells on one line ("4816.14 302",
    # "9746.50 一、一般公共服务支出"): split each line into amounts and text runs first.
    cells: list[str] = []
    owners: list[Line] = []
    for line, text in data:
        for cell in _line_cells(text):
            cells.append(cell)
            owners.append(line)
    joined = _join_code_parts(cells)
    segments: list[_Segment] = []
    cur: _Segment | None = None
    for k, (cell, index) in enumerate(joined):
        line = owners[index]
        nxt = joined[k + 1][0] if k + 1 < len(joined) else ""
        if _is_number(cell) and _CODE_RE.match(cell) and nxt and not _is_number(nxt):
            cur = _Segment(line=line.number, code=cell, has_label=True)
            segments.append(cur)
        elif _is_number(cell) or cell in _NULL_CELLS:
            if cur is None:
                continue
            cur.values.append(parse_cell(cell))
        else:
            code, rest = _split_code(cell)
            # A coded row still waiting for its amount takes an uncoded fragment as the rest
            # of its name, side-by-side tables included: the other side's next row would open
            # with its own code, and totals ("人员经费合计") are never continuations.
            if (cur is not None and not cur.values and cur.label_parts and code is None
                    and _may_continue(cur.code is not None, cell)):
                cur.label_parts.append(cell)  # a wrapped label
            elif cur is not None and cur.code and not cur.label_parts and not cur.values:
                cur.label_parts.append(cell)
            else:
                cur = _Segment(line=line.number, code=code, label_parts=[rest], has_label=True)
                segments.append(cur)
    return [[seg] for seg in segments]


_PERSONNEL_CLASSES = frozenset({"301", "303"})  # 人员经费; other 3xx classes are 公用经费


def _assign_by_hint(lines: list[list[_Segment]], names: list[str]) -> list[_Segment]:
    """Side-by-side groups in a one-cell-per-line stream: the row order is lost, so the side is
    read from the label (收入 vs 支出) or, in a 基本支出 table, from the economic class
    (301/303 人员经费 vs the others); what tells nothing alternates."""
    out: list[_Segment] = []
    personnel: dict[int, bool] = {}  # group → holds 人员经费 codes (True) or others (False)
    g = 0
    for segs in lines:
        for seg in segs:
            label = seg.label
            hinted = None
            for i, name in enumerate(names):
                if name in ("收入", "支出") and name in label:
                    hinted = i
            if hinted is None and seg.code and seg.code.startswith("3"):
                is_personnel = seg.code[:3] in _PERSONNEL_CLASSES
                known = [i for i, p in personnel.items() if p == is_personnel]
                if known:
                    hinted = known[0]
                elif g not in personnel:
                    personnel[g] = is_personnel
            seg.group = hinted if hinted is not None else g
            g = (seg.group + 1) % len(names)
            out.append(seg)
    return out


# ---------------------------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------------------------


def _detect_layout(lines: list[Line]) -> str:
    texts = [ln.text for ln in lines if ln.text.strip()]
    if not texts:
        return "empty"
    if any("\t" in t for t in texts):
        return "tab"
    if sum(1 for t in texts if re.search(r"<t[dh][\s>]", t, re.IGNORECASE)) >= 2:
        return "html"
    if sum(1 for t in texts if t.strip().startswith("|") and t.count("|") >= 2) >= 2:
        return "pipe"
    multi = 0
    for t in texts:
        toks = _tokens(t)
        kinds = {tok.kind for tok in toks}
        if len(toks) >= 2 and "num" in kinds and ("text" in kinds or len(toks) >= 3):
            multi += 1
    return "space" if multi >= max(2, len(texts) // 5) or multi == len(texts) else "lines"


def _notes_from(lines: list[Line]) -> list[Paragraph]:
    notes: list[Paragraph] = []
    for ln in lines:
        text = _fold(ln.text).strip()
        if not text or _PAGE_RE.match(text):
            continue
        if notes and not _NOTE_RE.match(text) and not _NOTE_ITEM_RE.match(text):
            prev = notes[-1]
            cjk_seam = re.search(rf"[{_CJK}]$", prev.text) or re.match(rf"[{_CJK}]", text)
            joiner = "" if cjk_seam else " "
            prev.text = prev.text + joiner + text
            prev.end_line = ln.number
        else:
            notes.append(Paragraph(text=text, line=ln.number, end_line=ln.number))
    return notes


def build_table(title: Line, body: list[Line], section_path: list[str]) -> Table:
    """Build the ``Table`` for one block: its heading line and every line up to the next heading.

    Never raises on odd input: a block it cannot read becomes ``cells_missing=True``.
    """
    number, clean_title = table_number(title.text or title.raw)
    form_match = _FORM_RE.search(_fold(title.text))
    form = f"公开{int(form_match.group(1)):02d}表" if form_match else None
    title_unit = _UNIT_RE.search(_fold(title.text).rstrip(")） "))
    unit: str | None = title_unit.group(1) if title_unit else None
    content: list[Line] = []
    note_start: int | None = None

    for idx, ln in enumerate(body):
        text = _fold(ln.text).strip().lstrip("#").strip()
        if not text:
            continue
        compact = _compact(text)
        form_here = _FORM_RE.fullmatch(compact)
        if form_here:
            form = form or f"公开{int(form_here.group(1)):02d}表"
            if number is None:
                number = int(form_here.group(1))
            continue
        unit_match = _UNIT_RE.search(text)
        if unit_match and not _is_number(compact):
            unit = unit or unit_match.group(1)
            continue
        if _NOTE_RE.match(text):
            note_start = idx
            break
        if re.fullmatch(r"[(（]?续(?:上)?表[)）]?", compact):
            continue  # "续表": the table goes on after a page break
        if _is_repeated_title(text, clean_title) and not content:
            continue
        content.append(ln)

    notes = _notes_from(body[note_start:]) if note_start is not None else []
    grid = next((ln.grid for ln in content if ln.grid is not None), None)
    if grid is not None:
        table = _grid_table(grid, content, clean_title)
        table.number, table.title, table.form = number, clean_title, form
        table.section_path, table.unit_of_measure = list(section_path), unit
        table.notes = notes + _grid_notes(table)
        table.line = title.number
        return table
    layout = _detect_layout(content)
    positional = layout in ("tab", "pipe", "html")

    header: list[Line] = []
    header_seen: set[str] = set()
    data: list[Line] = []
    if layout == "lines":
        content = _drop_column_number_runs(content)
        first_row = _first_row_in_stream([_fold(ln.text).strip() for ln in content])
    for k, ln in enumerate(content):
        text = _fold(ln.text)
        if layout == "pipe" and _PIPE_SEP_RE.match(text):
            continue
        if positional:
            cells = _cells(ln.text, layout)  # per cell: HTML cells need their tags
            tokens = [c for c in cells if c]
            is_data = _positional_is_data(cells)
        else:
            toks = _tokens(text)
            tokens = [t.text for t in toks]
            is_data = _stream_is_data(toks) if layout == "space" else k >= first_row
        if _is_column_numbers(tokens):
            continue
        if layout != "lines" and len(tokens) == 1 and _PAGE_RE.match(tokens[0]) and (
                not positional or len(_cells(ln.text, layout)) == 1):
            continue  # a page number the extractor left inside the table
        if not data and not is_data:
            header.append(ln)
            header_seen.add(_compact(text))
        elif layout != "lines" and header and _compact(text) in header_seen:
            # the header repeated after a page break (one cell per line: "合计" is both a
            # header cell and a row, so nothing can be told there)
            continue
        else:
            data.append(ln)

    header_texts = [_fold(h.text) for h in header]
    n_groups, by_name = _count_groups(header_texts)

    segments: list[_Segment]
    group_columns: list[list[str]]
    if not data:
        segments, group_columns, n_groups = [], [], max(n_groups, 1)
    elif positional:
        header_cells = [_cells(h.text, layout) for h in header]
        data_cells = [(ln, _cells(ln.text, layout)) for ln in data]
        segments, bounds = _positional_segments(header_cells, data_cells, by_name)
        n_groups = len(bounds)
        group_columns = [_positional_columns(header_cells, s, e, lw) for s, e, lw in bounds]
    else:
        if layout == "space":
            # normalize.py strips leading spaces from ``text``; the indent that says "the first
            # column group of this line is empty" survives only in ``raw``.
            streams = [(ln, _tokens(ln.text), _indent(ln)) for ln in data]
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
            code, label = seg.code, seg.label
            if code is None:
                code, label = _split_code(label)
            rows.append(Row(label=label, code=code, values=list(seg.values), line=seg.line,
                            group=names[g] if names else None))

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
            code, label = seg.code, seg.label
            if code is None:
                code, label = _split_code(label)
            row = Row(label=label, code=code, values=list(seg.values), line=seg.line,
                      group=names[g] if names else None)
            source = by_number.get(seg.value_line or seg.line)
            r = row_of[id(source)] if source is not None else data[0]
            place_row(row, grid, r, list(range(s + lw, e)), group_columns[g], (s, e))
            table.rows.append(row)
    _drop_grid_line_numbers(table.rows, group_columns, names)
    table.columns = list(max(group_columns, key=len)) if group_columns else []
    if names:
        table.groups, table.group_columns = names, group_columns
    return table


_GRID_NOTE = re.compile(r"^(?:(?:此|本)表.{0,10}(?:为空|无数据)|(?:注|说明)\s*[:：])")


def _grid_notes(table: Table) -> list[Paragraph]:
    """A row that is a sentence about the table ("此表为空" printed inside the frame), not a
    row of figures, is the table's note."""
    notes = [Paragraph(row.label, row.line, row.line, row.page, row.bbox) for row in table.rows
             if row.code is None and all(v is None for v in row.values)
             and _GRID_NOTE.match(row.label)]
    if notes:
        table.rows = [r for r in table.rows if all(r.label != n.text for n in notes)]
    return notes


def _drop_grid_line_numbers(rows: list[Row], group_columns: list[list[str]],
                            names: list[str]) -> None:
    """The 行次 column numbers the rows; it is no amount (see ``_drop_line_numbers``)."""
    for g, cols in enumerate(group_columns):
        if "行次" not in cols:
            continue
        idx = cols.index("行次")
        del cols[idx]
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
    for g, cols in enumerate(group_columns):
        if "行次" not in cols:
            continue
        idx = cols.index("行次")
        del cols[idx]
        for seg in segments:
            if seg.group == g and len(seg.values) > idx:
                del seg.values[idx]


def _positional_columns(
    header: list[list[str]], start: int, end: int, label_width: int
) -> list[str]:
    """Value-column names of one group: per column, the lowest header cell that names it
    (spanning cells such as 其中 sit above and are skipped)."""
    names: list[str] = []
    for col in range(start + label_width, end):
        name = ""
        for cells in header:
            if col < len(cells):
                cell = _clean_label(cells[col])
                if cell and not re.fullmatch(r"其中[:：]?", cell) and cell not in _GROUP_WORDS:
                    name = cell
        names.append(name)
    return names if any(names) else []


def _stream_columns(
    header_texts: list[str], segments: list[_Segment], n_groups: int, by_name: bool,
    exact_count: bool = True,
) -> list[list[str]]:
    """Value-column names when cells are not positional: the header is read word by word."""
    # Headers are wrapped mid-word ("本年收入合" / "计"): read them as one text.
    words = _header_words("".join(header_texts))
    groups: list[list[str]] = [[] for _ in range(max(n_groups, 1))]
    g = -1 if n_groups > 1 else 0
    # Groups open at each 科目名称/项目; without those, at each group title (收入, 支出).
    opener = "label" if any(kind == "label" and _is_group_start(w, by_name)
                            for w, kind in words) else "group"
    for word, kind in words:
        if kind == opener and n_groups > 1 and (kind == "group" or _is_group_start(word, by_name)):
            g = min(g + 1, n_groups - 1)
        elif kind == "value" and word not in ("人员经费", "公用经费") and g >= 0:
            groups[g].append(word)
    result: list[list[str]] = []
    for gi, cols in enumerate(groups):
        counts = Counter(len(s.values) for s in segments if s.group == gi and s.values)
        expected = counts.most_common(1)[0][0] if counts else None
        if exact_count:
            cols = _fix_spanning(cols, expected)
            # Names that cannot be lined up with the amounts are not reported: wrong names
            # are worse than none.
            result.append(cols if expected is not None and len(cols) == expected else [])
        else:
            # One cell per line: empty cells are lost and rows are shorter than the header,
            # so the header is the only witness of the columns.
            result.append(_fix_spanning(cols, None))
    return result


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
