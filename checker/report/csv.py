"""CSV: one row per unit × rule result, for spreadsheets.

Written with a UTF-8 BOM because Excel otherwise opens the file in the system code page and
shows the Chinese as mojibake. A unit without results and an input failure still get a row,
so every document of the batch appears in the sheet. Headers and words are in the report's
language (``i18n``); an arithmetic or cross-check finding carries its figures side by side
(computed, stated, difference, the rows that make the computed figure, the finding it offsets).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from checker.model.results import BatchReport
from checker.report.common import (
    evidence_text,
    figures,
    first_line,
    first_page,
    message,
    offset_note,
    offsets,
    unit_name,
)
from checker.report.escape import csv_cell
from checker.report.i18n import category_label, label, language, translate

BOM = "\ufeff"
COLUMNS = ("source", "unit", "year", "kind", "level", "verdict", "unit_not_verifiable", "rule",
           "title", "category", "severity", "status", "blocking", "message", "line", "evidence",
           "expected", "found", "reference", "waiver_reason", "waiver_expires", "waiver_expired",
           "page", "profile", "computed", "stated", "difference", "figures", "offsets")
# Catalogue keys of headers whose column name is also a phrase key.
HEADER_KEYS = {"line": "line_header", "offsets": "offsets_header"}


def word(code: str) -> str:
    """A status, severity or verdict: the code itself in English (a sheet filters on
    ``fail``), the catalogue's word in Chinese."""
    return code if language() == "en" else label(code.replace(" ", "_"))


def render(batch: BatchReport) -> str:
    """The CSV text, BOM first: encode it as UTF-8 and Excel reads it correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    _row(writer, [label(HEADER_KEYS.get(c, c)) for c in COLUMNS])
    for unit in batch.units:
        # verdict is the gate's pass/fail as in the JSON; the not-verifiable count beside it
        # keeps an incomplete pass from reading as a clean one when the sheet is filtered.
        head = [unit.source, unit_name(unit), unit.year or "", unit.kind or "",
                unit.level or "", word(unit.verdict), unit.summary["not_verifiable"]]
        if not unit.results:
            _row(writer, head + [""] * (len(COLUMNS) - len(head)))
        pairs = offsets(unit)
        for result in unit.results:
            line = first_line(result)
            evidence = " | ".join(evidence_text(e) for e in result.evidence)
            expected = next((e.expected for e in result.evidence if e.expected), "")
            found = next((e.found for e in result.evidence if e.found), "")
            waiver = result.waiver
            numbers = figures(result)
            _row(writer, [
                *head, result.rule, result.title, category_label(result.category),
                word(result.severity), word(result.status),
                label("yes") if result.blocks(unit.fail_on) else label("no"),
                message(result), line if line is not None else "", evidence,
                translate(expected), translate(found), result.reference or "",
                waiver.reason if waiver else "", (waiver.expires or "") if waiver else "",
                (label("yes") if waiver.expired else label("no")) if waiver else "",
                first_page(result) or "", (unit.profile or {}).get("title") or "",
                (numbers.computed or "") if numbers else "",
                (numbers.stated or "") if numbers else "",
                (numbers.difference or "") if numbers else "",
                " + ".join(f"{name} {value}" for name, value in numbers.rows) if numbers else "",
                offset_note(result, pairs) or "",
            ])
    for failure in batch.errors:
        row = dict.fromkeys(COLUMNS, "")
        row.update(source=failure.source, verdict=word("input error"),
                   status=word("input_error"), message=translate(failure.message))
        _row(writer, row.values())
    return BOM + buffer.getvalue()


def _row(writer: Any, cells: Iterable[object]) -> None:
    # Document text and file names are untrusted: no cell may become a formula.
    writer.writerow([csv_cell(cell) for cell in cells])
