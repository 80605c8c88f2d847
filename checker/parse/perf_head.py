"""Performance tables: finding the tables in a region, their titles and kinds, and the head
fields above the indicator rows (project, funds, goal). Part of ``checker.parse.performance``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from checker.model.ast import Funds, PerformanceKind
from checker.parse.normalize import fold_width
from checker.parse.perf_target import (
    _ALL_LABELS,
    _BARE_TITLES,
    _CJK_SPACE,
    _END_OF_ROWS,
    _FUND_LABELS,
    _GOAL_LABELS,
    _GOAL_TAIL,
    _HEADING,
    _NUMBER,
    _OP,
    _PROJECT_LABELS,
    _TAGS,
    _UNIT_NAME_LABELS,
    _YEAR_NOTE,
    _decimal,
)
from checker.regex_cache import compile_re

# --- splitting ----------------------------------------------------------------------------


_MD_HEADING = compile_re(r"^\s*#{1,6}\s*")
_OP_RE = compile_re(_OP)
_ALNUM_END = compile_re(r"[A-Za-z0-9]$")
_ALNUM = compile_re(r"[A-Za-z0-9]")
_PROSE_PUNCT = compile_re(r"[，。；,;]")


def _clean(text: str) -> str:
    text = fold_width(text)
    if "<" in text:  # (after folding: "＜" folds to "<")
        text = _TAGS.sub("", text)
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    return text.replace("**", "").rstrip()


def _compact(text: str) -> str:
    """``text`` without white space. ``split()`` cuts at exactly the characters ``\\s``
    matches (both ask ``Py_UNICODE_ISSPACE``), at a third of a ``re.sub``'s cost."""
    return "".join(text.split())


def _is_title(clean: str) -> bool:
    if "绩" not in clean or "表" not in clean:
        return False  # (most lines: every title word holds both; spaces aside, so does the line)
    compact = _compact(clean)
    if not any(word in compact for word in ("绩效目标表", "绩效自评表", "绩效目标填报表")):
        return False
    if "《" in compact or "\t" in clean.strip() or _HEADING.match(clean):
        return False
    return len(compact) <= 60


def _is_title_head(clean: str) -> bool:
    """A line that may hold the first half of a title whose tail is a bare "绩效目标表"."""
    compact = _compact(clean)
    return bool(compact) and "\t" not in clean.strip() and not _HEADING.match(clean) \
        and len(compact) <= 40 and "指标" not in compact and not _OP_RE.search(compact) \
        and not compact.startswith(_END_OF_ROWS)


