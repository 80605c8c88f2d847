"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Every rule that produced a result is described in ``tool.driver.rules``. Results:
- a failure: ``kind: fail``, ``level`` from the severity, a location (file and line);
- a waived failure: the same, with an accepted external ``suppression`` carrying the reason,
  so viewers show it as dismissed rather than dropping it;
- a check that could not be made: ``kind: review`` (SARIF's "a person must look"), which the
  spec requires to have level ``none``.
Passes and not-applicable checks are left out: they are not findings.
Unreadable inputs are ``toolExecutionNotifications`` of the invocation.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from checker import __version__
from checker.model.results import BatchReport, RuleResult, UnitReport
from checker.report.common import (
    figures,
    figures_line,
    first_line,
    first_page,
    message,
    unit_name,
)
from checker.report.i18n import translate

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(source: str) -> str:
    """A relative path stays relative (code scanning resolves it against the repository
    root); an absolute one becomes a file: URI. Non-ASCII is percent-encoded."""
    path = PurePath(source)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def render(batch: BatchReport) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for unit in batch.units:
        for result in unit.results:
            if result.status not in ("fail", "not_verifiable"):
                describe_rule(rules, result)  # described so the pack's coverage is visible
                continue
            describe_rule(rules, result)
            results.append(sarif_result(unit, result, list(rules).index(result.rule)))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "budgetlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": list(rules.values()),
            }},
            "invocations": [{
                "executionSuccessful": not batch.errors,
                "exitCode": batch.exit_code,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": translate(e.message)},
                     "locations": [_location(e.source, None)]}
                    for e in batch.errors
                ],
            }],
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def describe_rule(rules: dict[str, dict[str, Any]], result: RuleResult) -> None:
    if result.rule in rules:
        return
    properties: dict[str, Any] = {}
    if result.category:
        properties["category"] = result.category
        properties["tags"] = [result.category]
    if result.reference:
        properties["reference"] = result.reference
    rule: dict[str, Any] = {
        "id": result.rule,
        "shortDescription": {"text": result.title},
        "defaultConfiguration": {"level": LEVELS[result.severity]},
    }
    if result.reference:
        rule["fullDescription"] = {"text": f"{result.title} ({result.reference})"}
    if properties:
        rule["properties"] = properties
    rules[result.rule] = rule


def _location(source: str, line: int | None, page: int | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(source)}}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line}
        if page is not None:
            # SARIF has no page field; a PDF's line counts lines of its extracted text.
            physical["region"]["properties"] = {"pdfPage": page}
    return {"physicalLocation": physical}


def sarif_result(unit: UnitReport, result: RuleResult, index: int) -> dict[str, Any]:
    line = first_line(result)
    numbers = figures(result)
    text = message(result)
    if numbers is not None:
        text += f" [{figures_line(result)}]"  # the figures side by side, as in every format
    sarif: dict[str, Any] = {
        "ruleId": result.rule,
        "ruleIndex": index,
        "message": {"text": text},
        "locations": [_location(unit.source, line, first_page(result))],
        "properties": {
            "unit": unit_name(unit),
            "year": unit.year,
            "kind": unit.kind,
            "level": unit.level,
            "profile": (unit.profile or {}).get("title"),
            "status": result.status,
            "evidence": [e.to_dict() for e in result.evidence],
        },
    }
    if numbers is not None:
        sarif["properties"]["figures"] = {
            "rows": [{"row": name, "value": value} for name, value in numbers.rows],
            "computed": numbers.computed, "stated": numbers.stated,
            "difference": numbers.difference}
    if result.status == "not_verifiable":
        sarif["kind"] = "review"
        sarif["level"] = "none"
    else:
        sarif["kind"] = "fail"
        sarif["level"] = LEVELS[result.severity]
    waiver = result.waiver
    if waiver is not None and not waiver.expired:
        sarif["suppressions"] = [{"kind": "external", "status": "accepted",
                                  "justification": waiver.reason}]
    if waiver is not None:
        sarif["properties"]["waiver"] = waiver.to_dict()
    return sarif
