"""The pack built in docs/authoring.md (examples/packs/regional-city.yaml) works as the
tutorial says: it validates, its examples pass, and on the corpus its local wording rule fires
on the one document that leaves 工程 out of its procurement budget, and nowhere else."""

from __future__ import annotations

import re

import pytest
from corpus import PROJECT_ROOT

from checker.cli.main import main
from checker.engine.run import check_document, load_pack
from checker.model.results import RuleResult
from checker.parse.parser import parse_file

PACK = PROJECT_ROOT / "examples" / "packs" / "regional-city.yaml"
TUTORIAL = PROJECT_ROOT / "docs" / "authoring.md"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
CORPUS = {path.name[:3]: path for path in sorted(FIXTURES.glob("00[0-4]_*.txt"))}


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, list[RuleResult]]]:
    """Per corpus document (by its number), the city pack's results grouped by rule id."""
    pack = load_pack(PACK)
    out: dict[str, dict[str, list[RuleResult]]] = {}
    for number, path in CORPUS.items():
        grouped: dict[str, list[RuleResult]] = {}
        for result in check_document(parse_file(path), pack).results:
            grouped.setdefault(result.rule, []).append(result)
        out[number] = grouped
    return out


def test_the_corpus_is_all_there() -> None:
    assert sorted(CORPUS) == ["000", "001", "002", "003", "004"]


def test_local_wording_rule_fires_where_工程_is_left_out(
        results: dict[str, dict[str, list[RuleResult]]]) -> None:
    # 000 states "政府采购货物预算4万元、政府采购服务预算790万元": no 工程 amount.
    (result,) = results["000"]["CITY-TEXT-001"]
    assert result.status == "fail"
    assert "794万元" in result.message
    line = result.evidence[0].line
    assert line is not None
    source = CORPUS["000"].read_text(encoding="utf-8").splitlines()
    assert "政府采购预算总额" in source[line - 1]


@pytest.mark.parametrize("number", ["001", "002", "004"])
def test_local_wording_rule_passes_where_all_three_are_listed(
        results: dict[str, dict[str, list[RuleResult]]], number: str) -> None:
    assert [r.status for r in results[number]["CITY-TEXT-001"]] == ["pass"]


def test_local_rules_do_not_apply_to_a_决算(
        results: dict[str, dict[str, list[RuleResult]]]) -> None:
    for rule_id in ("CITY-TEXT-001", "CITY-PRES-001"):
        assert {r.status for r in results["003"][rule_id]} == {"not_applicable"}


@pytest.mark.parametrize("number", ["000", "001", "002", "004"])
def test_eight_table_rule_replaces_the_ten_table_rule(
        results: dict[str, dict[str, list[RuleResult]]], number: str) -> None:
    assert "BUD-PRES-001" not in results[number]  # disabled by the city pack
    statuses = [r.status for r in results[number]["CITY-PRES-001"]]
    assert statuses == ["pass"] * 9  # eight tables found, and in order
    assert "BUD-SG-001" in results[number]  # rules inherited from budget still run


def test_pack_validates_and_its_examples_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "validate", str(PACK)]) == 0
    assert main(["rules", "test", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1] == "4 passed, 0 failed"


def test_tutorial_shows_the_final_pack_verbatim() -> None:
    """The last YAML block of the tutorial is the shipped example pack, so they cannot drift."""
    blocks = re.findall(r"```yaml\n(.*?)```", TUTORIAL.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/authoring.md has no yaml block"
    assert blocks[-1] == PACK.read_text(encoding="utf-8")


def test_city_alias_variant_reaches_inherited_rules() -> None:
    """The 三公表 variant added by the city pack is merged into the inherited alias."""
    pack = load_pack(PACK)
    assert "“三公”经费支出预算表" in pack.table_aliases["三公表"]
    assert "一般公共预算“三公”经费支出预算表" in pack.table_aliases["三公表"]
