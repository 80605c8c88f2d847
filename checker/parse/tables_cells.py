"""Table text basics: folding, labels, cell values, titles and their numbers, and the
furniture of a table block (units, notes, page numbers, column numbers).

Part of the table reader (``checker.parse.tables``)."""

from __future__ import annotations

from decimal import Decimal

from checker.parse.normalize import _AMOUNTS, _AMOUNTS_KEPT, _FOLD, _FOLDABLE, cn_number
from checker.regex_cache import compile_re

_TAG_RE = compile_re(r"</?[A-Za-z][^>]*>")
_CJK = r"\u3400-\u9fff\u3000-\u303f\u201c\u201d\u2018\u2019"
# A space next to a CJK character is an artefact of wrapping or of letter-spaced headings
# ("社会保障和就业支 出", "项    目"), never meaningful inside a label.
_CJK_SPACE_RE = compile_re(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_SPACE_RE = compile_re(r"\s")
# What ``_clean_label`` changes a label for: white space, "#", "*", a tag's "<" or a character
# to fold. A label with none of them is clean as it stands.
# (one character class, the union of the two: one C-level test per character)
_PLAIN_LABEL_RE = compile_re(r"[\s#*<" + _FOLDABLE.pattern[1:])


def _fold(text: str) -> str:
    # ``fold_width`` inlined: this runs for every line and label the table readers touch
    # (tests/test_tables_fast.py holds the two together)
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
    # Line text comes folded and untagged already: the tag pass only where a tag may be.
    return _TAG_RE.sub("", folded) if "<" in folded else folded


def _clean_label(text: str) -> str:
    if _PLAIN_LABEL_RE.search(text) is None:
        return text  # (most labels: nothing to fold, strip, unbold or unspace)
    text = _fold(text).strip().strip("#").strip()
    if "**" in text:
        text = text.replace("**", "")
    # (most labels hold no space at all: nothing to remove, nothing to strip)
    return _CJK_SPACE_RE.sub("", text).strip() if _SPACE_RE.search(text) else text


def _compact(text: str) -> str:
    """Whitespace-free folded form used for every comparison of labels and headers."""
    # ``str.split()`` splits at exactly the characters ``\s`` matches (both use
    # ``str.isspace``) and costs a fraction of a regex substitution on these short texts.
    return "".join(_fold(text).split()).replace("**", "")


def _compact_folded(text: str) -> str:
    """``_compact`` of a text that ``_fold`` gave (or a piece of one): folding it again changes
    nothing unless a tag is left (removing one tag can bring another to light)."""
    if "<" in text:
        return _compact(text)
    text = "".join(text.split())
    return text.replace("**", "") if "**" in text else text


# ---------------------------------------------------------------------------------------------
# Numbers and codes
# ---------------------------------------------------------------------------------------------

# "12.5%" is an amount too (增减率 columns): its cell must not be read as label text.
_NUM_BODY = r"[-+\u2212]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)%?"
_NUM_RE = compile_re(rf"^{_NUM_BODY}$")
# Dashes and slashes stand for "no amount" in published tables.
_NULL_CELLS = frozenset({"-", "--", "—", "——", "－", "/", "\u2013", "\u2212"})
_CODE_RE = compile_re(r"^(?:\d{3}|\d{5}|\d{7})$")
# A label cell that carries its own code: "2080501-行政单位离退休", "301 工资福利支出".
_CODE_IN_LABEL_RE = compile_re(r"^(\d{7}|\d{5}|\d{3})\s*[-—_:：]?\s*(?=[^\d\s.,])(.+)$")


def _is_number(cell: str) -> bool:
    return bool(_NUM_RE.match(cell))


def parse_cell(cell: str) -> Decimal | None:
    """A table cell to an exact amount: blank or dash → None, "103,349.96" → 103349.96.

    Text that is not an amount also gives None: a cell is a value or it is nothing.
    """
    cell = _fold(cell).strip()
    if not cell or cell in _NULL_CELLS or not _is_number(cell):
        return None
    return number_value(cell)


def number_value(cell: str) -> Decimal | None:
    """The amount of a folded, stripped cell that ``_NUM_RE`` matched: what ``parse_amount``
    gives for it, without its second fold and its regexes (this runs once per amount cell).
    A trailing "%" is dropped; ".5" (no integer part) is no amount for ``parse_amount``.

    The ``Decimal`` comes from ``parse_amount``'s memo (one object per distinct amount text,
    for the memory of large documents), filled the same way: keyed by the cleaned text."""
    value = _AMOUNTS.get(cell)  # (a plain "1234.56" is its own key)
    if value is not None:
        return value
    text = cell.replace(",", "") if "," in cell else cell
    if text[-1] == "%":
        text = text[:-1]
    if text[0] in "-+\u2212":
        if text[0] == "\u2212":
            text = "-" + text[1:]
        if text[1] == ".":
            return None
    elif text[0] == ".":
        return None
    value = _AMOUNTS.get(text)
    if value is None:
        value = Decimal(text)
        if len(_AMOUNTS) >= _AMOUNTS_KEPT:
            _AMOUNTS.clear()
        _AMOUNTS[text] = value
    return value


_ENUM_TITLE_RE = compile_re(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.]\s*")
_FORM_RE = compile_re(r"公开\s*0*(\d{1,2})\s*表")
_TITLE_UNIT_RE = compile_re(
    r"\s*[(（]?\s*(?:金额)?单位\s*[:：]\s*(?:万元|千元|亿元|元)\s*[)）]?\s*$"
)
_ARABIC_TITLE_RE = compile_re(r"^\s*(?:表\s*)?(\d{1,2})\s*[、.]\s*(?=\D)")


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

_UNIT_RE = compile_re(r"(?:金额)?单位\s*[:：]\s*(万元|千元|亿元|元)\s*$")
_NOTE_RE = compile_re(r"^\s*(?:备注|注|说明)\s*(?:[:：]|\d|$)")
_NOTE_ITEM_RE = compile_re(r"^\s*\d{1,2}\s*[.、]\s*\D")
_PAGE_RE = compile_re(r"^\s*[-—–]?\s*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?\s*[-—–]?\s*$")
_YEAR_PREFIX_RE = compile_re(r"^\d{4}年度?")
_ENUM_LABEL_RE = compile_re(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十]{1,3}\)|\(\d{1,2}\)|\d{1,2}[、.]"
    r"|其中)"
)
_TOTAL_RE = compile_re(r"^(?:[类款项\s]*)(?:合计|总计|小计|本年.{0,6}合计|.{0,8}合计$)")
_COLNUM_LEAD_RE = compile_re(r"^(?:栏次|行次)")


