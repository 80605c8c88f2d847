"""A PDF page's geometry → text lines in reading order and table grids, each with its box.

Per page: PyMuPDF's words (one ``get_text("words")`` call) and its ruled tables
(``find_tables()``, see ``pdf_grid``). Words inside a table belong to its grid; the others are
grouped into PyMuPDF's blocks, the blocks sorted top to bottom (PyMuPDF's own order may put a
title after the table body under it), and the lines of a block joined into one line per
paragraph (a line that reaches the block's right edge was wrapped, not ended). Tables without
ruling lines are read from the words' positions (``pdf_columns``).

Across pages: running headers, footers and page numbers (short lines in the top or bottom
band, repeated or numeric) are dropped, and a table that goes on at the top of the next page
(nothing but its repeated title, 单位 or 续表 above it, same columns) is joined to the table it
continues, its repeated header rows dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from checker.read.pdf_columns import text_tables
from checker.read.pdf_grid import Box, Grid, build_grid, join_words, union
from checker.regex_cache import compile_re

# Bands of the page height where running headers, footers and page numbers stand.
_TOP_BAND = 0.08
_BOTTOM_BAND = 0.90
_PAGE_NUMBER = compile_re(r"^[-—–]?\s*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4})?\s*[-—–]?$"
                          r"|^第\s*\d{1,4}\s*页\s*[,，]?\s*共\s*\d{1,4}\s*页$")
_DIGITS = compile_re(r"\d+")
_CONTINUATION = compile_re(r"^[(（]?续表?[)）]?$|单位\s*[:：]|^\d{4}年")
# An image this share of the page with no text over it is a table or page printed as image.
_IMAGE_SHARE = 0.15


@dataclass
class PdfLine:
    """One line of the extracted text with where it stands; ``grid``/``grid_row`` for the
    rows of a table."""

    text: str
    page: int
    bbox: Box
    grid: Grid | None = None
    grid_row: int | None = None


@dataclass
class _Block:
    lines: list[PdfLine]
    y0: float
    x0: float
    grid: Grid | None = None
    rows: range = range(0)  # the grid rows printed on this page


@dataclass
class PdfPage:
    number: int
    height: float
    blocks: list[_Block] = field(default_factory=list)
    image_only: bool = False


def read_page(page: Any, number: int) -> PdfPage:
    """One page's text blocks and table grids, in reading order."""
    words = page.get_text("words")
    height = float(page.rect.height)
    result = PdfPage(number, height)
    taken: set[int] = set()
    if words:
        for table in ruled_tables(page):
            boxes = [tuple(c) for c in table.cells if c is not None]
            grid, used = build_grid(boxes, words, number)  # type: ignore[arg-type]
            if grid is None:
                continue
            taken |= used
            furniture = [PdfLine(text, number, box) for text, box in grid.furniture]
            for line in furniture:
                result.blocks.append(_Block([line], line.bbox[1], line.bbox[0]))
            top = grid.boxes[0]
            result.blocks.append(_Block([], top[1], top[0], grid, range(len(grid.cells))))
    rest = [w for i, w in enumerate(words) if i not in taken and w[4].strip()]
    rest = _unruled_tables(result, rest)
    result.blocks.extend(_text_blocks(rest, number))
    result.blocks = reading_order(result.blocks, _block_box)
    if not words:
        result.image_only = _has_large_image(page)
    return result


def ruled_tables(page: Any) -> list[Any]:
    """PyMuPDF's ruled tables of the page. The finder builds tables from the page's vector
    lines and rectangles only, so a page without any vector graphics (prose) has none: the
    call, which extracts the page's characters again and costs about as much as the text
    extraction itself, is skipped there (the same result, measured in benchmarks/bench_pdf.py)."""
    if not page.get_cdrawings():
        return []
    return list(page.find_tables().tables)


def _unruled_tables(result: PdfPage, words: list[Any]) -> list[Any]:
    """Tables printed without ruling lines among ``words`` (``pdf_columns``) become grids
    like the ruled ones; the words they did not take are returned."""
    taken: set[int] = set()
    for grid, used in text_tables(words, result.number):
        taken |= used
        for text, box in grid.furniture:
            result.blocks.append(_Block([PdfLine(text, result.number, box)], box[1], box[0]))
        top = grid.boxes[0]
        result.blocks.append(_Block([], top[1], top[0], grid, range(len(grid.cells))))
    return [w for i, w in enumerate(words) if i not in taken] if taken else words


def _block_box(block: _Block) -> Box:
    if block.grid is not None:
        return block.grid.boxes[block.rows[0]] if block.rows else block.grid.bbox
    return union([ln.bbox for ln in block.lines])


T = TypeVar("T")


def reading_order(items: list[T], box: Callable[[T], Box]) -> list[T]:
    """Top to bottom; items side by side on one visual line (the centre of one within the
    vertical extent of the line) left to right. A title set beside "第二部分" in a larger
    font starts higher but stands on the same line."""
    # Each box computed once: a block's box is the union of its lines' boxes.
    boxed = sorted(((box(item), item) for item in items), key=lambda bi: bi[0][1])
    rows: list[tuple[float, float, list[tuple[Box, T]]]] = []
    for b, item in boxed:
        centre = (b[1] + b[3]) / 2
        if rows and rows[-1][0] <= centre <= rows[-1][1]:
            top, bottom, members = rows[-1]
            members.append((b, item))
            rows[-1] = (top, max(bottom, min(b[3], centre + (b[3] - b[1]) / 2)), members)
        else:
            rows.append((b[1], b[3], [(b, item)]))
    return [item for _, _, members in rows
            for _, item in sorted(members, key=lambda bi: bi[0][0])]


