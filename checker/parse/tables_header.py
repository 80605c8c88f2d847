"""Table headers: the column vocabulary, column groups side by side (收入 | 支出) and their
names, and the names of the value columns.

Part of the table reader (``checker.parse.tables``)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from checker.parse.tables_cells import _clean_label, _compact
from checker.regex_cache import compile_re

# ---------------------------------------------------------------------------------------------
# Header vocabulary: multi-line, letter-spaced headers are read by longest match
# ---------------------------------------------------------------------------------------------

if TYPE_CHECKING:
    from checker.parse.tables_positional import _Segment

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


# The vocabulary as one alternation, longest word first: ``re`` tries alternatives in order,
# so a match at a position is the word the greedy reading picks there (one C-level try per
# position instead of a ``startswith`` per word).
_VOCAB_RE = compile_re("|".join(re.escape(word) for word, _ in _VOCAB))
_VOCAB_KIND: dict[str, str] = {}
for _word, _kind in _VOCAB:
    _VOCAB_KIND.setdefault(_word, _kind)


@lru_cache(maxsize=1024)
def _header_words(text: str) -> tuple[tuple[str, str], ...]:
    """Greedy longest-match reading of a header text into (word, kind); unknown runs are kept.

    Cached: header cells repeat over every row test and every document of a template, and
    their texts are few (the bound keeps a batch's memory flat)."""
    compact = _compact(text)
    words: list[tuple[str, str]] = []
    unknown = ""
    i = 0
    while i < len(compact):
        match = _VOCAB_RE.match(compact, i)
        if match:
            word = match.group()
            if unknown:
                words.append((unknown, "unknown"))
                unknown = ""
            words.append((word, _VOCAB_KIND[word]))
            i += len(word)
        else:
            unknown += compact[i]
            i += 1
    if unknown:
        words.append((unknown, "unknown"))
    return tuple(words)


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


_GROUP_WORD_RE = compile_re("|".join(_GROUP_WORDS))


def _group_titles(header_texts: list[str]) -> list[str]:
    """The group titles of header lines made of nothing but titles ("收入→→支出→")."""
    titles: list[str] = []
    for text in header_texts:
        compact = _compact(text)
        found = _GROUP_WORD_RE.findall(compact)
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
# Value-column names
# ---------------------------------------------------------------------------------------------

_SUB_HEADER_RE = compile_re(r"其中[:：]?")


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
                if cell and not _SUB_HEADER_RE.fullmatch(cell) and cell not in _GROUP_WORDS:
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
