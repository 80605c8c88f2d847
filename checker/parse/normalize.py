"""Per-line clean-up: make every extraction layout comparable, keep the original for evidence.

``normalize_text`` turns a decoded text into ``Line`` objects: ``text`` is comparable text
(full-width folded, HTML tags, Markdown heading/bold/list/pipe syntax stripped), ``raw`` is the
line as it stood in the file. Page-number-only lines and running headers are dropped (their
line numbers simply do not occur); blank lines are kept as ``Line``s with empty text because
some layouts use them as paragraph breaks and others do not, and only the structure step can
tell which.

``parse_amount`` is the one shared reader of numeric cells and amounts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import compress, repeat
from operator import is_not

from checker.model.ast import Line
from checker.regex_cache import compile_re

# Full-width ASCII (U+FF01..U+FF5E) folds to ASCII, except the sentence punctuation of
# Chinese prose: keeping "，" apart from "," keeps sentence commas apart from thousands
# separators ("103,349.96"), and "：；！？" read as prose, not as data. "、", "“”", "。",
# "《》" are outside that block and stay as they are.
_KEEP_FULL_WIDTH = frozenset("，：；！？")
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL_WIDTH}
_FOLD.update({
    0x3000: 0x20,  # ideographic space
    0x00A0: 0x20,  # no-break space
    0x2267: ord("≥"),  # ≧ as used in "优（S≧90）"
    0x2266: ord("≤"),  # ≦
    0x2212: ord("-"),  # minus sign
    0x200B: None,  # zero-width space
    0xFEFF: None,  # stray BOM inside the text
})

_HTML_TAG = compile_re(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MD_HEADING = compile_re(r"^\s*#{1,6}\s*")
_MD_BULLET = compile_re(r"^\s*[-*+]\s+(?=\S)")
_MD_BOLD = compile_re(r"\*\*|__")
# A character some Markdown syntax needs (``_markdown`` does nothing to a line without one).
_MD_CHAR = compile_re(r"[#|*_+-]")
_MD_TABLE_RULE = compile_re(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# "- 3 -" or "第 3 页 共 20 页", as one alternation (a full match of either).
_PAGE_FORM = compile_re(r"[-—–]\s*\d{1,4}\s*[-—–]"
                        r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?")
_BARE_NUMBER = compile_re(r"\d{1,3}")
# What a page-number line must start with (``_PAGE_FORM``), stripped or not: a pre-check.
_PAGE_FIRST = frozenset("-—–第")
_PAGE_START = compile_re(r"\s*[-—–第]")
_CJK_START = compile_re(r"[\u4e00-\u9fff]")
_HEADER_WORDS = compile_re(r"(预算|决算)")
_AMOUNT = compile_re(r"[-+]?\d+(\.\d+)?")
_UNIT_SUFFIX = compile_re(r"(万元|元|%)$")
_EMPTY_CELL = frozenset({"", "-", "—", "–", "--", "——", "/", "*"})


# ``str.translate`` with a dict costs a look-up per character, and most lines (and every
# line folded a second time) hold nothing to fold: a C-level search decides first.
_FOLDABLE = compile_re("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")
# A character of Markdown syntax (``_MD_CHAR``) or one that folds to one ("＃", "－", "−"): a
# line whose folded form holds Markdown syntax holds one of these before folding.
# A line needing more than splitting (see ``normalize_columns``) holds one of these: a
# character to fold, one of Markdown syntax ("#|*_+-") or folding to one ("＃", "－", "−"), the
# start of a tag or entity.
_TO_CLEAN = compile_re("[" + re.escape("".join(sorted({
    *map(chr, _FOLD), *"#|*_+-", "<", "&"}))) + "]")


def fold_width(text: str) -> str:
    """Fold full-width digits, letters, brackets and symbols to half-width (see ``_FOLD``)."""
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text


_SPACE = compile_re(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


@lru_cache(maxsize=4096)
def comparable(text: str) -> str:
    """Text as rule patterns see it: full-width folded (NFKC), quotes unified, all
    whitespace and ``*`` removed. Cached: labels, aliases and lines are compared over and
    over (about ten calls per distinct text); the bound keeps a batch's memory flat."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
                      ).replace("*", "")


def clean_line(raw: str) -> str:
    """The comparable text of one raw line (no page-number or header decisions here)."""
    return _markdown(_folded(raw))


def _folded(raw: str) -> str:
    """The line without "\r", HTML tags and entities, full-width folded."""
    text = raw.replace("\r", "")
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    if "&" in text:
        import html  # loaded (with its entity table) only for a line holding "&"

        text = html.unescape(text)
    return fold_width(text)


