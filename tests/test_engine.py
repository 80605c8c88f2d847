from decimal import Decimal
from pathlib import Path

from kindkit import doc, part, row, section, table

from checker.engine.run import check_document, default_pack_path, load_pack
from checker.resources import RULES_DIR


def _doc(stated: str = "80.00", kind: str = "预算"):
    return doc(kind=kind, tables=[table("一般公共预算基本支出经济分类情况表", ["预算数"], [
        row("合计", "100.00"), row("工资福利支出", "70.00", code="301"),
        row("商品和服务支出", "20.00", code="302"), row("对个人和家庭的补助", "10.00", code="303"),
    ])], parts=[part("2025年度单位预算情况说明", section(
        "一般公共预算拨款基本支出情况", f"(一)人员经费{stated}万元。", "(二)公用经费20.00万元。"))])


def test_default_pack_path_by_kind():
    assert default_pack_path("预算") == RULES_DIR / "budget.yaml"
    assert default_pack_path("决算") == RULES_DIR / "final.yaml"
    assert default_pack_path(None) == RULES_DIR / "common.yaml"
    assert all(Path(default_pack_path(k)).exists() for k in ("预算", "决算", None))


def test_report_carries_identity_and_verdict():
    report = check_document(_doc("79.00"), load_pack(default_pack_path("预算")))
    assert (report.unit, report.year, report.kind) == ("示例单位", 2025, "预算")
    failing = {r.rule for r in report.results if r.status == "fail"}
    assert "COM-XC-001" in failing
    assert report.verdict == "fail"
    assert sum(report.summary.values()) == len(report.results)


def test_every_result_has_reference_and_title():
    report = check_document(_doc(), load_pack(default_pack_path("预算")))
    assert all(r.reference and r.title for r in report.results)


def test_disabled_rules_are_skipped():
    pack = load_pack(default_pack_path("预算"))
    report = check_document(_doc("79.00"), pack, disabled=["COM-XC-001"])
    assert "COM-XC-001" not in {r.rule for r in report.results}


def test_tolerance_override():
    pack = load_pack(default_pack_path("预算"))
    strict = check_document(_doc("80.50"), pack)
    loose = check_document(_doc("80.50"), pack, tolerance=Decimal("1"))
    status = {r.rule: r.status for r in strict.results if r.rule == "COM-XC-001"}
    assert status == {"COM-XC-001": "fail"}
    assert [r.status for r in loose.results if r.rule == "COM-XC-001"] == ["pass"]


def test_rules_for_the_other_kind_are_not_applicable():
    report = check_document(_doc(kind="决算"), load_pack(default_pack_path("预算")))
    statuses = {r.status for r in report.results if r.rule.startswith("BUD-")}
    assert statuses == {"not_applicable"}


def test_unknown_kind_makes_kind_bound_rules_not_verifiable():
    document = _doc()
    document.kind = None
    report = check_document(document, load_pack(default_pack_path("预算")))
    assert {r.status for r in report.results if r.rule.startswith("BUD-")} == {"not_verifiable"}
    # rules for both kinds do not need to know which one this is
    assert [r.status for r in report.results if r.rule == "COM-XC-001"] == ["pass"]
