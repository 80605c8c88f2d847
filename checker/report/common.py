"""What every format says the same way: unit names, verdicts, counts, evidence lines.

``UnitReport.verdict`` is pass/fail for the gate, and a unit whose checks could not be made
(tables that were images in the PDF) still "passes" it. Reports must not let that read as a
clean pass, so every format shows the not-verifiable count next to the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from checker.model.results import BatchReport, RuleResult, UnitReport

STATUS_LABELS = {
    "pass": "pass",
    "fail": "fail",
    "not_verifiable": "not verifiable",
    "not_applicable": "not applicable",
}


def unit_name(unit: UnitReport) -> str:
    """The unit's name, or the file name when the parser could not find one."""
    return unit.unit or PurePath(unit.source).name


def unit_title(unit: UnitReport) -> str:
    """"福州市医疗保障基金中心 2023 单位预算": name, year, level+kind, whichever are known."""
    parts = [unit_name(unit)]
    if unit.year:
        parts.append(str(unit.year))
    kind = f"{unit.level or ''}{unit.kind or ''}"
    if kind:
        parts.append(kind)
    return " ".join(parts)


def profile_text(unit: UnitReport) -> str | None:
    """"上海 预算 — 上海 预算: 9 of 9 table titles matched, …": the template profile the unit
    was checked against and why, or None when no profile was recorded."""
    profile = unit.profile
    if not profile:
        return None
    return f"{profile.get('title')} — {profile.get('reason')}"


def _nothing_checked(unit: UnitReport) -> bool:
    counts = unit.summary
    return counts["pass"] + counts["fail"] + counts["not_verifiable"] == 0


def verdict_class(unit: UnitReport) -> str:
    """fail | pass | partial: ``partial`` is a gate pass with checks that could not be made
    (or with no check that applied at all, e.g. a document of unknown kind)."""
    if unit.verdict == "fail":
        return "fail"
    return "partial" if unit.summary["not_verifiable"] or _nothing_checked(unit) else "pass"


def verdict_text(unit: UnitReport) -> str:
    unverifiable = unit.summary["not_verifiable"]
    if unit.verdict == "fail":
        return "FAIL"
    if unverifiable:
        return f"PASS ({unverifiable} not verifiable)"
    if _nothing_checked(unit):
        return "PASS (no applicable checks)"
    return "PASS"


def waived_count(unit: UnitReport) -> int:
    return sum(1 for r in unit.results if r.status == "fail" and r.waived)


def first_line(result: RuleResult) -> int | None:
    for evidence in result.evidence:
        if evidence.line is not None:
            return evidence.line
    return None


def first_page(result: RuleResult) -> int | None:
    """The PDF page of the evidence ``first_line`` names (None for text input)."""
    for evidence in result.evidence:
        if evidence.line is not None:
            return evidence.page
    return None


def waiver_note(result: RuleResult) -> str | None:
    """"waived until 2026-06-30: reason" / "waiver EXPIRED 2025-01-01: reason"."""
    waiver = result.waiver
    if waiver is None:
        return None
    if waiver.expired:
        return f"waiver expired {waiver.expires}: {waiver.reason}"
    until = f" until {waiver.expires}" if waiver.expires else ""
    return f"waived{until}: {waiver.reason}"


def reportable(result: RuleResult) -> bool:
    """The results a reader must see in a findings list: failures (waived or not) and checks
    that could not be made. Passes and not-applicable ones are only counted."""
    return result.status in ("fail", "not_verifiable")


@dataclass
class Totals:
    units: int
    passed: int
    failed: int
    partial: int
    errors: int
    results: dict[str, int]
    waived: int


def totals(batch: BatchReport) -> Totals:
    results = dict.fromkeys(STATUS_LABELS, 0)
    for unit in batch.units:
        for status, count in unit.summary.items():
            results[status] += count
    return Totals(
        units=len(batch.units),
        passed=sum(1 for u in batch.units if u.verdict == "pass"),
        failed=sum(1 for u in batch.units if u.verdict == "fail"),
        partial=sum(1 for u in batch.units if verdict_class(u) == "partial"),
        errors=len(batch.errors),
        results=results,
        waived=sum(waived_count(u) for u in batch.units),
    )


def categories(unit: UnitReport) -> list[tuple[str, list[RuleResult]]]:
    """Results grouped by category, failures first, inside a group and among groups (a
    reader looks for what is wrong); otherwise first-seen order, as the pack lists them."""
    order = {"fail": 0, "not_verifiable": 1, "pass": 2, "not_applicable": 3}
    groups: dict[str, list[RuleResult]] = {}
    for result in unit.results:
        groups.setdefault(result.category or "other", []).append(result)
    ranked = [(name, sorted(items, key=lambda r: order[r.status]))
              for name, items in groups.items()]
    return sorted(ranked, key=lambda group: order[group[1][0].status])


_XML_ILLEGAL = dict.fromkeys(
    [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + [0xFFFE, 0xFFFF])


def xml_safe(text: object) -> str:
    """Drop the control characters XML 1.0 forbids; PDF extractions carry form feeds."""
    return str(text).translate(_XML_ILLEGAL)
