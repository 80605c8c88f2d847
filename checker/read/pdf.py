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
from typing import Any

from checker.errors import InputError

PDF_MAGIC = b"%PDF-"
# Readers accept the header anywhere in the first 1024 bytes (some generators put junk
# before it); only a file named .pdf gets that leniency, so a text that merely mentions
# "%PDF-" near its top is still read as text.
_HEADER_WINDOW = 1024

NO_TEXT_LAYER = "PDF has no text layer (scanned image?); run OCR first"


@dataclass(frozen=True)
class PdfText:
    """The extracted text and, for each page, the 1-based line number it starts on."""

    text: str
    page_starts: tuple[int, ...]


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
    """Each page's ``get_text("text")``, pages separated by a blank line."""
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
            pages = [page.get_text("text") for page in document]
        except Exception:
            raise InputError(source, "cannot read PDF text (damaged PDF)") from None
    if not any(page.strip() for page in pages):
        raise InputError(source, NO_TEXT_LAYER)
    return _join(pages)


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
    return pymupdf
