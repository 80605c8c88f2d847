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
from checker.kinds import load_all

DOC = PROJECT_ROOT / "docs" / "rules.md"
RULE_BLOCKS = [block for block in re.findall(r"```yaml\n(.*?)```",
                                             DOC.read_text(encoding="utf-8"), re.S)
               if block.startswith("- id:")]
KINDS_DOCUMENTED = {re.search(r"^  kind: (\w+)$", b, re.M).group(1)  # type: ignore[union-attr]
                    for b in RULE_BLOCKS}


def _id(block: str) -> str:
    return block.split("\n", 1)[0].removeprefix("- id:").strip()


def test_every_hand_written_kind_section_has_a_worked_example() -> None:
    # A section may cover several kinds (the performance kinds share one example); a
    # generated section (a kind added without editing this page) has none: its tests do.
    text = DOC.read_text(encoding="utf-8")
    chapter = text[text.index("## Rule kinds"):text.index("## The expression language")]
    headings = re.findall(r"^### (.+)$", chapter, re.M)
    generated = set(re.findall(r"<!-- generated: kind (\w+) -->", chapter))
    assert len(headings) >= 11
    for heading in headings:
        kinds = set(re.findall(r"\w+", heading)) & set(load_all())
        if kinds and not kinds <= generated:
            assert kinds & KINDS_DOCUMENTED, heading


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
