"""Parse tree → parts/sections/paragraphs; table and performance blocks handed on.

The tree comes from ``grammars/disclosure.lark``; each of its tokens stands for one source line
(``LexToken``). Here hard-wrapped lines become paragraphs, numbered table blocks go to
``checker.parse.tables.build_table`` and performance blocks to
``checker.parse.performance.build_performance_tables``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from checker.model.ast import Line, Paragraph, PerformanceTable, Section, Table, TocEntry
from checker.parse.lalr import Token, Tree
from checker.parse.lexer import ITEM, LexToken, continues_part_title
from checker.parse.performance import build_performance_tables
from checker.parse.tables import build_table
from checker.regex_cache import compile_re

# A paragraph ends with one of these; the next line starts a new one.
_SENTENCE_END = tuple("。！？!?；;：:")
_ASCII_WORD = compile_re(r"[A-Za-z0-9%.]")
_NOTE_START = compile_re(r"(备\s*注|注)\s*[:：]|\d{1,2}\s*[.、](?!\d)")
_UNIT_LINE = compile_re(r"单位\s*[:：]")
_ITEM_MARKER_SPACE = compile_re(r"^(\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、])\s+")
_TOC_BARE_PART = compile_re(r"第[一二三四五六七八九十]{1,3}部分")
_TOC_NUMBERED = compile_re(
    r"第[一二三四五六七八九十]{1,3}部分|[一二三四五六七八九十]{1,3}、|\(|\d{1,2}\s*[.、]")
_TOC_MARKER_SPACE = compile_re(r"^([一二三四五六七八九十]{1,3}、)\s+")
_TOC_PAGE_CELL = compile_re(r"[-—–\s]*\d{1,3}[-—–\s]*")
_TOC_JUNK_TAIL = compile_re(r"[^\w)）\"”》]+$")
_TOC_JUNK = compile_re(r"[^\w)）\"”》]")
_CJK_CHAR = compile_re(r"[\u3400-\u9fff]")
# Blocks whose every character is wide or full-width (tests/test_lines_fast.py asks each):
# CJK symbols and punctuation ("、。《》"), ideographs, full-width forms ("，（）：").
_WIDE_RUNS = compile_re("[\u2e80-\u303e\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                        "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]+")
_ASCII_RUNS = compile_re(r"[\x00-\x7f]+")
_BLANKS = compile_re(r"[ \t]+")
_WHITE_RUN = compile_re(r"\s+")
# A small untitled list (单位构成: "序号 单位名称 单位性质 在职人数" / "1" / "XX中心 全额拨款" …):
# its header is a run of short column words, one of them a …名称; its rows start with a 序号.
_LIST_HEADER_WORD = compile_re(r"[\u4e00-\u9fff()（）]{2,8}")
_LIST_ROW_START = compile_re(r"\d{1,3}(?:\s|$)")
_LIST_END_PUNCT = compile_re(r"[。，；：:;]")
# Hard-wrap detection: a layout is hard-wrapped when this share of its text lines is within
# _WRAP_BAND display columns of the most common width, and a line that reaches
# (that width - _WRAP_SLACK) was cut by the extractor, not ended by the author.
_WRAP_SHARE = 0.4
_WRAP_BAND = 2
_WRAP_SLACK = 4
_WRAP_MIN_LINES = 20
_WRAP_MIN_WIDTH = 40  # a printed page line holds 20+ CJK characters; shorter is a list
_INDENT_FIRST = frozenset(" \u3000")  # what an indented line (``_indented``) starts with
_PARAGRAPH_TYPES = frozenset({"TEXT", ITEM})  # the lines whose widths tell a wrapped layout


@dataclass
class Outline:
    """What the structure step extracts from the tree; identity and parser finish the job."""

    cover: list[str] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    parts: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    performance_tables: list[PerformanceTable] = field(default_factory=list)


def build_outline(tree: Tree, tokens: list[LexToken]) -> Outline:
    """Walk the parse tree; ``tokens``: the lexer's, in line order. A tree token stands for
    the lexer's tokens from index ``start_pos`` to ``end_pos``: one, or a run (see
    ``checker.parse.parser.RUN_TYPES``)."""
    widths = _text_widths(tokens)
    wrap = _wrap_width(list(widths.values()))
    # a wrapped layout's paragraphs ask each line's width again: measured once, here
    builder = _Builder(tokens, wrap, widths if wrap is not None else None)
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "cover":
            builder.outline.cover = [lexed.text for lexed in builder.lexes(child.children)]
        elif child.data == "toc":
            builder.toc(child)
        elif child.data == "preamble":
            builder.preamble(child)
        elif child.data == "part":
            builder.outline.parts.append(builder.section(child, depth=1, path=[]))
    return builder.outline


class _Builder:
    def __init__(self, tokens: list[LexToken], wrap: int | None = None,
                 widths: dict[int, int] | None = None) -> None:
        self.tokens = tokens
        self.wrap = wrap
        self.widths = widths
        self.outline = Outline()

    def lex(self, token: Token) -> LexToken:
        """The lexer's token of a one-line tree token."""
        return self.tokens[token.start_pos]

    def lexes(self, tokens: Iterable[Token]) -> list[LexToken]:
        """The lexer's tokens of tree tokens, runs expanded."""
        out: list[LexToken] = []
        for token in tokens:
            out.extend(self.tokens[token.start_pos:token.end_pos + 1])
        return out

    def toc(self, tree: Tree) -> None:
        entries = [e for e in self.lexes(tree.children) if e.type == "TOC_ENTRY"]
        # A TOC laid out as a table reaches us one cell per line: "一、主要职责" / "3". When
        # most titles are followed by such a number it is their page; otherwise a lone
        # number is the TOC page's own page number and is dropped.
        numbers = [i for i, e in enumerate(entries) if _TOC_PAGE_CELL.fullmatch(e.title)]
        paged = len(numbers) * 2 >= len(entries) - len(numbers) > 0
        for lexed in entries:
            if _TOC_PAGE_CELL.fullmatch(lexed.title):
                last = self.outline.toc[-1] if self.outline.toc else None
                if paged and last is not None and last.page is None:
                    last.page = int(re.sub(r"\D", "", lexed.title))
                continue
            title = _TOC_MARKER_SPACE.sub(r"\1", lexed.title)  # "一、 单位主要职责"
            if _TOC_JUNK.fullmatch(title[-1:]):  # what ``_TOC_JUNK_TAIL`` ends with
                title = _TOC_JUNK_TAIL.sub("", title)  # a page-number glyph the font lost: "�"
            last = self.outline.toc[-1] if self.outline.toc else None
            # 004 prints a part's title as an entry of its own ("第一部分 ....1" /
            # "单位概况 ....1"): one entry, written like the body heading.
            if (last is not None and _TOC_BARE_PART.fullmatch(last.title)
                    and not _TOC_NUMBERED.match(title) and last.page == lexed.page):
                last.title = f"{last.title} {title}"
                continue
            # …and a part title wrapped over two entries ("第三部分XX局决算情况" / "说明").
            if (last is not None and _TOC_BARE_PART.match(last.title)
                    and not _TOC_NUMBERED.match(title) and continues_part_title(last.title, title)
                    and lexed.page in (None, last.page)):
                last.title += title
                continue
            self.outline.toc.append(TocEntry(title, lexed.page, lexed.line.number))

    def preamble(self, tree: Tree) -> None:
        """Text before any 第X部分 heading becomes an untitled part, if there is any."""
        if not tree.children:
            return
        first = _first_line(tree)
        part = Section(None, "", "", first, 1)
        self.fill(part, tree.children, path=[])
        self.outline.parts.append(part)

    def section(self, tree: Tree, depth: int, path: list[str]) -> Section:
        head = self.lex(tree.children[0])
        title = head.title
        for child in tree.children[1:]:
            if isinstance(child, Token) and child.type == "PART_TITLE":
                text = self.lex(child).text
                if not title:
                    title = text
                elif text.replace(" ", "") not in title.replace(" ", ""):
                    title += text  # the wrapped end of the title ("…决算" / "情况说明")
        title = _clean_title(title)
        section = Section(head.number, head.marker, title, head.line.number, depth)
        heading = f"{head.marker} {title}" if depth == 1 else f"{head.marker}{title}"
        self.fill(section, tree.children[1:], path=[*path, heading.strip()])
        return section

    def fill(self, section: Section, children: Iterable[Tree | Token], path: list[str]) -> None:
        pending: list[LexToken] = []

        def flush() -> None:
            section.paragraphs.extend(join_paragraphs(pending, wrap_width=self.wrap,
                                                      widths=self.widths))
            pending.clear()

        for child in children:
            if isinstance(child, Token):
                continue  # PART_TITLE, handled by ``section``
            kind = child.data
            if kind == "paragraph":
                pending.extend(self.lexes(child.children))
                continue
            flush()
            if kind == "row":
                for lexed in self.lexes(child.children):
                    text = _WHITE_RUN.sub(" ", lexed.line.text).strip()
                    section.paragraphs.append(
                        Paragraph(text, lexed.line.number, lexed.line.number))
            elif kind == "note":
                for lexed in self.lexes(child.children):
                    section.paragraphs.extend(join_paragraphs([lexed]))
            elif kind == "table":
                self.outline.tables.append(self.table(child, path))
            elif kind == "heading_table":
                own = [c for c in child.children if isinstance(c, Token)]
                self.outline.tables.append(self.table(Tree("table", own), path))
                # what followed the table up to the next section belongs to the container
                self.fill(section, [c for c in child.children if isinstance(c, Tree)], path)
            elif kind == "performance":
                lines = [lexed.line for lexed in self.lexes(child.children)]
                self.outline.performance_tables.extend(_performance(lines, path))
            elif kind in ("section", "sub1", "sub2"):
                section.children.append(self.section(child, section.depth + 1, path))
        flush()

    def table(self, tree: Tree, path: list[str]) -> Table:
        title = self.lex(tree.children[0])
        body: list[Line] = []
        notes: list[LexToken] = []
        for lexed in self.lexes(tree.children[1:]):
            if lexed.type == "TABLE_NOTE":
                notes.append(lexed)
            else:
                body.append(lexed.line)
        table = _table(title, body, list(path))
        if not table.notes:
            table.notes = join_paragraphs(notes, starts=lambda t: bool(_NOTE_START.match(t.text)))
        return table


