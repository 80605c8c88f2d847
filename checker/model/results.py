"""Rule results and per-unit reports: the contract between the engine and the reporters.

``BatchReport.to_dict()`` is the JSON of ``budgetlint check --format json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "not_verifiable", "not_applicable"]
Severity = Literal["error", "warning", "info"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "not_verifiable", "not_applicable")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


@dataclass(slots=True)
class Evidence:
    """Where a result looked and what it saw: the source line, its text, expected vs found."""

    line: int | None
    text: str
    expected: str | None = None
    found: str | None = None
    # For PDF input ``line`` counts lines of the extracted text; ``page`` is the PDF page.
    page: int | None = None
    # A unit read from several files (``checker.cli.units``): the file ``line`` is in.
    source: str | None = None
    # PDF input: the box [x0, y0, x1, y1] on ``page``, in PDF points.
    bbox: tuple[float, float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"line": self.line, "text": self.text}
        if self.expected is not None:
            data["expected"] = self.expected
        if self.found is not None:
            data["found"] = self.found
        if self.page is not None:
            data["page"] = self.page
        if self.source is not None:
            data["source"] = self.source
        if self.bbox is not None:
            data["bbox"] = [round(v, 2) for v in self.bbox]
        return data

    def comparison(self) -> str | None:
        """"expected X, found Y" for reports, naming only the sides that are known."""
        parts = []
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        if self.found is not None:
            parts.append(f"found {self.found}")
        return ", ".join(parts) or None


@dataclass
class Waiver:
    """An accepted finding. An expired waiver stays attached so reports show it, but no
    longer keeps its result from failing the gate."""

    unit: str
    rule: str
    reason: str
    expires: str | None = None
    expired: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "rule": self.rule, "reason": self.reason,
                "expires": self.expires, "expired": self.expired}


@dataclass(slots=True)
class RuleResult:
    rule: str
    title: str
    severity: Severity
    status: Status
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    category: str | None = None
    reference: str | None = None
    waiver: Waiver | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity,
            "status": self.status,
            "message": self.message,
            "category": self.category,
            "reference": self.reference,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.waiver is not None:
            data["waiver"] = self.waiver.to_dict()
        return data

    @property
    def waived(self) -> bool:
        """A failing result accepted by a waiver that is still in force."""
        return self.waiver is not None and not self.waiver.expired

    def blocks(self, fail_on: Severity = "error") -> bool:
        """Whether this result fails the unit under the given gate threshold."""
        return (
            self.status == "fail"
            and not self.waived
            and SEVERITY_RANK[self.severity] >= SEVERITY_RANK[fail_on]
        )


@dataclass
class UnitReport:
    source: str
    unit: str | None
    year: int | None
    kind: str | None
    level: str | None
    results: list[RuleResult] = field(default_factory=list)
    fail_on: Severity = "error"
    # The template profile the unit was checked against and why (``Detection.to_dict()``):
    # {"name", "title", "how", "reason", "score", "tables_found", "candidates"}; None when a
    # pack was given explicitly without a profile.
    profile: dict[str, Any] | None = None
    # Every file of a unit published as several files (``source`` is the first); else empty.
    sources: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> Literal["pass", "fail"]:
        return "fail" if any(r.blocks(self.fail_on) for r in self.results) else "pass"

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "unit": self.unit,
            "year": self.year,
            "kind": self.kind,
            "level": self.level,
            "profile": self.profile,
            **({"sources": list(self.sources)} if self.sources else {}),
            "verdict": self.verdict,
            "summary": self.summary,
            "results": [r.to_dict() for r in self.results],
        }


@dataclass
class InputFailure:
    """A document that could not be checked; the batch goes on without it."""

    source: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "message": self.message}


@dataclass
class BatchReport:
    units: list[UnitReport] = field(default_factory=list)
    errors: list[InputFailure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "units": [u.to_dict() for u in self.units],
            "errors": [e.to_dict() for e in self.errors],
        }

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if any(u.verdict == "fail" for u in self.units) else 0
