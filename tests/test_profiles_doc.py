"""docs/profiles.md's worked example runs: the province pack written there validates, its
examples pass, and a document of that province is detected as its profile."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from checker.engine.examples import run_rule_examples
from checker.engine.profiles import detect, profiles_in, shipped_profiles
from checker.engine.run import check_document, load_pack
from checker.parse.parser import parse_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "profiles.md"


def _worked_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### Worked example"):]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def test_the_worked_example_is_a_valid_pack_whose_examples_pass(tmp_path: Path) -> None:
    path = tmp_path / "shiliprov_budget.yaml"
    path.write_text(_worked_example(), encoding="utf-8")
    pack = load_pack(path)
    own = [r for r in pack.rules if r.id.startswith("SLP-")]
    assert [r.id for r in own] == ["SLP-PRES-001"]
    outcomes = [o for r in own for o in run_rule_examples(pack, r)]
    assert [(o.example, o.actual) for o in outcomes] == [("complete", "pass"),
                                                         ("no 三公 table", "fail")]


def test_a_document_of_the_new_province_is_detected_and_checked(tmp_path: Path) -> None:
    source = _worked_example()
    (tmp_path / "shiliprov_budget.yaml").write_text(source, encoding="utf-8")
    complete = yaml.safe_load(source)["rules"][0]["examples"][0]["document"]
    doc = parse_text(complete)
    assert (doc.unit, doc.year, doc.kind, doc.level) == ("示例省示例厅", 2026, "预算", "部门")
    detection = detect(doc, [*shipped_profiles(), *profiles_in(tmp_path)])
    assert detection.profile.title == "示例省 预算"
    assert detection.reason == ("示例省 预算: 6 of 6 table titles matched, 3 of 3 sections, "
                                "region 示例省")
    report = check_document(doc, load_pack(detection.profile.path), detection=detection)
    presence = [r for r in report.results if r.rule == "SLP-PRES-001"]
    assert len(presence) == 9 and {r.status for r in presence} == {"pass"}
    assert not [r for r in report.results if r.severity == "error" and r.status == "fail"]
