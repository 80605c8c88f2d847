"""Run every rule's ``examples`` (document snippets with the status they must produce)."""

from __future__ import annotations

from dataclasses import dataclass

from checker.engine.rule_model import Pack, Rule
from checker.errors import BudgetlintError
from checker.kinds import load_all
from checker.kinds._context import Context

STATUS_ORDER = ("fail", "not_verifiable", "pass", "not_applicable")
REQUIRED_EXAMPLES = ("pass", "fail")


@dataclass
class ExampleOutcome:
    rule: str
    example: str
    expected: str
    actual: str
    message: str
    source: str | None = None
    line: int | None = None

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


def example_status(statuses: list[str]) -> str:
    """One status for a document: any fail wins, then not_verifiable, then pass."""
    for status in STATUS_ORDER:
        if status in statuses:
            return status
    return "not_applicable"


def run_rule_examples(pack: Pack, rule: Rule) -> list[ExampleOutcome]:
    from checker.engine.run import run_rule  # the engine imports the rules package
    from checker.parse.parser import parse_text

    load_all()
    outcomes = []
    for example in rule.examples:
        try:
            doc = parse_text(example.document, source=f"{rule.id}:{example.name}")
        except BudgetlintError as error:
            outcomes.append(ExampleOutcome(rule.id, example.name, example.status, "error",
                                           f"example does not parse: {error.one_line()}",
                                           rule.source, example.line))
            continue
        results = run_rule(rule, Context(doc, pack, pack.tolerance))
        actual = example_status([r.status for r in results])
        shown = next((r.message for r in results if r.status == actual), "")
        outcomes.append(ExampleOutcome(rule.id, example.name, example.status, actual, shown,
                                       rule.source, example.line))
    outcomes.extend(missing_examples(rule))
    return outcomes


def missing_examples(rule: Rule) -> list[ExampleOutcome]:
    """A rule is only tested when one example passes and one fails: a rule that can never
    fail (a pattern that matches nothing) would otherwise go unnoticed. One failed outcome
    per missing status."""
    have = {e.status for e in rule.examples}
    return [ExampleOutcome(rule.id, f"a {status} example", status, "missing",
                           f"add an example whose document should {status} "
                           f"(every rule needs at least one pass and one fail example)",
                           rule.source, rule.line)
            for status in REQUIRED_EXAMPLES if status not in have]


def run_examples(pack: Pack) -> list[ExampleOutcome]:
    """Outcomes of every example of every rule in the pack (inherited rules included)."""
    outcomes: list[ExampleOutcome] = []
    for rule in pack.rules:
        outcomes.extend(run_rule_examples(pack, rule))
    return outcomes
