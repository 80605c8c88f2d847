"""Classify each normalised line into one token for the disclosure grammar.

The grammar (``grammars/disclosure.lark``) only sees line tokens; every decision that needs
context is made here, by a small state machine:

* before the first part: cover lines, the table of contents (目录 and entries ending in dot
  leaders, tabs + page numbers or page numbers), which never become body headings;
* in the body: parts (第一部分), sections (一、), subsections ((一), 1.), enumerated items that
  are paragraphs rather than headings ("(一)2080109-社会保险经办机构 691.77 万元。…");
* inside a table: enumerated row labels ("一、一般公共预算拨款收入 74084.96") are rows, the
  repeated title line ("2023 年度收支预算总表") is part of the table, notes (注/备注) and their
  wrapped continuation lines are table notes; a table ends at the next table title, a part,
  a section heading that is not a row, or a performance table;
* inside a performance block (绩效目标表/绩效自评表): everything up to the next heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter

from checker.model.ast import Line
from checker.parse.line_shapes import (
    HEADING_FIRST,
    PART,
    PART_RE,
    SECTION,
    SENTENCE_PUNCT_RE,
    SUB1,
    SUB2,
    TITLE_LAST,
    YEAR_RE,
    heading_like,
    is_perf_title,
    is_table_title,
    line_heading,
    table_core,
)
from checker.regex_cache import compile_re

# Token types: the terminals declared in grammars/disclosure.lark.
COVER = "COVER"
TOC_HEAD = "TOC_HEAD"
TOC_ENTRY = "TOC_ENTRY"
PART_TITLE = "PART_TITLE"
TEXT = "TEXT"
ITEM = "ITEM"
TEXT_ROW = "TEXT_ROW"
NOTE = "NOTE"
TABLE_TITLE = "TABLE_TITLE"
TABLE_HEADING = "TABLE_HEADING"  # a table title numbered like a section: "一、收支预算总表"
TABLE_LINE = "TABLE_LINE"
TABLE_NOTE = "TABLE_NOTE"
PERF_START = "PERF_START"
PERF_LINE = "PERF_LINE"


_TOC_HEAD = compile_re(r"目\s*录")
_LEADERS = compile_re(r"(\.{3,}|·{3,}|…{2,}|-{4,}|_{4,})")
# What ``_LEADERS`` finds, as substrings: ``_has_leaders`` asks str.__contains__ (an
# alternation of repeats is tried at every character of the line).
_LEADER_RUNS = ("...", "···", "……", "----", "____")
_TOC_PAGE = compile_re(r"(?:\s*(?:\.{2,}|·{2,}|…+|-{4,}|_{4,}))?(?:\t+|\s+)?(\d{1,3})?\s*$")
# Every character ``_TOC_PAGE`` can match, as a run at the start of the reversed line: its
# match starts inside the line's last such run (``_toc_page``).
_TOC_PAGE_CHARS = compile_re(r"[\s\d.·…\-_]*")
_TOC_TAB_PAGE = compile_re(r"\t+\s*\d{1,3}\s*$|\s\d{1,3}\s*$")
_NOTE = compile_re(r"(备\s*注|注)\s*[:：]")
_NOTE_FIRST = frozenset("备注")  # what a ``_NOTE`` match starts with
_WHITE_RUN = compile_re(r"\s+")  # compiled once (``re.sub`` looks its pattern up per call)
_PERF_HEADING_END = ("绩效目标表", "绩效自评表", "自评表", "整体绩效目标", "绩效目标表》",
                     "自评表》")
# Section titles end this way; row labels ("一、一般公共预算拨款收入") do not.
_SECTION_ENDINGS = ("情况", "说明", "职责", "构成", "任务", "总结", "解释", "事项", "附件",
                    "目标", "概况", "基本情况", "》")
_CJK = compile_re(r"[\u4e00-\u9fff]")
_TEXT, _TYPE = attrgetter("text"), attrgetter("type")
_MAX_TITLE_TAIL = 6  # characters of a part title the extractor may wrap onto the next line
_PART_TITLE_ENDINGS = ("概况", "表", "说明", "解释", "附件")
_MAX_BARE_TOC = 80  # lines a page-number-less table of contents may take
_SHORT_HEADING = 20
_TOC_TAIL = 4  # "主要职能", "单位概况": how a body heading is matched to the first TOC entry
# A page number on a line of its own: "3", "- 2 -", "—3—".
_PAGE_NUMBER = compile_re(r"[-—–\s]*\d{1,3}[-—–\s]*")
# A cover line that labels the unit: "预算主管部门：上海市普陀区财政局", "预算单位：上海市财政局".
_COVER_LABEL = compile_re(r"[\u4e00-\u9fff]{2,8}[:：]\s*[\u4e00-\u9fff()（）]{2,40}")


@dataclass(slots=True)
class LexToken:
    """One classified line. ``marker``/``number``/``title`` are set for headings and TOC."""

    type: str
    line: Line
    marker: str = ""
    number: int | None = None
    title: str = ""
    page: int | None = None

    @property
    def text(self) -> str:
        return self.line.text.strip()


class _Lexer:
    """The state machine; one instance per document."""

    def __init__(self, lines: list[Line]) -> None:
        # Each line's text stripped once: every question below is asked of it.
        stripped = list(map(str.strip, map(_TEXT, lines)))
        self.lines = list(compress(lines, stripped))
        self.texts = list(filter(None, stripped))
        self.tokens: list[LexToken] = []
        self.state = "front"  # front | toc | body | table | table_note | perf
        self.table_core = ""
        self.expect_part_title = False
        self.part_title = ""
        self.title_may_continue = False
        self.index = 0
        self.bare_toc_end = 0

    def run(self) -> list[LexToken]:
        front_end = self._front_matter_end()
        self.bare_toc_end = self._bare_toc_end(front_end)
        append = self.tokens.append
        for index, (line, text) in enumerate(zip(self.lines, self.texts, strict=True)):
            if index < front_end:
                append(LexToken(COVER, line, title=text))
                continue
            self.index = index
            if self.state in ("front", "toc"):
                token = self._toc(line, text)
                if token:
                    append(token)
                    continue
                self.state = "body"
            append(self._body(line, text))
        _join_split_perf_titles(self.tokens)
        return self.tokens

    def _split_toc_head(self, index: int) -> bool:
        """ "目" / "录" on two lines (PyMuPDF of a spaced-out heading) is the TOC head too."""
        return (self.texts[index] == "目" and index + 1 < len(self.texts)
                and self.texts[index + 1] == "录")

    def _bare_toc_end(self, start: int) -> int:
        """End (exclusive) of a TOC whose entries carry no page numbers, or 0.

        PyMuPDF's text of the Shanghai 决算 PDFs: "目录" / "第一部分XX概况" / "一、主要职能" /
        … / "第四部分名词解释", then the body opens with "第一部分" again. Without leaders or
        pages the entries look exactly like body headings; what tells them apart is that
        the first entry comes round a second time: the same part ("第一部分"), or a heading
        ending like the first entry ("一、部门主要职能" … "上海市财政局（单位）主要职能").
        Every line in between must be shaped like a heading (or be a page number, as in a
        TOC laid out as a table, or a repeated "目录" on its second page); otherwise this is
        no table of contents.
        """
        if start >= len(self.lines):
            return 0
        if self._split_toc_head(start):
            first = start + 2
        elif _TOC_HEAD.fullmatch(self.texts[start]):
            first = start + 1
        else:
            return 0
        if first >= len(self.lines):
            return 0
        first_text = self.texts[first]
        if _has_leaders(first_text) or _tab_page(self.lines[first].text):
            return 0  # entries with pages: the ordinary TOC rules apply
        opening = PART_RE.fullmatch(first_text)
        shape = line_heading(first_text)
        if not opening and not (shape and shape[0] == SECTION and heading_like(shape[3])):
            return 0
        tail = _toc_tail(shape[3] if shape else first_text)
        entries = 1
        for index in range(first + 1, min(len(self.lines), first + _MAX_BARE_TOC)):
            text = self.texts[index]
            if opening:
                again = PART_RE.fullmatch(text)
                if again and again.group(1) == opening.group(1):
                    return index
            elif entries >= 3 and _reopens(text, tail):
                return index
            if _has_leaders(text) or _tab_page(self.lines[index].text):
                return 0  # entries with pages: the ordinary TOC rules apply
            if _PAGE_NUMBER.fullmatch(text) or _TOC_HEAD.fullmatch(text) or text in "目录":
                continue
            shape = line_heading(text)
            title = shape[3] if shape else text
            if not (heading_like(title) or is_table_title(title)):
                return 0  # prose: no table of contents
            entries += 1
        return 0

    def _front_matter_end(self) -> int:
        """Index of the first line after the cover (before the TOC or the first part)."""
        for index, text in enumerate(self.texts):
            if (_TOC_HEAD.fullmatch(text) or PART_RE.fullmatch(text) or _has_leaders(text)
                    or self._split_toc_head(index)):
                return index
            if _COVER_LABEL.fullmatch(text):
                continue
            if index >= 15 or len(text) > 40 or SENTENCE_PUNCT_RE.search(text):
                return 0  # no cover: the document starts with body text
        return 0

    def _toc(self, line: Line, text: str) -> LexToken | None:
        split_tail = (text == "录" and self.state == "toc" and bool(self.tokens)
                      and self.tokens[-1].type == TOC_HEAD and self.tokens[-1].text == "目")
        if _TOC_HEAD.fullmatch(text) or self._split_toc_head(self.index) or split_tail:
            self.state = "toc"
            return LexToken(TOC_HEAD, line, title=text)
        if self.state == "toc" and self.index < self.bare_toc_end:
            return LexToken(TOC_ENTRY, line, title=_WHITE_RUN.sub(" ", text), page=None)
        if _has_leaders(text) or (self.state == "toc" and _tab_page(line.text)):
            match = _toc_page(text)
            page = int(match.group(1)) if match and match.group(1) else None
            title = text[: match.start()] if match else text
            if _has_leaders(title):
                title = _LEADERS.sub("", title)
            title = title.strip(" \t.·…")
            self.state = "toc"
            return LexToken(TOC_ENTRY, line, title=_WHITE_RUN.sub(" ", title), page=page)
        return None

    def _body(self, line: Line, text: str) -> LexToken:
        first = text[0]
        # ``line_heading`` is None for a line starting otherwise
        heading = line_heading(text) if first in HEADING_FIRST or first.isdecimal() else None
        if heading is None and text[-1] not in TITLE_LAST and not self.title_may_continue \
                and not self.expect_part_title:
            # No heading, no title (see ``_in_table``), no part title pending: a line inside
            # a table or performance block is one of its lines (what ``_in_table`` and
            # ``_in_perf`` give such a line), most lines of a document.
            state = self.state
            if state == "table" and first not in _NOTE_FIRST:
                return LexToken(TABLE_LINE, line)
            if state == "table_note":
                return LexToken(TABLE_NOTE, line)
            if state == "perf":
                return LexToken(PERF_LINE, line)
        if heading and heading[0] == PART:
            return self._part(line, heading)
        if self.title_may_continue:
            self.title_may_continue = False
            if not heading and continues_part_title(self.part_title, text):
                self.part_title += text.replace(" ", "")
                return LexToken(PART_TITLE, line, title=text)
        if self.expect_part_title:
            token = self._part_title(line, text, heading)
            if token:
                return token
        if self.state in ("table", "table_note"):
            token = self._in_table(line, text, heading)
            if token:
                return token
        elif self.state == "perf":
            token = self._in_perf(line, text, heading)
            if token:
                return token
        return self._free(line, text, heading)

    def _part(self, line: Line, heading: tuple[str, str, int | None, str]) -> LexToken:
        _, marker, number, title = heading
        self.state = "body"
        self.expect_part_title = not title
        self.part_title = title
        self.title_may_continue = bool(title)
        return LexToken(PART, line, marker=marker, number=number, title=title)

    def _part_title(self, line: Line, text: str,
                    heading: tuple[str, str, int | None, str] | None) -> LexToken | None:
        """The line under a bare "第一部分" names the part ("单位概况"); a repeat is dropped."""
        compact = text.replace(" ", "")
        if self.part_title and compact == self.part_title.replace(" ", ""):
            return LexToken(PART_TITLE, line, title=text)
        self.expect_part_title = False
        if heading or self.part_title or not heading_like(text) or is_perf_title(text) \
                or is_table_title(text) or _NOTE.match(text):
            return None
        self.part_title = text
        self.expect_part_title = True  # allow one repetition ("名词解释" twice in 002)
        self.title_may_continue = True
        return LexToken(PART_TITLE, line, title=text)

    def _in_table(self, line: Line, text: str,
                  heading: tuple[str, str, int | None, str] | None) -> LexToken | None:
        # A title (table or performance) ends in one of TITLE_LAST: a line ending otherwise
        # is asked no title question, nor is its heading's title (the end of the line).
        titled = text[-1] in TITLE_LAST
        if titled and is_perf_title(text):
            return None
        if heading:
            kind, _, _, title = heading
            if titled and is_table_title(title):
                if table_core(text) == self.table_core:
                    return LexToken(TABLE_LINE, line)
                return None  # the next table
            ends_table = heading_like(title) and (
                _markdown_heading(line) or title.replace(" ", "").endswith(_SECTION_ENDINGS)
                or (kind == SUB2 and title.endswith(_PERF_HEADING_END)))
            if ends_table:
                return None
            return LexToken(TABLE_NOTE if self.state == "table_note" else TABLE_LINE, line)
        if titled and is_table_title(text):
            if table_core(text) == self.table_core or table_core(text) in self.table_core:
                return LexToken(TABLE_LINE, line)
            return None
        if text[0] in _NOTE_FIRST and _NOTE.match(text):
            self.state = "table_note"
            return LexToken(TABLE_NOTE, line)
        if self.state == "table_note":
            return LexToken(TABLE_NOTE, line)
        return LexToken(TABLE_LINE, line)

    def _in_perf(self, line: Line, text: str,
                 heading: tuple[str, str, int | None, str] | None) -> LexToken | None:
        if heading and heading_like(heading[3]):
            return None
        if heading and heading[0] == SECTION and is_table_title(heading[3]):
            return None
        if text[-1] in TITLE_LAST and is_perf_title(text):
            return LexToken(PERF_START, line, title=text)  # the next table of the block
        return LexToken(PERF_LINE, line)

    def _free(self, line: Line, text: str,
              heading: tuple[str, str, int | None, str] | None) -> LexToken:
        self.state = "body"
        titled = text[-1] in TITLE_LAST  # as in ``_in_table``
        if heading:
            kind, marker, number, title = heading
            if titled and is_table_title(title):
                return self._start_table(line, text, marker, number, title)
            if (heading_like(title) and not _wrapped_item(line, title)) \
                    or _heading_with_open_remark(line, title):
                if title.replace(" ", "").endswith(_PERF_HEADING_END):
                    # "1.项目支出绩效目标表": what follows is the performance block itself,
                    # whose first table title may be split over two lines.
                    self.state = "perf_pending"
                return LexToken(kind, line, marker=marker, number=number, title=title)
            return LexToken(ITEM, line, marker=marker, number=number, title=title)
        if titled and is_perf_title(text):
            self.state = "perf"
            return LexToken(PERF_START, line, title=text)
        if titled and is_table_title(text):
            return self._start_table(line, text, "", None, text)
        if text[0] in _NOTE_FIRST and _NOTE.match(text):
            return LexToken(NOTE, line)
        if "\t" in line.text.strip(" "):
            return LexToken(TEXT_ROW, line)
        return LexToken(TEXT, line)

    def _start_table(self, line: Line, text: str, marker: str, number: int | None,
                     title: str) -> LexToken:
        self.state = "table"
        self.table_core = table_core(text)
        kind = TABLE_HEADING if marker.endswith("、") else TABLE_TITLE
        return LexToken(kind, line, marker=marker, number=number, title=_WHITE_RUN.sub("", title))


def _has_leaders(text: str) -> bool:
    """``_LEADERS.search(text)``, as a truth value."""
    return any(map(text.__contains__, _LEADER_RUNS))


def _tab_page(text: str) -> bool:
    """``_TOC_TAB_PAGE.search(text)``, as a truth value: only a line ending in a digit
    (trailing white space aside) is searched."""
    return text.rstrip()[-1:].isdecimal() and bool(_TOC_TAB_PAGE.search(text))


def _toc_page(text: str) -> re.Match[str] | None:
    """``_TOC_PAGE.search(text)``: the same match, searched for from the start of the line's
    last run of characters the pattern can match (no match starts before it: it would have
    to match the character ending the run)."""
    tail = _TOC_PAGE_CHARS.match(text[::-1])
    return _TOC_PAGE.search(text, len(text) - tail.end() if tail else 0)


def _markdown_heading(line: Line) -> bool:
    """The line was a Markdown heading ("## 三、…") before normalisation."""
    return line.raw.lstrip().startswith("#")


def _toc_tail(title: str) -> str:
    """The last words of a TOC entry, to recognise the body heading it points to."""
    core = YEAR_RE.sub("", title.replace(" ", ""))
    return core[-_TOC_TAIL:] if len(core) >= _TOC_TAIL else ""


def _reopens(text: str, tail: str) -> bool:
    """A body heading that ends like the TOC's first entry: the TOC is over."""
    compact = text.replace(" ", "")
    return bool(tail) and compact.endswith(tail) and heading_like(compact)


