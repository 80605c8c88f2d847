"""What every format says the same way: unit names, verdicts, counts, evidence lines.

``UnitReport.verdict`` is pass/fail for the gate, and a unit whose checks could not be made
(tables that were images in the PDF) still "passes" it. Reports must not let that read as a
clean pass, so every format shows the not-verifiable count next to the verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from checker.model.results import BatchReport, Evidence, RuleResult, UnitReport
from checker.parse.normalize import parse_amount
from checker.report.i18n import label, language, translate

# The statuses in report order; their words come from the message catalogue (``label``).
STATUS_LABELS = {
    "pass": "pass",
    "fail": "fail",
    "not_verifiable": "not verifiable",
    "not_applicable": "not applicable",
}


def status_label(status: str) -> str:
    return label(status)


def message(result: RuleResult) -> str:
    """The result's message in the report's language (see ``i18n``)."""
    return translate(result.message)


def evidence_text(evidence: Evidence) -> str:
    return translate(evidence.text)


def comparison(evidence: Evidence) -> str | None:
    """"应为 X，实为 Y" / "expected X, found Y", naming only the sides that are known."""
    parts = []
    if evidence.expected is not None:
        parts.append(f"{label('expected')} {translate(evidence.expected)}")
    if evidence.found is not None:
        parts.append(f"{label('found')} {translate(evidence.found)}")
    return ("，" if language() == "zh" else ", ").join(parts) or None


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
    return f"{profile.get('title')} — {translate(profile.get('reason'))}"


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
        return label("verdict_fail")
    if unverifiable:
        return label("verdict_partial", n=unverifiable)
    if _nothing_checked(unit):
        return label("verdict_nothing")
    return label("verdict_pass")


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
        return label("waiver_expired", expires=waiver.expires, reason=waiver.reason)
    if waiver.expires:
        return label("waived_until", expires=waiver.expires, reason=waiver.reason)
    return label("waived_plain", reason=waiver.reason)


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


class Tally:
    """The batch totals counted unit by unit: what a streamed report keeps of each unit
    for its closing summary line, so its memory does not grow with the batch."""

    def __init__(self) -> None:
        self.units = self.passed = self.failed = self.partial = self.waived = 0
        self.results = dict.fromkeys(STATUS_LABELS, 0)

    def add(self, unit: UnitReport) -> None:
        self.units += 1
        for status, count in unit.summary.items():
            self.results[status] += count
        self.passed += unit.verdict == "pass"
        self.failed += unit.verdict == "fail"
        self.partial += verdict_class(unit) == "partial"
        self.waived += waived_count(unit)

    def totals(self, errors: int) -> Totals:
        return Totals(units=self.units, passed=self.passed, failed=self.failed,
                      partial=self.partial, errors=errors, results=dict(self.results),
                      waived=self.waived)


def totals(batch: BatchReport) -> Totals:
    tally = Tally()
    for unit in batch.units:
        tally.add(unit)
    return tally.totals(len(batch.errors))


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


@dataclass
class Figures:
    """The numbers of an arithmetic or cross-check finding, side by side: the rows that make
    the expected figure, the computed (expected) value, the stated one and the difference."""

    rows: list[tuple[str, str]]
    computed: str | None
    stated: str | None
    difference: str | None


_amount = parse_amount  # the one amount parser


def figures(result: RuleResult) -> Figures | None:
    """Figures of a result whose evidence compares amounts; None for wording findings."""
    head = next((e for e in result.evidence
                 if _amount(e.expected) is not None and _amount(e.found) is not None), None)
    if head is None:
        return None
    # The evidence after the compared figure is the rows that make it (a blank cell is 0).
    after = result.evidence[result.evidence.index(head) + 1:]
    rows = [(_row_label(e.text), e.found or "0") for e in after
            if e.expected is None and e.line is not None]
    computed, stated = _amount(head.expected), _amount(head.found)
    difference = None
    if computed is not None and stated is not None:
        delta = stated - computed
        suffix = "%" if (head.found or "").endswith("%") else ""
        difference = f"{delta:+.2f}{suffix}" if delta else f"0{suffix}"
    return Figures(rows, head.expected, head.found, difference)


def _row_label(text: str) -> str:
    """"301\t工资福利支出\t3,000.30" → "301 工资福利支出": the row's code and label."""
    words = [w for w in text.split() if not re.fullmatch(r"-?[\d,]+\.\d+%?", w)]
    return " ".join(words)[:40] or text[:40]


def offsets(unit: UnitReport) -> dict[int, RuleResult]:
    """Failing results whose differences cancel out (+32.30 on 公用经费, −32.30 on 人员经费):
    by ``id`` of each result, the one it offsets. One amount booked under the wrong heading
    shows up this way, and a reader should see the two findings together."""
    diffs: list[tuple[RuleResult, Decimal]] = []
    for result in unit.results:
        if result.status != "fail":
            continue
        found = figures(result)
        value = _amount(found.difference) if found and found.difference else None
        if value:
            diffs.append((result, value))
    pairs: dict[int, RuleResult] = {}
    for index, (first, value) in enumerate(diffs):
        for second, other in diffs[index + 1:]:
            if first.rule != second.rule and value == -other and id(first) not in pairs \
                    and id(second) not in pairs:
                pairs[id(first)], pairs[id(second)] = second, first
    return pairs


def figures_line(result: RuleResult) -> str | None:
    """The figures as one line: "计算值 3076.31（301 工资福利支出 3000.30 + …）；文中数 3044.01；
    差额 -32.30"."""
    found = figures(result)
    if found is None:
        return None
    sep = "；" if language() == "zh" else "; "
    parts = []
    if found.computed is not None:
        made = " + ".join(f"{name} {value}" for name, value in found.rows)
        parts.append(f"{label('computed')} {found.computed}" + (f" ({made})" if made else ""))
    if found.stated is not None:
        parts.append(f"{label('stated')} {found.stated}")
    if found.difference is not None:
        parts.append(f"{label('difference')} {found.difference}")
    return sep.join(parts)


def offset_note(result: RuleResult, pairs: dict[int, RuleResult]) -> str | None:
    other = pairs.get(id(result))
    if other is None:
        return None
    found = figures(other)
    return label("offsets", rule=other.rule, diff=found.difference if found else "")
