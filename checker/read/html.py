"""HTML to text: a published page becomes the line-oriented text the parser already reads.

Disclosures are also published as web pages. Stripping tags line by line (what ``normalize``
does for stray tags in text extractions) runs a table's cells together or puts one per line,
so the tables cannot be read. Here the page is parsed with the standard library's
``HTMLParser`` into a small tree and rendered as:

- every block element (``p``, ``div``, ``h1``–``h6``, ``li``, ``br``, ``table``, ...) ends a
  line; inline text is whitespace-collapsed as a browser would; no blank lines are produced;
- every ``<tr>`` is one line, its ``td``/``th`` cells joined by tabs (the tab-separated layout
  ``tables.py`` reads best). ``colspan`` adds empty cells so the columns stay aligned;
  ``rowspan`` leaves an empty cell in the rows below it for the same reason (the value is not
  repeated: a repeated amount would be summed twice). A row of one lone cell (a title or
  "单位：万元" spanning the table) is printed without padding;
- a table that only lays out the page (it holds another table, or has one cell per row) is
  read as ordinary blocks, cell after cell, so the page's text is not squeezed into one row;
- ``script``, ``style``, ``nav``, ``head`` (its ``title`` too: sites put their own name there)
  and the like are dropped; entities are unescaped; ``&nbsp;`` is a space (runs of them are
  kept in running text, collapsed in cells); ``<pre>`` is kept line for line.

Line numbers of an HTML document count lines of this converted text
(``budgetlint parse PAGE.html --format lines`` shows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from checker.regex_cache import compile_re

# Elements whose content is never document text.
_DROPPED = frozenset({"script", "style", "head", "nav", "noscript", "template", "svg",
                      "iframe", "object", "select", "button"})
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "html", "li", "main", "ol", "p", "pre", "section", "table",
    "title", "ul",
})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
_CELLS = frozenset({"td", "th"})
# What may stand in <head>; anything else starts the body even when </head> is missing.
_HEAD_CONTENT = frozenset({"base", "link", "meta", "noscript", "script", "style", "template",
                           "title"})
# Old pages leave <font>/<span> unclosed by the thousand; beyond this depth elements are not
# nested further (their text still counts), so rendering stays within Python's recursion limit.
_MAX_DEPTH = 300
# HTML collapses ASCII whitespace but not no-break spaces: in running text a run of &nbsp;
# is visible spacing, often the only thing between the columns of a table typed as text, so it
# becomes a run of spaces (the space-separated layout tables.py reads). In a cell it is only
# padding, so there it is collapsed too.
_SPACES = compile_re(r"[ \t\n\r\f]+")
_CELL_SPACES = compile_re(r"[ \t\n\r\f\xa0]+")


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)


def html_to_text(page: str) -> str:
    """The page's text, one line per block or table row, ending with a newline (or "")."""
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    renderer = _Renderer()
    renderer.block(builder.root)
    renderer.end_line()
    return "".join(line + "\n" for line in renderer.lines)


class _TreeBuilder(HTMLParser):
    """A forgiving tree: unclosed ``p``/``li``/``td``/``tr`` are closed as browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._open(tag, attrs):
            self.stack.pop()  # <div/>: opened and closed at once

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Add the element where it belongs; True when it was made the current element."""
        element = _Element(tag, {name: value or "" for name, value in attrs})
        if tag not in _HEAD_CONTENT:
            self._close_open({"head"}, within=set())
        if tag in _CELLS:
            self._close_open({"td", "th"}, within={"tr", "table"})
        elif tag == "tr":
            self._close_open({"tr"}, within={"table"})
        elif tag == "li":
            self._close_open({"li"}, within={"ul", "ol"})
        if tag in _BLOCKS or tag in _CELLS or tag == "tr":
            # A block cannot sit inside a <p>: an unclosed <p> ends here.
            self._close_open({"p"}, within={"td", "th", "li", "div", "table"})
        self.stack[-1].children.append(element)
        if tag in _VOID or len(self.stack) >= _MAX_DEPTH:
            return False
        self.stack.append(element)
        return True

    def handle_endtag(self, tag: str) -> None:
        # A stray end tag (no such element open) is ignored, as browsers do.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _close_open(self, tags: set[str], within: set[str]) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            current = self.stack[depth].tag
            if current in tags:
                del self.stack[depth:]
                return
            if current in within:
                return


