"""Parse tree → parts/sections/paragraphs; table and performance blocks handed on.

The tree comes from ``grammars/disclosure.lark``; each of its tokens stands for one source line
(``LexToken``). Here hard-wrapped lines become paragraphs, numbered table blocks go to
``checker.tables.build_table`` and performance blocks to
``checker.performance.build_performance_tables``. Those two modules are written in parallel,
so they are imported lazily and a plain fallback keeps the parser usable without them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lark import Token, Tree

from checker.ast import Line, Paragraph, PerformanceTable, Section, Table, TocEntry
from checker.lexer import ITEM, LexToken

# A paragraph ends with one of these; the next line starts a new one.
_SENTENCE_END = tuple("。！？!?；;：:")
_ASCII_WORD = re.compile(r"[A-Za-z0-9%.]")
_NOTE_START = re.compile(r"(备\s*注|注)\s*[:：]|\d{1,2}\s*[.、](?!\d)")
_UNIT_LINE = re.compile(r"单位\s*[:：]")
_ITEM_MARKER_SPACE = re.compile(r"^(\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、])\s+")


@dataclass
class Outline:
    """What the structure step extracts from the tree; identity and parser finish the job."""

    cover: list[str] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    parts: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    performance_tables: list[PerformanceTable] = field(default_factory=list)


def build_outline(tree: Tree, tokens: dict[int, LexToken]) -> Outline:
    """Walk the parse tree; ``tokens`` maps a source line number to its ``LexToken``."""
    builder = _Builder(tokens)
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "cover":
            builder.outline.cover = [builder.lex(t).text for t in child.children]
        elif child.data == "toc":
            builder.toc(child)
        elif child.data == "preamble":
            builder.preamble(child)
        elif child.data == "part":
            builder.outline.parts.append(builder.section(child, depth=1, path=[]))
    return builder.outline


class _Builder:
    def __init__(self, tokens: dict[int, LexToken]) -> None:
        self.tokens = tokens
        self.outline = Outline()

    def lex(self, token: Token) -> LexToken:
        return self.tokens[token.line]

    def toc(self, tree: Tree) -> None:
        for token in tree.children:
            lexed = self.lex(token)
            if lexed.type == "TOC_ENTRY":
                self.outline.toc.append(TocEntry(lexed.title, lexed.page, lexed.line.number))

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
            if isinstance(child, Token) and child.type == "PART_TITLE" and not title:
                title = self.lex(child).text
        title = _clean_title(title)
        section = Section(head.number, head.marker, title, head.line.number, depth)
        heading = f"{head.marker} {title}" if depth == 1 else f"{head.marker}{title}"
        self.fill(section, tree.children[1:], path=[*path, heading.strip()])
        return section

    def fill(self, section: Section, children: Iterable[Tree | Token], path: list[str]) -> None:
        pending: list[LexToken] = []

        def flush() -> None:
            section.paragraphs.extend(join_paragraphs(pending))
            pending.clear()

        for child in children:
            if isinstance(child, Token):
                continue  # PART_TITLE, handled by ``section``
            kind = child.data
            if kind == "paragraph":
                pending.append(self.lex(child.children[0]))
                continue
            flush()
            if kind == "row":
                lexed = self.lex(child.children[0])
                text = re.sub(r"\s+", " ", lexed.line.text).strip()
                section.paragraphs.append(Paragraph(text, lexed.line.number, lexed.line.number))
            elif kind == "note":
                section.paragraphs.extend(join_paragraphs([self.lex(child.children[0])]))
            elif kind == "table":
                self.outline.tables.append(self.table(child, path))
            elif kind == "heading_table":
                own = [c for c in child.children if isinstance(c, Token)]
                self.outline.tables.append(self.table(Tree("table", own), path))
                # what followed the table up to the next section belongs to the container
                self.fill(section, [c for c in child.children if isinstance(c, Tree)], path)
            elif kind == "performance":
                lines = [self.lex(token).line for token in child.children]
                self.outline.performance_tables.extend(_performance(lines, path))
            elif kind in ("section", "sub1", "sub2"):
                section.children.append(self.section(child, section.depth + 1, path))
        flush()

    def table(self, tree: Tree, path: list[str]) -> Table:
        title = self.lex(tree.children[0])
        body: list[Line] = []
        notes: list[LexToken] = []
        for token in tree.children[1:]:
            lexed = self.lex(token)
            if lexed.type == "TABLE_NOTE":
                notes.append(lexed)
            else:
                body.append(lexed.line)
        table = _table(title, body, list(path))
        if not table.notes:
            table.notes = join_paragraphs(notes, starts=lambda t: bool(_NOTE_START.match(t.text)))
        return table


def join_paragraphs(tokens: list[LexToken],
                    starts: Callable[[LexToken], bool] | None = None) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs.

    A new paragraph starts at an enumerated item ("(一)…", "1.…"), after a line that ends a
    sentence, or at an indented line. Blank lines are not breaks: some extractors put one
    after every line (000), and numbers are split across such gaps ("1226.43 万" / "元").
    """
    paragraphs: list[Paragraph] = []
    for token in tokens:
        text = re.sub(r"[ \t]+", " ", token.line.text).strip()
        if not text:
            continue
        if token.type == ITEM:  # "(一) 抓好…" and "(一)抓好…" read the same
            text = _ITEM_MARKER_SPACE.sub(r"\1", text)
        new = (not paragraphs or token.type == ITEM or paragraphs[-1].text.endswith(_SENTENCE_END)
               or _indented(token.line.raw) or (starts is not None and starts(token)))
        if new:
            paragraphs.append(Paragraph(text, token.line.number, token.line.number))
        else:
            last = paragraphs[-1]
            last.text = _join(last.text, text)
            last.end_line = token.line.number
    return paragraphs


def _join(left: str, right: str) -> str:
    """Chinese lines join without a space; two Latin/number fragments keep one."""
    if _ASCII_WORD.match(left[-1]) and _ASCII_WORD.match(right[0]):
        return f"{left} {right}"
    return left + right


def _indented(raw: str) -> bool:
    stripped = raw.lstrip(" ")
    return len(raw) - len(stripped) >= 2 or raw.startswith("\u3000")


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" #*")


def _first_line(tree: Tree) -> int:
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        return int(token.line)
    return 1


def _table(title: LexToken, body: list[Line], path: list[str]) -> Table:
    try:
        from checker.tables import build_table
    except ImportError:  # tables.py is being written in parallel
        return _fallback_table(title, body, path)
    try:
        table = build_table(title.line, body, path)
    except NotImplementedError:
        return _fallback_table(title, body, path)
    if table.number is None:
        table.number = title.number
    if not table.title:
        table.title = title.title
    return table


def _fallback_table(title: LexToken, body: list[Line], path: list[str]) -> Table:
    """Title, place and whether any cells survived; rows come from tables.py."""
    core = re.sub(r"\s", "", title.title)
    cells = [line for line in body
             if core not in re.sub(r"\s", "", line.text) and not _UNIT_LINE.match(line.text)]
    return Table(title.number, title.title, path, None, [], [], not cells, title.line.number)


def _performance(lines: list[Line], path: list[str]) -> list[PerformanceTable]:
    try:
        from checker.performance import build_performance_tables
    except ImportError:  # performance.py is being written in parallel
        return []
    try:
        return list(build_performance_tables(lines, list(path)))
    except NotImplementedError:
        return []
