"""The HTML writer: a folder of pages, one per unit written as it comes, and the index
(built from digests and small per-unit facts) at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.errors import OutputError
from checker.model.results import InputFailure, UnitReport
from checker.report.atomic import ensure_folder, write_atomic
from checker.report.stream_base import Writer


class HtmlWriter(Writer):
    """One page per unit as it comes, the index (from digests) at the end. As in
    ``html.write``, a page that cannot be written does not stop the others; the run then
    ends in an ``OutputError`` naming the first missing file and how many more."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__()
        from checker.report import html

        self._html = html
        self.out_dir = out_dir
        self.pages: list[str] = []
        self.facts: list[Any] = []
        self.failed: list[OutputError] = []
        ensure_folder(out_dir)

    def _unit(self, unit: UnitReport) -> None:
        page = self._html.page_name(len(self.pages) + 1, unit)
        try:
            self._html.write_unit_page(unit, page, self.out_dir)
        except OutputError as error:
            self.failed.append(error)
        self.pages.append(page)
        self.facts.append(self._html.facts(unit))  # counts and overview cells: small

    def finish(self, errors: list[InputFailure]) -> None:
        index = self.out_dir / "index.html"
        try:
            write_atomic(index, self._html.render_index(self.summary(errors), self.pages,
                                                        unit_facts=self.facts))
        except OutputError as error:
            self.failed.append(error)
        if self.failed:
            first, more = self.failed[0], len(self.failed) - 1
            raise OutputError(first.path, first.problem + (
                f"（另有 {more} 个报告文件未能写入）" if more else ""))
