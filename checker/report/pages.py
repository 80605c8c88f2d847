"""Findings that point into the source: a crop of the PDF page with the evidence boxed, an
annotated copy of the PDF, and for text input the lines around the evidence.

The box comes from the evidence's ``bbox`` (PDF points, [x0, y0, x1, y1]) when the reader
recorded one; otherwise the evidence text is searched for on its page (its first characters,
as PyMuPDF's text layer has them), and without a hit the whole page is shown unboxed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.model.results import Evidence, RuleResult, UnitReport

ZOOM = 1.5  # 108 dpi: the page's text readable at a glance, a crop of ~100 kB at most
MARGIN = 60  # points of page shown above and below the box


@dataclass
class Spot:
    """Where a piece of evidence is on its page (page numbers count from 1)."""

    page: int
    box: tuple[float, float, float, float] | None


def is_pdf(source: str) -> bool:
    try:
        with open(source, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _open(source: str) -> Any:
    import pymupdf

    return pymupdf.open(source)


def locate(document: Any, evidence: Evidence) -> Spot | None:
    if evidence.page is None or not 1 <= evidence.page <= len(document):
        return None
    bbox = getattr(evidence, "bbox", None)
    if bbox:
        return Spot(evidence.page, tuple(bbox))  # type: ignore[arg-type]
    page = document[evidence.page - 1]
    for probe in _probes(evidence.text):
        hits = page.search_for(probe)
        if hits:
            box = hits[0]
            for other in hits[1:]:  # a probe split over lines: join the pieces nearby
                if abs(other.y0 - box.y1) < 20:
                    box |= other
            return Spot(evidence.page, (box.x0, box.y0, box.x1, box.y1))
    return Spot(evidence.page, None)


def _probes(text: str) -> list[str]:
    """Search strings for the evidence: its first words as extracted, shorter and shorter."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    cells = [c for c in re.split(r"\t+", first) if c.strip()]
    probes = [first[:24], first[:12], *(c.strip()[:20] for c in cells[:2])]
    return [p for p in dict.fromkeys(probes) if len(p.strip()) >= 2]


def first_spot(document: Any, result: RuleResult) -> Spot | None:
    for evidence in result.evidence:
        spot = locate(document, evidence)
        if spot is not None:
            return spot
    return None


def render_crop(document: Any, spot: Spot, target: Path) -> Path:
    """A PNG of the spot's page region with the evidence boxed in red."""
    import pymupdf

    page = document[spot.page - 1]
    area = page.rect
    frame = None
    if spot.box is not None:
        box = pymupdf.Rect(spot.box)
        area = pymupdf.Rect(page.rect.x0, max(page.rect.y0, box.y0 - MARGIN),
                            page.rect.x1, min(page.rect.y1, box.y1 + MARGIN))
        # A square annotation drawn for this picture only, removed again after rendering,
        # so the next crop of the same page shows only its own box.
        frame = page.add_rect_annot(pymupdf.Rect(box.x0 - 2, box.y0 - 2, box.x1 + 2, box.y1 + 2))
        frame.set_colors(stroke=(0.85, 0.1, 0.1))
        frame.set_border(width=2)
        frame.update()
    pixmap = page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), clip=area)
    if frame is not None:
        page.delete_annot(frame)
    target.parent.mkdir(parents=True, exist_ok=True)
    pixmap.save(str(target))
    return target


def crops(unit: UnitReport, results: list[RuleResult], folder: Path,
          prefix: str) -> dict[int, tuple[str, int]]:
    """For each result with evidence on a PDF page: (crop file name, page), by ``id``."""
    if not is_pdf(unit.source):
        return {}
    out: dict[int, tuple[str, int]] = {}
    try:
        document = _open(unit.source)
    except Exception:  # an unreadable PDF was reported when it was checked
        return {}
    with document:
        for number, result in enumerate(results, start=1):
            spot = first_spot(document, result)
            if spot is None:
                continue
            name = f"{prefix}-{number:03d}.png"
            render_crop(document, spot, folder / name)
            out[id(result)] = (name, spot.page)
    return out


def annotate(unit: UnitReport, target: Path, note: Any) -> int:
    """An annotated copy of the unit's PDF: a highlight and a note per finding, placed on
    the evidence (or at the top of its page). Returns the number of annotations."""
    import pymupdf

    count = 0
    with _open(unit.source) as document:
        for result in unit.results:
            if result.status not in ("fail", "not_verifiable"):
                continue
            # A finding about the whole document (a missing section) has no page: its note
            # goes on the first page, so every finding is in the copy.
            spot = first_spot(document, result) or Spot(1, None)
            page = document[spot.page - 1]
            text = note(result)
            if spot.box is not None:
                rect = pymupdf.Rect(spot.box)
                highlight = page.add_highlight_annot(rect)
                highlight.set_info(content=text, title="budgetlint")
                highlight.update()
                anchor = pymupdf.Point(max(rect.x0 - 20, 2), rect.y0)
            else:
                anchor = pymupdf.Point(20, 20 + 14 * (count % 40))
            sticky = page.add_text_annot(anchor, text, icon="Comment")
            sticky.set_info(title="budgetlint")
            sticky.update()
            count += 1
        target.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(target), garbage=3, deflate=True)
    return count


CONTEXT_CHARS = 1000  # of a longer line, the part shown around the evidence


def source_lines(unit: UnitReport) -> list[str] | None:
    """The text input's lines, numbered as the evidence counts them (the decoded or
    converted text's lines); None for a PDF or a file that changed or vanished since."""
    if is_pdf(unit.source):
        return None
    from checker.read.source import read_text

    try:
        return read_text(unit.source).splitlines()
    except Exception:
        return None


def text_context(unit: UnitReport, result: RuleResult, around: int = 2,
                 lines: list[str] | None = None) -> list[tuple[int, str]]:
    """For text input: the lines around the first evidence line, numbered; a long line only
    in part (around the evidence on its own line). ``lines``: ``source_lines(unit)``, read
    once for all of a unit's findings (read again per finding, a document of one long line
    with thousands of findings took minutes and gigabytes)."""
    evidence = next((e for e in result.evidence if e.line is not None), None)
    if evidence is None or evidence.line is None:
        return []
    if lines is None:
        lines = source_lines(unit)
        if lines is None:
            return []
    line = evidence.line
    start = max(1, line - around)
    return [(n, _clipped(lines[n - 1], evidence.text if n == line else ""))
            for n in range(start, min(len(lines), line + around) + 1)]


def _clipped(text: str, evidence: str) -> str:
    """``text``, or of a long one the ``CONTEXT_CHARS`` around where ``evidence`` starts
    (its first characters, as the evidence may be a cleaned copy), marked with …."""
    if len(text) <= CONTEXT_CHARS:
        return text
    probe = evidence.strip()[:12]
    at = text.find(probe) if probe else -1
    begin = max(0, at - CONTEXT_CHARS // 3) if at > 0 else 0
    end = begin + CONTEXT_CHARS
    return ("…" if begin else "") + text[begin:end] + ("…" if end < len(text) else "")