def _has_large_image(page: Any) -> bool:
    area = float(page.rect.width * page.rect.height) or 1.0
    try:
        infos = page.get_image_info()
    except Exception:  # a damaged image entry: no image we can measure
        return False
    return any((i["bbox"][2] - i["bbox"][0]) * (i["bbox"][3] - i["bbox"][1]) / area
               >= _IMAGE_SHARE for i in infos)


def _text_blocks(words: list[Any], page: int) -> list[_Block]:
    """PyMuPDF's blocks of the words outside tables; each block's lines joined into
    paragraphs."""
    by_line: dict[tuple[int, int], list[Any]] = {}
    for word in words:
        by_line.setdefault((word[5], word[6]), []).append(word)
    by_block: dict[int, list[PdfLine]] = {}
    for (block, _), found in by_line.items():
        box = union([(w[0], w[1], w[2], w[3]) for w in found])
        by_block.setdefault(block, []).append(PdfLine(join_words(found), page, box))
    blocks: list[_Block] = []
    for lines in by_block.values():
        lines = reading_order(lines, lambda ln: ln.bbox)
        for paragraph in _paragraphs(lines):
            blocks.append(_Block([paragraph], paragraph.bbox[1], paragraph.bbox[0]))
    return blocks


def _paragraphs(lines: list[PdfLine]) -> list[PdfLine]:
    """Join the wrapped lines of one block: a line that reaches the block's right edge goes
    on in the next line unless that one is indented or not below it."""
    right = max(ln.bbox[2] for ln in lines)
    left = min(ln.bbox[0] for ln in lines)
    out: list[PdfLine] = []
    last_right = 0.0  # right end of the last line joined: it decides the next join
    for line in lines:
        if out:
            last = out[-1]
            size = max(line.bbox[3] - line.bbox[1], 1.0)
            wrapped = right - last_right <= 1.5 * size
            below = line.bbox[1] >= last.bbox[3] - size * 0.5
            indented = line.bbox[0] - left > 0.8 * size
            if wrapped and below and not indented:
                last.text = _glue(last.text, line.text)
                last.bbox = union([last.bbox, line.bbox])
                last_right = line.bbox[2]
                continue
        out.append(PdfLine(line.text, line.page, line.bbox))
        last_right = line.bbox[2]
    return out


def _glue(left: str, right: str) -> str:
    if re.search(r"[A-Za-z0-9.%]$", left) and re.match(r"[A-Za-z0-9]", right):
        return f"{left} {right}"
    return left + right


def drop_furniture(pages: list[PdfPage]) -> None:
    """Remove running headers, footers and page numbers: lines in the top or bottom band of
    a page that are a page number, or whose text (digits aside) recurs in a band on several
    pages."""
    def band(page: PdfPage, line: PdfLine) -> bool:
        return (line.bbox[3] <= page.height * _TOP_BAND
                or line.bbox[1] >= page.height * _BOTTOM_BAND)

    counts: Counter[str] = Counter()
    for page in pages:
        seen = {_DIGITS.sub("#", ln.text.replace(" ", "")) for b in page.blocks for ln in b.lines
                if band(page, ln)}
        counts.update(seen)
    repeated = max(3, len(pages) // 3)
    for page in pages:
        kept = []
        for block in page.blocks:
            lines = [ln for ln in block.lines
                     if not (band(page, ln) and (
                         _PAGE_NUMBER.match(ln.text.strip())
                         or counts[_DIGITS.sub("#", ln.text.replace(" ", ""))] >= repeated))]
            if lines or block.grid is not None:
                block.lines = lines
                kept.append(block)
        page.blocks = kept


def join_continued(pages: list[PdfPage]) -> None:
    """A grid at the top of a page that continues the last grid of the page before (only
    its repeated title, 单位 or 续表 above it; the same number of columns) is joined to it:
    its rows are appended to that grid (its repeated header dropped) and still printed on
    their own page."""
    last: Grid | None = None
    last_title = ""
    for page in pages:
        blocks = page.blocks
        first = next((i for i, b in enumerate(blocks) if b.grid is not None), None)
        if last is not None and first is not None:
            above = [ln.text for b in blocks[:first] for ln in b.lines]
            grid = blocks[first].grid
            assert grid is not None
            mapping = last.column_map(grid)
            if mapping is not None and all(
                    _CONTINUATION.search(t.replace(" ", "")) or _same_text(t, last_title)
                    for t in above):
                start = len(last.cells)
                last.append(grid, mapping)
                block = blocks[first]
                block.grid, block.rows = last, range(start, len(last.cells))
                del blocks[:first]
        # what the next page may continue: this page's last block, when it is a grid
        if blocks and blocks[-1].grid is not None:
            if blocks[-1].grid is not last:
                last = blocks[-1].grid
                titles = [ln.text for b in blocks[:-1] for ln in b.lines]
                last_title = titles[-1] if titles else ""
        elif blocks:
            last = None


def _same_text(a: str, b: str) -> bool:
    return bool(a) and a.replace(" ", "") == b.replace(" ", "")


def page_lines(page: PdfPage) -> list[PdfLine]:
    """The page's lines in order: text lines, and per grid one tab-separated line per row."""
    out: list[PdfLine] = []
    for block in page.blocks:
        out.extend(block.lines)
        grid = block.grid
        if grid is None:
            continue
        for r in block.rows:
            text = "\t".join(t.replace("\n", " ") for t in grid.texts(r))
            out.append(PdfLine(text, grid.pages[r], grid.boxes[r], grid, r))
    return out
