"""The HTML writer: a folder of pages, one per unit written as it comes, and the index at
the end, made from one small record per unit spooled to a temporary file and from counts."""

from __future__ import annotations

from pathlib import Path

from checker.errors import OutputError
from checker.model.results import InputFailure, UnitReport
from checker.report.atomic import describe, ensure_folder
from checker.report.stream_base import LineSpool, Writer
from checker.report.stream_files import AtomicTextFile


class HtmlWriter(Writer):
    """One page per unit as it comes, the index at the end. As in ``html.write``, a page
    that cannot be written does not stop the others; the run then ends in an
    ``OutputError`` naming the first missing file and how many more."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        from checker.report import html
        from checker.report.common import Tally

        self._html = html
        self.out_dir = out_dir
        self.entries = LineSpool()  # html.index_entry of each unit
        self.categories: set[str] = set()  # the overview's columns: a few names
        self.tally = Tally()
        self.failed: list[OutputError] = []
        ensure_folder(out_dir)

    def _unit(self, unit: UnitReport) -> None:
        page = self._html.page_name(len(self.entries) + 1, unit)
        try:
            self._html.write_unit_page(unit, page, self.out_dir)
        except OutputError as error:
            self.failed.append(error)
        known = self._html.facts(unit)
        self.entries.append(self._html.index_entry(unit, page, known))
        self.categories.update(known.categories)
        self.tally.add(unit)

    def finish(self, errors: list[InputFailure]) -> None:
        try:
            self._write_index(errors)
        except OutputError as error:
            self.failed.append(error)
        finally:
            self.entries.close()
        if self.failed:
            first, more = self.failed[0], len(self.failed) - 1
            raise OutputError(first.path, first.problem + (
                f"（另有 {more} 个报告文件未能写入）" if more else ""))

    def _write_index(self, errors: list[InputFailure]) -> None:
        """The index written as the template produces it (10,000 rows never exist as one
        string), atomically as ``html.write`` writes it whole."""
        index = AtomicTextFile(self.out_dir / "index.html")
        try:
            for piece in self._html.index_pages(self.entries, errors,
                                                self.tally.totals(len(errors)),
                                                self.categories):
                index.stream.write(piece)
        except OSError as error:
            index.abort()
            raise OutputError(str(index.target), f"无法写入报告：{describe(error)}") from None
        except BaseException:
            index.abort()
            raise
        index.commit()
