"""CSV: one row per unit × rule result, for spreadsheets.

Written with a UTF-8 BOM because Excel otherwise opens the file in the system code page and
shows the Chinese as mojibake. A unit without results and an input failure still get a row,
so every document of the batch appears in the sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from checker.model.results import BatchReport
from checker.report.common import first_line, first_page, unit_name
from checker.report.escape import csv_cell

BOM = "\ufeff"
COLUMNS = ("source", "unit", "year", "kind", "level", "verdict", "unit_not_verifiable", "rule",
           "title", "category", "severity", "status", "blocking", "message", "line", "evidence",
           "expected", "found", "reference", "waiver_reason", "waiver_expires", "waiver_expired",
           "page", "profile")


def render(batch: BatchReport) -> str:
    """The CSV text, BOM first: encode it as UTF-8 and Excel reads it correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    _row(writer, COLUMNS)
    for unit in batch.units:
        # verdict is the gate's pass/fail as in the JSON; the not-verifiable count beside it
        # keeps an incomplete pass from reading as a clean one when the sheet is filtered.
        head = [unit.source, unit_name(unit), unit.year or "", unit.kind or "",
                unit.level or "", unit.verdict, unit.summary["not_verifiable"]]
        if not unit.results:
            _row(writer, head + [""] * (len(COLUMNS) - len(head)))
        for result in unit.results:
            line = first_line(result)
            evidence = " | ".join(e.text for e in result.evidence)
            expected = next((e.expected for e in result.evidence if e.expected), "")
            found = next((e.found for e in result.evidence if e.found), "")
            waiver = result.waiver
            _row(writer, [
                *head, result.rule, result.title, result.category or "", result.severity,
                result.status, "yes" if result.blocks(unit.fail_on) else "no",
                result.message, line if line is not None else "", evidence, expected, found,
                result.reference or "",
                waiver.reason if waiver else "", (waiver.expires or "") if waiver else "",
                ("yes" if waiver.expired else "no") if waiver else "",
                first_page(result) or "", (unit.profile or {}).get("title") or "",
            ])
    for failure in batch.errors:
        row = dict.fromkeys(COLUMNS, "")
        row.update(source=failure.source, verdict="input error", status="input_error",
                   message=failure.message)
        _row(writer, row.values())
    return BOM + buffer.getvalue()


def _row(writer: Any, cells: Iterable[object]) -> None:
    # Document text and file names are untrusted: no cell may become a formula.
    writer.writerow([csv_cell(cell) for cell in cells])
