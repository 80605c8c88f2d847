"""Packs are read from the YAML parser's events, not a node tree (memory: issue #14).

The data, the positions a problem is placed at and the duplicate keys must be exactly what
composing PyYAML's node tree gives: checked here against that tree for every shipped pack
and for the YAML features the event reader leaves to the composer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.engine.events import Unsupported, load_events
from checker.engine.packs import validate_pack_files
from checker.engine.safeyaml import FastSafeLoader, SafeLoader
from checker.engine.yamlpos import Positions, _walk, load_with_positions
from checker.resources import GRAMMARS_DIR, RULES_DIR

SHIPPED = sorted([*RULES_DIR.glob("*.yaml"), *GRAMMARS_DIR.glob("*.yaml")])

EDGE_CASES = [
    "", "a: 1", "- 1\n- 2", "plain", "a: &x {b: 1}\nc: *x\n", "a: &x [1]\nb: *x\n",
    "a: 1\na: 2\n", "1: a\n'1': b\n", "k: &k key\n*k : 3\n", "a: !!str 1\nb: !!int '2'\n",
    "a: !!binary aGk=\nd: 2026-02-03\n", "- [a, {b: c}]\n- {}\n",
    "rules:\n  - id: a\n    examples:\n      - {name: x}\n      - name: y\n  - id: b\n",
    # left to the composer (Unsupported), same result
    "a: {<<: {b: 1}, c: 2}\n", "base: &b {x: 1}\nr: {<<: *b, y: 2}\n", "a: !!set {x, y}\n",
    "a: !!omap [{x: 1}]\n", "=: 1\n",
]


def _composed(text: str) -> tuple[Any, Positions]:
    """What the node tree gives: PyYAML's data and every position."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()
    positions = Positions()
    if node is not None:
        _walk(node, (), positions)
    return data, positions


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in SHIPPED] + EDGE_CASES,
                         ids=[p.name for p in SHIPPED] + [repr(c)[:30] for c in EDGE_CASES])
def test_events_give_the_node_trees_data_and_positions(text: str) -> None:
    data, positions = load_with_positions(text)
    expected, full = _composed(text)
    assert repr(data) == repr(expected)
    assert positions.duplicate_keys == full.duplicate_keys
    for path, mark in list(positions.values.items()):  # recorded while reading
        assert full.values[path] == mark
    for path in [*full.values, ("nowhere", 3)]:
        assert positions.at(path) == full.at(path)
    for path in [*full.keys, ("nowhere", 3)]:
        assert positions.at(path, key=True) == full.at(path, key=True)


def test_a_clean_pack_keeps_only_list_item_positions() -> None:
    text = (RULES_DIR / "common.yaml").read_text(encoding="utf-8")
    data, positions = load_with_positions(text)
    _, full = _composed(text)
    kept = positions.values
    assert positions.text is not None  # not composed: nothing asked for another position
    assert ("rules", 0) in kept and ("rules", len(data["rules"]) - 1) in kept
    assert not positions.keys
    assert len(kept) < len(full.values) / 5
    assert all(isinstance(path[-1], int) for path in kept)


@pytest.mark.parametrize("text", ["a: {<<: {b: 1}}\n", "a: !!set {x}\n", "? [1]\n: 2\n",
                                  "a: *nowhere\n", "a: &x 1\nb: &x 2\n", "--- 1\n--- 2\n"])
def test_what_the_event_reader_leaves_to_the_composer(text: str) -> None:
    loader = FastSafeLoader(text)
    try:
        with pytest.raises((Unsupported, yaml.YAMLError)):
            load_events(loader)
    finally:
        loader.dispose()


def test_a_problem_deep_in_a_clean_looking_pack_still_has_line_and_column(
        tmp_path: Path) -> None:
    rules = "".join(
        f"  - id: T-{n:03}\n    title: t\n    severity: {'fatal' if n == 7 else 'error'}\n"
        f"    kind: text\n    mode: existence\n    patterns: ['收入{n}']\n"
        f"    reference: r\n    message: m\n" for n in range(10))
    path = tmp_path / "p.yaml"
    path.write_text("pack:\n  name: t\n  version: '1'\n  description: d\nrules:\n" + rules,
                    encoding="utf-8")
    problems = [p.one_line() for p in validate_pack_files([path])]
    # rules[7].severity: line 6 + 7 rules of 8 lines + 2, column of the value
    assert len(problems) == 1 and problems[0].startswith(f"{path}:64:15: "), problems
    assert "fatal" in problems[0]
