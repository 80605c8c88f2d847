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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from checker.model.ast import Funds, Indicator, Line, PerformanceKind, PerformanceTable, Target
from checker.parse.normalize import fold_width

# --- vocabularies -------------------------------------------------------------------------

# Names of the first two indicator levels as the Ministry's templates spell them. Stream rows
# depend on these to tell a (wrapped) level name from a 三级 name, so they are kept exact.
LEVEL1_NAMES = frozenset({
    "产出指标", "效益指标", "满意度指标", "成本指标", "一般性支出情况", "管理指标",
})
LEVEL2_NAMES = frozenset({
    "数量指标", "质量指标", "时效指标", "成本指标",
    "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标", "社会公众或服务对象满意度指标", "社会公众满意度指标",
    "一般性支出情况",
})
_VOCAB = LEVEL1_NAMES | LEVEL2_NAMES

# --- regular expressions ------------------------------------------------------------------

_OP = r"(?:>=|<=|==|≥|≤|≧|≦|=|>|<)"
_NUM = r"[-+]?\d[\d,]*(?:\.\d+)?"
_UNIT = r"[^\s\d≥≤≧≦=<>]+(?:\s*/\s*[^\s\d≥≤≧≦=<>]+)?"
_OP_MAP = {">=": "≥", "<=": "≤", "==": "=", "≧": "≥", "≦": "≤"}
# Comparators written as words ("不低于 90%"), longest first so "大于等于" is not read as "大于".
_WORD_OPS = (
    ("大于等于", "≥"), ("大于或等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"),
    ("小于等于", "≤"), ("小于或等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"),
    ("不大于", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"), ("小于", "<"), ("低于", "<"),
    ("等于", "="), ("达到", "≥"),
)

_TARGET_FULL = re.compile(rf"(?P<op>{_OP})?\s*(?P<num>{_NUM})\s*(?P<unit>.*)", re.S)
# A target at the end of a stream line: "服务站工作人员人数 ≥46 人". A comparator is required,
# because an op-less number at a line end is as likely part of a name ("12345 诉求件").
_TRAILING_TARGET = re.compile(rf"(?P<target>{_OP}\s*{_NUM}(?:\s*{_UNIT})?)\s*$")
# Self-evaluation row tail: target, actual, weight (分值), score (得分), optionally the start
# of the deviation reason: "≥4000 人 5497 20 20", "≥520 台 506 10 9.73".
_SELF_TAIL = re.compile(
    rf"(?P<target>{_OP}\s*{_NUM}(?:\s*{_UNIT})?)\s+(?P<actual>\S+)\s+"
    rf"(?P<weight>{_NUM})\s+(?P<score>{_NUM})(?:\s+(?P<dev>[^\d\s].*?))?\s*$"
)
# Without a comparator a number is a target only where it cannot be part of a name: a whole
# line of number and measure unit ("46 人", "100%"), or a percentage ending a line.
_MEASURE = (
    r"(?:%|‰|[万亿千百]?(?:元|人次|人|户|次|个|家|册|台|项|份|件|天|日|小时|月|年|起|所|套|"
    r"辆|篇|期|场|批|卷|条|平方米|公里|吨)(?:\s*/\s*[^\s\d]{1,3})?)"
)
_OPLESS_LINE = re.compile(rf"(?P<target>{_NUM}\s*{_MEASURE})")
_OPLESS_TAIL = re.compile(rf"\s(?P<target>{_NUM}\s*%)\s*$")
# Qualitative targets of target tables ("有效提升", "好", "达到预期"), told apart from the last
# piece of a wrapped 三级 name only by their wording.
_QUALITATIVE = re.compile(
    r"(?:有效|明显|显著|逐步|稳步|持续|进一步|不断|大幅|基本|全面|按时|按期|及时)?"
    r"(?:提升|提高|改善|增强|加强|降低|减少|下降|保障|达标|合格|完成|实现|规范|稳定|好转|"
    r"到位|落实)|好|较好|良好|优|优秀|是|否|高|较高|达到预期|符合预期|符合要求|符合标准|"
    r"有效|明显|显著"
)
# A qualitative self-evaluation row closes with its weight and score alone: "10 10".
_WEIGHT_SCORE = re.compile(rf"\s*(?P<weight>{_NUM})\s+(?P<score>{_NUM})\s*")
_NUMBER = re.compile(_NUM)

_HEADING = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、](?!\d)|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|"
    r"第[一二三四五六七八九十]+部分)"
)
_YEAR_NOTE = re.compile(r"^[(（]\s*\d{4}\s*年度?\s*[)）]$")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff（）()、，“”]"
_CJK_SPACE = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")
_TAGS = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")

