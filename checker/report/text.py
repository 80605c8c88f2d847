"""Plain/coloured terminal output, in the ``file:line: severity rule message`` shape of ruff
and yamllint so editors and CI log viewers make the locations clickable.

Colour only on a terminal: piped output, ``CI=true`` and ``NO_COLOR`` get plain text.
Messages go through ``rich.text.Text``, never markup strings, because rule messages quote
document text that may contain ``[...]``.
"""

from __future__ import annotations

import io
import os
from typing import IO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.model.results import BatchReport, RuleResult, UnitReport
from checker.report.common import (
    first_line,
    first_page,
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
                   # Piped output must not be wrapped at 80 columns: one finding, one line.
                   width=None if colour else 240, soft_wrap=True)


def write_end(console: Console, batch: BatchReport, show_errors: bool = True) -> None:
    """The input errors and the summary table (``batch.units`` may be digests)."""
    for failure in batch.errors if show_errors else ():
        console.print(Text.assemble((failure.source, "bold"), ": ", ("input-error", "red"),
                                    " ", failure.message))
    if batch.errors and show_errors:
        console.print()
    _summary(console, batch)


def render(batch: BatchReport) -> str:
    """The plain text, as piped output would show it."""
    buffer = io.StringIO()
    write(batch, buffer, colour=False)
    return buffer.getvalue()


def write_unit(console: Console, unit: UnitReport) -> None:
    state = verdict_class(unit)
    console.print(Text.assemble((unit_title(unit), "bold"), f" ({unit.source}): ",
                                (verdict_text(unit), VERDICT_STYLE[state])))
    profile = profile_text(unit)
    if profile:
        console.print(Text(f"  profile: {profile}", "dim"))
    for result in unit.results:
        if reportable(result):
            console.print(_finding(unit, result))
    console.print()


def _finding(unit: UnitReport, result: RuleResult) -> Text:
    line = first_line(result)
    where = f"{unit.source}:{line}:" if line is not None else f"{unit.source}:"
    if result.status == "not_verifiable":
        slot = "unverifiable"
    elif result.waived:
        slot = "waived"
    else:
        slot = result.severity
    text = Text.assemble((where, "bold"), " ", (slot, SLOT_STYLE[slot]), " ",
                         (result.rule, "dim"), " ", result.message)
    page = first_page(result)
    # A PDF's line counts lines of the extracted text; the page is what a reader can find.
    extras = [e for e in (f"PDF page {page}" if page is not None else None,
                          _expected_found(result), waiver_note(result)) if e]
    if result.status == "fail" and result.waiver is None and not result.blocks(unit.fail_on):
        extras.append(f"below --fail-on {unit.fail_on}")
    if extras:
        text.append(f" [{'; '.join(extras)}]", "dim")
    return text


def _expected_found(result: RuleResult) -> str | None:
    return next((c for c in (e.comparison() for e in result.evidence) if c), None)


def _summary(console: Console, batch: BatchReport) -> None:
    table = Table(box=box.SIMPLE_HEAD if console.no_color else box.ROUNDED,
                  title=None, show_footer=False, pad_edge=False)
    for header, justify in (("unit", "left"), ("verdict", "left"), ("pass", "right"),
                            ("fail", "right"), ("not verifiable", "right"),
                            ("n/a", "right"), ("waived", "right")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for unit in batch.units:
        counts = unit.summary
        table.add_row(unit_name(unit), Text(verdict_text(unit),
                                            VERDICT_STYLE[verdict_class(unit)]),
                      str(counts["pass"]), str(counts["fail"]),
                      str(counts["not_verifiable"]), str(counts["not_applicable"]),
                      str(waived_count(unit)))
    if batch.units:
        console.print(table)
    total = totals(batch)
    line = (f"{total.units} unit{'s' if total.units != 1 else ''}: {total.passed} passed, "
            f"{total.failed} failed; {total.partial} passed with checks not verifiable; "
            f"{total.results['not_verifiable']} checks not verifiable")
    if total.waived:
        line += f"; {total.waived} findings waived"
    if total.errors:
        line += f"; {total.errors} input error{'s' if total.errors != 1 else ''}"
    console.print(Text(line, "bold"))
