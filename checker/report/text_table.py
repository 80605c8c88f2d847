"""The text report's closing summary table for a streamed batch, in memory that does not
grow with the batch, byte for byte the table ``text.write`` prints whole.

A rich ``Table`` holds every row and renders all of them into one list of segments before
writing (+59 MiB at 10,000 units). Here each row is spooled to a temporary file as it
comes, and the table is printed at the end a slice of rows at a time. A column's width in
rich depends only on the largest minimum and the largest maximum width of its cells (and
the header's), so the writer keeps, per column, the cell with each: a table of the header
and those cells yields the widths of the whole table. Every slice is then a table whose
columns have these fixed widths; its rows render exactly as in the whole table, and its
top (edge, header, header rule) and bottom edge are cut off. The header is printed once
before the slices, the bottom edge once after them.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table

from checker.model.results import UnitReport
from checker.report import text
from checker.report.stream_base import LineSpool

SLICE = 256  # rows rendered at once: a few hundred KiB of segments at most
_UNBOUNDED = 1 << 30  # measure cells at their natural width, never cut to the console's


class StreamedSummary:
    """Rows added unit by unit (``add``), printed at the end (``print``)."""

    def __init__(self, console: Console, slice_rows: int | None = None) -> None:
        self.console = console
        self.slice_rows = slice_rows or SLICE  # read here, so a test can make slices small
        self.rows = LineSpool()
        columns = len(text.SUMMARY_COLUMNS)
        # Per column: (largest minimum, its cell), (largest maximum, its cell).
        self.widest_min: list[tuple[int, RenderableType]] = [(-1, "")] * columns
        self.widest_max: list[tuple[int, RenderableType]] = [(-1, "")] * columns

    def add(self, unit: UnitReport) -> None:
        """``unit`` as it is to be shown (``escape.cleaned`` already applied)."""
        fields = text.summary_fields(unit)
        self.rows.append(fields)
        options = self.console.options.update_width(_UNBOUNDED)
        for index, cell in enumerate(text.summary_cells(fields)):
            least, most = Measurement.get(self.console, options, cell)
            if least > self.widest_min[index][0]:
                self.widest_min[index] = (least, cell)
            if most > self.widest_max[index][0]:
                self.widest_max[index] = (most, cell)

    def print(self) -> None:
        """The table (nothing without rows), then the spool is closed."""
        try:
            if len(self.rows):
                self._print()
        finally:
            self.rows.close()

    def _print(self) -> None:
        probe = text.summary_table(self.console)
        probe.add_row(*(cell for _, cell in self.widest_min))
        probe.add_row(*(cell for _, cell in self.widest_max))
        box_ = probe.box
        if box_ is None or (box_.mid_left, box_.mid_vertical, box_.mid_right) != (
                box_.foot_left, box_.foot_vertical, box_.foot_right):
            # A slice's last row is drawn as a table's last row: only a box whose last row
            # looks like the others can be cut into slices. Print the table whole.
            self._print_whole()
            return
        widths = [width - probe._get_padding_width(index)
                  for index, width in enumerate(self._widths(probe))]
        frame = self._lines(text.summary_table(self.console, widths))
        head = len(frame) - 1  # the top edge, the header, the header rule
        out = self.console.file
        out.write("".join(frame[:head]))
        batch: list[list[str]] = []
        for fields in self.rows:
            batch.append(fields)
            if len(batch) == self.slice_rows:
                out.write("".join(self._slice(widths, batch)[head:-1]))
                batch.clear()
        if batch:
            out.write("".join(self._slice(widths, batch)[head:-1]))
        out.write(frame[-1])

    def _widths(self, probe: Table) -> list[int]:
        # The widths as ``Table.__rich_console__`` computes them; rich offers no public
        # call for the widths alone.
        options = self.console.options
        return probe._calculate_column_widths(
            self.console, options.update_width(options.max_width - probe._extra_width))

    def _slice(self, widths: list[int], rows: list[list[str]]) -> list[str]:
        table = text.summary_table(self.console, widths)
        for fields in rows:
            table.add_row(*text.summary_cells(fields))
        return self._lines(table)

    def _lines(self, table: Table) -> list[str]:
        """The table as ``console.print`` writes it, cut into lines at its newlines (each
        kept; rich ends every style before a newline). Not ``splitlines``: a unit name may
        hold a U+2028, which is no line break of the table."""
        with self.console.capture() as capture:
            self.console.print(table)
        return [line + "\n" for line in capture.get().split("\n")[:-1]]

    def _print_whole(self) -> None:
        table = text.summary_table(self.console)
        for fields in self.rows:
            table.add_row(*text.summary_cells(fields))
        self.console.print(table)