# Labels of the table head. Compact text (no whitespace) is matched against these.
_PROJECT_LABELS = ("项目名称", "专项名称")
_GOAL_LABELS = ("年度总体目标", "年度目标", "总体目标", "项目实施期目标", "实施期目标")
_UNIT_NAME_LABELS = ("部门(单位)名称", "单位名称", "部门名称")
_FUND_LABELS = (
    ("其中:当年财政拨款", "fiscal"), ("其中：当年财政拨款", "fiscal"),
    ("上年结转结余财政拨款", None), ("上年结转资金", None), ("年度资金总额", "total"),
    ("资金总额", "total"), ("财政拨款", "fiscal"), ("其他资金", "other"),
    ("项目支出", None), ("基本支出", None), ("其他支出", None),
)
# Head lines that carry nothing the AST keeps; listed so that they end the previous field and
# so that their wrapped pieces ("专项资金情" / "况(万元)") are recognised as labels too.
_NOISE_LABELS = (
    "专项资金情况(万元)", "项目资金(万元)", "年度预算安排(万元)", "部门预算编码", "项目概况",
    "主要成效", "预期目标", "年初预算数", "绩效目标指标", "年度绩效指标", "绩效指标",
    "专项资金情况", "项目资金",
)
_ALL_LABELS = (
    _PROJECT_LABELS + _GOAL_LABELS + _UNIT_NAME_LABELS + ("主管部门", "实施单位")
    + tuple(label for label, _ in _FUND_LABELS) + _NOISE_LABELS
)
_END_OF_ROWS = ("备注", "总分值", "评价总分", "评价等级", "问题与建议", "问题类型")
_BARE_TITLES = frozenset({"绩效目标表", "项目绩效目标表", "项目支出绩效目标表"})
_GOAL_TAIL = re.compile(r"(年度)?绩效(目标)?指标?$")


# --- public API ---------------------------------------------------------------------------


