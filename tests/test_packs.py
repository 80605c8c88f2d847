"""The shipped packs: valid, ≥ 40 rules, every kind covered, every example right."""

import json

import pytest

from checker.engine.examples import run_examples
from checker.engine.packs import list_rules, load_pack, validate_pack_files
from checker.kinds import load_all
from checker.resources import RULES_DIR

PACKS = ["common.yaml", "budget.yaml", "final.yaml"]


def all_rules():
    seen = {}
    for name in PACKS:
        for rule in load_pack(RULES_DIR / name).rules:
            seen[rule.id] = rule
    return list(seen.values())


def test_shipped_packs_validate_cleanly():
    assert validate_pack_files([RULES_DIR]) == []


@pytest.mark.parametrize("name", PACKS)
def test_each_pack_starts_with_the_schema_comment(name):
    first = (RULES_DIR / name).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./schema.json"


def test_at_least_forty_rules_covering_every_kind():
    rules = all_rules()
    assert len(rules) >= 40
    assert {r.kind for r in rules} == set(load_all())


def test_every_rule_has_reference_and_pass_and_fail_examples():
    for rule in all_rules():
        assert rule.reference.strip(), rule.id
        statuses = {e.status for e in rule.examples}
        assert {"pass", "fail"} <= statuses, rule.id


def test_schema_lists_exactly_the_registered_kinds():
    schema = json.loads((RULES_DIR / "schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["rule"]["properties"]["kind"]["enum"]) == set(load_all())


@pytest.mark.parametrize("name", ["budget.yaml", "final.yaml"])
def test_every_example_gives_its_status(name):
    outcomes = run_examples(load_pack(RULES_DIR / name))
    wrong = [(o.rule, o.example, o.expected, o.actual, o.message) for o in outcomes if not o.ok]
    assert outcomes and wrong == []


def test_budget_extends_common():
    pack = load_pack(RULES_DIR / "budget.yaml")
    ids = [r.id for r in list_rules(pack)]
    assert pack.chain == ["budget", "common", "statements"]
    assert "COM-XC-001" in ids and "BUD-SG-001" in ids and "FIN-SG-001" not in ids
    assert ids.index("COM-XC-001") < ids.index("BUD-SG-001")  # inherited rules first