def _wrapped_item(line: Line, title: str) -> bool:
    """An enumerated paragraph cut by hard wrapping, not a heading.

    Extractors indent paragraph starts ("    (二)配合医疗保障行政主管部门做好全市城镇职工基"),
    never headings; and a long title that stops mid-phrase (not on 情况/说明/…) was wrapped.
    """
    compact = title.replace(" ", "")
    indent = len(line.raw) - len(line.raw.lstrip(" \u3000"))
    if indent >= 2 or line.raw.startswith("\u3000"):
        # Web pages indent every block, headings included ("    一、单位基本情况"): a short
        # title that ends like a section title is a heading however it is indented.
        return not (len(compact) <= _SHORT_HEADING and compact.endswith(_SECTION_ENDINGS))
    return len(compact) >= 20 and not compact.endswith((*_SECTION_ENDINGS, "表", "费"))


def _heading_with_open_remark(line: Line, title: str) -> bool:
    """A heading whose bracketed remark the extractor wrapped: the Shanghai 决算 template's
    "二、部门决算单位构成（仅有一个单位的部门，本部分内容" / "为“机构设置”）". The remark's comma
    makes the line look like prose; the words before the still-open bracket are a complete
    heading (ending 构成/情况/说明…), which a wrapped paragraph's first line never is."""
    opened = max(title.rfind("（"), title.rfind("("))
    if opened <= 0 or ")" in title[opened:] or "）" in title[opened:]:
        return False
    base = title[:opened].replace(" ", "")
    indent = len(line.raw) - len(line.raw.lstrip(" \u3000"))
    return (indent < 2 and not line.raw.startswith("\u3000") and heading_like(base)
            and base.endswith(_SECTION_ENDINGS))