def _split_tables(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    starts: list[int] = []
    for index, (_, text) in enumerate(lines):
        if _is_title(text):
            compact = _compact(text)
            start = index
            # A title broken before its tail ("城乡居民医保财政补助(…)" / "绩效目标表"): the
            # head is the previous line, which must not stay in the previous table.
            if compact in _BARE_TITLES and index > 0 and _is_title_head(lines[index - 1][1]) \
                    and (not starts or starts[-1] < index - 1):
                start = index - 1
            starts.append(start)
        elif "名" in text and _compact(text).startswith(_PROJECT_LABELS) and (not starts or any(
            _compact(t).startswith(_PROJECT_LABELS) or _is_indicator_header(t)
            or _compact(t) == "一级指标"
            for _, t in lines[starts[-1]:index]
        )):
            # A 项目名称 line without its own title starts a table, unless the current table
            # is still in its head (title seen, no 项目名称 and no indicator header yet).
            starts.append(index)
    chunks = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        chunks.append(lines[start:end])
    return chunks


def _row_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The row lines after the indicator header, up to the end of the table."""
    rows: list[tuple[int, str]] = []
    header_tail = True
    for number, text in lines:
        compact = _compact(text)
        if header_tail and compact and "偏差原因分析及改进措施".find(compact) >= 0:
            continue  # the wrapped last header cell of a self-evaluation
        header_tail = False
        if compact.startswith(_END_OF_ROWS) or _is_title(text) or _is_next_heading(text):
            break
        rows.append((number, text))
    return rows


def _is_next_heading(text: str) -> bool:
    """A heading after the table ("3.有关情况说明"), not cell prose that starts "1.因…，"."""
    if not _HEADING.match(text):
        return False
    compact = _compact(text)
    return len(compact) <= 30 and not _PROSE_PUNCT.search(compact)


def _is_indicator_header(text: str) -> bool:
    if "级" not in text:
        return False  # (most lines; a word of the compact text is in the text, spaces aside)
    compact = _compact(text)
    return "一级指标" in compact and ("三级指标" in compact or "二级指标" in compact)


_HEADER_CELLS = frozenset({
    "一级指标", "二级指标", "三级指标", "指标值", "目标值", "年度指标值", "指标分值", "分值",
    "实际完成值", "自评得分", "得分", "偏差原因分析及改进措施", "偏差原因",
})


def _find_header(chunk: list[tuple[int, str]]) -> tuple[int, int, str] | None:
    """Where the indicator header is: (first line, line after it, its cells tab-joined).

    Either one line holding 一级指标…三级指标, or — one cell per line — "一级指标" followed by
    the other header cells on their own lines.
    """
    for index, (_, text) in enumerate(chunk):
        if "级" not in text:
            continue  # (both forms of the header begin with 一级指标)
        if _is_indicator_header(text):
            return index, index + 1, text
        if _compact(text) == "一级指标":
            end = index + 1
            cells = ["一级指标"]
            while end < len(chunk) and _compact(chunk[end][1]) in _HEADER_CELLS:
                cells.append(_compact(chunk[end][1]))
                end += 1
            if "三级指标" in cells or "二级指标" in cells:
                return index, end, "\t".join(cells)
    return None


# --- one table ----------------------------------------------------------------------------


@dataclass
class _Head:
    title: str | None = None
    project: str | None = None
    department: str | None = None
    implementer: str | None = None
    unit_name: str | None = None
    funds: Funds = field(default_factory=Funds)
    goal_parts: list[str] = field(default_factory=list)
    total_score: Decimal | None = None
    fund_columns: list[str] = field(default_factory=list)  # a self-evaluation's funds header


_UNSEEN: tuple[int, int, str] = (-1, -1, "")  # ``_kind`` is not told the header


def _kind(title: str, chunk: list[tuple[int, str]],
          found: tuple[int, int, str] | None = _UNSEEN) -> PerformanceKind:
    """The table's kind; ``found``: ``_find_header(chunk)`` when the caller has it."""
    compact = _compact(title)
    if "自评" in compact:
        return "self_evaluation"
    if "整体" in compact:
        return "unit_target"
    # An untitled table is a self-evaluation when its header has 实际完成值/得分 columns.
    if found is _UNSEEN:
        found = _find_header(chunk)
    if found is not None and ("实际完成" in found[2] or "得分" in found[2]):
        return "self_evaluation"
    return "target"


def _join_wrapped(parts: list[str]) -> str:
    """Join the pieces of a wrapped cell or paragraph: a PDF wrap is not a word break."""
    text = ""
    for part in parts:
        piece = part.strip()
        if not piece:
            continue
        if text and _ALNUM_END.search(text) and _ALNUM.match(piece):
            text += " "
        text += piece
    return text


def _compact_cjk(text: str) -> str:
    """Drop spaces between CJK characters (wrap artefacts: "经济成本 指标"), keep "DIP 支付"."""
    text = text.strip()
    # (most cells hold no white space: nothing to drop, and one scan tells)
    return _CJK_SPACE.sub("", text) if _WHITE_SPACE.search(text) else text


_WHITE_SPACE = compile_re(r"\s")


def _match_label(compact: str, labels: tuple[str, ...]) -> str | None:
    """The longest of ``labels`` that ``compact`` starts with."""
    match = _labels_re(labels).match(compact)
    return match.group() if match else None


@lru_cache(maxsize=16)
def _labels_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    """``labels`` as one alternation, longest first: ``re`` tries alternatives in order, so
    the match is the first label of that order the text starts with (one C-level try instead
    of a ``startswith`` per label; compiled once per label set)."""
    return compile_re("|".join(re.escape(label) for label in _longest_first(labels)))


@lru_cache(maxsize=16)
def _longest_first(labels: tuple[str, ...]) -> tuple[str, ...]:
    """``labels`` longest first (sorted once per label set, not per line)."""
    return tuple(sorted(labels, key=len, reverse=True))


# Every beginning of a head label, "" and the whole label included: a wrapped label's pieces.
_LABEL_PREFIXES = frozenset(label[:end] for label in _ALL_LABELS for end in range(len(label) + 1))


def _strip_label(text: str, label: str) -> str:
    """The text after ``label`` in ``text`` (label matched ignoring whitespace), minus colons."""
    consumed = 0
    position = 0
    while position < len(text) and consumed < len(label):
        if not text[position].isspace():
            consumed += 1
        position += 1
    return text[position:].strip().lstrip(":：").strip()


def _numbers(text: str) -> list[Decimal]:
    found = []
    for token in _NUMBER.findall(text):
        try:
            found.append(Decimal(token.replace(",", "")))
        except InvalidOperation:  # pragma: no cover
            continue
    return found


def _read_head(lines: list[tuple[int, str]], kind: PerformanceKind) -> _Head:
    head = _Head()
    current: str | None = None  # which field receives continuation lines
    pending_label = ""  # a label wrapped over lines ("年度总体目" / "标")
    seen_title = False
    for _, text in lines:
        if not seen_title and _is_title(text):
            seen_title = True
            continue
        if "年" in text and _YEAR_NOTE.match(text.strip()):  # (the note holds a 年)
            continue
        compact = _compact(text)
        candidate = pending_label + compact
        fund_label = _find_fund_label(candidate)
        label = fund_label or _match_label(candidate, _ALL_LABELS)
        if label is None and len(candidate) <= 8 and candidate in _LABEL_PREFIXES:
            pending_label = candidate
            continue
        if label is None and pending_label and len(compact) <= 6 and not _numbers(compact):
            # "年度" / "预算" / "安排" / "(万元)": the remains of a label cell; nothing to keep.
            pending_label = candidate
            continue
        consumed = len(pending_label)
        pending_label = ""
        rest = text
        if fund_label is None and label is not None and consumed < len(label):
            # The part of the label on this line is what follows the wrapped beginning.
            rest = _strip_label(text, label[consumed:])
        if label is None:
            if current == "goal":
                head.goal_parts.append(text)
            elif current in ("project", "implementer", "department", "unit_name"):
                value = getattr(head, current)
                setattr(head, current, _join_wrapped([value or "", _compact_cjk(text)]))
            elif current and current.startswith("fund:"):
                numbers = _numbers(compact)
                fund_field = current.removeprefix("fund:")
                if numbers and getattr(head.funds, fund_field) is None:
                    setattr(head.funds, fund_field, numbers[0])
                current = None
            continue
        current = _apply_label(head, label, rest, kind)
    return head


def _find_fund_label(compact: str) -> str | None:
    """Fund labels that sit after a leading cell ("项目资金(万元)\t资金总额:\t67000.00")."""
    if _ANY_FUND_LABEL.search(compact) is None:
        return None  # (most lines: no fund label anywhere, one scan tells)
    for label, _ in _FUND_LABELS:
        # (``_numbers(...)`` is not empty exactly when ``_NUMBER`` finds one: each of its
        # matches is a Decimal)
        if label in compact and _NUMBER.search(compact.split(label, 1)[1]) is not None:
            return label
    return None


_FUND_FIELDS = dict(_FUND_LABELS)  # label → the ``Funds`` field it fills (None: none)


_ANY_FUND_LABEL = compile_re("|".join(re.escape(label) for label, _ in _FUND_LABELS))


def _apply_label(head: _Head, label: str, rest: str, kind: PerformanceKind) -> str | None:
    if label in _PROJECT_LABELS:
        head.project = _compact_cjk(rest) or None
        return "project"
    if label == "主管部门":
        department, _, implementer = rest.partition("实施单位")
        head.department = _compact_cjk(department.strip(" \t:：")) or None
        if _:
            head.implementer = _compact_cjk(implementer.strip(" \t:：")) or None
            return "implementer"
        return "department"
    if label == "实施单位":
        head.implementer = _compact_cjk(rest) or None
        return "implementer"
    if label in _UNIT_NAME_LABELS:
        head.unit_name = _compact_cjk(rest) or None
        return "unit_name"
    if label in _GOAL_LABELS:
        head.goal_parts = [rest] if rest.strip() else []
        return "goal"
    if label == "年初预算数":
        head.fund_columns = ["年初预算数", *(_compact(c) for c in rest.split())]
        return None
    if label in _FUND_FIELDS:
        fund_field = _FUND_FIELDS[label]
        after = rest.split(label, 1)[1] if label in rest else rest
        if fund_field and head.fund_columns:
            _read_fund_columns(head, fund_field, after)
            return None
        numbers = _numbers(after)
        if fund_field and numbers and getattr(head.funds, fund_field) is None:
            setattr(head.funds, fund_field, numbers[0])
        elif fund_field and not numbers:
            return f"fund:{fund_field}"  # one cell per line: the amount is on the next line
        return None
    if label == "预期目标" and kind == "self_evaluation":
        return "goal"  # the 预期目标 text follows; keep collecting
    return None


def _read_fund_columns(head: _Head, fund_field: str, cells_text: str) -> None:
    """A self-evaluation funds row, by the columns of its header line.

    The year's funds are the 全年预算数 (年初预算数 is the budget before adjustments; the four
    全年预算数 of 003 add up to the narrative's total). "—" cells keep their place.
    """
    cells = [_decimal(c) if _NUMBER.fullmatch(c) else None for c in cells_text.split()]
    by_column = dict(zip(head.fund_columns, cells, strict=False))
    budget = by_column.get("全年预算数")
    if budget is not None and getattr(head.funds, fund_field) is None:
        setattr(head.funds, fund_field, budget)
    if fund_field == "total":
        head.funds.executed = by_column.get("全年执行数")
        head.funds.weight = by_column.get("分值")
        head.funds.score = by_column.get("得分")


def _goal_text(parts: list[str], kind: PerformanceKind) -> str | None:
    lines = [p.strip() for p in parts if p.strip()]
    if kind == "self_evaluation":
        # The 预期目标 and 实际完成情况 cells arrive one after the other; the expected goal is
        # the first paragraph, ending at the first line that ends a sentence.
        for index, line in enumerate(lines):
            if line.endswith("。"):
                lines = lines[: index + 1]
                break
    text = _join_wrapped(lines)
    text = _GOAL_TAIL.sub("", text).strip() if text.endswith(("指标", "指")) else text
    text = text.rstrip("\t ").strip()
    return text or None


def _total_score(chunk: list[tuple[int, str]]) -> Decimal | None:
    """The 总分值/评价总分 line of a self-evaluation: "总分值、评价总分 (S) 99.73"."""
    for _, text in chunk:
        if "总" in text and _compact(text).startswith(("总分值", "评价总分")):
            numbers = _numbers(text)
            return numbers[-1] if numbers else None
    return None