def _markdown(text: str) -> str:
    """``text`` (folded) without Markdown heading, pipe-table, bold and bullet syntax. Each
    pattern runs only on a line holding a character it needs: most lines hold none."""
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    if "|" in text:
        text = _pipe_row(text)
    if "**" in text or "__" in text:
        text = _MD_BOLD.sub("", text)
    if "-" in text or "*" in text or "+" in text:
        text = _MD_BULLET.sub("", text)
    # Spaces at the ends carry nothing; tabs may mark empty leading/trailing cells, keep them.
    return text.strip(" \f\v")


def _pipe_row(text: str) -> str:
    """A Markdown pipe-table row becomes a tab-separated row; rule rows become empty."""
    stripped = text.strip()
    if not (stripped.startswith("|") or stripped.endswith("|")) or stripped.count("|") < 2:
        return text
    if _MD_TABLE_RULE.fullmatch(stripped):
        return ""
    cells = stripped.strip("|").split("|")
    return "\t".join(cell.strip() for cell in cells)


def normalize_text(text: str) -> list[Line]:
    """Split ``text`` into normalised ``Line``s, dropping page numbers and running headers."""
    return list(map(Line, *normalize_columns(text)))


def normalize_columns(text: str) -> tuple[list[int], list[str], list[str]]:
    """``normalize_text`` as three lists: the kept lines' numbers, texts and raw forms (the
    parser stores a text's lines compactly, ``checker.model.lines.Lines``, and builds a
    ``Line`` only for the lexer's non-blank lines)."""
    raws = text.split("\n")
    if raws and raws[-1] == "":
        raws.pop()
    # Each raw line folded once (``_folded``): the page-number test reads the folded raw
    # line too, which is the folded cleaned line's source whenever the line held no "\r",
    # tag or entity. The lines to fold, to rid of tags and entities or to clean of Markdown
    # are found by one search of the whole text, not one per line: most lines need none.
    count = len(raws)
    source = text.replace("\r", "") if "\r" in text else text
    bare = source.split("\n")[:count] if source is not text else raws
    folded = list(bare)  # ``_folded`` of a line needing nothing: itself, "\r" dropped
    marked: list[int] = []  # the lines cleaned of Markdown
    foldable, markdown = _FOLDABLE.search, _MD_CHAR.search
    for index in _lines_holding(_TO_CLEAN, source, count):
        line = bare[index]
        if "<" in line or "&" in line:
            line = folded[index] = _folded(raws[index])
        elif foldable(line):
            line = folded[index] = line.translate(_FOLD)
        # Markdown syntax is in a folded line only where its source holds it, or a
        # character folding to it, or a tag or entity (unescaped "&#35;" is "#").
        if markdown(line):
            marked.append(index)
    cleaned = list(map(str.strip, folded, repeat(" \f\v")))
    for index in marked:
        cleaned[index] = _markdown(folded[index])
    strips = list(map(str.strip, cleaned))
    dropped = _dropped_lines(raws, folded, cleaned, strips, marked)
    numbers = list(range(1, count + 1))
    texts = cleaned
    # A blank line's text is "": only a line that stripping changed (``str.strip`` gives
    # the line itself otherwise) may be blank with a text ("\t").
    for index in compress(range(count), map(is_not, strips, cleaned)):
        if not strips[index]:
            texts[index] = ""
    kept = raws if "\r" not in text else list(map(str.rstrip, raws, repeat("\r")))
    if dropped:
        keep = bytearray(b"\x01") * count
        for index in dropped:
            keep[index] = 0
        numbers, texts, kept = (list(compress(column, keep)) for column in (numbers, texts, kept))
    return numbers, texts, kept


def _lines_holding(pattern: re.Pattern[str], source: str, count: int) -> Iterator[int]:
    """The indexes, in order, of the first ``count`` lines of ``source`` (split at each
    newline) that hold a match of ``pattern`` (a pattern matching within a line); each once:
    one search from each such line's end, the lines between counted at C level."""
    search, newlines = pattern.search, source.count
    index, start = 0, 0  # ``start``: where line ``index`` starts
    match = search(source)
    while match:
        index += newlines("\n", start, match.start())
        if index >= count:
            return
        yield index
        end = source.find("\n", match.start())
        if end < 0:
            return
        index, start = index + 1, end + 1
        match = search(source, start)


