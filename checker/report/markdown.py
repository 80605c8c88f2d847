"""Markdown: for a pull-request comment, a wiki page or an e-mail to the finance bureau.

A summary table, then per unit the findings (failures and checks that could not be made);
passes are counted, not listed, so the page stays short for a hundred units.
"""

from __future__ import annotations

from checker.model.results import BatchReport, UnitReport
from checker.report.common import (
    STATUS_LABELS,
    first_line,
    profile_text,
    reportable,
    totals,
    unit_name,
    unit_title,
    verdict_text,
    waived_count,
    waiver_note,
)
from checker.report.escape import markdown_text, terminal_text


def cell(text: object) -> str:
    """A table cell: pipes escaped, line breaks and tabs flattened (they break the table)."""
    flat = markdown_text(terminal_text(" ".join(str(text).split())))
    return flat.replace("\\", "\\\\").replace("|", "\\|")


def shorten(text: str, limit: int = 160) -> str:
    """Evidence is often a whole paragraph; a review comment needs its start (html has all)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def render(batch: BatchReport) -> str:
    out = summary_lines(batch)
    for unit in batch.units:
        out += unit_lines(unit)
    return "\n".join(out).rstrip() + "\n"


def summary_lines(batch: BatchReport) -> list[str]:
    """Totals, the summary table and the input errors (``batch.units`` may be digests)."""
    total = totals(batch)
    out = ["# budgetlint report", ""]
    out.append(f"{total.units} units: **{total.passed} passed**, **{total.failed} failed**; "
               f"{total.partial} passed with checks not verifiable "
               f"({total.results['not_verifiable']} checks not verifiable)"
               + (f"; {total.waived} findings waived" if total.waived else "")
               + (f"; **{total.errors} input errors**" if total.errors else "") + ".")
    out.append("")
    if batch.units:
        out.append("| unit | source | verdict | pass | fail | not verifiable | n/a | waived |")
        out.append("|---|---|---|--:|--:|--:|--:|--:|")
        for unit in batch.units:
            c = unit.summary
            out.append(f"| {cell(unit_name(unit))} | `{cell(unit.source)}` | "
                       f"{verdict_text(unit)} | {c['pass']} | {c['fail']} | "
                       f"{c['not_verifiable']} | {c['not_applicable']} | "
                       f"{waived_count(unit)} |")
        out.append("")
    if batch.errors:
        out += ["## Input errors", ""]
        out += [f"- `{cell(e.source)}`: {cell(e.message)}" for e in batch.errors]
        out.append("")
    return out


def unit_lines(unit: UnitReport) -> list[str]:
    source = cell(unit.source).replace("`", "")  # a backtick would end the code span
    out = [f"## {cell(unit_title(unit))}: {verdict_text(unit)}", "", f"Source: `{source}`", ""]
    profile = profile_text(unit)
    if profile:
        out[-1:-1] = ["", f"Profile: {cell(profile)}"]
    findings = [r for r in unit.results if reportable(r)]
    if not findings:
        out += ["No failures and no unverifiable checks.", ""]
        return out
    out.append("| line | status | severity | rule | message | evidence |")
    out.append("|--:|---|---|---|---|---|")
    for result in findings:
        line = first_line(result)
        status = STATUS_LABELS[result.status]
        note = waiver_note(result)
        if note:
            status += f" ({note})"
        # A PDF's lines count lines of its extracted text: the page is what a reader can find.
        evidence = "; ".join(f"{_page(e.page)}L{e.line}: {shorten(e.text)}"
                             if e.line is not None else shorten(e.text)
                             for e in result.evidence)
        out.append(f"| {line if line is not None else ''} | {cell(status)} | {result.severity}"
                   f" | `{cell(result.rule)}` | {cell(result.message)} | {cell(evidence)} |")
    out.append("")
    return out


def _page(page: int | None) -> str:
    return f"p.{page} " if page is not None else ""
