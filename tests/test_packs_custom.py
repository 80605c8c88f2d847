"""A regional pack written in YAML only: a new required table and a local wording rule."""

from pathlib import Path

import pytest

from checker.engine.run import check_document, load_pack
from checker.parse.parser import parse_file, parse_text
from checker.report.i18n import use_language


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """These tests read the English reports (``--lang en``); Chinese is tested in
    test_report_language.py."""
    monkeypatch.setenv("BUDGETLINT_LANG", "en")
    with use_language("en"):
        yield

FIXTURES = Path(__file__).parent / "fixtures"

CITY_PACK = """\
# yaml-language-server: $schema=./schema.json
pack:
  name: city
  version: 0.1.0
  description: 某市预算公开：加一张项目支出表和一条本地措辞规则
  extends: [budget]
  disable: [COM-PERF-004]
aliases:
  tables:
    项目支出表: [项目支出预算表, 项目支出明细表]
rules:
  - id: CITY-PRES-001
    title: 公开项目支出预算表
    severity: error
    kind: presence
    tables: [项目支出表]
    reference: 本市预算公开通知第三条
    message: "缺少{item}"
  - id: CITY-TEXT-001
    title: 不用“厉行节约办一切事业”套话
    severity: warning
    kind: text
    mode: absence
    sections: [一般公共预算支出说明]
    patterns: ['厉行节约办一切事业']
    reference: 本市预算公开通知第五条
    message: "请具体说明压减措施，不用套话“{found}”"
"""


def city_pack(tmp_path: Path):
    path = tmp_path / "city.yaml"
    path.write_text(CITY_PACK, encoding="utf-8")
    return load_pack(path)


def test_local_rules_take_effect_on_a_corpus_document(tmp_path):
    report = check_document(parse_file(FIXTURES / "001_42ec3e2d2e6a0311.txt"), city_pack(tmp_path))
    by_rule = {}
    for result in report.results:
        by_rule.setdefault(result.rule, []).append(result)
    assert [r.status for r in by_rule["CITY-PRES-001"]] == ["fail"]
    # Named as a 预算 titles it (the pack's first variant with 预算), not by its alias.
    assert by_rule["CITY-PRES-001"][0].message == "缺少项目支出预算表"
    (wording,) = by_rule["CITY-TEXT-001"]
    assert wording.status == "fail" and wording.evidence[0].line == 457
    assert "COM-PERF-004" not in by_rule  # disabled by the regional pack
    assert "BUD-SG-001" in by_rule  # inherited rules still run


def test_new_table_alias_is_recognised(tmp_path):
    text = "2025年度\n示例单位\n单位预算\n第二部分 2025年度单位预算表\n十一、项目支出预算表\n"
    report = check_document(parse_text(text), city_pack(tmp_path))
    assert [r.status for r in report.results if r.rule == "CITY-PRES-001"] == ["pass"]