def _is_column_numbers(tokens: list[str]) -> bool:
    """ "1 2 3 4 5" or "栏次 1 2 3": the column-number line under a header."""
    # ``isdecimal``, not ``isdigit``: "①" and "²" are digits to ``isdigit`` but no number
    # to ``int`` (a row "①→②" stopped the whole parse)
    if not tokens or not tokens[-1].isdecimal():
        return False  # (most lines: the last token is no number)
    if _COLNUM_LEAD_RE.match(tokens[0]):
        tokens = tokens[1:]
    if len(tokens) < 2 or not all(t.isdecimal() for t in tokens):
        return False
    return [int(t) for t in tokens] == list(range(int(tokens[0]), int(tokens[0]) + len(tokens)))


_DIGIT_RE = compile_re(r"\d")
# A 类 code: the first part of a code printed over 类/款/项 cells ("201" "06" "01").
_CLASS_CODE_RE = compile_re(r"\d{3}")


def _is_repeated_title(text: str, title: str) -> bool:
    compact = _YEAR_PREFIX_RE.sub("", _compact(text).lstrip("#"))
    target = _compact(title)
    return bool(target) and (compact == target or (compact.endswith(target)
                                                   and len(compact) - len(target) <= 12
                                                   and not _DIGIT_RE.search(compact)))


_CODE_PART_RE = compile_re(r"^\d{2}$")


def _join_code_parts(cells: list[str]) -> list[tuple[str, int]]:
    """Merge a code printed in 类/款/项 columns ("201", "06", "01", "行政运行") into one cell
    ("2010601"). Returns (cell, index of its first part) pairs."""
    out: list[tuple[str, int]] = []
    k = 0
    while k < len(cells):
        cell = cells[k]
        if len(cell) == 3 and _CLASS_CODE_RE.fullmatch(cell):
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

