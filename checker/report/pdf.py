"""``--format pdf``: an annotated copy of each PDF disclosure, a highlight on the evidence and
a note (rule, message, figures) per finding, for auditors who work in a PDF reader.

Text and HTML inputs have no pages to annotate: they are named on stderr and skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

from checker.model.results import BatchReport, InputFailure, RuleResult, UnitReport
from checker.report import pages
from checker.report.common import figures_line, message
from checker.report.i18n import label


def note(result: RuleResult) -> str:
    status = label(result.status)
    lines = [f"[{status}] {result.rule} {result.title}", message(result)]
    numbers = figures_line(result)
    if numbers:
        lines.append(numbers)
    return "\n".join(lines)


def target_name(index: int, unit: UnitReport) -> str:
    return f"{index:03d}-{Path(unit.source).stem}.annotated.pdf"


def write(batch: BatchReport, out_dir: Path) -> list[tuple[UnitReport, Path | None, int]]:
    """One annotated PDF per PDF unit in ``out_dir``: (unit, file or None, annotations)."""
    written: list[tuple[UnitReport, Path | None, int]] = []
    for index, unit in enumerate(batch.units, start=1):
        if not pages.is_pdf(unit.source):
            written.append((unit, None, 0))
            continue
        target = out_dir / target_name(index, unit)
        written.append((unit, target, pages.annotate(unit, target, note)))
    return written


class PdfWriter:
    """``--format pdf`` in the streamed batch: each PDF unit's annotated copy as it comes."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.count = 0

    def unit(self, unit: UnitReport) -> None:
        self.count += 1
        if not pages.is_pdf(unit.source):
            print(f"budgetlint: {label('no_annotated_copy', source=unit.source)}", file=sys.stderr)
            return
        target = self.out_dir / target_name(self.count, unit)
        notes = pages.annotate(unit, target, note)
        print(f"budgetlint: {label('wrote_notes', target=target, n=notes)}", file=sys.stderr)

    def finish(self, errors: list[InputFailure]) -> None:
        """Nothing to add at the end: the input errors are on stderr already."""