class _Renderer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pending: list[str] = []

    def end_line(self) -> None:
        # Only the collapsed ASCII whitespace at the ends is invisible: leading &nbsp; is
        # indentation, which the space-separated table reader uses to place a cell.
        text = _SPACES.sub(" ", "".join(self.pending)).strip(" ").replace("\xa0", " ").rstrip()
        if text.strip():
            self.lines.append(text)
        self.pending.clear()

    def block(self, element: _Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                self.pending.append(child)
            elif child.tag in _DROPPED:
                continue
            elif child.tag == "br":
                self.end_line()
            elif child.tag == "pre":
                self.end_line()
                text = _text(child).strip("\n")
                self.lines.extend(line.rstrip(" \r") for line in text.split("\n"))
            elif child.tag == "table":
                self.end_line()
                self.table(child)
            elif child.tag in _BLOCKS or child.tag in _CELLS or child.tag == "tr":
                self.end_line()
                self.block(child)
                self.end_line()
            else:
                self.block(child)  # inline: its text joins the current line

    def table(self, table: _Element) -> None:
        rows = _rows(table)
        if any(_find(table, "table", skip_self=True)) or all(len(cells) <= 1 for cells in rows):
            # A layout table: its cells are page regions, read as blocks.
            for cells in rows:
                for cell in cells:
                    self.block(cell)
                    self.end_line()
            return
        for caption in (c for c in table.children if isinstance(c, _Element)
                        and c.tag == "caption"):
            self.block(caption)
            self.end_line()
        spanned: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
        for cells in rows:
            texts: list[str] = []
            for cell in cells:
                while spanned.get(len(texts), 0) > 0:
                    texts.append("")
                columns = _span(cell, "colspan")
                for offset in range(columns):
                    spanned[len(texts) + offset] = _span(cell, "rowspan")
                texts.append(_CELL_SPACES.sub(" ", _text(cell)).strip())
                texts.extend("" for _ in range(columns - 1))
            while spanned.get(len(texts), 0) > 0:
                texts.append("")
            spanned = {col: left - 1 for col, left in spanned.items() if left > 1}
            if len(cells) == 1:
                texts = [text for text in texts if text]  # a lone cell: nothing to align
            if any(texts):
                self.lines.append("\t".join(texts))


def _rows(table: _Element) -> list[list[_Element]]:
    """The cells of the table's own rows (through thead/tbody/tfoot, not nested tables)."""
    return [[cell for cell in row.children if isinstance(cell, _Element) and cell.tag in _CELLS]
            for row in _find(table, "tr", skip_self=True)]


def _find(element: _Element, tag: str, skip_self: bool = False) -> list[_Element]:
    """Descendants named ``tag``, not looking inside nested tables (nor inside a match)."""
    if not skip_self and element.tag == tag:
        return [element]
    if not skip_self and element.tag == "table":
        return []
    found: list[_Element] = []
    for child in element.children:
        if isinstance(child, _Element):
            found.extend(_find(child, tag))
    return found


def _text(element: _Element) -> str:
    """All text under ``element`` (a cell, a <pre>): blocks and <br> inside become spaces."""
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in _DROPPED:
            continue
        elif child.tag == "br":
            parts.append("\n" if element.tag == "pre" else " ")
        else:
            inner = _text(child)
            parts.append(f" {inner} " if child.tag in _BLOCKS else inner)
    return "".join(parts)


def _span(cell: _Element, name: str) -> int:
    try:
        # Browsers clamp spans (colspan to 1000); absurd values in a broken page must not
        # make lines of millions of tabs.
        return max(1, min(int(cell.attrs.get(name, "1").strip() or 1), 100))
    except ValueError:
        return 1