def parse_target(raw: str) -> Target:
    """Parse one 指标值: "≥46 人" → (≥, 46, 人); "100%" → (None, 100, %); "好" → (None, None, None).

    "90%以上"/"以内"/"以下" give ≥/≤ when no comparator is written.
    """
    text = fold_width(raw).strip()
    word_op = None
    for word, symbol in sorted(_WORD_OPS, key=lambda pair: -len(pair[0])):
        if text.startswith(word) and re.match(r"\s*\d", text[len(word):]):
            word_op, text = symbol, text[len(word):].strip()
            break
    match = _TARGET_FULL.fullmatch(text)
    if not match:
        return Target(raw=raw.strip(), op=None, value=None, unit=None)
    op = match.group("op")
    op = _OP_MAP.get(op, op) if op else word_op
    unit = re.sub(r"\s+", "", match.group("unit"))
    if op is None and (len(unit) > 6 or re.search(r"[，,。；;]", unit)):
        # "2023年底前完成", "3个工作日内办结，…": prose that starts with a number is qualitative.
        return Target(raw=raw.strip(), op=None, value=None, unit=None)
    if op is None:
        for suffix, implied in (("及以上", "≥"), ("以上", "≥"), ("以内", "≤"), ("以下", "≤")):
            if unit.endswith(suffix):
                op, unit = implied, unit[: -len(suffix)]
                break
    try:
        value = Decimal(match.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return Target(raw=raw.strip(), op=None, value=None, unit=None)
    return Target(raw=raw.strip(), op=op, value=value, unit=unit or None)


def starts_performance_table(text: str) -> bool:
    """True for a line that begins a performance table: its title, or a 项目名称 line.

    Numbered headings ("1. 项目支出绩效目标表", "一、《项目支出绩效自评表》") and prose citing
    a table ("详见《项目支出绩效自评表》") are not table starts.
    """
    clean = _clean(text)
    compact = _compact(clean)
    if compact.startswith(_PROJECT_LABELS):
        return True
    return _is_title(clean)


def build_performance_tables(body: list[Line], section_path: list[str]) -> list[PerformanceTable]:
    """Split the lines of a performance region into tables and read each one.

    ``section_path`` (the titles of the sections the region sits in) is stored on each table.
    """
    lines = [(line.number, _clean(line.text)) for line in body]
    lines = [(number, text) for number, text in lines if text.strip()]
    tables = [_read_table(chunk) for chunk in _split_tables(lines)]
    for table in tables:
        table.section_path = list(section_path)
    return tables


# --- splitting ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = _TAGS.sub("", fold_width(text))
    text = re.sub(r"^\s*#{1,6}\s*", "", text).replace("**", "")
    return text.rstrip()


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_title(clean: str) -> bool:
    compact = _compact(clean)
    if "绩效目标表" not in compact and "绩效自评表" not in compact:
        return False
    if "《" in compact or "\t" in clean.strip() or _HEADING.match(clean):
        return False
    return len(compact) <= 60


def _is_title_head(clean: str) -> bool:
    """A line that may hold the first half of a title whose tail is a bare "绩效目标表"."""
    compact = _compact(clean)
    return bool(compact) and "\t" not in clean.strip() and not _HEADING.match(clean) \
        and len(compact) <= 40 and "指标" not in compact and not re.search(_OP, compact) \
        and not compact.startswith(_END_OF_ROWS)


def _split_tables(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    starts: list[int] = []
    for index, (_, text) in enumerate(lines):
        compact = _compact(text)
        if _is_title(text):
            start = index
            # A title broken before its tail ("城乡居民医保财政补助(…)" / "绩效目标表"): the
            # head is the previous line, which must not stay in the previous table.
            if compact in _BARE_TITLES and index > 0 and _is_title_head(lines[index - 1][1]) \
                    and (not starts or starts[-1] < index - 1):
                start = index - 1
            starts.append(start)
        elif compact.startswith(_PROJECT_LABELS) and (not starts or any(
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


def _is_indicator_header(text: str) -> bool:
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
    kind = _kind(title or "", chunk)
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


def _kind(title: str, chunk: list[tuple[int, str]]) -> PerformanceKind:
    compact = _compact(title)
    if "自评" in compact:
        return "self_evaluation"
    if "整体" in compact:
        return "unit_target"
    # An untitled table is a self-evaluation when its header has 实际完成值/得分 columns.
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
        if text and re.search(r"[A-Za-z0-9]$", text) and re.match(r"[A-Za-z0-9]", piece):
            text += " "
        text += piece
    return text


def _compact_cjk(text: str) -> str:
    """Drop spaces between CJK characters (wrap artefacts: "经济成本 指标"), keep "DIP 支付"."""
    return _CJK_SPACE.sub("", text.strip())


def _match_label(compact: str, labels: tuple[str, ...]) -> str | None:
    for label in sorted(labels, key=len, reverse=True):
        if compact.startswith(label):
            return label
    return None


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
        if _YEAR_NOTE.match(text.strip()):
            continue
        compact = _compact(text)
        candidate = pending_label + compact
        fund_label = _find_fund_label(candidate)
        label = fund_label or _match_label(candidate, _ALL_LABELS)
        if label is None and len(candidate) <= 8 and any(
            lab.startswith(candidate) for lab in _ALL_LABELS
        ):
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
    for label, _ in _FUND_LABELS:
        if label in compact and _numbers(compact.split(label, 1)[1]):
            return label
    return None


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
    funds = dict(_FUND_LABELS)
    if label in funds:
        fund_field = funds[label]
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


# --- indicator rows -----------------------------------------------------------------------


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
    compact = _compact(text)
    if not _HEADING.match(text) or len(compact) > 30:
        return False
    return not re.search(r"[，。；,;]", compact)


def _is_vocab_prefix(text: str) -> bool:
    return any(name.startswith(text) and name != text for name in _VOCAB)


@dataclass
class _Pending:
    """Text fragments waiting for the event that tells what they are."""

    parts: list[tuple[int, str]] = field(default_factory=list)  # (line, text)

    def add(self, number: int, text: str) -> None:
        self.parts.append((number, text))

    def lines(self) -> list[tuple[int, str]]:
        """Fragments grouped per source line, in order."""
        grouped: list[tuple[int, str]] = []
        for number, text in self.parts:
            if grouped and grouped[-1][0] == number:
                grouped[-1] = (number, grouped[-1][1] + " " + text)
            else:
                grouped.append((number, text))
        return grouped

    def clear(self) -> None:
        self.parts = []


class _RowReader:
    """Reads indicator rows (tab rows and stream rows) with carried-forward levels."""

    def __init__(self, kind: PerformanceKind, header: str) -> None:
        self.kind = kind
        self.self_eval = kind == "self_evaluation"
        header_cells = [_compact(c) for c in header.split("\t")]
        self.target_column = next(
            (i for i, c in enumerate(header_cells) if "值" in c and "分值" not in c), None
        )
        self.level1_column = next(
            (i for i, c in enumerate(header_cells) if c == "一级指标"), None
        )
        # Newer templates give 指标性质 (the comparator) and 度量单位 in columns of their own.
        self.unit_column = any(c in ("度量单位", "计量单位", "单位") for c in header_cells)
        self.level1: str | None = None
        self.level2: str | None = None
        self.level2_fresh = False  # level2 was set after the last emitted indicator
        self.last_was_level1 = False  # the latest event was a 一级 name
        self.indicators: list[Indicator] = []
        self.pending = _Pending()
        self.vocab_buffer: list[tuple[int, str]] = []
        self.open_values: list[str] | None = None  # value cells after a lone target

    # -- level names --

    def set_level(self, name: str) -> None:
        is_l1 = name in LEVEL1_NAMES
        is_l2 = name in LEVEL2_NAMES
        if is_l1 and is_l2:
            # "一般性支出情况" / "成本指标" are both: right after a 一级 name it is the 二级.
            is_l1 = not (self.level1 is not None and self.last_was_level1)
        if is_l1:
            self.level1, self.level2 = name, None
            self.level2_fresh = False
            self.last_was_level1 = True
        else:
            self.level2 = name
            self.level2_fresh = True
            self.last_was_level1 = False

    def emit(self, line: int, level3: str | None, target: Target | None, **extra: object) -> None:
        self.indicators.append(Indicator(
            level1=self.level1, level2=self.level2,
            level3=_compact_cjk(level3) if level3 else None,
            target=target, line=line, **extra,  # type: ignore[arg-type]
        ))
        self.level2_fresh = False
        self.last_was_level1 = False

    # -- tab rows --

    def tab_row(self, number: int, text: str) -> None:
        self.flush_stream(end=False)
        cells = _merge_split_target(
            [c.strip() for c in text.split("\t")], self.unit_column
        )
        if not any(cells):
            return
        if self.self_eval:
            self.self_evaluation_tab_row(number, cells)
            return
        filled = [(i, c) for i, c in enumerate(cells) if c]
        target: Target | None = None
        last_index, last = filled[-1]
        before = filled[-2][1] if len(filled) > 1 else None
        candidate = parse_target(last)
        if candidate.value is not None or (
            self.target_column is not None and last_index >= self.target_column
            and before is not None and _compact(before) not in _VOCAB
        ):
            target = candidate
            filled = filled[:-1]
        self.emit_names(number, filled, target)

    def self_evaluation_tab_row(self, number: int, cells: list[str]) -> None:
        """年度指标值, 实际完成值, 分值, 得分, 偏差原因 follow the target cell in this order."""
        at = next((i for i, c in enumerate(cells) if c and parse_target(c).op), None)
        if at is None and self.target_column is not None and self.target_column < len(cells):
            at = self.target_column
        if at is None:
            self.emit_names(number, [(i, c) for i, c in enumerate(cells) if c], None)
            return
        after = [*cells[at + 1:], "", "", ""]
        target = parse_target(cells[at]) if cells[at] else None
        self.emit_names(
            number, [(i, c) for i, c in enumerate(cells[:at]) if c], target,
            actual=after[0] or None,
            weight=_decimal(after[1]) if _NUMBER.fullmatch(after[1]) else None,
            score=_decimal(after[2]) if _NUMBER.fullmatch(after[2]) else None,
            deviation_reason=" ".join(c for c in after[3:] if c) or None,
        )

    def emit_names(
        self, number: int, cells: list[tuple[int, str]], target: Target | None,
        **extra: object,
    ) -> None:
        """One row's name cells (一级, 二级, 三级 as far as present) and its values.

        ``cells`` are (column, text); the column decides only for a single level cell whose
        name does not (一般性支出情况, 成本指标, an unknown name) — seeds put 二级 names in the
        一级 column, so the name comes first.
        """
        names = [_compact_cjk(c) for _, c in cells]
        if not names:
            return
        if target is None and not extra and all(_compact(n) in _VOCAB for n in names):
            for name in names:
                self.set_level(_compact(name))  # a row holding only merged level cells
            return
        level3 = names[-1]
        levels = [_compact(n) for n in names[:-1]]
        if len(levels) >= 2:
            self.level1, self.level2 = levels[-2], levels[-1]
        elif len(levels) == 1:
            name, column = levels[0], cells[0][0]
            if name in LEVEL1_NAMES and name not in LEVEL2_NAMES:
                is_level1 = True
            elif name in LEVEL2_NAMES and name not in LEVEL1_NAMES:
                is_level1 = False
            else:
                is_level1 = column == self.level1_column
            if is_level1:
                self.level1, self.level2 = name, None
            else:
                self.level2 = name
        self.emit(number, level3, target, **extra)

    # -- stream rows --

    def stream_line(self, number: int, text: str) -> None:
        body = text.strip()
        if self.open_values is not None:
            first = body.split()[0] if body.split() else ""
            if not (first in _VOCAB or _is_vocab_prefix(first)):
                self.collect_values(number, body)
                return
            self.close_open_values()  # the next row began before all values were seen
        tail = None
        if self.self_eval:
            tail = _SELF_TAIL.search(body)
            if tail is None and _WEIGHT_SCORE.fullmatch(body):
                self.qualitative_close(number, _WEIGHT_SCORE.fullmatch(body))
                return
            lone = _TRAILING_TARGET.search(body) if tail is None else None
            if lone is not None:
                # One cell per line: 实际完成值, 分值, 得分 follow on the next lines.
                self.fragments(number, body[: lone.start()].strip())
                self.open_values = [lone.group("target")]
                return
        else:
            tail = _TRAILING_TARGET.search(body) or _OPLESS_TAIL.search(body)
            if tail is None and (self.pending.parts or self.vocab_buffer):
                tail = _OPLESS_LINE.fullmatch(body)
        if tail is not None:
            body = body[: tail.start()].strip()
        self.fragments(number, body)
        if tail is not None:
            self.quantitative_close(number, tail.groupdict())

    def collect_values(self, number: int, body: str) -> None:
        """Gather a self-evaluation row's values from the lines after a lone target."""
        assert self.open_values is not None
        self.open_values.extend(body.split())
        values = self.open_values
        if len(values) < 4:
            return
        if not (_NUMBER.fullmatch(values[2]) and _NUMBER.fullmatch(values[3])):
            # Not the expected actual/weight/score: close with the target alone, keep the rest.
            self.open_values = None
            self.quantitative_close(number, {"target": values[0]})
            self.fragments(number, " ".join(values[1:]))
            return
        self.open_values = None
        self.quantitative_close(number, {
            "target": values[0], "actual": values[1], "weight": values[2], "score": values[3],
            "dev": " ".join(values[4:]) or None,
        })

    def fragments(self, number: int, body: str) -> None:
        for fragment in body.split():
            word = "".join(t for _, t in self.vocab_buffer) + fragment
            if word in _VOCAB and not _is_vocab_prefix(word):
                first = self.vocab_buffer[0][0] if self.vocab_buffer else number
                self.vocab_buffer = []
                self.level_event(word, first)
            elif _is_vocab_prefix(word) or word in _VOCAB:
                self.vocab_buffer.append((number, fragment))
            else:
                self.release_vocab_buffer()
                self.pending.add(number, fragment)

    def release_vocab_buffer(self) -> None:
        """A partial level name that never completed is ordinary text after all."""
        if not self.vocab_buffer:
            return
        word = "".join(t for _, t in self.vocab_buffer)
        if word in _VOCAB:
            first = self.vocab_buffer[0][0]
            self.vocab_buffer = []
            self.level_event(word, first)
            return
        for number, fragment in self.vocab_buffer:
            self.pending.add(number, fragment)
        self.vocab_buffer = []

    def level_event(self, name: str, number: int) -> None:
        if self.pending.parts:
            self.flush_pending_before_level()
        if name in LEVEL2_NAMES and name == self.level2 and self.level2_fresh \
                and name not in LEVEL1_NAMES:
            # The 三级 name repeats the 二级 name ("服务对象满意度指标" twice in 003).
            self.pending.add(number, name)
            return
        self.set_level(name)

    def flush_pending_before_level(self) -> None:
        if self.self_eval and self.indicators:
            self.continue_previous([t for _, t in self.pending.lines()])
        else:
            self.emit_without_comparator()
        self.pending.clear()

    def emit_without_comparator(self) -> None:
        """A 三级 name that no quantitative target closed: a qualitative target, or none."""
        parts = self.pending.parts
        target = None
        if len(parts) >= 2 and _QUALITATIVE.fullmatch(parts[-1][1]):
            target = parse_target(parts[-1][1])
            parts = parts[:-1]
        grouped = _Pending(list(parts)).lines()
        self.emit(grouped[0][0], _join_wrapped([t for _, t in grouped]), target)

    def continue_previous(self, texts: list[str]) -> None:
        """Text after a self-evaluation row: the rest of its actual value, or 偏差原因."""
        if not texts or not self.indicators:
            return
        previous = self.indicators[-1]
        text = _join_wrapped(texts)
        actual = previous.actual
        if actual and not _is_number(actual) and not actual.endswith(("。", ".")):
            previous.actual = _join_wrapped([actual, text])
        else:
            previous.deviation_reason = _join_wrapped([previous.deviation_reason or "", text])

    def quantitative_close(self, number: int, values: dict[str, str | None]) -> None:
        """A target (with actual/weight/score in a self-evaluation) closes the pending row."""
        self.release_vocab_buffer()
        grouped = self.pending.lines()
        texts = [t for _, t in grouped]
        if self.self_eval and self.indicators:
            # Lines up to the last finished sentence belong to the previous row (偏差原因).
            last_sentence = max(
                (i for i, t in enumerate(texts) if t.rstrip().endswith("。")), default=-1
            )
            if last_sentence >= 0:
                self.continue_previous(texts[: last_sentence + 1])
                grouped = grouped[last_sentence + 1:]
                texts = texts[last_sentence + 1:]
        line = next((n for n, _ in grouped if n > 0), number)
        level3 = _join_wrapped(texts) or None
        target = parse_target(values["target"] or "")
        if self.self_eval:
            self.emit(
                line, level3, target,
                actual=values.get("actual"),
                weight=_decimal(values.get("weight")),
                score=_decimal(values.get("score")),
                deviation_reason=values.get("dev") or None,
            )
        else:
            self.emit(line, level3, target)
        self.pending.clear()

    def qualitative_close(self, number: int, match: re.Match[str]) -> None:
        """A self-evaluation row whose target and actual are prose: "10 10" closes it."""
        self.release_vocab_buffer()
        grouped = self.pending.lines()
        if not grouped:
            return
        line = grouped[0][0] if grouped[0][0] > 0 else number
        level3 = grouped[0][1]
        rest = [t for _, t in grouped[1:]]
        target_end = next(
            (i for i, t in enumerate(rest) if re.search(r"。.{0,2}$", t.strip())), None
        )
        if target_end is None:
            target_lines, actual_lines = rest, []
        else:
            target_lines, actual_lines = rest[: target_end + 1], rest[target_end + 1:]
        target_text = _join_wrapped(target_lines)
        self.emit(
            line, level3, parse_target(target_text) if target_text else None,
            actual=_join_wrapped(actual_lines) or None,
            weight=_decimal(match.group("weight")),
            score=_decimal(match.group("score")),
        )
        self.pending.clear()

    def close_open_values(self) -> None:
        """Close a row whose value cells stopped early: what is missing stays None."""
        if self.open_values is None:
            return
        values, self.open_values = self.open_values, None
        padded: list[str | None] = [*values, None, None, None]
        self.quantitative_close(0, {
            "target": padded[0], "actual": padded[1],
            "weight": padded[2] if padded[2] and _NUMBER.fullmatch(padded[2]) else None,
            "score": padded[3] if padded[3] and _NUMBER.fullmatch(padded[3]) else None,
        })

    def flush_stream(self, end: bool) -> None:
        self.close_open_values()
        self.release_vocab_buffer()
        if not self.pending.parts:
            return
        if self.self_eval and self.indicators:
            self.continue_previous([t for _, t in self.pending.lines()])
        elif end or not self.self_eval:
            self.emit_without_comparator()
        self.pending.clear()


_BARE_OP = re.compile(rf"{_OP}|" + "|".join(word for word, _ in _WORD_OPS))


def _merge_split_target(cells: list[str], unit_column: bool) -> list[str]:
    """Join a target spread over cells ("≥" | "46" | "人") back into one cell ("≥46人").

    Only the first number is considered: in a self-evaluation the numbers after it are the
    实际完成值, 分值 and 得分.
    """
    for index, cell in enumerate(cells):
        if not _NUMBER.fullmatch(cell):
            continue
        start = index - 1 if index > 0 and _BARE_OP.fullmatch(cells[index - 1]) else index
        end = index + 1
        unit = cells[end] if end < len(cells) else ""
        unit_follows = unit_column or (start < index and len(unit) <= 4)
        if unit and not re.search(r"\d", unit) and unit_follows:
            end += 1
        if end - start == 1:
            return cells  # a lone number cell: nothing was split
        return [*cells[:start], "".join(cells[start:end]), *cells[end:]]
    return cells


def _read_rows(rows: list[tuple[int, str]], header: str, kind: PerformanceKind) -> list[Indicator]:
    reader = _RowReader(kind, header)
    for number, text in rows:
        if "\t" in text.strip("\n") and text.replace("\t", "").strip():
            reader.tab_row(number, text)
        else:
            reader.stream_line(number, text)
    reader.flush_stream(end=True)
    return reader.indicators


def _total_score(chunk: list[tuple[int, str]]) -> Decimal | None:
    """The 总分值/评价总分 line of a self-evaluation: "总分值、评价总分 (S) 99.73"."""
    for _, text in chunk:
        if _compact(text).startswith(("总分值", "评价总分")):
            numbers = _numbers(text)
            return numbers[-1] if numbers else None
    return None


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(_NUM + r"%?", text.strip()))
