"""Writers of the formats whose every part can be written the moment it is known: text,
JSON (the units' array between a fixed head and tail), JSON Lines and CSV."""

from __future__ import annotations

import json
from typing import IO

from checker.model.results import BatchReport, InputFailure, UnitReport
from checker.report.escape import cleaned
from checker.report.jsonindent import IndentedEncoder
from checker.report.jsonline import LineEncoder
from checker.report.stream_base import Writer


class TextWriter(Writer):
    """Each unit's findings as it comes; the summary table's rows spooled (``text_table``)
    and the totals counted for the end."""

    def __init__(self, out: IO[str], colour: bool | None, show_errors: bool) -> None:
        super().__init__()
        from checker.report import text, text_table
        from checker.report.common import Tally

        self._text = text
        self.console = text.make_console(out, colour)
        self.show_errors = show_errors
        self.table = text_table.StreamedSummary(self.console)
        self.tally = Tally()

    def _unit(self, unit: UnitReport) -> None:
        # No ANSI or control characters from a document reach a terminal (as text.write).
        shown = cleaned(unit)
        self._text.write_unit(self.console, shown)
        if not self._text.is_quiet():  # --quiet prints no table
            self.table.add(shown)
        self.tally.add(unit)

    def finish(self, errors: list[InputFailure]) -> None:
        shown = cleaned(errors)
        self._text.write_errors(self.console, shown, self.show_errors)
        if self._text.is_quiet():  # --quiet: the closing line only, as text.write
            self.table.rows.close()
        else:
            self.table.print()
        self._text.write_total(self.console, self.tally.totals(len(shown)))


class JsonWriter(Writer):
    """``{"units": [...], "errors": [...]}`` with the units written as they come."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        self.out = out
        self.count = 0
        self.pieces = IndentedEncoder()
        self.head, _ = self._skeleton([])
        out.write(self.head)

    @staticmethod
    def _skeleton(errors: list[InputFailure]) -> tuple[str, str]:
        from checker.report import json as json_report

        whole = json_report.render(BatchReport(errors=errors))
        head, seam, tail = whole.partition('"units": []')
        assert seam, "the JSON report no longer has a top-level units list"
        return head + '"units": [', tail

    def _unit(self, unit: UnitReport) -> None:
        self.out.write(("," if self.count else "") + "\n    ")
        # ``indent(json.dumps(unit, indent=2), 4)`` in pieces (jsonindent: each rule's
        # constant fields encoded once; a unit with 100,000 results never one string)
        for piece in self.pieces.unit(unit):
            self.out.write(piece.replace("\n", "\n    "))
        self.count += 1

    def finish(self, errors: list[InputFailure]) -> None:
        head, tail = self._skeleton(errors)
        assert head == self.head, "the JSON report's head depends on the batch"
        self.out.write(("\n  ]" if self.count else "]") + tail)


class JsonLinesWriter(Writer):
    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        self.out = out
        self.lines = LineEncoder()  # each rule's constant pieces encoded once (jsonline)

    def unit(self, unit: UnitReport) -> None:
        for piece in self.lines.pieces(unit):
            self.out.write(piece)
        self.out.write("\n")

    def finish(self, errors: list[InputFailure]) -> None:
        for failure in errors:
            self.out.write(json.dumps({"source": failure.source, "input_error": failure.message},
                                      ensure_ascii=False) + "\n")


class CsvWriter(Writer):
    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        from checker.report import csv as csv_report

        self._render = csv_report.render
        self.out = out
        self.head = self._render(BatchReport())
        out.write(self.head)

    def unit(self, unit: UnitReport) -> None:  # rows only: the header says everything else
        self.out.write(self._cut(self._render(BatchReport(units=[unit]))))

    def finish(self, errors: list[InputFailure]) -> None:
        if errors:
            self.out.write(self._cut(self._render(BatchReport(errors=errors))))

    def _cut(self, whole: str) -> str:
        assert whole.startswith(self.head)
        return whole[len(self.head):]
