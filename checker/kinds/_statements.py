"""What the statement kinds share: the statements of a document (with a pack's phrasings),
rounding ranges of printed figures, direction words, evidence, and finding a statement's
table row by code or by its 类/款/项 names."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.kinds._context import Context, fmt, norm
from checker.model.ast import Row, Statement, Table
from checker.model.results import Evidence
from checker.parse.lookup import label_key

UP = ("增加", "增长", "净增加", "上升", "提高", "增幅")
DOWN = ("减少", "下降", "降低", "净减少", "降幅", "减幅")
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)


def statements(ctx: Context, families: list[str] | None = None) -> list[Statement]:
    """The document's statements (re-read with the pack's phrasings when it adds some)."""
    found = ctx.statements()
    return [s for s in found if not families or s.family in families]


def sign(word: str | None) -> int:
    """+1 for an increase word, -1 for a decrease word, 0 otherwise (增幅 alone says nothing
    about the direction, but is read with the amount's own word)."""
    if not word:
        return 0
    if word in ("增幅", "降幅", "减幅"):
        return 0
    return 1 if word in UP else -1 if word in DOWN else 0


def half_ulp(value: Decimal) -> Decimal:
    """Half of the last printed digit: a figure printed as 11.67 lies in [11.665, 11.675]."""
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(int(exponent) - 1) if isinstance(exponent, int) else Decimal(0)


def ratio_range(top: Decimal, bottom: Decimal) -> tuple[Decimal, Decimal] | None:
    """100·top/bottom over every rounding of the two printed figures; None when the bottom
    may be zero (nothing can be said)."""
    ht, hb = half_ulp(top), half_ulp(bottom)
    low_bottom = bottom - hb
    if low_bottom <= 0:
        return None
    candidates = [max(top + dt, Decimal(0)) / (bottom + db) * HUNDRED
                  for dt in (-ht, ht) for db in (-hb, hb)]
    return min(candidates), max(candidates)


def change_range(new: Decimal, base: Decimal) -> tuple[Decimal, Decimal] | None:
    """100·|new − base|/base over every rounding of the printed figures."""
    hn, hb = half_ulp(new), half_ulp(base)
    if base - hb <= 0:
        return None
    candidates = [abs((new + dn) - (base + db)) / (base + db) * HUNDRED
                  for dn in (-hn, hn) for db in (-hb, hb)]
    low = min(candidates)
    # the difference may cross zero within rounding: then 0 % is possible too
    if (new - hn) <= (base + hb) and (new + hn) >= (base - hb):
        low = Decimal(0)
    return low, max(candidates)


def within(value: Decimal, span: tuple[Decimal, Decimal], slack: Decimal) -> bool:
    return span[0] - slack <= value <= span[1] + slack


def middle(span: tuple[Decimal, Decimal]) -> Decimal:
    return ((span[0] + span[1]) / 2).quantize(Decimal("0.01"))


def evidence(ctx: Context, statement: Statement, *, expected: Any = None,
             found: Any = None) -> Evidence:
    return Evidence(statement.line, _evidence_text(ctx, statement),  # (positional: faster)
                    None if expected is None else fmt(expected),
                    None if found is None else fmt(found))


def _evidence_text(ctx: Context, statement: Statement) -> str:
    """The statement's line, at most 200 characters. One slice per line, shared by all the
    line's statements: a copy per statement was most of the memory of a long line holding
    thousands of them (issue #14)."""
    line = ctx.raw_line(statement.line)
    if not line:
        return statement.text[:200]
    if len(line) <= 200:
        return line
    memo = ctx.__dict__.setdefault("_evidence_memo", {})
    if statement.line not in memo:
        memo[statement.line] = line[:200]
    return memo[statement.line]  # type: ignore[no-any-return]


def subject_text(statement: Statement, owner: Statement | None = None) -> str:
    subject = statement.subject or (owner.subject if owner else {})
    if subject.get("code"):
        return f"{subject['code']} {subject.get('name', '')}".strip()
    names = [subject.get(k) for k in ("class", "kuan", "name") if subject.get(k)]
    return "/".join(n for n in names if n) or statement.text[:30]


# ---------------------------------------------------------------- table rows of a subject
_VARIANTS = str.maketrans({"它": "他"})


def _name(text: str) -> str:
    name = norm(text).translate(_VARIANTS)
    name = re.sub(r"^(?:\d+|[一二三四五六七八九十]+)[、.]", "", name)
    return re.sub(r"\((?:类|款|项)\)$", "", name)


def _same(label: str, wanted: str) -> bool:
    a, b = _name(label), _name(wanted)
    if not a or not b:
        return False
    # "机关事业单位基本养老保险缴费" (text) names the row "…缴费支出" (table)
    return a == b or a.removesuffix("支出") == b.removesuffix("支出")


def subject_row(table: Table, subject: dict[str, str]) -> tuple[Row | None, str]:
    """The row a statement's subject names, and why not when there is none. A code decides
    alone; names must lead down the 类 → 款 → 项 chain of codes, so a 项 name repeated under
    several 款 ("行政运行") is never matched to the wrong one."""
    code = subject.get("code")
    if code:
        rows = [r for r in table.rows if r.code == code]
        return (rows[0], "") if rows else (None, f"科目编码 {code} 不在{table.title}中")
    wanted = [subject[k] for k in ("class", "kuan", "name") if subject.get(k)]
    if not wanted:
        return None, "陈述未指明科目"
    coded = [r for r in table.rows if r.code and r.code.isdigit()]
    if not coded:
        matches = [r for r in table.rows if _same(r.label, wanted[-1])]
        if len(matches) == 1:
            return matches[0], ""
        return None, f"{table.title}无科目编码，且“{wanted[-1]}”不唯一或不存在"
    lengths = {"class": 3, "kuan": 5, "name": 7}
    keys = [k for k in ("class", "kuan", "name") if subject.get(k)]
    prefix = ""
    row: Row | None = None
    for key in keys:
        size = lengths[key]
        candidates = [r for r in coded if len(r.code or "") == size
                      and (r.code or "").startswith(prefix) and _same(r.label, subject[key])]
        codes = {r.code for r in candidates}
        if len(codes) != 1:
            found = "不唯一" if codes else "未找到"
            return None, f"{table.title}中“{subject[key]}”{found}"
        row = candidates[0]
        prefix = row.code or ""
    return row, ""


def to_text_unit(value: Decimal, table: Table) -> Decimal:
    """A table cell in the text's unit (万元): tables printed in 元 are divided by 10 000."""
    unit = norm(table.unit_of_measure or "")
    if unit == "元":
        return value / TEN_THOUSAND
    return value


def strict_rows(table: Table, key: str, *, keep_blank: bool = False) -> list[Row]:
    """Rows named ``key`` (a code, or a whole label; ``"收入:总计"`` in the 收入 group of a
    side-by-side table) that hold a figure: a header repeated on a continuation page, with
    every cell blank, is no row of data. Never a label fragment."""
    group = None
    if ":" in key:
        group, key = key.split(":", 1)
        if not table.groups:
            group = None
    index = _row_index(table)
    # the rows whose code is the key or whose label is, in table order
    at = index.by_label.get(label_key(key), ())
    coded = index.by_code.get(norm(key), ())
    if coded:
        at = sorted({*at, *coded})
    wanted_group = None if group is None else norm(group)
    rows = table.rows
    return [rows[i] for i in at
            if (wanted_group is None or index.groups[i] == wanted_group)
            and (keep_blank or any(v is not None for v in rows[i].values))]


@dataclass
class _RowIndex:
    """A table's rows by label key and by code (positions), and each row's group."""

    rows: list[Row]
    size: int
    by_label: dict[str, list[int]]
    by_code: dict[str, list[int]]
    groups: list[str]


# id(table) → its index, dropped when the table is (a rule asks a table for rows by name a
# score of times per document; each scan normalised every label: issue #12).
_ROW_INDEXES: dict[int, tuple[weakref.ref[Table], _RowIndex]] = {}


def _row_index(table: Table) -> _RowIndex:
    key = id(table)
    entry = _ROW_INDEXES.get(key)
    if entry is not None and entry[0]() is table:
        index = entry[1]
        if index.rows is table.rows and index.size == len(table.rows):
            return index
    by_label: dict[str, list[int]] = {}
    by_code: dict[str, list[int]] = {}
    for position, row in enumerate(table.rows):
        by_label.setdefault(label_key(row.label), []).append(position)
        if row.code is not None:
            by_code.setdefault(row.code, []).append(position)
    index = _RowIndex(table.rows, len(table.rows), by_label, by_code,
                      [norm(r.group or "") for r in table.rows])
    _ROW_INDEXES[key] = (weakref.ref(table, lambda _gone: _ROW_INDEXES.pop(key, None)), index)
    return index