def display_width(text: str) -> int:
    """Columns a line takes in print: CJK and full-width characters count two."""
    if text.isascii():
        return len(text)
    # Ideographs and CJK punctuation (``_WIDE_RUNS``) are most of a line: deleted by runs,
    # they are counted without a look-up each; so are the ASCII characters (all narrow) of
    # the rest. What is left ("“”—", a few a line) is asked character by character.
    rest = _WIDE_RUNS.sub("", text)
    wide = len(text) - len(rest)
    if rest.isascii():
        return len(text) + wide
    rest = _ASCII_RUNS.sub("", rest)
    if max(rest) > "\uffff":  # outside the table below: ask per character
        return len(text) + wide + sum(
            1 for ch in rest if unicodedata.east_asian_width(ch) in "WF")
    # Deleting the other wide characters (a table lookup in C) counts them.
    return len(text) + wide + len(rest) - len(rest.translate(_wide_bmp()))


class _WideTable(dict[int, "int | None"]):
    """For ``str.translate``: a wide or full-width character is deleted, any other kept.
    Filled as characters are met (a document uses a few thousand): building it for the
    whole Basic Multilingual Plane up front cost every run 65,536 look-ups (start-up)."""

    def __missing__(self, cp: int) -> int | None:
        value = None if unicodedata.east_asian_width(chr(cp)) in "WF" else cp
        self[cp] = value
        return value


