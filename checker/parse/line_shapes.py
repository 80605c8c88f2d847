"""What one line looks like on its own: a numbered heading, a table or performance-table title,
a heading-shaped title. The lexer's state machine (``checker.parse.lexer``) asks these
questions of every line, so each answers from a cheap look at the line's ends first and runs
its patterns only on a line that passes it."""

from __future__ import annotations

from itertools import product

from checker.parse.normalize import cn_number
from checker.regex_cache import compile_re

# Heading token types: terminals of grammars/disclosure.lark (the lexer emits them).
PART = "PART"
SECTION = "SECTION"
SUB1 = "SUB1"
SUB2 = "SUB2"

PART_RE = compile_re(r"第\s*([一二三四五六七八九十]{1,3})\s*部分\s*[:：]?\s*(.*)")
SECTION_RE = compile_re(r"([一二三四五六七八九十]{1,3})\s*、\s*(.*)")
SUB1_RE = compile_re(r"\(\s*([一二三四五六七八九十]{1,3})\s*\)\s*(.*)")
SUB2_RE = compile_re(r"(\d{1,2})\s*[.、](?!\d)\s*(.*)")
SENTENCE_PUNCT_RE = compile_re(r"[。，；：;:!?！？、]")
YEAR_RE = compile_re(r"\d{4}\s*年度?")
_NUMERALS = frozenset("一二三四五六七八九十")
# Three digits in a row or digits around a point ("\d{3,}|\d+\.\d+" found the same places),
# written to start with one digit: the engine skips to a digit instead of trying both
# alternatives at every character.
_AMOUNTISH = compile_re(r"\d(?:\d\d|\.\d)")
_TABLE_WORDS = compile_re(r"(收支|收入|支出|三公|经济分类|财政拨款|决算总表|预算总表|政府采购)")
# Shanghai's project tables are 财政项目支出绩效目标填报表.
_PERF_TITLE_END = ("绩效目标表", "绩效自评表", "自评表", "绩效目标申报表", "绩效目标填报表")
# "详见单位的项目绩效目标表": a sentence pointing elsewhere, not a title.
_REFERENCE = ("详见", "参见", "见")
_MAX_HEADING = 34
# Jiangsu suffixes the kind of classification: "财政拨款支出预算表（功能科目）".
_TITLE_SUFFIX = compile_re(r"[(（][^()（）]{1,8}[)）]$")
_TABLE_TITLE_LAST = ("表", ")", "）")  # the last character a table title can have
_WHITE = compile_re(r"\s")
_CORE_JUNK = compile_re(r"[\s#*]")
# The first characters a numbered heading can start with besides a decimal digit (SUB2):
# ``line_heading`` gives None for any other line, so a caller may skip asking it.
HEADING_FIRST = frozenset("第(") | _NUMERALS
# The last characters of a table or performance-table title (``is_table_title``,
# ``is_perf_title``): both are False for a line ending otherwise.
TITLE_LAST = frozenset(_TABLE_TITLE_LAST)
# The value of every numeral the heading patterns accept (one to three of 一…十), so a
# heading's number is one look-up: the same values ``cn_number`` gives.
_NUMERAL_VALUES = {"".join(chars): cn_number("".join(chars))
                   for size in (1, 2, 3) for chars in product(sorted(_NUMERALS), repeat=size)}


def heading_like(title: str) -> bool:
    """A heading is short and has no sentence punctuation, codes or amounts."""
    compact = title.replace(" ", "")
    # "2025年度单位预算表" is a heading, 2080109 is not: amounts are looked for with the years
    # removed, and only in a title showing one with them (a year starts with four digits, so
    # an amount that removing it brings together was one before: "12024年3" holds "12024").
    return (len(compact) <= _MAX_HEADING and not SENTENCE_PUNCT_RE.search(compact)
            and not (_AMOUNTISH.search(compact) and _AMOUNTISH.search(YEAR_RE.sub("", compact)))
            and "\t" not in title.strip())


def table_core(text: str) -> str:
    """A table title without marker, year and spaces, to recognise its repetitions."""
    core = text.strip()
    for pattern in (SECTION_RE, SUB2_RE):
        match = pattern.fullmatch(core)
        if match:
            core = match.group(2)
    core = YEAR_RE.sub("", core)
    return _CORE_JUNK.sub("", core)


def is_table_title(title: str) -> bool:
    # Spaces and other white space removed, a title's last character is the line's last
    # non-space one: a line not ending in 表 (or a bracketed suffix) is no title, and most
    # lines are ruled out here.
    if title.rstrip()[-1:] not in _TABLE_TITLE_LAST:
        return False
    compact = _TITLE_SUFFIX.sub("", title.replace(" ", "").strip())
    # A title may list its items with 、 (Jiangsu: "“三公”经费、会议费、培训费支出预算表").
    return (compact.endswith("表") and bool(_TABLE_WORDS.search(compact))
            and "绩效" not in compact and heading_like(compact.replace("、", "")))


def is_perf_title(text: str) -> bool:
    # Every ending in _PERF_TITLE_END ends in 表, and white space removed the text ends in its
    # last non-space character.
    if not text.rstrip().endswith("表"):
        return False
    compact = _WHITE.sub("", text)
    return (compact.endswith(_PERF_TITLE_END) and len(compact) <= 60 and "。" not in compact
            and not compact.startswith(_REFERENCE)
            and not SECTION_RE.fullmatch(compact) and not SUB2_RE.fullmatch(compact)
            and not SUB1_RE.fullmatch(compact))


def line_heading(text: str) -> tuple[str, str, int | None, str] | None:
    """(type, marker, number, title) when ``text`` has the shape of a numbered heading.

    The four shapes start with different characters (第, a numeral, "(", a digit), so the
    first character says which one pattern can match."""
    first = text[:1]
    if first == "第":
        match = PART_RE.fullmatch(text)
        if match:
            numeral, title = match.groups()
            return PART, f"第{numeral}部分", _NUMERAL_VALUES[numeral], title.strip()
        return None
    if first in _NUMERALS:
        match = SECTION_RE.fullmatch(text)
        if match:
            numeral, title = match.groups()
            return SECTION, f"{numeral}、", _NUMERAL_VALUES[numeral], title.strip()
        return None
    if first == "(":
        match = SUB1_RE.fullmatch(text)
        if match:
            numeral, title = match.groups()
            return SUB1, f"({numeral})", _NUMERAL_VALUES[numeral], title.strip()
        return None
    if not first.isdecimal():  # SUB2_RE's ``\d`` is a decimal digit (category Nd)
        return None
    match = SUB2_RE.fullmatch(text)
    if match:
        return SUB2, f"{match.group(1)}.", int(match.group(1)), match.group(2).strip()
    return None
