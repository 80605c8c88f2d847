"""Every worked example in docs/rules.md is a real rule: it loads, and its examples give the
statuses the page claims. Keeps the reference honest as the engine changes."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from corpus import PROJECT_ROOT

from checker.engine.examples import run_examples
from checker.engine.packs import load_pack

DOC = PROJECT_ROOT / "docs" / "rules.md"
RULE_BLOCKS = [block for block in re.findall(r"```yaml\n(.*?)```",
                                             DOC.read_text(encoding="utf-8"), re.S)
               if block.startswith("- id:")]
KINDS_DOCUMENTED = {re.search(r"^  kind: (\w+)$", b, re.M).group(1)  # type: ignore[union-attr]
                    for b in RULE_BLOCKS}


def _id(block: str) -> str:
    return block.split("\n", 1)[0].removeprefix("- id:").strip()


# The five performance kinds share one worked example (perf_units).
KIND_FAMILIES = {"presence", "empty_table", "text", "editorial", "table_sum", "code_hierarchy",
                 "table_formula", "cross_check", "yoy", "sangong", "perf_units"}


def test_every_kind_family_has_a_worked_example() -> None:
    missing = KIND_FAMILIES - KINDS_DOCUMENTED
    assert not missing


@pytest.mark.parametrize("block", RULE_BLOCKS, ids=_id)
def test_worked_example_runs_as_documented(block: str, tmp_path: Path) -> None:
    pack = tmp_path / "doc.yaml"
    pack.write_text(
        "pack:\n  name: doc\n  version: '1'\n  description: docs/rules.md\n"
        "  extends: [common]\nrules:\n" + textwrap.indent(block, "  "), encoding="utf-8")
    outcomes = [o for o in run_examples(load_pack(pack)) if o.rule == _id(block)]
    assert {o.expected for o in outcomes} >= {"pass", "fail"}
    wrong = [(o.example, o.expected, o.actual, o.message) for o in outcomes if not o.ok]
    assert not wrong
