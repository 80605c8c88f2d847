"""checker.engine.semantic: the checks the schema cannot express, each pointing at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.engine.packs import PackError, load_pack
from checker.engine.semantic import check
from checker.errors import RuleFileError

HEADER = """\
pack:
  name: semantic-test
  version: "1.0"
  description: semantic checks
rules:
"""

TEXT_RULE = """\
  - id: TST-TXT-001
    title: 说明金额
    severity: error
    kind: text
    reference: 测试
    message: 未说明
    mode: existence
    patterns:
      - "名词解释"
      - "{pattern}"
"""

SANGONG_RULE = """\
  - id: TST-SG-001
    title: 三公经费说明
    severity: error
    kind: sangong
    reference: 测试
    message: 未说明
    sections: [sangong]
    compare: ["比上年"]
    items:
      - name: 公务接待费
        match: "公务接待费"
      - name: 公务用车
        match: "{pattern}"
"""


def write(tmp_path: Path, text: str) -> tuple[dict, Path]:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return yaml.safe_load(text), path


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_catastrophic_regex_in_a_list_is_reported_at_its_line(tmp_path: Path) -> None:
    text = HEADER + TEXT_RULE.format(pattern=r"(\\d+)+万元")
    data, path = write(tmp_path, text)
    problems = check(data, path)
    assert len(problems) == 1
    problem = problems[0]
    assert isinstance(problem, RuleFileError)
    assert problem.path == str(path)
    assert problem.line == line_of(text, "万元")
    assert problem.column == 9  # where the scalar starts, after "      - "
    assert "TST-TXT-001" in problem.problem
    assert "backtrack catastrophically" in problem.problem


def test_catastrophic_regex_in_a_nested_field(tmp_path: Path) -> None:
    text = HEADER + SANGONG_RULE.format(pattern=r"(公务用车.*)*费")
    data, path = write(tmp_path, text)
    problems = check(data, path)
    assert [p.line for p in problems] == [line_of(text, "公务用车.*")]


def test_safe_regexes_give_no_problem(tmp_path: Path) -> None:
    text = HEADER + TEXT_RULE.format(pattern=r"比上年(增加|减少)[\\d,.]+万元")
    data, path = write(tmp_path, text)
    assert check(data, path) == []


def test_uncompilable_regex_is_left_to_the_loader(tmp_path: Path) -> None:
    text = HEADER + TEXT_RULE.format(pattern="收入(合计")
    data, path = write(tmp_path, text)
    assert check(data, path) == []


def test_years_from_after_to(tmp_path: Path) -> None:
    rule = TEXT_RULE.format(pattern="主要职责") + (
        "    applies_to:\n      years:\n        from: 2025\n        to: 2020\n")
    text = HEADER + rule
    data, path = write(tmp_path, text)
    problems = check(data, path)
    assert len(problems) == 1
    assert problems[0].line == line_of(text, "from: 2025")
    assert "never apply" in problems[0].problem


def test_min_above_max(tmp_path: Path) -> None:
    rule = TEXT_RULE.format(pattern="主要职责").replace("mode: existence", "mode: occurrence")
    text = HEADER + rule + "    min: 3\n    max: 1\n"
    data, path = write(tmp_path, text)
    problems = check(data, path)
    assert [p.line for p in problems] == [line_of(text, "min: 3")]


@pytest.mark.parametrize("data", [None, [], "text", {"rules": "not a list"}, {"rules": [1]}])
def test_malformed_data_is_left_to_the_schema(tmp_path: Path, data: object) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("x: 1\n", encoding="utf-8")
    assert check(data, path) == []


def test_the_loader_runs_the_semantic_checks(tmp_path: Path) -> None:
    """Not just a function: load_pack refuses a pack with a catastrophic regex."""
    text = HEADER + TEXT_RULE.format(pattern=r"(a|a)*b")
    _data, path = write(tmp_path, text)
    with pytest.raises(PackError) as raised:
        load_pack(path)
    assert any("backtrack catastrophically" in p.problem and p.line == line_of(text, "(a|a)")
               for p in raised.value.problems)


@pytest.mark.parametrize(("pattern", "words"), [
    ("与上年持平，", "write ','"),
    ("因公出国（境）", r"write '\('"),
    ("“三公”经费", """write '"'"""),
    ("公务 接待", "whitespace is removed"),
])
def test_characters_the_matched_text_never_contains(tmp_path: Path, pattern: str,
                                                    words: str) -> None:
    text = HEADER + TEXT_RULE.format(pattern=pattern.replace('"', '\\"'))
    data, path = write(tmp_path, text)
    problems = check(data, path)
    assert len(problems) == 1, problems
    assert problems[0].line == line_of(text, pattern[:2])
    assert words in problems[0].problem


@pytest.mark.parametrize("pattern", ["[，,]", "与上年持平[,，]?", "[。、]", "\\\\(境\\\\)"])
def test_folded_characters_that_are_harmless_pass(tmp_path: Path, pattern: str) -> None:
    text = HEADER + TEXT_RULE.format(pattern=pattern)
    data, path = write(tmp_path, text)
    assert check(data, path) == []


def test_table_formula_rows_see_raw_text(tmp_path: Path) -> None:
    """``rows`` is matched against "code label", with its space: not flagged."""
    rule = """\
  - id: TST-TF-001
    title: 行
    severity: error
    kind: table_formula
    reference: 测试
    message: 错
    tables: [收支总表]
    assert: 'col("合计") == col("合计")'
    for_each: row
    rows: '^301 '
"""
    data, path = write(tmp_path, HEADER + rule)
    assert check(data, path) == []
