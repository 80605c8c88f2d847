"""Semantic checks on one rule file that the schema cannot express.

The loader (``checker/engine/loader.py``) calls ``check(pack_data, path)`` for every file it
reads, after the schema. The loader itself already reports duplicate ids, ``extends`` cycles,
unknown table/section aliases, regexes that do not compile and bad expressions,
so this module only adds what it does not:

- regexes that can backtrack catastrophically (``checker/engine/backtracking.py``): one such
  pattern can hang ``budgetlint check`` on a long document, so it is an error, not a warning;
- regexes with a character that can never be in the text they are matched against: the
  engine matches normalised text (``checker.kinds._context.norm``: full-width folded, curly
  quotes straightened, whitespace removed), so a literal ``，`` or ``（`` or a space — what a
  person typing Chinese naturally writes — silently makes a rule match nothing;
- ``applies_to.years`` whose ``from`` is after its ``to`` (the rule could never apply);
- ``text`` rules whose ``min`` is above their ``max`` (the rule could never pass).

Positions come from re-reading the file with ``yamlpos``: the loader hands over plain data,
and a problem without ``file:line:column`` is one a rule author cannot act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from checker.engine.backtracking import analyse, unmatchable_literals
from checker.engine.safeyaml import read_pack_text
from checker.engine.yamlpos import Positions, YamlSyntaxError, load_with_positions
from checker.errors import RuleFileError
from checker.kinds import load_all
from checker.kinds.spec import field_values

FieldPath = tuple[str | int, ...]
Report = Callable[[str, FieldPath], None]

# Regex fields matched against raw rather than normalised text: table_formula's ``rows``
# sees "code label" with a space between them.
RAW_TEXT_FIELDS: dict[str, tuple[FieldPath, ...]] = {"table_formula": (("rows",),)}


def check(pack_data: Any, path: str | Path) -> list[RuleFileError]:
    """Every semantic problem of one parsed rule file, each with its line and column."""
    if not isinstance(pack_data, dict):
        return []  # the loader has reported the file as unusable already
    # The file is parsed again for positions only when there is a problem to place.
    positions: list[Positions] = []
    problems: list[RuleFileError] = []

    def report(problem: str, where: FieldPath) -> None:
        if not positions:
            positions.append(_positions(Path(path)))
        line, column = positions[0].at(where)
        problems.append(RuleFileError(str(path), problem, line, column))

    rules = pack_data.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue
        where: FieldPath = ("rules", index)
        label = str(rule.get("id") or f"rules[{index}]")
        for field_path, pattern in regex_values(rule):
            finding = analyse(pattern)
            if finding:
                report(f"{label}: regex '{pattern}' {finding.message()}; rewrite it so that each "
                       f"piece of text can be matched only one way (see docs/rules.md, "
                       f"'Regular expressions')", (*where, *field_path))
            if field_path not in RAW_TEXT_FIELDS.get(str(rule.get("kind")), ()):
                problem = _unmatchable(pattern)
                if problem:
                    report(f"{label}: regex '{pattern}' {problem}", (*where, *field_path))
        _check_years(rule, where, label, report)
        _check_min_max(rule, where, label, report)
    return problems


def _unmatchable(pattern: str) -> str | None:
    """Why ``pattern`` has a character that normalised text never contains, or None."""
    from checker.kinds._context import norm  # the engine's own definition of matched text

    for char in unmatchable_literals(pattern, lambda c: norm(c) != c):
        folded = norm(char)
        if not folded:
            return (f"contains {char!r}, but whitespace is removed from the text before "
                    f"matching: leave it out")
        return (f"can never match: it contains '{char}', but the text is matched with "
                f"full-width characters folded ('{char}' reads '{folded}'); "
                f"write '{re.escape(folded)}'")
    return None


def _positions(path: Path) -> Positions:
    try:
        _data, positions = load_with_positions(read_pack_text(path))
    except (OSError, UnicodeDecodeError, ValueError, YamlSyntaxError):
        return Positions()  # the loader reports unreadable files; we fall back to no position
    return positions


def regex_values(rule: dict[str, Any]) -> Iterator[tuple[FieldPath, str]]:
    """(field path, pattern) for every regex field of the rule's kind, as its kind declares."""
    spec = load_all().get(str(rule.get("kind")))  # idempotent: modules import once
    if spec is None:
        return
    yield from field_values(rule, spec.regex_fields)


def _check_years(rule: dict[str, Any], where: FieldPath, label: str, report: Report) -> None:
    scope = rule.get("applies_to")
    years = scope.get("years") if isinstance(scope, dict) else None
    if not isinstance(years, dict):
        return
    start, end = years.get("from"), years.get("to")
    if isinstance(start, int) and isinstance(end, int) and start > end:
        report(f"{label}: applies_to.years.from ({start}) is after years.to ({end}): "
               f"the rule would never apply", (*where, "applies_to", "years", "from"))


def _check_min_max(rule: dict[str, Any], where: FieldPath, label: str, report: Report) -> None:
    low, high = rule.get("min"), rule.get("max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        report(f"{label}: min ({low}) is above max ({high}): the rule could never pass",
               (*where, "min"))
