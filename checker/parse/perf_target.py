"""Performance tables: the vocabularies of indicator levels, labels and patterns, and the
parsing of one target value ("≥46 人" → ≥, 46, 人). Part of ``checker.parse.performance``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from checker.model.ast import Target
from checker.parse.normalize import fold_width, parse_amount
from checker.regex_cache import compile_re

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
# Every proper beginning of a level name, "" included: a wrapped name's first pieces.
_VOCAB_PREFIXES = frozenset(name[:end] for name in _VOCAB for end in range(len(name)))


def _is_vocab_prefix(text: str) -> bool:
    """``text`` begins a level name without being all of it."""
    return text in _VOCAB_PREFIXES

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

# Longest first, so "大于等于" is not read as "大于"; a text starting with none of their first
# characters is not searched.
_WORD_OPS_LONGEST_FIRST = tuple(sorted(_WORD_OPS, key=lambda pair: -len(pair[0])))
_WORD_OP_FIRST = frozenset(word[0] for word, _ in _WORD_OPS)
_DIGIT_AHEAD = compile_re(r"\s*\d")
_DIGIT = compile_re(r"\d")
_UNIT_PROSE = compile_re(r"[，,。；;]")
_NUMBER_PERCENT = compile_re(_NUM + r"%?")
_TARGET_FULL = compile_re(rf"(?P<op>{_OP})?\s*(?P<num>{_NUM})\s*(?P<unit>.*)", re.S)
# A target at the end of a stream line: "服务站工作人员人数 ≥46 人". A comparator is required,
# because an op-less number at a line end is as likely part of a name ("12345 诉求件").
_TRAILING_TARGET = compile_re(rf"(?P<target>{_OP}\s*{_NUM}(?:\s*{_UNIT})?)\s*$")
# Self-evaluation row tail: target, actual, weight (分值), score (得分), optionally the start
# of the deviation reason: "≥4000 人 5497 20 20", "≥520 台 506 10 9.73".
_SELF_TAIL = compile_re(
    rf"(?P<target>{_OP}\s*{_NUM}(?:\s*{_UNIT})?)\s+(?P<actual>\S+)\s+"
    rf"(?P<weight>{_NUM})\s+(?P<score>{_NUM})(?:\s+(?P<dev>[^\d\s].*?))?\s*$"
)
# Without a comparator a number is a target only where it cannot be part of a name: a whole
# line of number and measure unit ("46 人", "100%"), or a percentage ending a line.
_MEASURE = (
    r"(?:%|‰|[万亿千百]?(?:元|人次|人|户|次|个|家|册|台|项|份|件|天|日|小时|月|年|起|所|套|"
    r"辆|篇|期|场|批|卷|条|平方米|公里|吨)(?:\s*/\s*[^\s\d]{1,3})?)"
)
_OPLESS_LINE = compile_re(rf"(?P<target>{_NUM}\s*{_MEASURE})")
_OPLESS_TAIL = compile_re(rf"\s(?P<target>{_NUM}\s*%)\s*$")
# Qualitative targets of target tables ("有效提升", "好", "达到预期"), told apart from the last
# piece of a wrapped 三级 name only by their wording.
_QUALITATIVE = compile_re(
    r"(?:有效|明显|显著|逐步|稳步|持续|进一步|不断|大幅|基本|全面|按时|按期|及时)?"
    r"(?:提升|提高|改善|增强|加强|降低|减少|下降|保障|达标|合格|完成|实现|规范|稳定|好转|"
    r"到位|落实)|好|较好|良好|优|优秀|是|否|高|较高|达到预期|符合预期|符合要求|符合标准|"
    r"有效|明显|显著"
)
# A qualitative self-evaluation row closes with its weight and score alone: "10 10".
_WEIGHT_SCORE = compile_re(rf"\s*(?P<weight>{_NUM})\s+(?P<score>{_NUM})\s*")
_NUMBER = compile_re(_NUM)

_HEADING = compile_re(
    r"^\s*(?:\d{1,2}\s*[.、](?!\d)|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|"
    r"第[一二三四五六七八九十]+部分)"
)
_YEAR_NOTE = compile_re(r"^[(（]\s*\d{4}\s*年度?\s*[)）]$")
_CJK = r"[\u3400-\u9fff\uf900-\ufaff（）()、，“”]"
_CJK_SPACE = compile_re(rf"(?<={_CJK})\s+(?={_CJK})")
_TAGS = compile_re(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")

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
_GOAL_TAIL = compile_re(r"(年度)?绩效(目标)?指标?$")


# --- public API ---------------------------------------------------------------------------


def parse_target(raw: str) -> Target:
    """Parse one 指标值: "≥46 人" → (≥, 46, 人); "100%" → (None, 100, %); "好" → (None, None, None).

    "90%以上"/"以内"/"以下" give ≥/≤ when no comparator is written.
    """
    text = fold_width(raw).strip()
    word_op = None
    if text[:1] in _WORD_OP_FIRST:
        for word, symbol in _WORD_OPS_LONGEST_FIRST:
            if text.startswith(word) and _DIGIT_AHEAD.match(text, len(word)):
                word_op, text = symbol, text[len(word):].strip()
                break
    match = _TARGET_FULL.fullmatch(text)
    if not match:
        return Target(raw=raw.strip(), op=None, value=None, unit=None)
    op = match.group("op")
    op = _OP_MAP.get(op, op) if op else word_op
    unit = "".join(match.group("unit").split())  # white space removed (as ``\s+``)
    # Shanghai's template writes the unit in brackets: "≥13459.00(平方米)", "=100.00(%)".
    if unit[:1] in "(（":  # (the pattern's first character: other units are left as they are)
        unit = _BRACKETED.sub(r"\1", unit)
    if op is None and (len(unit) > 6 or _UNIT_PROSE.search(unit)):
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


_BRACKETED = compile_re(r"^[(（]([^()（）]+)[)）]$")
_BARE_OP = compile_re(rf"{_OP}|" + "|".join(word for word, _ in _WORD_OPS))


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
        if unit and not _DIGIT.search(unit) and unit_follows:
            end += 1
        if end - start == 1:
            return cells  # a lone number cell: nothing was split
        return [*cells[:start], "".join(cells[start:end]), *cells[end:]]
    return cells


_decimal = parse_amount  # the one amount parser


def _is_number(text: str) -> bool:
    return bool(_NUMBER_PERCENT.fullmatch(text.strip()))
