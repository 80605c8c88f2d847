"""Finding a row of a table by code or label: the one look-up the parser's helpers
(``checker.parse.tables.find_row``) and the rule engine (``row()``, ``cell()``) share.

Order of preference, first match wins:

1. the code, exactly ("301", "2080505");
2. the same label (comparable text: width folded, whitespace removed);
3. the same label without its enumerators ("一、", "(1)", "1.", "其中:"), so "卫生健康支出"
   finds "九、卫生健康支出";
4. a fragment of at least three characters inside a longer label ("公务接待" finds
   "公务接待费"). A shorter fragment is too common to mean one row: a bare "合计" must never
   find "人员经费合计" — when a table has no "合计" row, there is none.
"""

from __future__ import annotations

from functools import lru_cache

from checker.model.ast import Row, Table
from checker.parse.normalize import comparable
from checker.regex_cache import compile_re

_CN = "[一二三四五六七八九十]{1,3}"
# "其中:", then one of "一、" "一." "(一)" "一)" "(1)" "1、" "1.": at most two digits, so a
# code such as "301" is never taken for an enumerator.
_ENUMERATOR = compile_re(rf"^(?:其中:?)?(?:{_CN}[、.]|\(?{_CN}\)|\(\d{{1,2}}\)|\d{{1,2}}[、.])?")
MIN_FRAGMENT = 3


@lru_cache(maxsize=4096)  # every row look-up compares every label of the table
def label_key(label: str) -> str:
    """The comparable label without up to two leading enumerators ("其中:(1)公务用车购置费")."""
    key = comparable(label)
    for _ in range(2):
        key = _ENUMERATOR.sub("", key, count=1)
    return key


def find_row(table: Table, label: str | None = None, *, code: str | None = None,
             group: str | None = None) -> Row | None:
    """The best row for ``label`` among the rows with this ``code`` and ``group`` (each only
    when given); without a label, the first such row."""
    rows = [r for r in table.rows
            if (code is None or r.code == code)
            and (group is None or comparable(r.group or "") == comparable(group))]
    if label is None:
        return rows[0] if rows else None
    wanted = comparable(label)
    for row in rows:
        if row.code and row.code == wanted:
            return row
    for row in rows:
        if comparable(row.label) == wanted:
            return row
    key = label_key(label)
    for row in rows:
        if label_key(row.label) == key:
            return row
    if len(key) >= MIN_FRAGMENT:
        for row in rows:
            if key in label_key(row.label):
                return row
    return None