_WIDE_BMP = _WideTable()


def _wide_bmp() -> _WideTable:
    return _WIDE_BMP


def wrap_width(tokens: Iterable[LexToken]) -> int | None:
    """The width at which the extractor cut paragraph lines, or None for unwrapped text.

    PDF extractors that keep the page's line breaks (000, 003) give paragraph lines of
    nearly one width; there a line ending in "。" at full width says nothing about the
    paragraph ending (the sentence merely ended at the margin). Text with one line per
    paragraph (001, 002, 004) has widths all over the place and gets None.
    """
    return _wrap_width(list(_text_widths(tokens).values()))


def _text_widths(tokens: Iterable[LexToken]) -> dict[int, int]:
    """The display width of each paragraph line (TEXT, ITEM), by line number."""
    return {t.line.number: display_width(t.line.raw.strip()) for t in tokens
            if t.type in _PARAGRAPH_TYPES}


def _wrap_width(widths: list[int]) -> int | None:
    """``wrap_width`` of the paragraph lines' widths (in line order)."""
    widths = [w for w in widths if w]
    if len(widths) < _WRAP_MIN_LINES:
        return None
    mode = Counter(widths).most_common(1)[0][0]
    near = sum(1 for w in widths if abs(w - mode) <= _WRAP_BAND)
    return mode if mode >= _WRAP_MIN_WIDTH and near >= _WRAP_SHARE * len(widths) else None