def _dropped_lines(raws: list[str], folded: list[str], cleaned: list[str], strips: list[str],
                   marked: list[int]) -> list[int]:
    """The indexes of running headers and page numbers, in order (see ``normalize_text``).

    A page number starts (stripped) with a dash or 第 or has at most three characters; a
    line cleaned of Markdown (``marked``) may also have had its dash in front of the
    cleaning (its folded line starts with it; for any other line that is the same test).
    Only those candidates and the header lines take a Python step here, with the blank run
    before a candidate counted back to the last kept non-blank line (dropped lines do not
    end a blank run: the page break is one gap)."""
    headers = _running_headers(strips)
    is_header = headers.__contains__
    lines = range(len(strips))
    candidates = {index for index, stripped in enumerate(strips)
                  if stripped and (stripped[0] in _PAGE_FIRST or len(stripped) <= 3)}
    page_start = _PAGE_START.match
    candidates.update(index for index in marked if strips[index] and page_start(folded[index]))
    dropped = list(compress(lines, map(is_header, strips))) if headers else []
    pages: list[int] = []
    last = -1  # the last candidate decided, and the blank run its decision left
    run_after_last = 0
    for index in sorted(candidates):
        stripped = strips[index]
        if is_header(stripped):
            continue  # dropped as a header, whatever it looks like
        blank_run, back = 0, index - 1
        while back > last:
            if not strips[back]:
                blank_run += 1
            elif not is_header(strips[back]):
                break  # a kept line (not a candidate): the run starts after it
            back -= 1
        else:
            blank_run += run_after_last
        if _is_page_number(raws[index], stripped, folded[index], blank_run) \
                and not _class_code_cell(cleaned, index):
            pages.append(index)
            run_after_last = blank_run
        else:
            run_after_last = 0
        last = index
    return sorted(dropped + pages) if pages else dropped


def _is_page_number(raw: str, stripped: str, folded: str, blank_run: int) -> bool:
    """``stripped``: the cleaned line, stripped; ``folded``: ``_folded(raw)``."""
    if _PAGE_FORM.fullmatch(stripped):
        return True
    # The raw line folded (tags and entities kept): ``folded`` is that unless the line held
    # one of the characters ``_folded`` removes or replaces before folding.
    if raw is not folded and ("\r" in raw or "<" in raw or "&" in raw):
        folded = fold_width(raw)
    folded = folded.strip()
    if folded != stripped and _PAGE_FORM.fullmatch(folded):
        return True
    if not _BARE_NUMBER.fullmatch(stripped):
        return False
    # A bare small integer is a page number when the extractor indented it (centred footer)
    # or set it apart by a page gap; a one-cell-per-line table cell ("96") has neither.
    return raw[:1] in (" ", "\t", "\u3000", "\f") or blank_run >= 2


def _class_code_cell(cleaned: list[str], index: int) -> bool:
    """A bare "310" above "资本性支出" is a 类 code cell of a one-cell-per-line table, not a
    page number, even after blank lines: PyMuPDF puts whitespace-only lines between cells.
    Function classes are 201–234 and economic classes 301–399; documents of 200+ pages, whose
    page numbers could collide, do not occur in this domain."""
    value = cleaned[index].strip()
    if not (len(value) == 3 and value.isdigit() and 201 <= int(value) <= 399):
        return False
    # a walk, not ``cleaned[index + 1:]``: that copied the rest of the document per call
    for later in range(index + 1, len(cleaned)):
        following = cleaned[later].strip()
        if following:
            return bool(_CJK_START.match(following))
    return False


def _running_headers(strips: list[str]) -> set[str]:
    """Short lines naming the document ("XX中心2023年度单位预算") repeated on many pages
    (``strips``: the cleaned lines, stripped)."""
    counts = Counter(filter(None, strips))
    found: set[str] = set()
    for line, count in counts.items():
        if count < 3 or len(line) > 40 or "\t" in line:
            continue
        if _HEADER_WORDS.search(line) and re.search(r"\d{4}\s*年", line) \
                and not line.endswith(("表", "说明", "情况")) and "。" not in line:
            found.add(line)
    return found


def parse_amount(cell: str | None) -> Decimal | None:
    """An amount cell as an exact ``Decimal``: "103,349.96" → 103349.96; "-"/"" → None.

    Accepts full-width digits, thousands separators, surrounding spaces, a trailing "万元"/"元"
    and "%"; anything that is not a number gives None rather than a guess.
    """
    if cell is None:
        return None
    text = fold_width(str(cell)).strip()
    if text in _EMPTY_CELL:
        return None
    if text.endswith(("元", "%")):
        text = _UNIT_SUFFIX.sub("", text).strip()
    text = text.replace(",", "").replace(" ", "")
    value = _AMOUNTS.get(text)
    if value is not None:
        return value
    if not _AMOUNT.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if len(_AMOUNTS) >= _AMOUNTS_KEPT:
        _AMOUNTS.clear()
    _AMOUNTS[text] = value
    return value


# One Decimal (104 bytes, immutable) per distinct amount text: a disclosure repeats most of
# its amounts (zeros, totals carried between tables: the examples have 2-6 cells per
# distinct value). Bounded: a batch's later documents refill it.
_AMOUNTS: dict[str, Decimal] = {}
_AMOUNTS_KEPT = 65536


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}


def cn_number(numeral: str) -> int | None:
    """Chinese numerals up to 九十九 (and plain digits): "一" → 1, "十一" → 11, "二十六" → 26;
    None for anything else ("百", "一二十"). The one numeral parser of headings and table
    numbers."""
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in _CN_DIGITS and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return _CN_DIGITS[numeral] if len(numeral) == 1 else None
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