def _join_split_perf_titles(tokens: list[LexToken]) -> None:
    """Open a performance block one line early when its title was split over two lines.

    "城乡居民医保财政补助(含市本级和区县补助)" / "绩效目标表": the second line is the recognised
    title, the first names the project and belongs to the block.
    """
    # (the PERF_START tokens picked at C level: a step changes only its own token and the
    # one before, so no later token becomes or stops being one)
    for index in _indexes_of(tokens, {PERF_START}):
        if index == 0:
            continue
        token, before = tokens[index], tokens[index - 1]
        short_title = len(_WHITE_RUN.sub("", token.text)) <= 8
        names_project = len(_CJK.findall(before.text)) >= 4 and heading_like(before.text)
        if short_title and before.type in (TEXT, PERF_LINE) and names_project:
            before.type = PERF_START
            before.title = before.text
            token.type = PERF_LINE


def _indexes_of(tokens: list[LexToken], types: set[str]) -> list[int]:
    """The positions of the tokens of one of ``types``, in order."""
    return list(compress(range(len(tokens)), map(types.__contains__, map(_TYPE, tokens))))


def lex(lines: list[Line]) -> list[LexToken]:
    """Classify the non-blank ``lines`` of one document."""
    tokens = _Lexer(lines).run()
    _settle_pending_perf(tokens)
    return tokens


