"""Markdown: for a pull-request comment, a wiki page or an e-mail to the finance bureau.

A summary table, then per unit the findings (failures and checks that could not be made);
passes are counted, not listed, so the page stays short for a hundred units.
"""

from __future__ import annotations

from checker.model.results import BatchReport, InputFailure, UnitReport
from checker.report.common import (
    Totals,
    evidence_text,
    figures_line,
    first_line,
    message,
    offset_note,
    offsets,
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
from checker.report.i18n import label, language, translate


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
    """Totals, the summary table and the input errors."""
    out = summary_head(totals(batch))
    if batch.units:
        out += table_head()
        out += [summary_row(unit) for unit in batch.units]
        out.append("")
    out += error_lines(batch.errors)
    return out


def summary_head(total: Totals) -> list[str]:
    return [f"# {label('report_title')}", "", summary_line(total), ""]


def table_head() -> list[str]:
    return ["| " + " | ".join(label(k) for k in (
        "unit", "source", "verdict", "pass", "fail", "not_verifiable", "n_a", "waived"))
        + " |", "|---|---|---|--:|--:|--:|--:|--:|"]


def summary_row(unit: UnitReport) -> str:
    c = unit.summary
    return (f"| {cell(unit_name(unit))} | `{cell(unit.source)}` | "
            f"{verdict_text(unit)} | {c['pass']} | {c['fail']} | "
            f"{c['not_verifiable']} | {c['not_applicable']} | "
            f"{waived_count(unit)} |")


def error_lines(errors: list[InputFailure]) -> list[str]:
    if not errors:
        return []
    return [f"## {label('input_errors')}", "",
            *(f"- `{cell(e.source)}`: {cell(translate(e.message))}" for e in errors), ""]


def unit_lines(unit: UnitReport) -> list[str]:
    source = cell(unit.source).replace("`", "")  # a backtick would end the code span
    out = [f"## {cell(unit_title(unit))}: {verdict_text(unit)}", "",
           f"{label('source')}: `{source}`", ""]
    profile = profile_text(unit)
    if profile:
        out[-1:-1] = ["", f"{label('profile')}: {cell(profile)}"]
    findings = [r for r in unit.results if reportable(r)]
    if not findings:
        out += [label("no_findings"), ""]
        return out
    out.append("| " + " | ".join(label(k) for k in (
        "line_header", "status", "severity", "rule", "message", "figures", "evidence")) + " |")
    out.append("|--:|---|---|---|---|---|---|")
    pairs = offsets(unit)
    for result in findings:
        line = first_line(result)
        status = label(result.status)
        note = waiver_note(result)
        if note:
            status += f" ({note})"
        numbers = "; ".join(n for n in (figures_line(result), offset_note(result, pairs)) if n)
        # A PDF's lines count lines of its extracted text: the page is what a reader can find.
        evidence = "; ".join(f"{_page(e.page)}L{e.line}: {shorten(evidence_text(e))}"
                             if e.line is not None else shorten(evidence_text(e))
                             for e in result.evidence)
        out.append(f"| {line if line is not None else ''} | {cell(status)} | "
                   f"{label(result.severity)} | `{cell(result.rule)}` | "
                   f"{cell(message(result))} | {cell(numbers)} | {cell(evidence)} |")
    out.append("")
    return out


def _page(page: int | None) -> str:
    return f"p.{page} " if page is not None else ""


def summary_line(total: Totals) -> str:
    from checker.report.text import summary_line as line

    return line(total) + ("。" if language() == "zh" else ".")
