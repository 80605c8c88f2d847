"""JUnit XML for CI test panels (GitLab's ``artifacts:reports:junit``, Jenkins, Azure).

One ``testsuite`` per unit, one ``testcase`` per rule result. A ``<failure>`` is a finding
that fails the gate (``--fail-on``; ``type`` says its severity), so a panel's red count is
the gate's: a passing unit shows no failure. A warning below the gate, a waived failure, a
check that was not verifiable and one that did not apply are ``<skipped>`` with the reason,
so they still show.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.model.results import BatchReport, RuleResult, UnitReport
from checker.report.common import (
    figures_line,
    first_line,
    unit_name,
    unit_title,
    waiver_note,
    xml_safe,
)


def render(batch: BatchReport) -> str:
    root = ET.Element("testsuites", name="budgetlint")
    tests = failures = skipped = 0
    for unit in batch.units:
        suite = _suite(unit)
        root.append(suite)
        tests += int(suite.get("tests", "0"))
        failures += int(suite.get("failures", "0"))
        skipped += int(suite.get("skipped", "0"))
    for failure in batch.errors:
        # An unreadable document is an error of its own suite: CI panels show it in red.
        suite = ET.SubElement(root, "testsuite", name=failure.source, tests="1",
                              failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=failure.source, name="input")
        error = ET.SubElement(case, "error", message=failure.message, type="input-error")
        error.text = failure.message
    root.set("tests", str(tests + len(batch.errors)))
    root.set("failures", str(failures))
    root.set("errors", str(len(batch.errors)))
    root.set("skipped", str(skipped))
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        for key, value in element.attrib.items():
            element.set(key, xml_safe(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _suite(unit: UnitReport) -> ET.Element:
    suite = ET.Element("testsuite", name=unit_title(unit))
    props = ET.SubElement(suite, "properties")
    for name, value in (("source", unit.source), ("unit", unit_name(unit)),
                        ("year", unit.year), ("kind", unit.kind), ("level", unit.level),
                        ("verdict", unit.verdict),
                        ("profile", (unit.profile or {}).get("title")),
                        ("profile_reason", (unit.profile or {}).get("reason")),
                        ("not_verifiable", unit.summary["not_verifiable"])):
        ET.SubElement(props, "property", name=name, value="" if value is None else str(value))
    failures = skipped = 0
    for result in unit.results:
        case = _case(unit, result)
        suite.append(case)
        failures += case.find("failure") is not None
        skipped += case.find("skipped") is not None
    suite.set("tests", str(len(unit.results)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def _case(unit: UnitReport, result: RuleResult) -> ET.Element:
    line = first_line(result)
    name = f"{result.rule}: {result.title}" + (f" (line {line})" if line is not None else "")
    case = ET.Element("testcase", classname=unit.source, name=name)
    if line is not None:
        case.set("file", unit.source)
        case.set("line", str(line))
    body = "\n".join(f"{unit.source}:{e.line}: {e.text}" if e.line is not None else e.text
                     for e in result.evidence)
    if result.blocks(unit.fail_on):
        failure = ET.SubElement(case, "failure", message=result.message, type=result.severity)
        note = waiver_note(result)  # an expired waiver is still worth mentioning
        failure.text = "\n".join(t for t in (result.message, figures_line(result), body, note)
                                 if t)
    elif result.status == "fail" and not result.waived:
        skipped = ET.SubElement(case, "skipped", message=f"{result.severity} below --fail-on "
                                f"{unit.fail_on}: {result.message}")
        skipped.text = "\n".join(t for t in (body, waiver_note(result)) if t) or None
    elif result.status == "fail":
        ET.SubElement(case, "skipped", message=f"{waiver_note(result)} ({result.message})")
    elif result.status == "not_verifiable":
        ET.SubElement(case, "skipped", message=f"not verifiable: {result.message}")
    elif result.status == "not_applicable":
        ET.SubElement(case, "skipped", message=f"not applicable: {result.message}")
    elif body:
        ET.SubElement(case, "system-out").text = body
    return case
