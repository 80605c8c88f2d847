"""The report of `budgetlint rules test`: pytest-like, so it reads the way CI logs usually do.

One line per pack file with a character per example (``.`` pass, ``F`` wrong status, ``E``
example could not be run), then the details of each failure, then ``N passed, M failed``.
Each rule's examples are run once, in the pack file that defines the rule: a pack that extends
``common`` does not re-run common's examples (``rules test rules/`` already does).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from checker.engine.examples import ExampleOutcome, run_rule_examples
from checker.engine.rule_model import Pack


def shown(path: str | Path | None) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    if path is None:
        return "<input>"
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _same_file(source: str | None, path: Path) -> bool:
    return source is not None and Path(source).resolve() == path.resolve()


def outcomes_by_file(files: Sequence[Path], packs: Sequence[Pack], select: str | None = None
                     ) -> list[tuple[Path, list[ExampleOutcome]]]:
    """The outcomes of the rules each file defines itself, file by file; ``select`` keeps
    only rules whose id contains it."""
    seen_rules: set[tuple[str, str]] = set()
    out: list[tuple[Path, list[ExampleOutcome]]] = []
    for path, pack in zip(files, packs, strict=True):
        outcomes: list[ExampleOutcome] = []
        for rule in pack.rules:
            key = (str(Path(rule.source or "").resolve()), rule.id)
            if not _same_file(rule.source, path) or key in seen_rules:
                continue
            if select and select.upper() not in rule.id.upper():
                continue
            seen_rules.add(key)
            outcomes.extend(run_rule_examples(pack, rule))
        out.append((path, outcomes))
    return out


def _mark(outcome: ExampleOutcome) -> str:
    if outcome.ok:
        return "."
    return "E" if outcome.actual == "error" else "F"


def run_examples_report(files: Sequence[Path], packs: Sequence[Pack], out: TextIO, *,
                        verbose: bool = False, select: str | None = None) -> int:
    """Write the report; return the number of examples that did not give their status."""
    results = outcomes_by_file(files, packs, select)
    failures: list[ExampleOutcome] = []
    passed = 0
    for path, outcomes in results:
        if verbose:
            for outcome in outcomes:
                verdict = "PASSED" if outcome.ok else "FAILED"
                out.write(f"{shown(path)}::{outcome.rule}[{outcome.example}] {verdict}\n")
        else:
            marks = "".join(_mark(o) for o in outcomes)
            out.write(f"{shown(path)} {marks}\n" if marks
                      else f"{shown(path)} (no examples)\n")
        passed += sum(o.ok for o in outcomes)
        failures.extend(o for o in outcomes if not o.ok)
    if failures:
        out.write("\n=================================== FAILURES "
                  "===================================\n")
        for outcome in failures:
            where = shown(outcome.source)
            if outcome.line:
                where += f":{outcome.line}"
            out.write(f"___ {outcome.rule} [{outcome.example}] ___\n")
            out.write(f"{where}: expected {outcome.expected}, got {outcome.actual}\n")
            if outcome.message:
                out.write(f"    {outcome.message}\n")
        out.write("\n")
    out.write(f"{passed} passed, {len(failures)} failed\n")
    return len(failures)
