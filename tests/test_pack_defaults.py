"""Pack-level defaults: {AMOUNT} in regexes, pack.applies_to, pack.example_cover."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine.examples import run_examples
from checker.engine.packs import PackError, load_pack
from checker.kinds._context import AMOUNT
from checker.resources import RULES_DIR

PACK = """\
pack:
  name: defaults
  version: "1"
  description: pack-level defaults
  extends: [common]
  applies_to: {kind: [决算]}
  example_cover: |
    2023年度
    示例单位
    单位决算
rules:
  - id: TST-XC-001
    title: 人员经费
    severity: error
    kind: cross_check
    pattern: '人员经费(?P<amount>{AMOUNT})万元'
    expected: '100'
    reference: test
    message: "{found}"
    examples:
      - name: right
        status: pass
        document: |
          第三部分 情况说明
          一、基本支出
          人员经费100.00万元。
      - name: wrong
        status: fail
        document: |
          第三部分 情况说明
          一、基本支出
          人员经费99.00万元。
  - id: TST-XC-002
    title: own scope
    severity: error
    kind: cross_check
    applies_to: {kind: [预算]}
    pattern: '公用经费(?P<amount>{AMOUNT})万元'
    expected: '1'
    reference: test
    message: "{found}"
    examples:
      - name: own cover
        status: pass
        cover: |
          2025年度
          示例单位
          单位预算
        document: |
          公用经费1.00万元。
      - name: no cover
        status: fail
        cover: ""
        document: |
          2025年度
          示例单位
          单位预算
          公用经费2.00万元。
"""


def _pack(tmp_path: Path, text: str = PACK) -> Path:
    path = tmp_path / "defaults.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_amount_is_expanded_in_regex_fields(tmp_path: Path) -> None:
    pack = load_pack(_pack(tmp_path))
    rule = pack.rule("TST-XC-001")
    assert rule is not None
    assert rule.params["pattern"] == f"人员经费(?P<amount>{AMOUNT})万元"
    assert rule.message == "{found}"  # messages are not regexes: untouched


def test_pack_applies_to_is_the_default_and_a_rule_replaces_it(tmp_path: Path) -> None:
    pack = load_pack(_pack(tmp_path))
    assert pack.rule("TST-XC-001").applies_to.kinds == ("决算",)  # type: ignore[union-attr]
    assert pack.rule("TST-XC-002").applies_to.kinds == ("预算",)  # type: ignore[union-attr]
    # Not passed down: common's own rules keep theirs.
    assert pack.rule("COM-EDIT-001").applies_to.kinds == ("预算", "决算")  # type: ignore[union-attr]


def test_example_cover_is_put_before_each_document(tmp_path: Path) -> None:
    pack = load_pack(_pack(tmp_path))
    first, _second = pack.rule("TST-XC-001").examples  # type: ignore[union-attr]
    assert first.document.startswith("2023年度\n示例单位\n单位决算\n第三部分 情况说明\n")
    own, none = pack.rule("TST-XC-002").examples  # type: ignore[union-attr]
    assert own.document == "2025年度\n示例单位\n单位预算\n公用经费1.00万元。\n"
    assert none.document.startswith("2025年度\n")
    outcomes = {(o.rule, o.example): (o.expected, o.actual) for o in run_examples(pack)
                if o.rule.startswith("TST")}
    assert outcomes == {("TST-XC-001", "right"): ("pass", "pass"),
                        ("TST-XC-001", "wrong"): ("fail", "fail"),
                        ("TST-XC-002", "own cover"): ("pass", "pass"),
                        ("TST-XC-002", "no cover"): ("fail", "fail")}


def test_an_unknown_named_pattern_is_an_error_with_its_position(tmp_path: Path) -> None:
    path = _pack(tmp_path, PACK.replace("(?P<amount>{AMOUNT})万元'\n    expected: '100'",
                                        "(?P<amount>{AMOUNTS})万元'\n    expected: '100'"))
    with pytest.raises(PackError) as error:
        load_pack(path)
    (problem,) = error.value.problems
    assert problem.line == 16
    assert "unknown named pattern {AMOUNTS}" in problem.problem


def test_quantifiers_are_not_named_patterns(tmp_path: Path) -> None:
    path = _pack(tmp_path, PACK.replace("人员经费(?P<amount>", r"人员经费(?:\d{4}年)?(?P<amount>"))
    rule = load_pack(path).rule("TST-XC-001")
    assert rule is not None and rule.params["pattern"].startswith(r"人员经费(?:\d{4}年)?(?P<")


@pytest.mark.parametrize("name", ["common.yaml", "budget.yaml", "final.yaml"])
def test_shipped_packs_say_it_once(name: str) -> None:
    text = (RULES_DIR / name).read_text(encoding="utf-8")
    assert AMOUNT not in text
    assert "example_cover:" in text and "\n  applies_to:" in text
