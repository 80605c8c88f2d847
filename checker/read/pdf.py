"""PDF bytes to text: the text layer of a published disclosure, page by page, via PyMuPDF.

Disclosures are published as PDF; the parser reads text. PyMuPDF's plain ``get_text("text")``
gives one table cell per line in reading order, the layout ``tables.py`` rebuilds rows from
(docs/parsing-notes.md). Line numbers of a PDF document count lines of this extracted text,
so ``PdfText.page_starts`` keeps the first line of every page to tell the page of a line.

Every problem (damaged, encrypted, image-only, PyMuPDF missing) is an ``InputError`` with one
line, never a traceback: MuPDF's own messages are silenced because they go to stderr, where
budgetlint promises one line per unusable input.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.regex_cache import compile_re

if TYPE_CHECKING:
    from checker.read.pdf_layout import PdfLine

PDF_MAGIC = b"%PDF-"
# Readers accept the header anywhere in the first 1024 bytes (some generators put junk
# before it); only a file named .pdf gets that leniency, so a text that merely mentions
# "%PDF-" near its top is still read as text.
_HEADER_WINDOW = 1024

NO_TEXT_LAYER = "PDF has no text layer (scanned image?); run OCR first"


@dataclass(frozen=True)
class PdfText:
    """The extracted text and, for each page, the 1-based line number it starts on;
    ``geometry[n - 1]`` is where line n stands (page, box, table grid row), None for the
    blank line between pages; ``image_pages`` are pages that are only an image (OCR needed)."""

    text: str
    page_starts: tuple[int, ...]
    geometry: tuple[PdfLine | None, ...] = ()
    image_pages: tuple[int, ...] = ()


def page_of(page_starts: tuple[int, ...] | list[int], line: int) -> int | None:
    """The 1-based page of extracted-text line ``line``, None when out of range."""
    if line < 1 or not page_starts:
        return None
    return bisect_right(page_starts, line) or None


def is_pdf(data: bytes, named_pdf: bool = False) -> bool:
    """``%PDF-`` at the start (after a BOM or whitespace), or in the first KiB of a *.pdf."""
    head = data[:_HEADER_WINDOW]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(PDF_MAGIC):
        return True
    return named_pdf and PDF_MAGIC in head


def extract_pdf_text(data: bytes, source: str = "<input>") -> PdfText:
    """Each page's text blocks and tables in reading order (``pdf_layout``), one line per
    paragraph and one tab-separated line per table row, pages separated by a blank line."""
    # The layout readers (and their patterns) load only when a PDF is read: a one-file
    # check of a text file does not pay for them.
    from checker.read.pdf_layout import drop_furniture, join_continued, page_lines, read_page

    pymupdf = _pymupdf(source)
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        # FileDataError, RuntimeError, ValueError by version: to the user all say the same.
        raise InputError(source, "cannot open PDF (damaged or not a PDF)") from None
    with document:
        if document.needs_pass:
            raise InputError(source, "PDF is encrypted (password required)")
        if document.page_count == 0:
            # MuPDF repairs a truncated file as far as it can; nothing left means damaged.
            raise InputError(source, "PDF has no pages (damaged or truncated?)")
        try:
            pages = [read_page(page, number) for number, page in enumerate(document, start=1)]
        except Exception:
            raise InputError(source, "cannot read PDF text (damaged PDF)") from None
    if not any(block.lines or block.grid for page in pages for block in page.blocks):
        raise InputError(source, NO_TEXT_LAYER)
    drop_furniture(pages)
    join_continued(pages)
    lines = [page_lines(page) for page in pages]
    _forms_after_titles(lines)
    joined = _join(["".join(f"{line.text}\n" for line in found) for found in lines])
    geometry: list[PdfLine | None] = []
    for found in lines:
        geometry.extend(found)
        geometry.append(None)  # the blank line between pages
    return PdfText(joined.text, joined.page_starts, tuple(geometry),
                   tuple(page.number for page in pages if page.image_only))


_FORM_LINE = compile_re(r"公开\s*\d{1,2}\s*表")


def _forms_after_titles(pages: list[list[PdfLine]]) -> None:
    """Jiangsu prints "公开01表" above the table's title, sometimes at the foot of the page
    before: the number belongs to the title that follows, so it is moved under it (the
    table's block then carries it; left above, it would end the previous table's block)."""
    for p, lines in enumerate(pages):
        i = 0
        while i < len(lines):
            if not _FORM_LINE.fullmatch(lines[i].text.strip()):
                i += 1
                continue
            if i + 1 < len(lines):
                following = lines[i + 1]
                if following.grid is None and following.text.replace(" ", "").endswith(
                        ("表", ")", "）")):
                    lines[i], lines[i + 1] = following, lines[i]
                    i += 2
                    continue
            elif p + 1 < len(pages) and pages[p + 1] and pages[p + 1][0].grid is None:
                # the last line of its page: under the next page's first line, the title
                pages[p + 1].insert(1, lines.pop(i))
                continue
            i += 1


def _join(pages: list[str]) -> PdfText:
    # A blank line between pages: a page break is a gap the normaliser already reads as one
    # (page numbers after it are dropped), and it keeps the last cell of one page and the
    # first of the next on lines of their own.
    chunks: list[str] = []
    starts: list[int] = []
    line = 1
    for page in pages:
        body = page if page.endswith("\n") or not page else page + "\n"
        starts.append(line)
        chunks.append(body)
        line += body.count("\n") + 1  # + the blank separator line
    return PdfText("\n".join(chunks), tuple(starts))


def _pymupdf(source: str) -> Any:
    try:
        # Imported on first use: it takes a noticeable time, and text inputs never need it.
        import pymupdf
    except ImportError:
        raise InputError(source, "reading PDF needs PyMuPDF: pip install pymupdf") from None
    # MuPDF prints repair warnings and errors to stderr; budgetlint reports one line per
    # unusable input itself, so they would only add noise (or look like a second error).
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    # find_tables() otherwise prints an advertisement for another package to stdout, into
    # the JSON of `budgetlint parse`.
    getattr(pymupdf, "no_recommend_layout", lambda: None)()
    return pymupdf
