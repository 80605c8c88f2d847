"""Plain/coloured terminal output, in the ``file:line: severity rule message`` shape of ruff
and yamllint so editors and CI log viewers make the locations clickable.

Colour only on a terminal: piped output, ``CI=true`` and ``NO_COLOR`` get plain text.
Messages go through ``rich.text.Text``, never markup strings, because rule messages quote
document text that may contain ``[...]``.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from contextvars import ContextVar
from typing import IO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.model.results import BatchReport, InputFailure, RuleResult, UnitReport
from checker.report.common import (
    Totals,
    comparison,
    figures_line,
    first_line,
    first_page,
    message,
    offset_note,
    offsets,
    profile_text,
    reportable,
    totals,
    unit_name,
    unit_title,
    verdict_class,
    verdict_text,
    waived_count,
    waiver_note,
)
from checker.report.escape import cleaned
from checker.report.i18n import label, translate

_QUIET: ContextVar[bool] = ContextVar("budgetlint_text_quiet", default=False)
WIDTH = 100  # piped output: a finding wraps under its location, never past 100 columns

VERDICT_STYLE = {"fail": "bold red", "pass": "bold green", "partial": "bold yellow"}
SLOT_STYLE = {"error": "red", "warning": "yellow", "info": "blue",
              "waived": "magenta", "unverifiable": "cyan"}


def use_colour(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return False
    return stream.isatty()


def write(batch: BatchReport, stream: IO[str], colour: bool | None = None,
          show_errors: bool = True) -> None:
    batch = cleaned(batch)  # no ANSI or control characters from a document reach a terminal
    console = make_console(stream, colour)
    for unit in batch.units:
        write_unit(console, unit)
    write_end(console, batch, show_errors)


def make_console(stream: IO[str], colour: bool | None = None) -> Console:
    colour = use_colour(stream) if colour is None else colour
    return Console(file=stream, force_terminal=colour, no_color=not colour,
                   color_system="auto" if colour else None, highlight=False,
                   width=None if colour else WIDTH, soft_wrap=False)


def write_end(console: Console, batch: BatchReport, show_errors: bool = True) -> None:
    """The input errors and the summary table."""
    write_errors(console, batch.errors, show_errors)
    _summary(console, batch)


def write_errors(console: Console, errors: list[InputFailure], show_errors: bool = True
                 ) -> None:
    for failure in errors if show_errors else ():
        _print_wrapped(console, Text.assemble((failure.source, "bold"), ": ",
                                              (label("input_error"), "red"), " ",
                                              translate(failure.message)))
    if errors and show_errors:
        console.print()


def render(batch: BatchReport) -> str:
    """The plain text, as piped output would show it."""
    buffer = io.StringIO()
    write(batch, buffer, colour=False)
    return buffer.getvalue()


@contextlib.contextmanager
def quiet(on: bool = True) -> Iterator[None]:
    """``--quiet``: only failing units with their blocking findings, then the closing line."""
    token = _QUIET.set(on)
    try:
        yield
    finally:
        _QUIET.reset(token)


def write_unit(console: Console, unit: UnitReport) -> None:
    if _QUIET.get():
        _write_quiet(console, unit)
        return
    state = verdict_class(unit)
    _print_wrapped(console, Text.assemble((unit_title(unit), "bold"), f" ({unit.source}): ",
                                          (verdict_text(unit), VERDICT_STYLE[state])))
    profile = profile_text(unit)
    if profile:
        _print_wrapped(console, Text(f"  {label('profile')}: {profile}", "dim"))
    pairs = offsets(unit)
    for result in unit.results:
        if reportable(result):
            _print_wrapped(console, _finding(unit, result, pairs))
    console.print()


def _write_quiet(console: Console, unit: UnitReport) -> None:
    if unit.verdict != "fail":
        return
    _print_wrapped(console, Text.assemble((unit_title(unit), "bold"), f" ({unit.source}): ",
                                          (verdict_text(unit), VERDICT_STYLE["fail"])))
    pairs = offsets(unit)
    for result in unit.results:
        if result.blocks(unit.fail_on):
            _print_wrapped(console, _finding(unit, result, pairs))
    console.print()


def _print_wrapped(console: Console, text: Text) -> None:
    """A line on a terminal as is; piped, cut at ``WIDTH`` columns with its continuation
    lines indented by four spaces (nothing dropped at a cut: strip the indent and join the
    lines to get the finding back as one line, as ``tests/clirun.unwrap`` does)."""
    if console.is_terminal:
        console.print(text)
        return
    plain, cuts, used, width = text.plain, [], 0, WIDTH
    for index, char in enumerate(plain):
        size = cell_len(char)
        if used + size > width:
            cuts.append(index)
            used, width = 0, WIDTH - 4
        used += size
    for number, line in enumerate(text.divide(cuts)):
        console.print(Text("    ") + line if number else line, soft_wrap=True)


def _finding(unit: UnitReport, result: RuleResult,
             pairs: dict[int, RuleResult] | None = None) -> Text:
    line = first_line(result)
    # A unit read from several files names the file each finding is in.
    source = next((e.source for e in result.evidence if e.source), None) or unit.source
    where = f"{source}:{line}:" if line is not None else f"{source}:"
    if result.status == "not_verifiable":
        slot = "unverifiable"
    elif result.waived:
        slot = "waived"
    else:
        slot = result.severity
    text = Text.assemble((where, "bold"), " ", (label(slot), SLOT_STYLE[slot]), " ",
                         (result.rule, "dim"), " ", message(result))
    page = first_page(result)
    # A PDF's line counts lines of the extracted text; the page is what a reader can find.
    extras = [e for e in (label("pdf_page", page=page) if page is not None else None,
                          figures_line(result) or _expected_found(result),
                          offset_note(result, pairs or {}), waiver_note(result)) if e]
    if result.status == "fail" and result.waiver is None and not result.blocks(unit.fail_on):
        extras.append(label("below_gate", gate=label(unit.fail_on)))
    if extras:
        text.append(f" [{'; '.join(extras)}]", "dim")
    return text


def _expected_found(result: RuleResult) -> str | None:
    return next((c for c in (comparison(e) for e in result.evidence) if c), None)


SUMMARY_COLUMNS = (("unit", "left"), ("verdict", "left"), ("pass", "right"),
                   ("fail", "right"), ("not_verifiable", "right"), ("n_a", "right"),
                   ("waived", "right"))


def summary_table(console: Console, widths: list[int] | None = None) -> Table:
    """The closing summary table, empty; ``widths`` fixes each column's width (without
    its padding), as ``text_table`` does to print a long table a slice at a time."""
    table = Table(box=box.SIMPLE_HEAD if console.no_color else box.ROUNDED,
                  title=None, show_footer=False, pad_edge=False)
    for index, (key, justify) in enumerate(SUMMARY_COLUMNS):
        table.add_column(label(key), justify=justify,  # type: ignore[arg-type]
                         width=widths[index] if widths else None)
    return table


def summary_fields(unit: UnitReport) -> list[str]:
    """A unit's row of the summary table as plain strings (what ``text_table`` spools):
    name, verdict, verdict class, then the counts."""
    counts = unit.summary
    return [unit_name(unit), verdict_text(unit), verdict_class(unit), str(counts["pass"]),
            str(counts["fail"]), str(counts["not_verifiable"]),
            str(counts["not_applicable"]), str(waived_count(unit))]


def summary_cells(fields: list[str]) -> list[str | Text]:
    """The cells of a summary row made of ``summary_fields``."""
    name, verdict, state, *numbers = fields
    # A unit's name is the document's text: a Text, so "[bold]" or ":smile:" in it stays as
    # printed instead of being read as rich markup.
    return [Text(name), Text(verdict, VERDICT_STYLE[state]), *numbers]


def _summary(console: Console, batch: BatchReport) -> None:
    table = summary_table(console)
    for unit in batch.units:
        table.add_row(*summary_cells(summary_fields(unit)))
    if batch.units and not _QUIET.get():
        console.print(table)
    write_total(console, totals(batch))


def is_quiet() -> bool:
    return _QUIET.get()


def write_total(console: Console, total: Totals) -> None:
    """The closing line: units, verdicts, what could not be checked."""
    _print_wrapped(console, Text(summary_line(total), "bold"))


def summary_line(total: Totals) -> str:
    line = label("summary_units", units=total.units, s="s" if total.units != 1 else "",
                 passed=total.passed, failed=total.failed, partial=total.partial,
                 nv=total.results["not_verifiable"])
    if total.waived:
        line += label("summary_waived", n=total.waived)
    if total.errors:
        line += label("summary_errors", n=total.errors, s="s" if total.errors != 1 else "")
    return line