def continues_part_title(title: str, text: str) -> bool:
    """ "第三部分 XX局2024年度部门决算" / "情况说明": a part title wrapped by the extractor.

    Only a short fragment that turns an unfinished title into a finished one continues it;
    a part's first section or paragraph never does."""
    compact = text.replace(" ", "")
    title = title.replace(" ", "")
    return (0 < len(compact) <= _MAX_TITLE_TAIL and heading_like(compact)
            and not title.endswith(_PART_TITLE_ENDINGS)
            and (title + compact).endswith(_PART_TITLE_ENDINGS))


def _settle_pending_perf(tokens: list[LexToken]) -> None:
    """Lines under a "1.项目支出绩效目标表" heading up to the next heading form one block."""
    # (headings picked at C level: the steps below never change a heading's type)
    for index in _indexes_of(tokens, {SUB2, SUB1, SECTION}):
        token = tokens[index]
        if not token.title.replace(" ", "").endswith(_PERF_HEADING_END):
            continue
        following = index + 1
        # Only when table content follows directly: a sentence ("本单位无…") stays text.
        if following < len(tokens) and tokens[following].type == TEXT_ROW:
            tokens[following].type = PERF_START
            for later in tokens[following + 1:]:
                if later.type in (TEXT, ITEM, TEXT_ROW, PERF_START, NOTE):
                    later.type = PERF_LINE
                elif later.type == PERF_LINE:
                    continue
                else:
                    break