def join_paragraphs(tokens: list[LexToken],
                    starts: Callable[[LexToken], bool] | None = None,
                    wrap_width: int | None = None,
                    widths: dict[int, int] | None = None) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs.

    A new paragraph starts at an enumerated item ("(一)…", "1.…"), after a line that ends a
    sentence, or at an indented line. Blank lines are not breaks: some extractors put one
    after every line (000), and numbers are split across such gaps ("1226.43 万" / "元").
    With ``wrap_width`` (see ``wrap_width()``) a sentence end on a line that reaches the
    margin does not end the paragraph. A small list (a header of short column words such as
    "序号 单位名称 在职人数", rows starting with a 序号) gives one paragraph for the header
    and one per row. ``widths``: the lines' display widths by line number where known.
    """
    paragraphs: list[Paragraph] = []
    in_list = False
    after_header = False
    last_width = 0  # display width of the previous source line
    list_width = 0  # cells in the header of the current list
    for token in tokens:
        text = token.line.text
        if "\t" in text or "  " in text:  # else the pattern would give the text back
            text = _BLANKS.sub(" ", text)
        text = text.strip()
        if not text:
            continue
        if token.type == ITEM:  # "(一) 抓好…" and "(一)抓好…" read the same
            text = _ITEM_MARKER_SPACE.sub(r"\1", text)
        header = "名称" in text and _is_list_header(text)  # (its own first test, inline)
        # A 序号 starts a row once the row before has all its cells: the last cell of a
        # one-cell-per-line row is often a bare number too ("1" / "XX中心 全额拨款" / "96").
        row = in_list and bool(_LIST_ROW_START.match(text)) and (
            after_header or len(paragraphs[-1].text.split(" ")) >= list_width)
        if in_list and not row and _LIST_END_PUNCT.search(text):
            in_list = False  # prose again: the list is over
            row = True  # …and this line does not continue the last row
        new = (not paragraphs or token.type == ITEM or header or row or after_header
               or _ends_paragraph(paragraphs[-1], last_width, wrap_width)
               or (token.line.raw[:1] in _INDENT_FIRST and _indented(token.line.raw))
               or (starts is not None and starts(token)))
        after_header = header
        in_list = in_list or header
        if header:
            list_width = len(text.split(" "))
        if wrap_width is not None:  # the width is only asked of a wrapped layout
            known = widths.get(token.line.number) if widths is not None else None
            last_width = display_width(token.line.raw.strip()) if known is None else known
        if new:
            paragraphs.append(Paragraph(text, token.line.number, token.line.number))
        else:
            last = paragraphs[-1]
            last.text = _join(last.text, text, cells=in_list)
            last.end_line = token.line.number
    return paragraphs


def _ends_paragraph(paragraph: Paragraph, last_width: int, wrap: int | None) -> bool:
    if not paragraph.text.endswith(_SENTENCE_END):
        return False
    if wrap is None:
        return True
    # The last source line of the paragraph: when it reached the margin, the sentence end
    # fell there by chance and the next line usually goes on with the same paragraph.
    return last_width < wrap - _WRAP_SLACK


def _is_list_header(text: str) -> bool:
    if "名称" not in text:  # one of the words must end in it
        return False
    words = text.split(" ")
    return (len(words) >= 2 and any(w.endswith("名称") for w in words)
            and all(_LIST_HEADER_WORD.fullmatch(w) for w in words))


def _join(left: str, right: str, cells: bool = False) -> str:
    """Chinese lines join without a space; two Latin/number fragments keep one; Chinese text
    followed by a number gets one ("收入预算" / "2649.48 万元", as the documents print it;
    the other way round, "1226.43 万" / "元" and "6886.32" / "万元", no space is added);
    a number cut after its point or separator ("2649." / "48") is rejoined without one.
    Two digits meeting keep the space: "12" / "31 日" is more likely two numbers. In a list
    row (``cells``) a number is a cell of its own ("1" / "XX中心" / "96") and keeps a space."""
    if cells and (left[-1].isdigit() or right[0].isdigit()):
        return f"{left} {right}"
    if left[-1] in ".," and right[0].isdigit():
        return left + right
    if _ASCII_WORD.match(left[-1]) and _ASCII_WORD.match(right[0]):
        return f"{left} {right}"
    if _CJK_CHAR.match(left[-1]) and right[0].isdigit():
        return f"{left} {right}"
    return left + right


def _indented(raw: str) -> bool:
    stripped = raw.lstrip(" ")
    return len(raw) - len(stripped) >= 2 or raw.startswith("\u3000")


def _clean_title(title: str) -> str:
    return _WHITE_RUN.sub(" ", title).strip(" #*")


def _first_line(tree: Tree) -> int:
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        return int(token.line)
    return 1


def _table(title: LexToken, body: list[Line], path: list[str]) -> Table:
    table = build_table(title.line, body, path)
    if table.number is None:
        table.number = title.number
    if not table.title:
        table.title = title.title
    return table


def _performance(lines: list[Line], path: list[str]) -> list[PerformanceTable]:
    return list(build_performance_tables(lines, list(path)))
