"""Template profiles: detection from the document, overrides, the fallback warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli.main import main
from checker.engine.profiles import choose, detect, find, shipped_profiles
from checker.engine.run import UNRECOGNISED_RULE
from checker.parse.parser import parse_file, parse_text

FIXTURES = Path(__file__).parent / "fixtures"

SHANGHAI_TITLES = """上海市普陀区2025年区级部门预算
预算主管部门：上海市普陀区示例局
五、部门预算表
1.2025年部门财务收支预算总表
2.2025年部门收入预算总表
3.2025年部门支出预算总表
4.2025年部门财政拨款收支预算总表
5.2025年部门一般公共预算支出功能分类预算表
6.2025年部门政府性基金预算支出功能分类预算表
7.2025年部门国有资本经营预算支出功能分类预算表
8.2025年部门一般公共预算基本支出部门预算经济分类预算表
9.2025年部门“三公”经费和机关运行经费预算表
"""


def test_every_shipped_profile_is_named_once_and_one_is_generic() -> None:
    profiles = shipped_profiles()
    names = [p.name for p in profiles]
    assert len(names) == len(set(names))
    assert {"budget", "final", "fujian_final", "shanghai_budget", "jiangsu_budget",
            "chongqing_budget", "generic"} <= set(names)
    assert [p.name for p in profiles if p.generic] == ["generic"]


@pytest.mark.parametrize(("name", "profile"), [
    ("000_0455909f24bddecc.txt", "budget"),
    ("002_24fbb779d4aea8e6.txt", "budget"),
    ("003_837d346b324402fd.txt", "fujian_final"),
    ("pdf/putuo_guihua_2024_final.pdf", "final"),
])
def test_corpus_documents_get_their_family(name: str, profile: str) -> None:
    detection = detect(parse_file(FIXTURES / name), list(shipped_profiles()))
    assert detection.profile.name == profile and detection.how == "detected"


def test_detection_says_why_with_counts() -> None:
    detection = detect(parse_text(SHANGHAI_TITLES), list(shipped_profiles()))
    assert detection.profile.name == "shanghai_budget"
    assert detection.reason.startswith("上海 预算: 9 of 9 table titles matched")
    assert "region 上海" in detection.reason
    assert detection.tables_found == 9


def test_a_document_of_the_other_kind_never_matches() -> None:
    doc = parse_text(SHANGHAI_TITLES.replace("部门预算\n", "部门决算\n", 1))
    assert doc.kind == "决算"
    detection = detect(doc, list(shipped_profiles()))
    shanghai = next(s for s in detection.candidates if s.profile.name == "shanghai_budget")
    assert shanghai.excluded and shanghai.score == 0


def test_nothing_fits_means_generic_and_one_warning(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.txt"
    path.write_text("某县示例局2025年部门预算\n一、总体情况\n2025年收入预算100.00万元。\n",
                    encoding="utf-8")
    main(["check", "--format", "json", str(path)])
    unit = json.loads(capsys.readouterr().out)["units"][0]
    assert unit["profile"]["name"] == "generic" and unit["profile"]["how"] == "fallback"
    failures = [r for r in unit["results"] if r["status"] == "fail"]
    unrecognised = [r for r in failures if r["rule"] == UNRECOGNISED_RULE]
    assert len(unrecognised) == 1 and unrecognised[0]["severity"] == "warning"
    assert unrecognised[0]["message"].startswith("模板未识别")
    # Only template-independent rules ran: nothing is reported missing.
    assert not [r for r in failures if r["severity"] == "error"]


def test_profile_option_and_config_override_detection(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "sh.txt"
    path.write_text(SHANGHAI_TITLES, encoding="utf-8")
    main(["check", "--format", "json", "--profile", "江苏 预算", str(path)])
    unit = json.loads(capsys.readouterr().out)["units"][0]
    assert (unit["profile"]["name"], unit["profile"]["how"]) == ("jiangsu_budget", "option")
    (tmp_path / "budgetlint.toml").write_text('profile = "generic"\n', encoding="utf-8")
    main(["check", "--format", "json", str(path)])
    unit = json.loads(capsys.readouterr().out)["units"][0]
    assert (unit["profile"]["name"], unit["profile"]["how"]) == ("generic", "config")


def test_unknown_profile_is_one_line_and_exit_2(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sh.txt"
    path.write_text(SHANGHAI_TITLES, encoding="utf-8")
    assert main(["check", "--profile", "火星 预算", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unknown profile '火星 预算'" in err and "shanghai_budget" in err


def test_find_by_name_or_title() -> None:
    profiles = list(shipped_profiles())
    assert find("上海预算", profiles) is find("shanghai_budget", profiles) is not None
    assert choose(parse_text(SHANGHAI_TITLES), "final", "option").profile.name == "final"


YUAN_TABLE = """2025年度
示例单位
单位预算
第二部分 2025年度单位预算表
二、收入预算总表
单位：{unit}
科目编码	科目名称	合计
201	一般公共服务支出	{total}
20101	人大事务	{total}
2010101	行政运行	3333
2010102	一般行政管理事务	3333
2010103	机关服务	3333
"""


@pytest.mark.parametrize(("unit", "total", "status"), [
    ("元", "10000", "pass"),      # whole-元 display rounding: 1 元 off, within 0.01 万元
    ("元", "10200", "fail"),      # 201 元 off: beyond 0.01 万元 = 100 元
    ("万元", "10000", "fail"),    # the same 1 off in 万元 is 10000 元
])
def test_tolerance_is_converted_to_the_tables_unit(unit: str, total: str, status: str) -> None:
    from checker.engine.run import check_document, load_pack
    from checker.resources import RULES_DIR

    doc = parse_text(YUAN_TABLE.format(unit=unit, total=total))
    assert doc.tables[0].unit_of_measure == unit
    report = check_document(doc, load_pack(RULES_DIR / "common.yaml"))
    hierarchy = [r for r in report.results if r.rule == "COM-TBL-002"]
    # One result per checked parent: 201 = Σ款 passes; 20101 = Σ项 carries the verdict.
    assert hierarchy and hierarchy[-1].status == status
